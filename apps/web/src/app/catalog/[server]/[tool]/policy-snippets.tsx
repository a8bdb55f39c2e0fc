// The three other ways to control a tool, each as a policy that validates: a rate limit, a hold for approval,
// and a refusal.
import type { CatalogToolPage } from "@gatehouse/catalog";
import { CodeBlock } from "@/components/ui/copy-button";

export function PolicySnippets({ page, name }: { page: CatalogToolPage; name: string }) {
  const snippets = [
    {
      title: "Rate-limit it",
      text: `Ten calls per minute for each agent session; set "scope" to "agent" or "account" to count across sessions.`,
      policy: page.rateLimitPolicy,
    },
    {
      title: "Hold it for approval",
      text: `Each ${name} call waits until a person approves it in the approvals inbox.`,
      policy: page.approvalPolicy,
    },
    {
      title: "Deny it",
      text: `The agent gets a policy refusal with this reason. Add it to "hide" to keep it out of the tool list instead.`,
      policy: page.denyPolicy,
    },
  ];
  return (
    <div className="grid gap-6">
      {snippets.map((snippet) => (
        <div key={snippet.title} className="min-w-0 space-y-2">
          <h3 className="font-medium text-slate-900">{snippet.title}</h3>
          <p className="text-sm text-slate-600">{snippet.text}</p>
          <CodeBlock value={JSON.stringify(snippet.policy, null, 2)} label="Copy" />
        </div>
      ))}
    </div>
  );
}
