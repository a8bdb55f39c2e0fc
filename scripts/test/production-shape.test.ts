// docker-compose.yml is checked without a Docker engine (none runs here): the file is valid, its services are the
// production shape of DESIGN §1, every build target exists, nginx balances the two gateway replicas, and the
// `migrate` service's command really migrates and bootstraps a fresh database in production mode.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestDatabase } from "@gatehouse/db/testing";
import { describe, expect, it } from "vitest";
import { ROOT } from "../lib/root.js";

const execFileAsync = promisify(execFile);
const composeEnv = { ...process.env, AUTH_SECRET: "x".repeat(40), GATEHOUSE_SECRET_KEY: "k".repeat(44) };
// .ci/run installs Debian's docker-compose; elsewhere the compose checks run where a compose tool exists.
const compose = existsSync("/usr/bin/docker-compose") ? ["docker-compose"] : ["docker", "compose"];
const composeAvailable = spawnSync(compose[0]!, [...compose.slice(1), "version"]).status === 0;

function composeRun(args: string[], env: NodeJS.ProcessEnv = composeEnv) {
  return spawnSync(compose[0]!, [...compose.slice(1), ...args], { cwd: ROOT, encoding: "utf8", env });
}

describe("the production shape", () => {
  it.skipIf(!composeAvailable)(
    "docker-compose.yml is valid and has postgres, redis, migrate, web and two gateways behind a balancer",
    () => {
      const result = composeRun(["config", "--services"]);
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.stdout.trim().split("\n").sort()).toEqual(
        ["gateway-1", "gateway-2", "gateway-lb", "migrate", "postgres", "redis", "web"].sort(),
      );
    },
  );

  it.skipIf(!composeAvailable)("refuses to run without the secrets production needs", () => {
    const { AUTH_SECRET: _a, GATEHOUSE_SECRET_KEY: _k, ...withoutSecrets } = composeEnv;
    const result = composeRun(["config", "--services"], withoutSecrets);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set (GATEHOUSE_SECRET_KEY|AUTH_SECRET)/);
  });

  it("every build target exists in the Dockerfile and nginx balances both gateway replicas", () => {
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const compose = readFileSync(join(ROOT, "docker-compose.yml"), "utf8");
    const targets = [...compose.matchAll(/target: (\w+)/g)].map((match) => match[1]);
    expect(targets.sort()).toEqual(["gateway", "migrate", "web"]);
    for (const target of targets) expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${target}$`, "m"));
    const nginx = readFileSync(join(ROOT, "deploy/nginx.conf"), "utf8");
    expect(nginx).toMatch(/server gateway-1:8080;/);
    expect(nginx).toMatch(/server gateway-2:8080;/);
    expect(nginx).toMatch(/hash \$gateway_affinity consistent;/);
  });

  it("the migrate service's command migrates and bootstraps a fresh database in production mode", async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      // Asynchronously: the embedded database the child talks to is served by this very process.
      const result = await execFileAsync(
        process.execPath,
        ["node_modules/tsx/dist/cli.mjs", "scripts/prepare-database.ts"],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 60_000,
          env: {
            PATH: process.env.PATH,
            NODE_ENV: "production",
            DATABASE_URL: database.url,
            AUTH_SECRET: "x".repeat(40),
            GATEHOUSE_SECRET_KEY: "k".repeat(44),
            GATEHOUSE_BOOTSTRAP_EMAIL: "ops@example.com",
            GATEHOUSE_BOOTSTRAP_PASSWORD: "a long enough password",
            GATEHOUSE_BOOTSTRAP_ACCOUNT: "acme",
          },
        },
      );
      expect(result.stderr).toBe("");
      expect(result.stdout.trim()).toBe("gatehouse: database migrated and bootstrapped");
      const account = await database.db.organization.findUnique({ where: { slug: "acme" } });
      expect(account?.slug).toBe("acme");
    } finally {
      await database.close();
    }
  });
});
