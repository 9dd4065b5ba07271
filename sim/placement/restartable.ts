// A process the run can stop, pause and start again under the same name (nodes, fleet processes): the
// ManagedProcess that faults act on. Operations are serialized; a stop resumes a paused process first
// so SIGTERM is handled; after any exit, `afterExit` runs (e.g. trimming a line torn by SIGKILL); after
// every start, the `onStart` listeners run (e.g. rewriting service discovery when a port moved).

import fs from "node:fs";
import type { ManagedProcess } from "../faults/index.ts";
import { pollUntil } from "../lib/poll.ts";
import { processState } from "../lib/proc.ts";

/** Time allowed for the kernel to report a process stopped after SIGSTOP. */
const STOPPED_TIMEOUT_MS = 2_000;

export type ProcessSignal = "SIGKILL" | "SIGSTOP" | "SIGCONT";

/** What a started process must offer: its pid, a promise of its exit, an idempotent stop. */
export interface Startable {
  pid: number;
  exited: Promise<unknown>;
  stop(): Promise<unknown>;
  /** Signals it where it runs (default: process.kill on this machine); a process already gone is no error. */
  signal?(sig: ProcessSignal): Promise<void>;
  /** Whether its kernel reports it stopped (default: /proc on this machine). */
  stopped?(): Promise<boolean>;
  /** What it reported when ready (a node's `url`, a fleet's `metricsUrl`), when it reports. */
  ready?: Record<string, unknown>;
}

const signalHere = (pid: number, sig: ProcessSignal) => {
  try {
    process.kill(pid, sig);
  } catch {
    // it exited meanwhile
  }
};

export interface RestartableProcess<C extends Startable> extends ManagedProcess {
  /** The current process (the latest started), even when it has exited. */
  current(): C;
  /** How many times it has been started, the first start included. */
  starts(): number;
  /** Calls `listener` after every later start (restart) with the new process; returns the unsubscribe. */
  onStart(listener: (current: C) => void): () => void;
}

export async function startRestartable<C extends Startable>(
  name: string,
  start: () => Promise<C>,
  options: { afterExit?: () => void } = {},
): Promise<RestartableProcess<C>> {
  let child = await start();
  let alive = true;
  let starts = 1;
  const listeners = new Set<(current: C) => void>();
  const watch = (c: C) => void c.exited.then(() => c === child && (alive = false));
  watch(child);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  const signal = (c: C, sig: ProcessSignal) => (c.signal ? c.signal(sig) : Promise.resolve(signalHere(c.pid, sig)));
  const stopped = (c: C) => (c.stopped ? c.stopped() : Promise.resolve(["T", "t", undefined].includes(processState(c.pid))));
  return {
    name,
    pid: () => (alive ? child.pid : undefined),
    current: () => child,
    starts: () => starts,
    onStart(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop: (how) =>
      serial(async () => {
        if (!alive) return;
        const c = child;
        await signal(c, "SIGCONT"); // a paused process would never act on SIGTERM
        if (how === "SIGKILL") {
          await signal(c, "SIGKILL");
          await c.exited;
        }
        await c.stop(); // after SIGKILL only cleanup remains (stop is idempotent)
        alive = false;
        options.afterExit?.();
      }),
    suspend: () =>
      serial(async () => {
        if (!alive) throw new Error(`${name} is not running`);
        const c = child;
        await signal(c, "SIGSTOP");
        await pollUntil(`${name} (pid ${c.pid}) to be stopped`, STOPPED_TIMEOUT_MS, () => stopped(c), 10);
        return c.pid;
      }),
    resume: (pid) =>
      serial(async () => {
        if (alive && child.pid === pid) await signal(child, "SIGCONT"); // else replaced or stopped meanwhile: nothing of ours to resume
      }),
    start: () =>
      serial(async () => {
        if (alive) return;
        options.afterExit?.(); // it may have died on its own
        child = await start();
        alive = true;
        starts++;
        watch(child);
        for (const listener of listeners) listener(child);
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
