// The accounts a user belongs to, for the switcher.
import type { DbClient } from "@gatehouse/db";
import type { TRole } from "../context";

export interface TUserAccount {
  id: string;
  slug: string;
  name: string;
  role: TRole;
}

export async function listUserAccounts(db: DbClient, userId: string): Promise<TUserAccount[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.map((m) => ({ ...m.organization, role: m.role }));
}
