// Task routes: list (filter by state, name, node; paging), get, details (events + log), cancel, and
// set/clear HasPendingInterruptions. Unknown ids are 404; a command the task's state forbids is 409.
import { z } from "zod";
import type { SetInterruptionRequest, TaskDetailsResource, TaskListResource } from "../../contracts/index.ts";
import { notFound } from "../errors.ts";
import { selectTask } from "../sql/selectTask.ts";
import { selectTaskEvents, selectTaskLog } from "../sql/selectTaskDetails.ts";
import { countTasks, selectTasks } from "../sql/selectTasks.ts";
import { cancelTask, setInterruption } from "../task-commands.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { ApiDeps } from "./api-deps.ts";
import { isTaskId, parseCount, parseName, parseStates } from "./query.ts";
import { readJsonBody } from "./read-json.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";
import { toTaskEventResource, toTaskLogLineResource, toTaskResource } from "./task-resource.ts";
import { validateBody } from "./validate.ts";

const DEFAULT_TAKE = 30;
const MAX_TAKE = 1000;
const DEFAULT_LOG_TAIL = 1000;
const MAX_LOG_TAIL = 100_000;
const BODY_LIMIT_BYTES = 16 * 1024;

const interruptionSchema = z.strictObject({ HasPendingInterruptions: z.boolean() }) satisfies z.ZodType<SetInterruptionRequest>;

export function taskRoutes(deps: ApiDeps): Route[] {
  const taskOr404 = async (id: string): Promise<ServerTaskRecord> => {
    const task = isTaskId(id) ? await selectTask(deps.pool, id) : null;
    if (!task) throw notFound(`no task with id "${id.slice(0, 100)}"`);
    return task;
  };
  return [
    {
      method: "GET", path: "/api/tasks", requiresApiKey: true,
      async handle({ url }) {
        const q = url.searchParams;
        const filter = { states: parseStates(q.get("states")), name: parseName(q.get("name"), "name"), node: parseName(q.get("node"), "node") };
        const skip = parseCount(q.get("skip"), "skip", 0, 0, Number.MAX_SAFE_INTEGER);
        const take = parseCount(q.get("take"), "take", DEFAULT_TAKE, 0, MAX_TAKE);
        const [tasks, total] = await Promise.all([selectTasks(deps.pool, { ...filter, skip, take }), countTasks(deps.pool, filter)]);
        const list: TaskListResource = { Items: tasks.map(toTaskResource), TotalResults: total };
        return jsonReply(200, list);
      },
    },
    {
      method: "GET", path: "/api/tasks/:id", requiresApiKey: true,
      handle: async ({ params }) => jsonReply(200, toTaskResource(await taskOr404(params.id!))),
    },
    {
      method: "GET", path: "/api/tasks/:id/details", requiresApiKey: true,
      async handle({ params, url }) {
        const logTail = parseCount(url.searchParams.get("tail"), "tail", DEFAULT_LOG_TAIL, 0, MAX_LOG_TAIL);
        const task = await taskOr404(params.id!);
        const [events, lines] = await Promise.all([selectTaskEvents(deps.pool, task.id), selectTaskLog(deps.pool, task.id, logTail)]);
        const details: TaskDetailsResource = {
          Task: toTaskResource(task), Events: events.map(toTaskEventResource), ActivityLogs: lines.map(toTaskLogLineResource),
        };
        return jsonReply(200, details);
      },
    },
    {
      method: "POST", path: "/api/tasks/:id/cancel", requiresApiKey: true,
      async handle({ params }) {
        const task = await taskOr404(params.id!);
        return jsonReply(200, toTaskResource(await cancelTask(deps, task.id)));
      },
    },
    {
      method: "PUT", path: "/api/tasks/:id/interruption", requiresApiKey: true,
      async handle({ params, req }) {
        const body = validateBody(interruptionSchema, await readJsonBody(req, BODY_LIMIT_BYTES));
        const task = await taskOr404(params.id!);
        return jsonReply(200, toTaskResource(await setInterruption(deps, task.id, body.HasPendingInterruptions)));
      },
    },
  ];
}
