// Sends signed-out visitors of dashboard pages to the sign-in page with a way back (`?next=`). It only checks that
// a session cookie is present; pages and actions still verify the session and the membership themselves.
// It also refuses, with 403, a server action posted from another site (an Origin that is not this host): Next
// refuses those too, but with a 500.
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function foreignOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return origin === "null";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export function proxy(request: NextRequest): NextResponse {
  if (request.headers.has("next-action")) {
    if (foreignOrigin(request)) {
      return NextResponse.json(
        { error: { code: "forbidden", message: "Server actions are accepted only from this site" } },
        { status: 403 },
      );
    }
    // The action checks the session itself (and sign-in, sign-up and the mailed links' actions need none).
    return NextResponse.next();
  }
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = new URL("/signin", request.url);
  url.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but the public pages, the API (token auth), static files, and the OAuth routes: the authorization
  // server's endpoints and metadata (clients call them without a session), the upstream OAuth callback and client
  // metadata document (authorization servers and REST-started sign-ins use them). "/" itself is public too, and so
  // are the pages behind mailed links (confirm email, reset password) and the dev outbox.
  matcher: [
    "/((?!api/|_next/|schemas/|catalog|signin|signup|invite/|forgot-password|reset-password|verify-email|dev/|oauth/callback|oauth/client-metadata\\.json|\\.well-known/|oauth/authorize|oauth/token|oauth/register|oauth/revoke|favicon\\.ico).+)",
    // Every server action, wherever it is posted, for the origin check.
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
  ],
};
