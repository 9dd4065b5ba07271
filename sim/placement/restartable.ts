// A process the run can stop and start again under the same name (nodes, fleet processes): the
// ManagedProcess that faults act on. Operations are serialized; a stop resumes a paused process first
// so SIGTERM is handled; after any exit, `afterExit` runs (e.g. trimming a line torn by SIGKILL).

import fs from "node:fs";
import type { ManagedProcess } from "../faults/index.ts";

/** What a started process must offer: its pid, a promise of its exit, an idempotent stop. */
export interface Startable {
  pid: number;
  exited: Promise<unknown>;
  stop(): Promise<unknown>;
}

export interface RestartableProcess<C extends Startable> extends ManagedProcess {
  /** The current process (the latest started), even when it has exited. */
  current(): C;
  /** How many times it has been started, the first start included. */
  starts(): number;
}

export async function startRestartable<C extends Startable>(
  name: string,
  start: () => Promise<C>,
  options: { afterExit?: () => void } = {},
): Promise<RestartableProcess<C>> {
  let child = await start();
  let alive = true;
  let starts = 1;
  const watch = (c: C) => void c.exited.then(() => c === child && (alive = false));
  watch(child);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // it exited meanwhile
    }
  };
  return {
    name,
    pid: () => (alive ? child.pid : undefined),
    current: () => child,
    starts: () => starts,
    stop: (how) =>
      serial(async () => {
        if (!alive) return;
        const c = child;
        signal(c.pid, "SIGCONT"); // a paused process would never act on SIGTERM
        if (how === "SIGKILL") {
          signal(c.pid, "SIGKILL");
          await c.exited;
        }
        await c.stop(); // after SIGKILL only cleanup remains (stop is idempotent)
        alive = false;
        options.afterExit?.();
      }),
    start: () =>
      serial(async () => {
        if (alive) return;
        options.afterExit?.(); // it may have died on its own
        child = await start();
        alive = true;
        starts++;
        watch(child);
      }),
  };
}

/** Cuts a trailing partial line (a process killed mid-write) off an NDJSON file, so appends stay parseable. */
export function trimTornTail(filePath: string): void {
  let fd: number;
  try {
    fd = fs.openSync(filePath, "r+");
  } catch {
    return; // nothing written yet
  }
  try {
    const size = fs.fstatSync(fd).size;
    const tailBytes = Math.min(size, 1 << 20);
    const tail = Buffer.alloc(tailBytes);
    fs.readSync(fd, tail, 0, tailBytes, size - tailBytes);
    if (size === 0 || tail[tailBytes - 1] === 0x0a) return;
    const lastNewline = tail.lastIndexOf(0x0a);
    fs.ftruncateSync(fd, lastNewline < 0 ? size - tailBytes : size - tailBytes + lastNewline + 1);
  } finally {
    fs.closeSync(fd);
  }
}
