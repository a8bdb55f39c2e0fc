// The roles a member, an invitation or an API token can have, as a select with a visible label.
import { useId } from "react";
import { controlBase } from "@/components/ui/field";
import type { TRole } from "@/server/context";

export const ROLES: Array<[TRole, string]> = [
  ["admin", "Admin"],
  ["policy_manager", "Policy manager"],
  ["viewer", "Viewer"],
];

export function RoleSelect({
  name,
  defaultValue,
  label,
}: {
  name: string;
  defaultValue?: TRole;
  label: string;
}) {
  const id = useId();
  // A label beside the select, not around it: around it, the chosen option would join the accessible name.
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue ?? "viewer"} className={`${controlBase} w-auto`}>
        {ROLES.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
