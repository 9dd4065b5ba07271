// Runs an action on every targeted process, all at once or one after another, and reports every
// failure together (naming the process) after all have been tried.

import { messageOf } from "./fault.ts";

export async function eachProcess<T>(items: readonly T[], oneAtATime: boolean, fn: (item: T) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  const run = (item: T) => fn(item).catch((e: unknown) => void failures.push(messageOf(e)));
  if (oneAtATime) for (const item of items) await run(item);
  else await Promise.all(items.map(run));
  if (failures.length) throw new Error(failures.join("; "));
}
