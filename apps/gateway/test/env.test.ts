import { describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.js";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("the gateway's environment", () => {
  it("applies the documented defaults", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1:5432/db", GATEHOUSE_SECRET_KEY: KEY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 8080,
      publicUrl: "http://localhost:8080",
      webPublicUrl: "http://localhost:3000",
      allowedHosts: ["localhost", "127.0.0.1"],
      upstreamTimeoutMs: 60_000,
      maxBodyBytes: 4 * 1024 * 1024,
      stdioMaxBodyBytes: 32 * 1024 * 1024,
      allowStdio: false,
      allowPrivateUpstreams: true,
      redisUrl: undefined,
    });
  });

  it("refuses private upstreams in production unless allowed, and derives allowed hosts from the public URL", () => {
    const result = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://u@db:5432/db",
      GATEHOUSE_SECRET_KEY: KEY,
      GATEWAY_PUBLIC_URL: "https://gw.example.com",
      GATEHOUSE_ALLOW_STDIO: "1",
    });
    expect(result.ok && result.config.allowPrivateUpstreams).toBe(false);
    expect(result.ok && result.config.allowStdio).toBe(true);
    expect(result.ok && result.config.allowedHosts[0]).toBe("gw.example.com");
  });

  it("reads GATEWAY_CORS_ORIGINS as a list of origins, none by default, and refuses what is not one", () => {
    const base = { DATABASE_URL: "postgres://u@127.0.0.1:5432/db", GATEHOUSE_SECRET_KEY: KEY };
    const none = parseEnv(base);
    expect(none.ok && none.config.corsOrigins).toEqual([]);
    const given = parseEnv({
      ...base,
      GATEWAY_CORS_ORIGINS: "https://Inspector.example.com/, http://localhost:6274",
    });
    expect(given.ok && given.config.corsOrigins).toEqual([
      "https://inspector.example.com",
      "http://localhost:6274",
    ]);
    expect(parseEnv({ ...base, GATEWAY_CORS_ORIGINS: "*" }).ok).toBe(true);
    expect(parseEnv({ ...base, GATEWAY_CORS_ORIGINS: "inspector" }).ok).toBe(false);
  });

  it("takes the dashboard's public URL from WEB_PUBLIC_URL, else from its PORT", () => {
    const base = { DATABASE_URL: "postgres://u@127.0.0.1:5432/db", GATEHOUSE_SECRET_KEY: KEY };
    const given = parseEnv({ ...base, WEB_PUBLIC_URL: "https://app.example.com/" });
    expect(given.ok && given.config.webPublicUrl).toBe("https://app.example.com");
    const derived = parseEnv({ ...base, PORT: "4100" });
    expect(derived.ok && derived.config.webPublicUrl).toBe("http://localhost:4100");
    expect(derived.ok && derived.config.webInternalUrl).toBeUndefined();
    const internal = parseEnv({ ...base, GATEWAY_WEB_URL: "http://web:3000/" });
    expect(internal.ok && internal.config.webInternalUrl).toBe("http://web:3000");
  });

  it("reports one clear line per problem", () => {
    const result = parseEnv({ DATABASE_URL: "mysql://x", GATEWAY_PORT: "http", REDIS_URL: "nope" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/),
      expect.stringMatching(/^GATEHOUSE_SECRET_KEY is required/),
      expect.stringMatching(/^GATEWAY_PORT /),
      expect.stringMatching(/^REDIS_URL must be a redis:\/\/ URL/),
    ]);
  });

  it("refuses a secret key of the wrong size", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://u@h/db", GATEHOUSE_SECRET_KEY: "c2hvcnQ=" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/32 bytes/);
  });
});
