"use client";
import { useState } from "react";
import { Button } from "./button";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      className="min-w-20"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          // Clipboard access can be refused (insecure origin); the value stays selectable on the page.
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </Button>
  );
}

export function CodeBlock({ value, label }: { value: string; label?: string }) {
  return (
    <div className="relative rounded-md bg-slate-900 text-slate-100">
      <div className="absolute top-2 right-2">
        <CopyButton value={value} label={label ?? "Copy"} />
      </div>
      <pre className="overflow-x-auto p-4 pr-24 font-mono text-xs leading-relaxed">
        <code>{value}</code>
      </pre>
    </div>
  );
}
