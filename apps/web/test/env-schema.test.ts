// The dashboard reads the variables it shares with the gateway and the launcher as they do (@gatehouse/env).
import { describe, expect, it } from "vitest";
import { parseWebEnv } from "../src/env-schema";

const BASE = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/gatehouse",
  AUTH_SECRET: "a".repeat(32),
  GATEHOUSE_SECRET_KEY: "b".repeat(64),
};

describe("the dashboard's environment", () => {
  it("accepts the flags the gateway accepts (GATEHOUSE_ALLOW_STDIO=yes used to stop the dashboard)", () => {
    const parsed = parseWebEnv({
      ...BASE,
      GATEHOUSE_ALLOW_STDIO: "yes",
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "no",
    });
    expect(parsed.ok && parsed.env.allowStdio).toBe(true);
    expect(parsed.ok && parsed.env.allowPrivateUpstreams).toBe(false);
  });

  it("wants an AUTH_SECRET of 32 characters, as the launcher does (it took 16)", () => {
    const parsed = parseWebEnv({ ...BASE, AUTH_SECRET: "x".repeat(20) });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual(["AUTH_SECRET must be at least 32 characters"]);
  });
});
