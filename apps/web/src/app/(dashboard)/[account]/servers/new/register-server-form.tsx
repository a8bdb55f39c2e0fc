"use client";
// The register form: what to connect to and how. Submitting checks the connection, registers and syncs
// (use-register-flow); whatever happens, the fields keep what was typed.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, Notice } from "@/components/ui/card";
import { Input, Select, Textarea } from "@/components/ui/field";
import type { TRegisterServer } from "@/server/servers/server-schemas";
import { RegisterProgress } from "./register-progress";
import { useRegisterFlow } from "./use-register-flow";

/** Parses "Name: value" lines into a header object. */
function parseHeaders(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon < 1) return `Line ${index + 1}: write headers as "Name: value"`;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** "detect" sends no `auth` (the server decides); static headers make a server `headers` whatever was picked. */
function authField(auth: string, hasHeaders: boolean): { auth?: "none" | "oauth" } {
  if (auth === "oauth") return { auth: "oauth" };
  return auth === "none" && !hasHeaders ? { auth: "none" } : {};
}

export function RegisterServerForm({
  account,
  allowStdio,
  initial,
}: {
  account: string;
  allowStdio: boolean;
  initial?: {
    name: string;
    slug: string;
    url: string;
    catalogEntry?: string;
    transport?: string;
    command?: string;
    args?: string;
  };
}) {
  const [transport, setTransport] = useState(initial?.transport ?? "streamable_http");
  const [auth, setAuth] = useState("detect");
  const [lastInput, setLastInput] = useState<TRegisterServer | null>(null);
  const flow = useRegisterFlow(account);
  const fieldErrors = flow.failure?.fieldErrors ?? {};

  function submit(form: FormData) {
    const headers = parseHeaders(String(form.get("headers") ?? ""));
    if (typeof headers === "string") {
      flow.setFailure({ message: null, fieldErrors: { headers }, unreachable: false });
      return;
    }
    const slug = String(form.get("slug") ?? "").trim();
    const isStdio = transport === "stdio";
    const clientId = String(form.get("clientId") ?? "").trim();
    const clientSecret = String(form.get("clientSecret") ?? "").trim();
    const oauth =
      auth === "oauth" || auth === "detect"
        ? {
            connectionMode: String(form.get("connectionMode") ?? "shared") as "shared" | "per_agent",
            ...(auth === "oauth" && clientId
              ? { oauthClient: { clientId, ...(clientSecret ? { clientSecret } : {}) } }
              : {}),
          }
        : {};
    const input: TRegisterServer = {
      name: String(form.get("name") ?? ""),
      ...(slug ? { slug } : {}),
      transport: transport as "streamable_http" | "sse" | "stdio",
      ...(isStdio
        ? {
            command: String(form.get("command") ?? ""),
            args: String(form.get("args") ?? "")
              .split(/\s+/)
              .filter(Boolean),
          }
        : { url: String(form.get("url") ?? "") }),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(isStdio ? {} : { ...authField(auth, Object.keys(headers).length > 0), ...oauth }),
      ...(initial?.catalogEntry ? { catalogEntry: initial.catalogEntry } : {}),
    };
    setLastInput(input);
    flow.run(input);
  }

  return (
    <Card className="max-w-2xl">
      <CardBody>
        {/* onSubmit, not a form action: React resets a form after its action, which wiped what was typed on a
            server-side error (a slug clash, an unreachable URL). */}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit(new FormData(event.currentTarget));
          }}
          className="space-y-5"
        >
          {flow.failure?.unreachable ? (
            <div className="space-y-3">
              <Notice tone="error">
                <strong className="block">Gatehouse could not reach this server.</strong>
                {Object.values(fieldErrors)[0] ?? flow.failure.message}
              </Notice>
              {lastInput ? (
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  onClick={() => flow.run(lastInput, { skipCheck: true })}
                >
                  Register without checking
                </Button>
              ) : null}
            </div>
          ) : flow.failure?.message ? (
            <Notice tone="error">{flow.failure.message}</Notice>
          ) : null}
          <div className="grid gap-5 sm:grid-cols-2">
            <Input label="Name" name="name" required defaultValue={initial?.name} error={fieldErrors.name} />
            <Input
              label="Slug"
              name="slug"
              defaultValue={initial?.slug}
              placeholder="from the name"
              hint="Part of the gateway URL."
              error={fieldErrors.slug}
            />
          </div>
          <Select
            label="Transport"
            name="transport"
            value={transport}
            onChange={(e) => setTransport(e.target.value)}
          >
            <option value="streamable_http">Streamable HTTP</option>
            <option value="sse">HTTP + SSE (legacy)</option>
            {allowStdio ? <option value="stdio">stdio (local command)</option> : null}
          </Select>
          {transport === "stdio" ? (
            <div className="grid gap-5 sm:grid-cols-2">
              <Input
                label="Command"
                name="command"
                required
                defaultValue={initial?.command}
                error={flow.failure?.unreachable ? undefined : fieldErrors.command}
                placeholder="npx"
              />
              <Input
                label="Arguments"
                name="args"
                defaultValue={initial?.args}
                placeholder="-y @modelcontextprotocol/server-everything"
              />
            </div>
          ) : (
            <Input
              label="URL"
              name="url"
              type="url"
              required
              defaultValue={initial?.url}
              placeholder="https://mcp.example.com/mcp"
              error={flow.failure?.unreachable ? undefined : fieldErrors.url}
            />
          )}
          {transport === "stdio" ? null : (
            <div className="grid gap-5 sm:grid-cols-2">
              <Select
                label="Sign-in at the server"
                name="auth"
                value={auth}
                onChange={(e) => setAuth(e.target.value)}
                hint="Detect: OAuth when the server answers 401 with protected resource metadata."
                error={fieldErrors.auth}
              >
                <option value="detect">Detect</option>
                <option value="oauth">OAuth</option>
                <option value="none">None (or static headers)</option>
              </Select>
              {auth === "none" ? null : (
                <Select label="OAuth connections" name="connectionMode" defaultValue="shared">
                  <option value="shared">One shared connection</option>
                  <option value="per_agent">One per agent</option>
                </Select>
              )}
            </div>
          )}
          {auth === "oauth" && transport !== "stdio" ? (
            <div className="grid gap-5 sm:grid-cols-2">
              <Input
                label="OAuth client ID (optional)"
                name="clientId"
                hint="Only for servers that cannot register Gatehouse themselves."
                error={fieldErrors.oauthClient}
              />
              <Input
                label="Client secret (optional)"
                name="clientSecret"
                type="password"
                hint="Encrypted at rest, never shown again."
              />
            </div>
          ) : null}
          <Textarea
            label="Upstream headers (optional)"
            name="headers"
            rows={3}
            placeholder="Authorization: Bearer …"
            hint="One per line. Encrypted at rest and never shown again; changing the URL clears them."
            error={fieldErrors.headers}
          />
          <div className="flex flex-wrap items-end justify-between gap-4">
            {flow.pending || flow.steps.check !== "pending" ? (
              <RegisterProgress steps={flow.steps} />
            ) : (
              <span />
            )}
            <Button type="submit" disabled={flow.pending}>
              {flow.pending ? "Registering…" : "Register server"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
