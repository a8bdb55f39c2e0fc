"use client";
// The light/dark switch: "System" follows the operating system; a choice is kept in localStorage by next-themes,
// which also sets data-theme on <html> before the first paint (theme.css turns that into colours).
import { useTheme } from "next-themes";
import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";

const CHOICES = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;

export function ThemeSwitch({ className }: { className?: string }) {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser: the server renders "System" and the select catches up.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <label className={cn("flex items-center gap-2 text-sm text-slate-600", className)}>
      <span>Theme</span>
      <select
        value={mounted ? (theme ?? "system") : "system"}
        onChange={(event) => setTheme(event.target.value)}
        className="h-8 rounded-md bg-white px-2 text-sm text-slate-800 ring-1 ring-slate-300"
      >
        {CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
