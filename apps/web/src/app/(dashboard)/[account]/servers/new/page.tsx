import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { RegisterServerForm } from "./register-server-form";

export const metadata: Metadata = { title: "Register a server" };

export default async function NewServerPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const ctx = await getAccountContext(account);
  if (!hasRole(ctx.role, "policy_manager")) notFound();
  return (
    <>
      <PageHeader
        title="Register a server"
        description="Gatehouse connects to the server as an MCP client, lists its tools and classifies their risk. Agents never see its address or credentials."
      />
      <RegisterServerForm account={account} allowStdio={ctx.settings.allowStdio && ctx.role === "admin"} />
    </>
  );
}
