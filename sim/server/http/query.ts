// Query-string and path-parameter parsing for routes: bad values are 400s naming the parameter. A
// parameter given empty ("?skip=") is a bad value, not an absent one, as the OpenAPI document says.
import { TASK_STATES, type TaskState } from "../../contracts/index.ts";
import { badRequest } from "../errors.ts";

export function parseStates(raw: string | null): TaskState[] | null {
  if (raw === null) return null;
  const known: readonly string[] = TASK_STATES;
  const states = raw.split(",");
  const unknown = states.find((state) => !known.includes(state));
  if (unknown !== undefined) throw badRequest(`states: unknown state "${unknown.slice(0, 100)}"; expected any of ${TASK_STATES.join(", ")}`, "states");
  return states as TaskState[];
}

export function parseCount(raw: string | null, field: string, fallback: number, min: number, max: number): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw badRequest(`${field}: got "${raw.slice(0, 100)}"; expected an integer from ${min} to ${max}`, field);
  }
  return value;
}

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** An optional name filter (task name, node name): letters, digits, '.', '_', '-'. */
export function parseName(raw: string | null, field: string): string | null {
  if (raw === null) return null;
  if (!NAME_PATTERN.test(raw)) throw badRequest(`${field}: got "${raw.slice(0, 100)}"; expected 1 to 100 letters, digits, '.', '_' or '-'`, field);
  return raw;
}

/** Whether a path id can name a task at all ("ServerTasks-N"); anything else is simply not found. */
export function isTaskId(id: string): boolean {
  return /^ServerTasks-\d{1,18}$/.test(id);
}

export function isNodeName(name: string): boolean {
  return NAME_PATTERN.test(name);
}
