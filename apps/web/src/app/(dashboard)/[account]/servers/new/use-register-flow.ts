"use client";
// Registering a server in three visible steps: check the connection (nothing is stored if it fails), register,
// then sync its tools, so the person lands on a server whose tools are already listed and classified.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { TRegisterServer } from "@/server/servers/server-schemas";
import { checkConnectionAction, registerServerAction, syncServerAction } from "../actions";

export type TRegisterStep = "check" | "register" | "sync";
export type TStepState = "pending" | "running" | "done" | "failed" | "skipped";

export interface TRegisterFailure {
  message: string | null;
  fieldErrors: Record<string, string>;
  /** The connection check failed: the person may still register the server without it. */
  unreachable: boolean;
}

const IDLE: Record<TRegisterStep, TStepState> = { check: "pending", register: "pending", sync: "pending" };

function fieldErrorsOf(errors: Array<{ path: string; message: string }> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const item of errors ?? []) result[item.path.split("/")[1] ?? ""] = item.message;
  return result;
}

export function useRegisterFlow(account: string) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [steps, setSteps] = useState(IDLE);
  const [failure, setFailure] = useState<TRegisterFailure | null>(null);
  const mark = (step: TRegisterStep, state: TStepState) => setSteps((now) => ({ ...now, [step]: state }));

  function run(input: TRegisterServer, options: { skipCheck?: boolean } = {}) {
    setFailure(null);
    setSteps(IDLE);
    startTransition(async () => {
      let signInRequired = false;
      if (options.skipCheck) {
        mark("check", "skipped");
      } else {
        mark("check", "running");
        const check = await checkConnectionAction(account, input);
        if (!check.ok) {
          mark("check", "failed");
          const fieldErrors = fieldErrorsOf(check.error.errors);
          setFailure({
            message: check.error.errors ? null : check.error.message,
            fieldErrors,
            unreachable: check.error.code === "upstream_unavailable",
          });
          return;
        }
        signInRequired = check.data.signInRequired;
        mark("check", "done");
      }
      mark("register", "running");
      const registered = await registerServerAction(account, input);
      if (!registered.ok) {
        mark("register", "failed");
        setFailure({
          message: registered.error.errors ? null : registered.error.message,
          fieldErrors: fieldErrorsOf(registered.error.errors),
          unreachable: false,
        });
        return;
      }
      mark("register", "done");
      const base = `/${account}/servers/${registered.data.slug}`;
      // An OAuth server cannot be listed before someone connects it; a skipped check means it may be down.
      if (registered.data.auth === "oauth" || signInRequired || options.skipCheck) {
        mark("sync", "skipped");
        router.push(`${base}?registered=1`);
        return;
      }
      mark("sync", "running");
      const synced = await syncServerAction(account, registered.data.id);
      mark("sync", synced.ok ? "done" : "failed");
      router.push(synced.ok ? `${base}?registered=1&synced=${synced.data.count}` : `${base}?registered=1`);
    });
  }

  return { run, pending, steps, failure, setFailure };
}
