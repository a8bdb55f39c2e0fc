// The shared pieces read a variable the same way for every program (they used to disagree).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { problemLines, ZAuthSecret, ZFlag, ZPostgresUrl, ZRedisUrl, ZSecretKey } from "../src/index.js";

describe("the shared environment pieces", () => {
  it("read a flag as every program does: 1/true/yes on, 0/false/no off, empty unset", () => {
    for (const on of ["1", "true", "yes"]) expect(ZFlag.parse(on)).toBe(true);
    for (const off of ["0", "false", "no"]) expect(ZFlag.parse(off)).toBe(false);
    expect(ZFlag.parse("")).toBeUndefined();
    expect(ZFlag.parse(undefined)).toBeUndefined();
    expect(ZFlag.safeParse("maybe").success).toBe(false);
  });

  it("want an AUTH_SECRET of at least 32 characters", () => {
    expect(ZAuthSecret.safeParse("x".repeat(31)).success).toBe(false);
    expect(ZAuthSecret.safeParse("x".repeat(32)).success).toBe(true);
  });

  it("check URLs and the secret key, with one line per problem naming the variable", () => {
    const schema = z.object({
      DATABASE_URL: ZPostgresUrl,
      REDIS_URL: ZRedisUrl.optional(),
      GATEHOUSE_SECRET_KEY: ZSecretKey,
    });
    const parsed = schema.safeParse({
      DATABASE_URL: "mysql://x",
      REDIS_URL: "nope",
      GATEHOUSE_SECRET_KEY: "short",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : problemLines(parsed.error)).toEqual([
      "DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgresql://user:pass@host:5432/gatehouse",
      "REDIS_URL must be a redis:// URL",
      "GATEHOUSE_SECRET_KEY must be 32 bytes, as 64 hex characters or base64",
    ]);
    expect(
      schema.safeParse({ DATABASE_URL: "postgres://u@h:5432/d", GATEHOUSE_SECRET_KEY: "a".repeat(64) })
        .success,
    ).toBe(true);
  });
});
