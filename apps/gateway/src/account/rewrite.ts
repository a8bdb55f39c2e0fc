/**
 * Resource URIs inside what servers answer, in the account URL's form (`gatehouse://{server}/{uri}`, see
 * @gatehouse/policy/account-names): embedded resources and resource links in tool results and prompt messages,
 * the contents of a read, and resource notifications — so the agent can read whatever it is shown through the same
 * URL. Everything else of a message is left as the server sent it.
 */
import { accountResourceUri } from "@gatehouse/policy/account-names";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapUriField(record: Record<string, unknown>, field: string, slug: string): void {
  const value = record[field];
  if (typeof value === "string") record[field] = accountResourceUri(slug, value);
}

/** One content block: `resource_link` carries `uri`, an embedded `resource` carries `resource.uri`. */
function mapContentBlock(block: unknown, slug: string): void {
  if (!isRecord(block)) return;
  if (block.type === "resource_link") mapUriField(block, "uri", slug);
  if (block.type === "resource" && isRecord(block.resource)) mapUriField(block.resource, "uri", slug);
}

/** A tools/call result, a prompts/get result or a resources/read result, in place. */
export function mapResultUris(result: Record<string, unknown>, slug: string): void {
  if (Array.isArray(result.content)) for (const block of result.content) mapContentBlock(block, slug);
  if (Array.isArray(result.messages)) {
    for (const message of result.messages) if (isRecord(message)) mapContentBlock(message.content, slug);
  }
  if (Array.isArray(result.contents)) {
    for (const item of result.contents) if (isRecord(item)) mapUriField(item, "uri", slug);
  }
}

/** A listed resource or resource template, copied with its URI (or URI template) mapped. */
export function mapListedResource(item: Record<string, unknown>, slug: string): Record<string, unknown> {
  const copy = { ...item };
  mapUriField(copy, "uri", slug);
  mapUriField(copy, "uriTemplate", slug);
  return copy;
}
