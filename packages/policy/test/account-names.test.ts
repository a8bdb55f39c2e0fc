/** Account-URL names: the documented rule, exact map-back, and independence from input order. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_NAME_MAX_LENGTH,
  accountResourceUri,
  buildAccountNames,
  buildAccountNameTable,
  resolveAccountResourceUri,
  shortNameHash,
} from "../src/index";

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

describe("account names", () => {
  it("[R55] tools and prompts are {slug}__{name}, sanitised to [A-Za-z0-9_-], and map back exactly", () => {
    const names = buildAccountNames([
      { slug: "server-everything", tools: ["echo", "get-sum"], prompts: ["simple_prompt"] },
      { slug: "server-memory", tools: ["read_graph", "dotted.name", "spaced name", "é"] },
    ]);
    expect(names.tools.nameOf("server-everything", "echo")).toBe("server-everything__echo");
    expect(names.tools.nameOf("server-everything", "get-sum")).toBe("server-everything__get-sum");
    expect(names.tools.nameOf("server-memory", "dotted.name")).toBe("server-memory__dotted_name");
    expect(names.tools.nameOf("server-memory", "spaced name")).toBe("server-memory__spaced_name");
    expect(names.tools.nameOf("server-memory", "é")).toBe("server-memory___");
    expect(names.prompts.nameOf("server-everything", "simple_prompt")).toBe(
      "server-everything__simple_prompt",
    );
    expect(names.tools.resolve("server-memory__dotted_name")).toEqual({
      slug: "server-memory",
      name: "dotted.name",
    });
    expect(names.prompts.resolve("server-everything__simple_prompt")).toEqual({
      slug: "server-everything",
      name: "simple_prompt",
    });
    // Map-back is a lookup: a well-formed name nobody was given resolves to nothing.
    expect(names.tools.resolve("server-memory__create_entities")).toBeUndefined();
    expect(names.tools.resolve("server-everything__simple_prompt")).toBeUndefined();
    expect(names.tools.nameOf("server-memory", "nope")).toBeUndefined();
    expect(names.tools.entries().map(([name]) => name)).toEqual([
      "server-everything__echo",
      "server-everything__get-sum",
      "server-memory__read_graph",
      "server-memory__dotted_name",
      "server-memory__spaced_name",
      "server-memory___",
    ]);
  });

  it("[R56] long names and names colliding after sanitising get a truncated prefix and a stable hash", () => {
    const long = "a".repeat(80);
    const table = buildAccountNameTable([
      { slug: "srv", name: "a.b" },
      { slug: "srv", name: "a_b" },
      { slug: "srv", name: "a b" },
      { slug: "srv", name: long },
    ]);
    // The unchanged name keeps its plain form; the two changed ones move to hashed forms.
    expect(table.nameOf("srv", "a_b")).toBe("srv__a_b");
    expect(table.nameOf("srv", "a.b")).toBe(`srv__a_b_${shortNameHash("srv/a.b")}`);
    expect(table.nameOf("srv", "a b")).toBe(`srv__a_b_${shortNameHash("srv/a b")}`);
    const longName = table.nameOf("srv", long) ?? "";
    expect(longName).toBe(`srv__${"a".repeat(50)}_${shortNameHash(`srv/${long}`)}`);
    expect(longName).toHaveLength(ACCOUNT_NAME_MAX_LENGTH);
    expect(table.resolve(longName)).toEqual({ slug: "srv", name: long });
    expect(table.resolve(`srv__a_b_${shortNameHash("srv/a b")}`)).toEqual({ slug: "srv", name: "a b" });
    // Two changed names colliding, none unchanged: both hashed.
    const both = buildAccountNameTable([
      { slug: "srv", name: "x.y" },
      { slug: "srv", name: "x y" },
    ]);
    expect(both.nameOf("srv", "x.y")).toBe(`srv__x_y_${shortNameHash("srv/x.y")}`);
    // A changed name that meets nothing keeps its sanitised form.
    expect(buildAccountNameTable([{ slug: "srv", name: "x.y" }]).nameOf("srv", "x.y")).toBe("srv__x_y");
    expect(shortNameHash("srv/a.b")).toMatch(/^[0-9a-f]{8}$/);
    expect(shortNameHash("")).toBe("811c9dc5");
  });

  it("[R56] a hashed name meeting a name already given is moved on deterministically", () => {
    const clash = `srv__a_b_${shortNameHash("srv/a.b")}`;
    // An upstream tool literally named like the hashed form of another keeps its name.
    const table = buildAccountNameTable([
      { slug: "srv", name: "a.b" },
      { slug: "srv", name: "a_b" },
      { slug: "srv", name: clash.slice("srv__".length) },
    ]);
    expect(table.nameOf("srv", clash.slice("srv__".length))).toBe(clash);
    expect(table.nameOf("srv", "a.b")).toBe(`srv__a_b_${shortNameHash("srv/a.b#1")}`);
  });

  it("[R57] names are valid, unique, exact both ways and independent of the order of input", () => {
    const unit = fc.constantFrom("a", "b", "_", ".", "-", " ", "é", "/", "😀");
    const pair = fc.record({
      slug: fc.constantFrom("s", "srv-a", "a_", "a", "x".repeat(40)),
      name: fc.string({ unit, minLength: 0, maxLength: 70 }),
    });
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 30 }), (pairs) => {
        const table = buildAccountNameTable(pairs);
        const reversed = buildAccountNameTable([...pairs].reverse());
        const seen = new Set<string>();
        for (const { slug, name } of pairs) {
          const accountName = table.nameOf(slug, name);
          expect(accountName).toMatch(VALID);
          expect(table.resolve(accountName ?? "")).toEqual({ slug, name });
          expect(reversed.nameOf(slug, name)).toBe(accountName);
          seen.add(accountName ?? "");
        }
        expect(table.entries()).toHaveLength(seen.size);
      }),
    );
  });

  it("[R57] with dashboard slugs a server's names depend only on its own tools", () => {
    const memory = ["read_graph", "a.b", "a_b", "z".repeat(70)];
    const alone = buildAccountNames([{ slug: "server-memory", tools: memory }]);
    const together = buildAccountNames([
      { slug: "server-everything", tools: ["memory__a_b", "echo"] },
      { slug: "server-memory", tools: memory },
      { slug: "server", tools: ["memory__read_graph"] },
    ]);
    for (const tool of memory) {
      expect(together.tools.nameOf("server-memory", tool)).toBe(alone.tools.nameOf("server-memory", tool));
    }
  });

  it("[R58] resource URIs and templates carry the server's slug and map back only for scoped servers", () => {
    const names = buildAccountNames([{ slug: "server-filesystem" }, { slug: "server-everything" }]);
    expect(names.resourceUri("server-filesystem", "file:///tmp/a b.txt")).toBe(
      "gatehouse://server-filesystem/file:///tmp/a b.txt",
    );
    expect(accountResourceUri("server-everything", "demo://resource/dynamic/text/{resourceId}")).toBe(
      "gatehouse://server-everything/demo://resource/dynamic/text/{resourceId}",
    );
    // A URI expanded from the account template maps back to the upstream's expansion.
    expect(names.resolveResourceUri("gatehouse://server-everything/demo://resource/dynamic/text/7")).toEqual({
      slug: "server-everything",
      uri: "demo://resource/dynamic/text/7",
    });
    expect(names.resolveResourceUri("gatehouse://server-filesystem/file:///tmp/a b.txt")).toEqual({
      slug: "server-filesystem",
      uri: "file:///tmp/a b.txt",
    });
    expect(names.resolveResourceUri("gatehouse://server-memory/x")).toBeUndefined();
    expect(names.resolveResourceUri("file:///tmp/a.txt")).toBeUndefined();
    expect(names.resolveResourceUri("gatehouse://server-filesystem")).toBeUndefined();
    expect(resolveAccountResourceUri("gatehouse://a/b", new Set(["a"]))).toEqual({ slug: "a", uri: "b" });
    fc.assert(
      fc.property(fc.constantFrom("a", "server-x"), fc.string(), (slug, uri) => {
        expect(resolveAccountResourceUri(accountResourceUri(slug, uri), new Set([slug]))).toEqual({
          slug,
          uri,
        });
      }),
    );
  });
});
