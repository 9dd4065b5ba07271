// GET /api/tasks/:id -> TaskResource; GET /api/tasks?states=Queued,Executing&skip=0&take=30 ->
// TaskListResource (newest first).
import { TASK_STATES, type TaskListResource, type TaskState } from "../../contracts/index.ts";
import { badRequest, notFound } from "../errors.ts";
import { countTasks } from "../sql/countTasks.ts";
import { selectTask } from "../sql/selectTask.ts";
import { selectTasks } from "../sql/selectTasks.ts";
import type { ApiDeps } from "./api-deps.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";
import { toTaskResource } from "./task-resource.ts";

const DEFAULT_TAKE = 30;
const MAX_TAKE = 1000;

export function taskRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/tasks/:id",
      requiresApiKey: true,
      async handle({ params }) {
        const task = await selectTask(deps.pool, params.id!);
        if (!task) throw notFound(`no task with id "${params.id}"`);
        return jsonReply(200, toTaskResource(task));
      },
    },
    {
      method: "GET",
      path: "/api/tasks",
      requiresApiKey: true,
      async handle({ url }) {
        const states = parseStates(url.searchParams.get("states"));
        const skip = parseCount(url.searchParams.get("skip"), "skip", 0, 0, Number.MAX_SAFE_INTEGER);
        const take = parseCount(url.searchParams.get("take"), "take", DEFAULT_TAKE, 0, MAX_TAKE);
        const [tasks, total] = await Promise.all([selectTasks(deps.pool, { states, skip, take }), countTasks(deps.pool, states)]);
        const list: TaskListResource = { Items: tasks.map(toTaskResource), TotalResults: total };
        return jsonReply(200, list);
      },
    },
  ];
}

function parseStates(raw: string | null): TaskState[] | null {
  if (raw === null || raw.trim() === "") return null;
  const known: readonly string[] = TASK_STATES;
  const states = raw.split(",").map((state) => state.trim());
  const unknown = states.find((state) => !known.includes(state));
  if (unknown !== undefined) throw badRequest(`states: unknown state "${unknown}"; expected any of ${TASK_STATES.join(", ")}`, "states");
  return states as TaskState[];
}

function parseCount(raw: string | null, field: string, fallback: number, min: number, max: number): number {
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${field}: got "${raw}"; expected an integer from ${min} to ${max}`, field);
  }
  return value;
}
