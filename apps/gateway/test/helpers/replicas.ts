/**
 * Gateway processes that act as replicas of one deployment, as in production: the real entry point, one database,
 * the real Redis under one key prefix, each with its own audit spool. For the tests that run two of them.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type GatewayProcess, spawnGateway } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { SECRET_KEY } from "./gateway.js";

/** The REDIS_URL the suite was given; the replica tests are skipped without one. */
export const REDIS_URL = process.env.REDIS_URL;

/** A Redis key prefix of its own, so that concurrent test files never share state. */
export function replicaKeyPrefix(): string {
  return `gatehouse-test-${randomBytes(6).toString("hex")}:`;
}

/** The environment of one replica; `extra` adds or overrides variables (GATEWAY_CONFIG_POLL_MS is 100 ms). */
export async function replicaEnv(
  databaseUrl: string,
  keyPrefix: string,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  return {
    DATABASE_URL: databaseUrl,
    GATEHOUSE_SECRET_KEY: SECRET_KEY.toString("base64"),
    REDIS_URL: REDIS_URL ?? "",
    REDIS_KEY_PREFIX: keyPrefix,
    GATEWAY_AUDIT_SPOOL_DIR: await mkdtemp(path.join(os.tmpdir(), "gatehouse-replica-")),
    GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
    GATEWAY_CONFIG_POLL_MS: "100",
    ...extra,
  };
}

/** Starts `count` replicas sharing one key prefix (a new one unless given). */
export async function spawnReplicas(
  databaseUrl: string,
  count: number,
  extra: Record<string, string> = {},
  keyPrefix = replicaKeyPrefix(),
): Promise<GatewayProcess[]> {
  const envs = await Promise.all(
    Array.from({ length: count }, () => replicaEnv(databaseUrl, keyPrefix, extra)),
  );
  return Promise.all(envs.map((env) => spawnGateway(env)));
}
