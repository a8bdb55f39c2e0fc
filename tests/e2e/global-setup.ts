// Starts Gatehouse once for the whole run (scripts/serve-for-tests.ts in a child process) and exposes its URLs to
// the specs as E2E_WEB_URL, E2E_GATEWAY_URL, E2E_DATABASE_URL and the demo login as E2E_DEMO_EMAIL/PASSWORD.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = join(import.meta.dirname, "..", "..");

export default async function globalSetup(): Promise<() => Promise<void>> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/serve-for-tests.ts"],
    {
      cwd: ROOT,
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("Gatehouse did not start within 180 s")), 180_000);
    child.once("exit", (code) =>
      reject(new Error(`the test stack exited with code ${code} before it was ready`)),
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("GATEHOUSE_READY ")) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice("GATEHOUSE_READY ".length)) as Record<string, unknown>);
    });
  });
  process.env.E2E_WEB_URL = String(ready.webUrl);
  process.env.E2E_GATEWAY_URL = String(ready.gatewayUrl);
  process.env.E2E_DATABASE_URL = String(ready.databaseUrl);
  const demo = ready.demo as { email: string; password: string } | undefined;
  if (demo) {
    process.env.E2E_DEMO_EMAIL = demo.email;
    process.env.E2E_DEMO_PASSWORD = demo.password;
  }
  return async () => {
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
}
