"use client";
// Switches between a server's named policies and creates new ones.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { controlBase } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { createPolicyAction } from "../../actions";

export function PolicyPicker({
  account,
  serverId,
  base,
  policies,
  selectedId,
  canEdit,
}: {
  account: string;
  serverId: string;
  base: string;
  policies: Array<{ id: string; name: string; isDefault: boolean; version: number | null; agents: number }>;
  selectedId: string;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-slate-700">Policies</span>
      {policies.map((policy) => (
        <Link
          key={policy.id}
          href={policy.isDefault ? base : `${base}?policy=${policy.id}`}
          aria-current={policy.id === selectedId ? "page" : undefined}
          className={cn(
            "rounded-full px-3 py-1 text-sm ring-1",
            policy.id === selectedId
              ? "bg-slate-900 text-white ring-slate-900"
              : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
          )}
        >
          {policy.name}
          {policy.isDefault && policy.name !== "default" ? " (default)" : ""}
          {policy.version === null ? " · unpublished" : ` · v${policy.version}`}
        </Link>
      ))}
      {canEdit ? (
        <form
          className="ml-auto flex items-center gap-2"
          action={(form) =>
            startTransition(async () => {
              setError(null);
              const result = await createPolicyAction(account, serverId, String(form.get("name") ?? ""));
              if (result.ok) router.push(`${base}?policy=${result.data.id}`);
              else setError(result.error.errors?.[0]?.message ?? result.error.message);
            })
          }
        >
          <input
            name="name"
            required
            aria-label="New policy name"
            placeholder="read-only"
            className={cn(controlBase, "w-36 py-1.5")}
          />
          <Button type="submit" size="sm" variant="secondary" disabled={pending}>
            Add policy
          </Button>
          {error ? <span className="text-xs text-red-700">{error}</span> : null}
        </form>
      ) : null}
    </div>
  );
}
