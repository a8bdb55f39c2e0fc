/** Runs the real gateway entry point (src/main.ts through tsx) as a child process, for multi-replica tests. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "../../../../bench/fixtures/spawn-server.js";

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/main.ts");

export interface GatewayProcess {
  port: number;
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function spawnGateway(env: Record<string, string>, timeoutMs = 30_000): Promise<GatewayProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: { ...process.env, GATEWAY_PORT: "0", GATEWAY_HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`gateway did not start: ${output.slice(-2000)}`));
    }, timeoutMs);
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${output.slice(-2000)}`));
    };
    child.once("exit", onEarlyExit);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)[^\n]*"msg":"gateway listening"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeListener("exit", onEarlyExit);
      const port = Number(match[1]);
      resolve({ port, base: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) });
    });
  });
}
