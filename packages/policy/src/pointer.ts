/** JSON Pointers (RFC 6901) for rule references and error paths. */

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Builds a pointer from path segments; `[]` is the whole document, `""`. */
export function toPointer(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) out += `/${escapePointerToken(String(segment))}`;
  return out;
}

/** Splits a pointer into its unescaped tokens. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}
