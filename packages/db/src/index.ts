// @gatehouse/db: the shared Prisma client and the data model's types. Node-only helpers sit behind subpaths:
// ./secrets, ./passwords, ./migrate, ./embedded, ./seed, ./testing.

export type { DbClient, DbClientOptions } from "./client.js";
export { createDbClient, SECRET_COLUMNS } from "./client.js";
export type {
  AdminAuditEvent,
  Agent,
  AgentKey,
  AgentServer,
  ApiToken,
  ApprovalRequest,
  AuditEvent,
  ConfigChange,
  Invitation,
  Membership,
  Organization,
  Policy,
  PolicyVersion,
  Server,
  Tool,
  User,
} from "./generated/prisma/client.js";
export { Prisma } from "./generated/prisma/client.js";
export {
  ApprovalStatus,
  Decision,
  RiskCategory,
  RiskLevel,
  Role,
  Transport,
} from "./generated/prisma/enums.js";
