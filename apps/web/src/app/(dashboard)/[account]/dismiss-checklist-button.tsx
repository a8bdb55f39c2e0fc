"use client";
// Hides the first-run checklist for this member (kept server-side, so it stays hidden after a reload).
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { dismissChecklistAction } from "./checklist-actions";

export function DismissChecklistButton({ account }: { account: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await dismissChecklistAction(account, true);
          if (result.ok) router.refresh();
        })
      }
    >
      Hide checklist
    </Button>
  );
}
