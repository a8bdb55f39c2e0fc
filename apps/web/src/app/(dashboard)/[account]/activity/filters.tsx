"use client";
// The activity filters apply as they are chosen: each change replaces the URL's query (the page is rendered from
// it, so a filtered view can be shared and reloaded); the tool field waits for a pause in typing.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { controlClass } from "@/components/ui/field";
import { formatDateTime } from "@/lib/format";

interface TOption {
  value: string;
  label: string;
}

export interface TFilterChoices {
  servers: TOption[];
  agents: TOption[];
  decisions: TOption[];
  ranges: TOption[];
}

const TYPING_PAUSE_MS = 300;

function Select({
  name,
  label,
  options,
  value,
  onChange,
}: {
  name: string;
  label: string;
  options: TOption[];
  value: string;
  onChange: (name: string, value: string) => void;
}) {
  return (
    <label className="grid gap-1 text-xs font-medium text-slate-600">
      {label}
      <select
        name={name}
        value={value}
        onChange={(event) => onChange(name, event.target.value)}
        className={controlClass}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ActivityFilters({ choices }: { choices: TFilterChoices }) {
  const router = useRouter();
  const pathname = usePathname();
  // Null only under the Pages Router, which serves the OAuth endpoints alone (pages/api/oauth).
  const params = new URLSearchParams(useSearchParams()?.toString() ?? "");
  const [pending, startTransition] = useTransition();
  const [tool, setTool] = useState(params.get("tool") ?? "");
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const current = params.toString();
  const asked = useRef(current);
  // A navigation from elsewhere (a link, back) sets the filters; while ours are loading, they are the newer.
  useEffect(() => {
    if (!pending) asked.current = current;
  }, [current, pending]);
  useEffect(() => () => clearTimeout(typing.current), []);

  function apply(changes: Record<string, string | undefined>) {
    // From the last query asked for, not the one this render saw: a choice whose page is still loading is kept.
    const next = new URLSearchParams(asked.current);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    // A new filter starts again from the newest events.
    next.delete("cursor");
    next.delete("page");
    asked.current = next.toString();
    startTransition(() => router.replace(`${pathname}?${asked.current}`, { scroll: false }));
  }
  const choose = (name: string, value: string) => apply({ [name]: value });
  const since = params.get("since");
  const until = params.get("until");
  return (
    <form
      aria-label="Filter events"
      aria-busy={pending}
      onSubmit={(event) => event.preventDefault()}
      className="grid gap-3 border-b border-slate-200 px-5 py-3 sm:grid-cols-3 lg:grid-cols-6"
    >
      <Select
        name="serverId"
        label="Server"
        options={choices.servers}
        value={params.get("serverId") ?? ""}
        onChange={choose}
      />
      <Select
        name="agentId"
        label="Agent"
        options={choices.agents}
        value={params.get("agentId") ?? ""}
        onChange={choose}
      />
      <label className="grid gap-1 text-xs font-medium text-slate-600">
        Tool
        <input
          name="tool"
          type="search"
          placeholder="part of a name"
          value={tool}
          onChange={(event) => {
            const value = event.target.value;
            setTool(value);
            clearTimeout(typing.current);
            typing.current = setTimeout(() => apply({ tool: value.trim() }), TYPING_PAUSE_MS);
          }}
          className={controlClass}
        />
      </label>
      <Select
        name="decision"
        label="Decision"
        options={choices.decisions}
        value={params.get("decision") ?? ""}
        onChange={choose}
      />
      <Select
        name="method"
        label="Requests"
        options={[
          { value: "", label: "All requests" },
          { value: "tools/call", label: "Tool calls" },
        ]}
        value={params.get("method") ?? ""}
        onChange={choose}
      />
      {since && until ? (
        <div className="grid gap-1 text-xs font-medium text-slate-600">
          Time
          <p className="flex min-h-9 flex-wrap items-center gap-2 text-sm font-normal text-slate-800">
            <span>{`${formatDateTime(since)} – ${formatDateTime(until)}`}</span>
            <button
              type="button"
              onClick={() => apply({ since: undefined, until: undefined })}
              className="font-medium text-brand-700 hover:underline"
            >
              Clear
            </button>
          </p>
        </div>
      ) : (
        <Select
          name="range"
          label="Time"
          options={choices.ranges}
          value={params.get("range") ?? "24h"}
          onChange={choose}
        />
      )}
    </form>
  );
}
