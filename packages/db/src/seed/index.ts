// Factories for tests, the demo account and bootstrap: each creates one thing the way the product does.
export { seedAgent } from "./seed-agent.js";
export { seedOAuthGrant } from "./seed-oauth-grant.js";
export { seedMember, seedOrganization, seedUser } from "./seed-organization.js";
export { seedPolicy } from "./seed-policy.js";
export { seedServer } from "./seed-server.js";
