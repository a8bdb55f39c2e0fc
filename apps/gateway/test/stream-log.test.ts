import { expect, it } from "vitest";
import { parseEventId, StreamLog } from "../src/http/stream-log.js";

const idsOf = (text: string) => [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1]);

it("keeps giving new ids after a POST stream's log outgrows its bound", () => {
  const log = new StreamLog("post-1", false);
  const large = "x".repeat(3 * 1024 * 1024);
  const ids = [log.append("1"), log.append(large), log.append(large), log.append("4")].flatMap(idsOf);
  expect(log.overflowed).toBe(true);
  expect(ids).toEqual(["post-1.1", "post-1.2", "post-1.3", "post-1.4"]);
});

it("replays what came after an id, and what is left of it in a ring", () => {
  const log = new StreamLog("_GET_stream", true);
  for (let event = 1; event <= 105; event += 1) log.append(String(event));
  expect(idsOf(log.after(103))).toEqual(["_GET_stream.104", "_GET_stream.105"]);
  expect(idsOf(log.after(0))[0]).toBe("_GET_stream.6"); // the ring keeps the latest 100
  expect(parseEventId("_GET_stream.104")).toEqual({ streamId: "_GET_stream", sequence: 104 });
  expect(parseEventId("no-sequence")).toBeUndefined();
});
