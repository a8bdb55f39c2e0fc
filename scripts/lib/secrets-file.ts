// Outside production, the secrets Gatehouse needs are generated on the first start and kept under the data
// directory (mode 0600), so sessions and encrypted upstream headers survive restarts.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface LocalSecrets {
  AUTH_SECRET: string;
  GATEHOUSE_SECRET_KEY: string;
  DEMO_PASSWORD: string;
}

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(dataDir, "secrets.json");
  const existing = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Partial<LocalSecrets>,
    () => ({}) as Partial<LocalSecrets>,
  );
  const secrets: LocalSecrets = {
    AUTH_SECRET: existing.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    GATEHOUSE_SECRET_KEY: existing.GATEHOUSE_SECRET_KEY ?? randomBytes(32).toString("base64"),
    DEMO_PASSWORD: existing.DEMO_PASSWORD ?? `demo-${randomBytes(6).toString("base64url")}`,
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
