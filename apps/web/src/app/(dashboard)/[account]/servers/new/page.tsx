import { getCatalogEntry, listCatalogEntries } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardBody, CardHeader, Notice, PageHeader } from "@/components/ui/card";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { RegisterServerForm } from "./register-server-form";

export const metadata: Metadata = { title: "Register a server" };

export default async function NewServerPage({
  params,
  searchParams,
}: {
  params: Promise<{ account: string }>;
  searchParams: Promise<{ from?: string }>;
}) {
  const { account } = await params;
  const { from } = await searchParams;
  const entry = from ? getCatalogEntry(from) : undefined;
  const catalog = listCatalogEntries();
  const ctx = await getAccountContext(account);
  if (!hasRole(ctx.role, "policy_manager")) notFound();
  return (
    <>
      <PageHeader
        title="Register a server"
        description="Gatehouse connects to the server as an MCP client, lists its tools and classifies their risk. Agents never see its address or credentials."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-4">
          {entry ? (
            <Notice tone="info">
              Starting from the catalogue: {entry.name}. It runs as{" "}
              <code>{[entry.run.command, ...entry.run.args].join(" ")}</code>
              {entry.run.notes ? ` — ${entry.run.notes}` : ""} Serve it over HTTP and enter its URL
              {ctx.settings.allowStdio ? ", or register it as a stdio command" : ""}.
            </Notice>
          ) : null}
          <RegisterServerForm
            key={entry?.slug ?? "blank"}
            account={account}
            allowStdio={ctx.settings.allowStdio && ctx.role === "admin"}
            {...(entry
              ? {
                  initial: {
                    name: entry.name.replace(/ \(.*\)$/, ""),
                    slug: entry.slug,
                    url: "",
                    catalogEntry: entry.slug,
                    ...(ctx.settings.allowStdio && ctx.role === "admin"
                      ? { transport: "stdio", command: entry.run.command, args: entry.run.args.join(" ") }
                      : {}),
                  },
                }
              : {})}
          />
        </div>
        <Card>
          <CardHeader
            title="Start from the catalogue"
            description="Known servers, their tools already classified."
          />
          <CardBody>
            <ul className="space-y-2">
              {catalog.map((item) => (
                <li key={item.slug}>
                  <Link
                    href={`/${account}/servers/new?from=${item.slug}`}
                    aria-current={item.slug === entry?.slug ? "true" : undefined}
                    className="block rounded-md px-3 py-2 text-sm ring-1 ring-slate-200 hover:bg-slate-50 aria-[current=true]:ring-brand-600"
                  >
                    <span className="font-medium">{item.name}</span>
                    <span className="block text-xs text-slate-500">
                      {item.toolCount} tools · {item.publisher}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
