"use client";
// The state a row shows. Custom is a way of editing, not a field: choosing it writes nothing, so an entry that is
// still `{}` (allow) or `{action: "require_approval"}` stays in Custom on screen until another state is chosen.
import { useState } from "react";
import type { TToolState } from "./model";

export function useRowState(written: TToolState): [TToolState, (state: TToolState) => void] {
  const [custom, setCustom] = useState(false);
  const shown =
    written === "custom" || (custom && (written === "allow" || written === "require_approval"))
      ? "custom"
      : written;
  return [shown, (state) => setCustom(state === "custom")];
}
