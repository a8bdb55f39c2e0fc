// Runs once when the dashboard's server starts: a bad environment stops it there, one line per problem, instead
// of surfacing on the first request that happens to need the value.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { parseWebEnv } = await import("./env-schema");
  const parsed = parseWebEnv(process.env);
  if (parsed.ok) return;
  for (const problem of parsed.problems) console.error(`dashboard: ${problem}`);
  process.exit(1);
}
