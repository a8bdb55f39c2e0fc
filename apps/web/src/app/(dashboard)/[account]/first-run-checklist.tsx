// The overview's first-run checklist: four steps from sign-up to a governed call, each ticked from the account's
// data (getChecklist), with a link to where it is done. A member can hide it; it stays hidden for them.
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { AccountContext } from "@/server/context";
import { getChecklist, type TChecklistStep } from "@/server/onboarding/get-checklist";
import { DismissChecklistButton } from "./dismiss-checklist-button";

const STEPS: Array<{ step: TChecklistStep; label: string; hint: string; path: string }> = [
  {
    step: "register",
    label: "Register an MCP server",
    hint: "Gatehouse connects to it and classifies its tools.",
    path: "servers/new",
  },
  {
    step: "policy",
    label: "Publish a policy",
    hint: "Until then the gateway denies every call.",
    path: "servers",
  },
  {
    step: "agent",
    label: "Create an agent and copy its key",
    hint: "One per laptop, CI runner or app.",
    path: "agents",
  },
  {
    step: "call",
    label: "Make a first call from your MCP client",
    hint: "Point it at the gateway URL; a server's Tools tab can also send a test call.",
    path: "activity",
  },
];

export async function FirstRunChecklist({ ctx, account }: { ctx: AccountContext; account: string }) {
  const checklist = await getChecklist(ctx);
  if (checklist.dismissed) return null;
  const doneCount = Object.values(checklist.steps).filter(Boolean).length;
  return (
    <Card className="mt-6">
      <CardHeader
        title={checklist.done ? "You are set up" : "Get to your first governed call"}
        description={`${doneCount} of ${STEPS.length} done. Each step ticks itself when it has happened.`}
        actions={<DismissChecklistButton account={account} />}
      />
      <CardBody>
        <ol aria-label="First-run checklist" className="space-y-3">
          {STEPS.map((item, index) => {
            const done = checklist.steps[item.step];
            return (
              <li
                key={item.step}
                data-testid={`checklist-${item.step}`}
                data-done={done}
                className="flex gap-3"
              >
                <span
                  aria-hidden="true"
                  className={
                    done
                      ? "grid size-6 shrink-0 place-items-center rounded-full bg-emerald-600 text-xs text-white"
                      : "grid size-6 shrink-0 place-items-center rounded-full bg-slate-200 text-xs text-slate-700"
                  }
                >
                  {done ? "✓" : index + 1}
                </span>
                <div className="min-w-0">
                  <Link
                    href={`/${account}/${item.path}`}
                    className={
                      done
                        ? "text-sm font-medium text-slate-500 line-through hover:underline"
                        : "text-sm font-medium text-slate-800 hover:underline"
                    }
                  >
                    {item.label}
                  </Link>
                  <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
                  <p className="text-xs text-slate-500">{item.hint}</p>
                </div>
              </li>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}
