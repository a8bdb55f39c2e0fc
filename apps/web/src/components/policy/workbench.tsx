"use client";
// The builder and the simulator side by side, sharing the document being edited.
import type { TPolicy } from "@gatehouse/policy";
import { useState } from "react";
import { emptyPolicy } from "./model";
import { PolicyBuilder, type TPolicyBuilderProps } from "./policy-builder";
import { Simulator } from "./simulator";

export function PolicyWorkbench(props: Omit<TPolicyBuilderProps, "onDraftChange">) {
  const [policy, setPolicy] = useState<TPolicy>(props.draft ?? props.published ?? emptyPolicy());
  return (
    <div className="space-y-6">
      <PolicyBuilder {...props} onDraftChange={setPolicy} />
      <Simulator
        account={props.account}
        serverId={props.serverId}
        toolNames={props.tools.map((tool) => tool.name)}
        policy={policy}
        policyId={props.policyId}
      />
    </div>
  );
}
