/** Where the fixtures that run as scripts of their own are, for the tests and benchmarks that start them. */
import { fileURLToPath } from "node:url";

/** A stdio MCP server that exits when asked (the gateway's upstream-failure test). */
export const STDIO_CRASHER = fileURLToPath(new URL("./stdio-crasher.mjs", import.meta.url));
/** The bare relays the gateway benchmark measures beside the gateway (a TCP pipe, a bare node:http proxy). */
export const BARE_RELAY = fileURLToPath(new URL("./bare-relay.mjs", import.meta.url));
