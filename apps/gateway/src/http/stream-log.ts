/**
 * The events of one agent-facing SSE stream, kept so that an agent whose connection broke can resume the stream
 * with `Last-Event-ID` (Streamable HTTP resumability) and miss nothing. Event ids are `<stream id>.<sequence>`;
 * sequence 0 is the priming event, which carries no message.
 *
 * A POST stream's log keeps every event until the stream's last answer is delivered or the agent stops coming back;
 * past MAX_LOG_BYTES it gives up (the stream can no longer be resumed). The GET stream's log is a ring of its
 * latest events: a resume replays what is left of what came after the agent's last event.
 */

/** A stream logging more than this cannot be resumed (an answer this large is rare; the agent retries the call). */
const MAX_LOG_BYTES = 4 * 1024 * 1024;
/** The GET stream (notifications, server-to-client requests) keeps at most this many of its latest events. */
const RING_EVENTS = 100;

function eventId(streamId: string, sequence: number): string {
  return `${streamId}.${sequence}`;
}

/** The stream and sequence an event id names, or undefined for an id this transport never gave. */
export function parseEventId(id: string): { streamId: string; sequence: number } | undefined {
  const dot = id.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const sequence = Number(id.slice(dot + 1));
  if (!Number.isSafeInteger(sequence) || sequence < 0) return undefined;
  return { streamId: id.slice(0, dot), sequence };
}

export class StreamLog {
  private events: string[] = [];
  /** The sequence of `events[0]`; a ring drops its oldest events from the front. */
  private firstSequence = 1;
  private nextSequence = 1;
  private bytes = 0;
  /** The log outgrew MAX_LOG_BYTES: it is empty and the stream cannot be resumed. */
  overflowed = false;
  /** An event with an id reached the agent's connection: the agent can ask for a resume. */
  idSent = false;
  /** The stream's last answer is in the log: a resume replays it and ends. */
  complete = false;
  /** While the agent is away: when it is no longer expected back. */
  expiry: NodeJS.Timeout | undefined;

  constructor(
    readonly streamId: string,
    private readonly ring: boolean,
  ) {}

  /** The SSE event for a serialized message, with the next id, recorded for a resume. */
  append(data: string): string {
    const sequence = this.nextSequence;
    this.nextSequence += 1;
    const text = `event: message\nid: ${eventId(this.streamId, sequence)}\ndata: ${data}\n\n`;
    if (this.overflowed) return text;
    this.events.push(text);
    this.bytes += text.length;
    if (this.ring) {
      while (this.events.length > RING_EVENTS || (this.bytes > MAX_LOG_BYTES && this.events.length > 1)) {
        this.bytes -= this.events.shift()?.length ?? 0;
        this.firstSequence += 1;
      }
    } else if (this.bytes > MAX_LOG_BYTES) {
      this.overflowed = true;
      this.events = [];
      this.bytes = 0;
    }
    return text;
  }

  /** The events after `sequence`, as one text (what a resume writes first). */
  after(sequence: number): string {
    const from = Math.max(0, sequence + 1 - this.firstSequence);
    return this.events.slice(from).join("");
  }

  /** The priming event: an id before any message, so that an agent can resume a stream that has sent nothing yet. */
  priming(): string {
    return `id: ${eventId(this.streamId, 0)}\ndata: \n\n`;
  }

  dispose(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = undefined;
    this.events = [];
  }
}
