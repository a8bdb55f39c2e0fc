// The SSRF check of a server's upstream, turned into our error vocabulary.
import { assertUpstreamAllowed, isUpstreamError } from "@gatehouse/upstream";
import type { TSettings } from "../context";
import { AppError } from "../errors";

export async function checkUpstreamUrl(url: string, settings: TSettings): Promise<void> {
  try {
    await assertUpstreamAllowed(url, { allowPrivate: settings.allowPrivateUpstreams });
  } catch (error: unknown) {
    if (isUpstreamError(error)) {
      throw new AppError("validation_failed", error.message, [{ path: "/url", message: error.message }]);
    }
    throw error;
  }
}
