"use client";
// Drafts save as the user edits (server-side): a valid document is saved shortly after the last change, one
// save at a time and in order, so a slow save can never overwrite a newer one. `text` is null while the
// document cannot be saved (the JSON does not parse or validate); the edits are then unsaved until fixed.
import { useEffect, useRef, useState } from "react";

export type TSaveStatus = "saved" | "pending" | "saving" | "error" | "unsavable";

export function useAutosave({
  text,
  initial,
  enabled,
  save,
  delayMs = 600,
}: {
  text: string | null;
  initial: string;
  enabled: boolean;
  /** Saves the text; resolves to an error message, or null when saved. */
  save: (text: string) => Promise<string | null>;
  delayMs?: number;
}): { status: TSaveStatus; error: string | null; dirty: boolean; markSaved: (text: string) => void } {
  const [saved, setSaved] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ text: string; message: string } | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    if (!enabled || text === null || text === saved) return;
    const timer = setTimeout(() => {
      chain.current = chain.current.then(async () => {
        setSaving(true);
        const message = await saveRef.current(text).catch(() => "The draft could not be saved.");
        setSaving(false);
        if (message === null) {
          setSaved(text);
          setError(null);
        } else setError({ text, message });
      });
    }, delayMs);
    return () => clearTimeout(timer);
  }, [enabled, text, saved, delayMs]);

  const dirty = enabled && (text === null || text !== saved);
  const status: TSaveStatus = !dirty
    ? "saved"
    : text === null
      ? "unsavable"
      : saving
        ? "saving"
        : error?.text === text
          ? "error"
          : "pending";
  return { status, error: status === "error" ? (error?.message ?? null) : null, dirty, markSaved: setSaved };
}
