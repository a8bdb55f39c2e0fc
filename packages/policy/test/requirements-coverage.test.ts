/** Holds every requirement to at least one test that cites it, and every cited id to a requirement. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REQUIREMENTS } from "./requirements";

const dir = fileURLToPath(new URL(".", import.meta.url));

function citedIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".test.ts") || file === "requirements-coverage.test.ts") continue;
    const text = readFileSync(`${dir}/${file}`, "utf8");
    // Only ids inside a test or describe title count: it("[R12] …") / it("… [R3, R4] …").
    for (const title of text.matchAll(
      /\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*["`']([^"`']*)["`']/g,
    )) {
      for (const group of (title[1] ?? "").matchAll(/\[(R\d+(?:,\s*R\d+)*)\]/g)) {
        for (const id of (group[1] ?? "").split(/,\s*/)) ids.add(id);
      }
    }
  }
  return ids;
}

describe("requirements coverage", () => {
  const cited = citedIds();
  it("every requirement is cited by at least one test title", () => {
    const uncited = Object.keys(REQUIREMENTS).filter((id) => !cited.has(id));
    expect(uncited).toEqual([]);
  });
  it("every cited id is a requirement", () => {
    const unknown = [...cited].filter((id) => !(id in REQUIREMENTS));
    expect(unknown).toEqual([]);
  });
});
