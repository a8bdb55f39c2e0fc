"use client";
// The policy builder: the default, a row per tool, and a JSON view of the same document that validates as
// you type with the engine's own messages; "Recommended" (shown, confirmed, undoable); drafts saved as you edit,
// with an unsaved marker and a guard on leaving; publish with its effect.
import {
  type PolicyError,
  type RiskCategory,
  type RiskLevel,
  recommendPolicy,
  type TPolicy,
  validatePolicy,
} from "@gatehouse/policy";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { publishPolicyAction, saveDraftAction } from "@/app/(dashboard)/[account]/servers/actions";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, Notice } from "@/components/ui/card";
import { controlBase, controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { emptyPolicy, toJsonText } from "./model";
import { PatternRows } from "./pattern-rows";
import { PublishDialog } from "./publish-dialog";
import { RecommendedDialog } from "./recommended-dialog";
import { SaveStatus } from "./save-status";
import { type TBuilderTool, ToolRows } from "./tool-rows";
import { UnsavedGuard } from "./unsaved-guard";
import { useAutosave } from "./use-autosave";

export interface TPolicyBuilderProps {
  account: string;
  serverId: string;
  tools: TBuilderTool[];
  published: TPolicy | null;
  publishedVersion: number | null;
  draft: TPolicy | null;
  canEdit: boolean;
  /** A named policy; the server's default when absent. */
  policyId?: string;
  policyName?: string;
  onDraftChange?: (policy: TPolicy) => void;
}

export function PolicyBuilder(props: TPolicyBuilderProps) {
  const { account, serverId, tools, published, publishedVersion, canEdit } = props;
  const router = useRouter();
  const [policy, setPolicyState] = useState<TPolicy>(props.draft ?? published ?? emptyPolicy());
  const [jsonText, setJsonText] = useState(() => toJsonText(props.draft ?? published ?? emptyPolicy()));
  const [jsonErrors, setJsonErrors] = useState<PolicyError[]>([]);
  // True while the JSON text does not parse into a valid policy: the visual view then shows the last valid one.
  const [jsonBroken, setJsonBroken] = useState(false);
  const [mode, setMode] = useState<"visual" | "json">("visual");
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [pending, startTransition] = useTransition();

  const setPolicy = (next: TPolicy) => {
    setPolicyState(next);
    setJsonText(toJsonText(next));
    const result = validatePolicy(next);
    setJsonErrors(result.ok ? [] : result.errors);
    setJsonBroken(false);
    props.onDraftChange?.(next);
  };

  const onJsonChange = (text: string) => {
    setJsonText(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error: unknown) {
      setJsonErrors([
        { path: "", message: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` },
      ]);
      setJsonBroken(true);
      return;
    }
    const result = validatePolicy(parsed);
    if (!result.ok) {
      setJsonErrors(result.errors);
      setJsonBroken(true);
      return;
    }
    setJsonErrors([]);
    setJsonBroken(false);
    setPolicyState(parsed as TPolicy);
    props.onDraftChange?.(parsed as TPolicy);
  };

  const names = useMemo(() => tools.map((tool) => tool.name), [tools]);
  const visibleTools = filter ? tools.filter((tool) => tool.name.includes(filter.trim())) : tools;
  const valid = jsonErrors.length === 0;
  const unchanged = published !== null && toJsonText(published) === toJsonText(policy);

  const initialText = toJsonText(props.draft ?? published ?? emptyPolicy());
  const autosave = useAutosave({
    text: valid && !jsonBroken ? toJsonText(policy) : null,
    initial: initialText,
    enabled: canEdit,
    save: async (text) => {
      const result = await saveDraftAction(account, serverId, JSON.parse(text) as TPolicy, props.policyId);
      return result.ok ? null : result.error.message;
    },
  });
  const [recommendOpen, setRecommendOpen] = useState(false);
  const [undo, setUndo] = useState<{ policy: TPolicy; changes: number } | null>(null);
  const recommended = recommendPolicy(
    tools.map((t) => ({
      name: t.name,
      classification: { category: t.riskCategory as RiskCategory, level: t.riskLevel as RiskLevel },
    })),
  );

  const publish = (comment: string) =>
    startTransition(async () => {
      const result = await publishPolicyAction(account, serverId, policy, comment, props.policyId);
      if (result.ok) {
        setPublishOpen(false);
        autosave.markSaved(toJsonText(policy));
        setNotice({
          tone: "success",
          text: `Published version ${result.data.version}. Gateways enforce it on the next call.`,
        });
        router.refresh();
      } else {
        setNotice({ tone: "error", text: result.error.message });
      }
    });

  return (
    <Card>
      <CardHeader
        title={props.policyName && props.policyName !== "default" ? `Policy “${props.policyName}”` : "Policy"}
        description={
          publishedVersion === null
            ? "Not published yet: the gateway denies every call to this server until you publish."
            : `Version ${publishedVersion} is in force. Edits here are a draft until you publish.`
        }
        actions={
          canEdit ? (
            <>
              <SaveStatus status={autosave.status} error={autosave.error} />
              <Button variant="secondary" disabled={jsonBroken} onClick={() => setRecommendOpen(true)}>
                Recommended
              </Button>
              <Button disabled={!valid || pending || unchanged} onClick={() => setPublishOpen(true)}>
                Publish…
              </Button>
            </>
          ) : null
        }
      />
      {notice ? (
        <div className="px-5 pt-4">
          <Notice tone={notice.tone}>{notice.text}</Notice>
        </div>
      ) : null}
      {undo ? (
        <div className="flex flex-wrap items-center gap-3 px-5 pt-4" data-testid="recommended-applied">
          <Notice tone="success">
            Recommended rules applied: {undo.changes} tool{undo.changes === 1 ? "" : "s"} changed.
          </Notice>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              setPolicy(undo.policy);
              setUndo(null);
            }}
          >
            Undo
          </Button>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-5 py-3">
        <div role="tablist" aria-label="Policy view" className="inline-flex rounded-md bg-slate-100 p-0.5">
          {(["visual", "json"] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={mode === value}
              onClick={() => setMode(value)}
              className={cn(
                "rounded px-3 py-1 text-sm font-medium",
                mode === value ? "bg-white shadow-sm" : "text-slate-600",
              )}
            >
              {value === "visual" ? "Visual" : "JSON"}
            </button>
          ))}
        </div>
        {mode === "visual" ? (
          <>
            <label className="flex items-center gap-2 text-sm">
              <span className="font-medium whitespace-nowrap">Default for other tools</span>
              <select
                aria-label="Default"
                disabled={!canEdit || jsonBroken}
                value={policy.default}
                onChange={(event) =>
                  setPolicy({ ...policy, default: event.target.value as "allow" | "deny" })
                }
                className={cn(controlBase, "w-auto py-1.5")}
              >
                <option value="deny">Deny (hide)</option>
                <option value="allow">Allow</option>
              </select>
            </label>
            <label className="ml-auto flex items-center gap-2 text-sm">
              <span className="font-medium whitespace-nowrap">Filter tools</span>
              <input
                placeholder="name contains…"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
                className={cn(controlBase, "w-40 py-1.5")}
              />
            </label>
          </>
        ) : null}
      </div>
      {/* Both views stay mounted, so what a row holds on screen (an open Custom part) survives a look at the JSON. */}
      <div hidden={mode !== "visual"}>
        {jsonBroken ? (
          <div className="px-5 pt-4">
            <Notice tone="error">The JSON view has errors; fix them there before editing visually.</Notice>
          </div>
        ) : !valid ? (
          <ul className="space-y-1 px-5 pt-4" data-testid="visual-errors">
            {jsonErrors.map((error) => (
              <li key={`${error.path}:${error.message}`} className="text-sm text-red-800">
                <code className="text-xs">{error.path || "(document)"}</code> {error.message}
              </li>
            ))}
          </ul>
        ) : null}
        {tools.length === 0 ? (
          <p className="px-5 py-8 text-center text-sm text-slate-600">
            Sync the server's tools to build a policy row by row.
          </p>
        ) : (
          <ToolRows
            tools={visibleTools}
            policy={policy}
            onChange={setPolicy}
            readOnly={!canEdit || jsonBroken}
          />
        )}
        {jsonBroken ? null : (
          <PatternRows toolNames={names} policy={policy} onChange={setPolicy} readOnly={!canEdit} />
        )}
      </div>
      <div hidden={mode !== "json"}>
        <div className="grid gap-4 p-5 lg:grid-cols-[minmax(0,1fr)_18rem]">
          <textarea
            aria-label="Policy JSON"
            spellCheck={false}
            readOnly={!canEdit}
            value={jsonText}
            onChange={(event) => onJsonChange(event.target.value)}
            rows={Math.min(40, Math.max(14, jsonText.split("\n").length + 1))}
            className={cn(controlClass, "font-mono text-xs leading-relaxed")}
          />
          <div aria-live="polite" className="space-y-2 text-sm">
            {valid ? (
              <Notice tone="success">Valid policy.</Notice>
            ) : (
              <ul className="space-y-2" data-testid="policy-errors">
                {jsonErrors.map((error) => (
                  <li
                    key={`${error.path}:${error.message}`}
                    className="rounded-md bg-red-50 px-3 py-2 text-red-900 ring-1 ring-red-200"
                  >
                    <code className="text-xs">{error.path || "(document)"}</code>
                    <p>{error.message}</p>
                  </li>
                ))}
              </ul>
            )}
            <p className="text-xs text-slate-500">
              Schema:{" "}
              <a className="text-brand-700 underline" href="/schemas/policy-v1.json">
                /schemas/policy-v1.json
              </a>
            </p>
          </div>
        </div>
      </div>
      <UnsavedGuard
        when={autosave.dirty}
        detail={
          autosave.status === "unsavable"
            ? "The JSON view has errors, so your last edits are not saved."
            : "Your last edits are not saved yet."
        }
      />
      <RecommendedDialog
        open={recommendOpen}
        onClose={() => setRecommendOpen(false)}
        policy={policy}
        recommended={recommended}
        toolNames={names}
        onApply={(merged, changes) => {
          setUndo({ policy, changes });
          setRecommendOpen(false);
          setPolicy(merged);
        }}
      />
      <PublishDialog
        open={publishOpen}
        onClose={() => setPublishOpen(false)}
        account={account}
        serverId={serverId}
        policyId={props.policyId}
        toolNames={names}
        before={published}
        after={policy}
        nextVersion={(publishedVersion ?? 0) + 1}
        pending={pending}
        onPublish={publish}
      />
    </Card>
  );
}
