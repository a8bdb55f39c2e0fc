/** Reading an upstream's HTTP/1.1 response (http1-response.ts): its status, headers and whole body, size-limited. */
import type { Http1Response } from "./http1-response.js";
import { tooLarge } from "./message-size.js";

export function isOk(response: Http1Response): boolean {
  return response.statusCode >= 200 && response.statusCode <= 299;
}

/** A response header (repeated ones are already joined with ", "), or null. */
export function headerOf(response: Http1Response, name: string): string | null {
  return response.headers[name] ?? null;
}

/** The whole body as text; a body over `limit` bytes is refused and its connection dropped. */
export function readText(response: Http1Response, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    response.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      refused = true;
      const error = tooLarge(limit);
      response.destroy(error); // whatever is left of the body is not read
      reject(error);
    });
    response.once("end", () => {
      if (!refused)
        resolve(
          Buffer.concat(chunks)
            .toString("utf8")
            .replace(/^\uFEFF/, ""),
        );
    });
    response.once("error", reject);
  });
}
