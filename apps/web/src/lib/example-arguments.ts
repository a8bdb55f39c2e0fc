// A starting point for a test call's arguments: the required properties of a tool's input schema, each given a
// harmless value of its type, so "Send a test call" works for most tools without the person reading the schema.

interface TSchemaProperty {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
}

function exampleOf(property: TSchemaProperty): unknown {
  if (property.default !== undefined) return property.default;
  if (Array.isArray(property.enum) && property.enum.length > 0) return property.enum[0];
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  switch (type) {
    case "string":
      return "test";
    case "number":
    case "integer":
      return property.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return null;
  }
}

export function exampleArguments(inputSchema: unknown): Record<string, unknown> {
  if (typeof inputSchema !== "object" || inputSchema === null) return {};
  const schema = inputSchema as { properties?: Record<string, TSchemaProperty>; required?: unknown };
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const result: Record<string, unknown> = {};
  for (const name of required) result[name] = exampleOf(schema.properties?.[name] ?? {});
  return result;
}
