"use server";
// Server action of the overview's first-run checklist: a thin adapter over dismissChecklist.
import { revalidatePath } from "next/cache";
import { withAccount } from "@/server/auth";
import { dismissChecklist } from "@/server/onboarding/dismiss-checklist";

export const dismissChecklistAction = withAccount(
  async (ctx, dismissed: boolean) => {
    await dismissChecklist(ctx, dismissed);
    revalidatePath(`/${ctx.accountSlug}`);
  },
  { role: "viewer" },
);
