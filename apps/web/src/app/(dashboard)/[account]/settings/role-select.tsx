// The roles a member, an invitation or an API token can have, as a select.
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
  return (
    <select
      name={name}
      aria-label={label}
      defaultValue={defaultValue ?? "viewer"}
      className={`${controlBase} w-auto`}
    >
      {ROLES.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
}
