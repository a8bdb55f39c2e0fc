// The shape of a tool for the browser and the API.
import type { Tool } from "@gatehouse/db";

export interface TToolDto {
  id: string;
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: unknown;
  annotations: unknown;
  riskCategory: Tool["riskCategory"];
  riskLevel: Tool["riskLevel"];
  evidence: string[];
  rationale: string;
  changed: boolean;
  pendingDefinition: unknown;
  firstSeenAt: string;
  lastSeenAt: string;
  removed: boolean;
}

export function toToolDto(tool: Tool): TToolDto {
  return {
    id: tool.id,
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
    riskCategory: tool.riskCategory,
    riskLevel: tool.riskLevel,
    evidence: Array.isArray(tool.riskEvidence) ? tool.riskEvidence.map(String) : [],
    rationale: tool.riskRationale,
    changed: tool.pendingHash !== null,
    pendingDefinition: tool.pendingDefinition,
    firstSeenAt: tool.firstSeenAt.toISOString(),
    lastSeenAt: tool.lastSeenAt.toISOString(),
    removed: tool.removedAt !== null,
  };
}
