/**
 * Tasks (MCP 2025-11-25) stay with the agent session that created them. An upstream binds each task to the session
 * or to the credential it was created in (the spec asks for the authorization context where there is one), and
 * through the gateway every agent of an account reaches the upstream with the server's one stored credential: an
 * upstream that binds tasks by credential would let one agent list, read or cancel another's. So the relay remembers
 * the tasks each session created (in the shared state, for other replicas), answers a request about any other task
 * as the SDK's servers answer for a task they do not know, and shows a session only its own tasks in tasks/list.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { errorReply, type RpcRequest, type RpcResult } from "./messages.js";

export const NOT_OWN_TASK_REASON = "the task was not created in this session";

/**
 * The task a tasks/* request is about: its `taskId`, or "" when it names none or names it otherwise than as a string
 * (so that it is refused too). Undefined for tasks/list and every request outside tasks/*.
 */
export function namedTask(request: RpcRequest): string | undefined {
  if (!request.method.startsWith("tasks/") || request.method === "tasks/list") return undefined;
  const taskId = request.params?.taskId;
  return typeof taskId === "string" ? taskId : "";
}

/** The answer to a request about a task this session did not create: the SDK server's for an unknown task. */
export function unknownTaskReply(request: RpcRequest): JSONRPCMessage {
  return errorReply(request.id, RPC_ANSWERS.unknownTask(request.method, request.params?.taskId));
}

/** The id of the task a result creates (a CreateTaskResult answers a task-augmented request), if it creates one. */
export function createdTask(message: RpcResult): string | undefined {
  const task = message.result.task as { taskId?: unknown } | undefined;
  return typeof task?.taskId === "string" ? task.taskId : undefined;
}

/** A tasks/list result with only the tasks in `own` left in it (and no tasks at all if it lists them wrongly). */
export function ownTasksOnly(message: JSONRPCMessage, own: ReadonlySet<string>): JSONRPCMessage {
  const result = (message as RpcResult).result;
  const listed: unknown[] = Array.isArray(result.tasks) ? result.tasks : [];
  result.tasks = listed.filter((task) => {
    const taskId = (task as { taskId?: unknown } | null)?.taskId;
    return typeof taskId === "string" && own.has(taskId);
  });
  return message;
}
