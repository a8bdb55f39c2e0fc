import { describe, expect, it } from "vitest";
import { assertUpstreamAllowed, isPrivateAddress, isUpstreamError } from "../src/index.js";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    // IPv4-translated (::ffff:0:0/96), public embedded address or not.
    "::ffff:0:127.0.0.1",
    "::ffff:0:a9fe:a9fe",
    "::ffff:0:8.8.8.8",
    "0:0:0:0:ffff:0:0:0",
    "64:ff9b::a9fe:a9fe",
    "ff02::1",
    // IPv4-compatible (::/96, deprecated): some stacks route these to the embedded IPv4 address.
    "::127.0.0.1",
    "::a9fe:a9fe",
    "::10.0.0.1",
    "::8.8.8.8",
    // 6to4 (2002::/16) embedding a private IPv4 in bits 16-47.
    "2002:7f00:1::",
    "2002:a9fe:a9fe::1",
    "2002:c0a8:101::1",
    "2002:0a00:0001:0:0:0:0:1",
    // discard-only (100::/64), local-use NAT64, Teredo.
    "100::",
    "100::1",
    "100::ffff:ffff:ffff:ffff",
    "64:ff9b:1::a00:1",
    "2001::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
  ])("refuses %s", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "2002:808:808::1", // 6to4 of a public IPv4
    "100:0:0:1::1", // outside 100::/64
    "2001:db9::1",
    "2001:4860:4860::8888",
  ])("accepts %s", (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe("assertUpstreamAllowed", () => {
  it.each([
    "http://127.0.0.1:8080/mcp",
    "http://localhost/mcp",
    "http://[::1]/mcp",
    "http://169.254.169.254/latest/meta-data",
    "http://metadata.google.internal/computeMetadata/v1",
    "http://10.0.0.5/mcp",
  ])("refuses %s with a clear message", async (url) => {
    const error = await assertUpstreamAllowed(url, { allowPrivate: false }).catch((e: unknown) => e);
    expect(isUpstreamError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/not allowed|private/);
  });

  it("checks every address a name resolves to", async () => {
    // localhost.localdomain-style names resolve through DNS; "localhost" is refused by name, so use a literal-free
    // name that resolves to loopback on every machine: the IPv4 loopback in dotted-decimal via a hostname-less URL.
    const error = await assertUpstreamAllowed("http://0x7f.0.0.1/mcp", { allowPrivate: false }).catch(
      (e) => e,
    );
    expect(isUpstreamError(error)).toBe(true);
  });

  it("refuses non-http schemes and embedded credentials even when private upstreams are allowed", async () => {
    await expect(assertUpstreamAllowed("file:///etc/passwd", { allowPrivate: true })).rejects.toThrow(/http/);
    await expect(assertUpstreamAllowed("http://u:p@127.0.0.1/", { allowPrivate: true })).rejects.toThrow(
      /credentials/,
    );
    await expect(assertUpstreamAllowed("not a url", { allowPrivate: true })).rejects.toThrow(/valid URL/);
  });

  it("allows private upstreams when the deployment says so", async () => {
    await expect(
      assertUpstreamAllowed("http://127.0.0.1:1/mcp", { allowPrivate: true }),
    ).resolves.toBeUndefined();
  });
});
