/** The gateway process: validate the environment, listen, drain gracefully on SIGINT/SIGTERM. */
import { createGateway } from "./app.js";
import { loadEnv } from "./env.js";

const config = loadEnv();
const gateway = createGateway(config);

try {
  await gateway.start();
  const port = await gateway.listen();
  gateway.log.info({ port, publicUrl: config.publicUrl, store: gateway.state.kind }, "gateway listening");
} catch (error: unknown) {
  console.error(`gateway: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    gateway.log.info({ signal }, "draining");
    const force = setTimeout(() => process.exit(1), config.drainTimeoutMs + 10_000);
    force.unref();
    gateway
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  });
}
