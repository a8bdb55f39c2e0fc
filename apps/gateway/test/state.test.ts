import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryState } from "../src/state/memory-state.js";
import { RedisState } from "../src/state/redis-state.js";
import type { SharedState } from "../src/state/shared-state.js";

const REDIS_URL = process.env.REDIS_URL;

describe("memory shared state", () => {
  it("forgets expired session records as records are added, not only when one is looked up", async () => {
    const state = new MemoryState();
    const record = (id: string) => ({ id, accountId: "a", serverId: "s", agentId: "g", createdAt: 1 });
    for (let i = 0; i < 1023; i += 1) await state.putSession(record(`old-${i}`), 0.001);
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 3; i += 1) await state.putSession(record(`new-${i}`), 60);
    expect(state.size).toBe(3);
    expect(await state.getSession("new-0")).toMatchObject({ id: "new-0" });
    await state.close();
  });
});

function contract(name: string, make: () => SharedState, skip = false) {
  describe.skipIf(skip)(`${name} shared state`, () => {
    const state = skip ? undefined : make();
    afterAll(async () => {
      await state?.close();
    });

    it("stores, returns and deletes session records", async () => {
      const store = state!;
      const record = {
        id: `s-${randomBytes(4).toString("hex")}`,
        accountId: "a",
        serverId: "s",
        agentId: "g",
        createdAt: 1,
      };
      await store.putSession({ ...record, upstreamSessionId: "up-1", protocolVersion: "2025-06-18" }, 60);
      expect(await store.getSession(record.id)).toMatchObject({ upstreamSessionId: "up-1", agentId: "g" });
      await store.deleteSession(record.id);
      expect(await store.getSession(record.id)).toBeUndefined();
      expect(await store.getSession("never-stored")).toBeUndefined();
    });

    it("keeps the tasks of each session until the session is deleted", async () => {
      const store = state!;
      const [one, two] = [`s-${randomBytes(4).toString("hex")}`, `s-${randomBytes(4).toString("hex")}`];
      await store.addSessionTask(one, "task-a", 60);
      await store.addSessionTask(one, "task-b", 60);
      await store.addSessionTask(one, "task-a", 60);
      await store.addSessionTask(two, "task-c", 60);
      expect((await store.sessionTasks(one)).sort()).toEqual(["task-a", "task-b"]);
      expect(await store.sessionTasks(two)).toEqual(["task-c"]);
      expect(await store.sessionTasks("never-stored")).toEqual([]);
      await store.deleteSession(one);
      expect(await store.sessionTasks(one)).toEqual([]);
      expect(await store.sessionTasks(two)).toEqual(["task-c"]);
    });

    it("counts fixed windows aligned to the epoch; refused hits do not count", async () => {
      const store = state!;
      const key = `rl:test:${randomBytes(4).toString("hex")}`;
      const spec = { max: 2, window: 60 };
      const start = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
      expect((await store.rateLimits.hit(key, spec, start)).allowed).toBe(true);
      expect((await store.rateLimits.hit(key, spec, start + 1)).count).toBe(2);
      const refused = await store.rateLimits.hit(key, spec, start + 2);
      expect(refused).toMatchObject({ allowed: false, count: 2, retryAfterSeconds: 59 });
      expect((await store.rateLimits.hit(key, spec, start + 3)).count).toBe(2);
      expect((await store.rateLimits.hit(key, spec, start + 60_000)).allowed).toBe(true);
    });
  });
}

contract("memory", () => new MemoryState());
contract(
  "redis",
  () => new RedisState(REDIS_URL ?? "", `gatehouse-test-${randomBytes(6).toString("hex")}:`),
  !REDIS_URL,
);
