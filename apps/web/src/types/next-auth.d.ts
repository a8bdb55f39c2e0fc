import "next-auth";
import "@auth/core/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email?: string | null; name?: string | null; image?: string | null };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The dashboard session's id (security/../sessions/dashboard-sessions.ts); only its hash is stored. */
    sid?: string;
  }
}
