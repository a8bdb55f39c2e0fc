/**
 * How far an agent may fall behind on one event stream. Node buffers whatever a stream's reader has not taken yet,
 * so an agent that stops reading while its upstream keeps sending (notifications, say, of up to 32 MB each) would
 * otherwise grow the gateway every account shares without end. A stream more than one largest message behind is
 * dropped instead; the agent can open it again.
 */
import type { ServerResponse } from "node:http";
import { MAX_MESSAGE_BYTES } from "@gatehouse/upstream";

export const MAX_UNREAD_BYTES = MAX_MESSAGE_BYTES;

/** Drops `res` (and says so) when its reader is too far behind to be written to again. */
export function droppedForFallingBehind(res: ServerResponse): boolean {
  if (res.writableLength <= MAX_UNREAD_BYTES) return false;
  res.destroy();
  return true;
}
