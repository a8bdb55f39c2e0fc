"use client";
// A whole-number field that keeps what is typed: the document changes only when the text is a number in range,
// so a half-typed or emptied value is neither written nor thrown away; an outside change (the JSON view) shows.
import { useState } from "react";
import { controlBase } from "@/components/ui/field";
import { cn } from "@/lib/cn";

const show = (value: number | undefined) => (value === undefined ? "" : String(value));

export function parseWhole(text: string, min: number, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

export function NumberField({
  label,
  value,
  min,
  max,
  placeholder,
  disabled,
  onValue,
}: {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  placeholder?: string;
  disabled: boolean;
  /** Called with the number, or undefined when the text is empty or not a number in range. */
  onValue: (value: number | undefined) => void;
}) {
  const [text, setText] = useState(show(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    // The value changed from outside (or from this field): show it unless the text already says it.
    setSeen(value);
    if (parseWhole(text, min, max) !== value) setText(show(value));
  }
  const invalid = text.trim() !== "" && parseWhole(text, min, max) === undefined;
  return (
    <input
      inputMode="numeric"
      aria-label={label}
      aria-invalid={invalid || undefined}
      title={invalid ? `A whole number from ${min} to ${max}` : undefined}
      placeholder={placeholder}
      disabled={disabled}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onValue(parseWhole(event.target.value, min, max));
      }}
      className={cn(controlBase, "w-24 py-1.5", invalid && "ring-2 ring-red-500")}
    />
  );
}
