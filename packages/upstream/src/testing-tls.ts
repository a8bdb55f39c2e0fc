// For tests only: a throw-away self-signed certificate for 127.0.0.1 and localhost (openssl), so that a test can
// serve https — client ID metadata documents must be https URLs. A test runner's config calls it before its
// workers start and sets NODE_EXTRA_CA_CERTS to the certificate, which Node reads only at start-up.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  dir: string;
  certPath: string;
  keyPath: string;
}

/** Creates the certificate, or returns undefined when openssl is not installed (the https tests then skip). */
export function createTestCertificate(): TestCertificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-tls-"));
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "ignore" },
    );
  } catch {
    return undefined;
  }
  return existsSync(certPath) ? { dir, certPath, keyPath } : undefined;
}

/**
 * Once per test run: makes the certificate, trusts it for child processes (NODE_EXTRA_CA_CERTS) and names its
 * files in TEST_TLS_CERT / TEST_TLS_KEY.
 */
export function trustTestCertificate(env: NodeJS.ProcessEnv): void {
  if (env.TEST_TLS_CERT && env.TEST_TLS_KEY) return;
  const created = createTestCertificate();
  if (!created) return;
  env.TEST_TLS_CERT = created.certPath;
  env.TEST_TLS_KEY = created.keyPath;
  // Keep whatever extra CAs the machine already trusts (NODE_EXTRA_CA_CERTS names one file): trust both.
  const bundle = join(created.dir, "extra-ca.pem");
  let extra = "";
  try {
    extra = env.NODE_EXTRA_CA_CERTS ? readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8") : "";
  } catch {
    extra = "";
  }
  writeFileSync(bundle, `${extra.trimEnd()}\n${readFileSync(created.certPath, "utf8")}`);
  env.NODE_EXTRA_CA_CERTS = bundle;
}
