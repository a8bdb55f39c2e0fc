// Finds the Chromium the browser tests drive (DESIGN §8): CHROMIUM_PATH, else Debian's /usr/bin/chromium, which
// the test command installs with apt-get where it can (root on Debian); else Playwright's own, if one is installed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, DEBIAN_CHROMIUM].filter((path): path is string =>
    Boolean(path),
  );
  return candidates.find((path) => existsSync(path));
}

export function ensureChromium(log: (line: string) => void): string | undefined {
  const found = findChromium();
  if (found) return found;
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) return undefined;
  log("Chromium not found: installing Debian's chromium package…");
  const quiet = { stdio: "inherit" as const, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } };
  spawnSync("apt-get", ["update", "-qq"], quiet);
  spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], quiet);
  return findChromium();
}
