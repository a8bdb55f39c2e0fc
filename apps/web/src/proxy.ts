// Sends signed-out visitors of dashboard pages to the sign-in page with a way back (`?next=`). It only checks that
// a session cookie is present; pages and actions still verify the session and the membership themselves.
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest): NextResponse {
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
  ],
};
