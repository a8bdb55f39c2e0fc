// A stdio server runs a command on Gatehouse's own hosts, so only admins may set one — also when the change is
// spread over several requests (a command stored on an HTTP server, the transport switched afterwards).
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountContext } from "@/server/context";
import { registerServer } from "@/server/servers/register-server";
import { updateServer } from "@/server/servers/update-server";
import { codeOf, makeAccount, settingsFor, type TTestAccount } from "./helpers";

let database: TestDatabase;
let account: TTestAccount;
let manager: AccountContext;
let admin: AccountContext;

beforeAll(async () => {
  database = await createTestDatabase();
  account = await makeAccount(database.db);
  const stdioOn = settingsFor({ allowStdio: true });
  admin = { ...account.admin, settings: stdioOn };
  manager = { ...(await account.as("policy_manager")), settings: stdioOn };
});
afterAll(() => database?.close());

describe("stdio servers are admins' alone", () => {
  it("refuses a policy manager storing a command on an HTTP server and then switching it to stdio", async () => {
    const server = await registerServer(manager, { name: "Plain", url: "http://127.0.0.1:9/mcp" });
    expect(
      await codeOf(() => updateServer(manager, server.id, { command: "/bin/sh", args: ["-c", "id"] })),
    ).toBe("forbidden");
    expect(await codeOf(() => updateServer(manager, server.id, { transport: "stdio" }))).toBe("forbidden");
    const row = await database.db.server.findUniqueOrThrow({ where: { id: server.id } });
    expect(row.transport).toBe("streamable_http");
    expect(row.command).toBeNull();
  });

  it("refuses a policy manager turning an admin's stdio server into an HTTP one; still lets them rename it", async () => {
    const stdio = await registerServer(admin, {
      name: "Local",
      transport: "stdio",
      command: "node",
      args: ["x.js"],
    });
    expect(
      await codeOf(() =>
        updateServer(manager, stdio.id, { transport: "streamable_http", url: "http://127.0.0.1:9/" }),
      ),
    ).toBe("forbidden");
    expect((await updateServer(manager, stdio.id, { name: "Local tools" })).name).toBe("Local tools");
  });

  it("refuses a command on a server that is not stdio, even for an admin, and clears it when leaving stdio", async () => {
    const plain = await registerServer(admin, { name: "Other", url: "http://127.0.0.1:9/mcp" });
    expect(await codeOf(() => updateServer(admin, plain.id, { command: "/bin/sh" }))).toBe(
      "validation_failed",
    );
    const stdio = await registerServer(admin, {
      name: "Tools",
      transport: "stdio",
      command: "node",
      args: ["y.js"],
    });
    await updateServer(admin, stdio.id, { transport: "streamable_http", url: "http://127.0.0.1:9/mcp" });
    const row = await database.db.server.findUniqueOrThrow({ where: { id: stdio.id } });
    expect(row.command).toBeNull();
    expect(row.args).toEqual([]);
  });
});
