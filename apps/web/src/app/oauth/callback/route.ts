// {WEB_PUBLIC_URL}/oauth/callback: where an upstream's authorization server sends the person back. Success goes on
// to the page the sign-in started from; a refusal is a page that says what happened (nothing was stored).
import { settings } from "@/server/auth";
import { completeUpstreamConnect } from "@/server/connections/complete-upstream-connect";
import { db } from "@/server/db";
import { toAppError } from "@/server/errors";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(status: number, title: string, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Gatehouse</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/">Back to Gatehouse</a></p>
</body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function GET(request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  try {
    const done = await completeUpstreamConnect({ db, settings: settings() }, query);
    const fallback = done.agentId
      ? `/${done.accountSlug}/agents/${done.agentId}`
      : `/${done.accountSlug}/servers/${done.serverSlug}`;
    const target = new URL(done.returnTo ?? fallback, settings().webPublicUrl);
    target.searchParams.set("connected", done.serverSlug);
    return Response.redirect(target.href, 303);
  } catch (error: unknown) {
    const appError = toAppError(error);
    if (appError.code === "internal") logger.error({ err: error }, "upstream OAuth callback failed");
    const message =
      appError.code === "internal" ? "Something went wrong while finishing the sign-in." : appError.message;
    return page(appError.status, "The upstream sign-in did not complete", message);
  }
}
