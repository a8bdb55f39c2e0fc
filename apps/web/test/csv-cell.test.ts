// The activity export's cells cannot start a spreadsheet formula, whatever the audited value begins with.
import { describe, expect, it } from "vitest";
import { csvCell } from "@/lib/csv-cell";

describe("csvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+cmd", "'+cmd"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1+1", '"\'\t=1+1"'],
    ["\r=1+1", '"\'\r=1+1"'],
  ])("neutralises a leading formula character in %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("quotes separators and leaves plain values alone", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("list_jobs")).toBe("list_jobs");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });
});
