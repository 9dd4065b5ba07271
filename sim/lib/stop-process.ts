// Stops a child process for good: a polite signal, a grace period, then SIGKILL; resolves once it has exited.

import type { ChildProcess } from "node:child_process";

export interface StopOptions {
  /** First signal sent (SIGTERM by default; PostgreSQL wants SIGINT for a fast shutdown). */
  signal?: NodeJS.Signals;
  /** Time allowed after the first signal before SIGKILL. */
  graceMs?: number;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when `child` has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function stopProcess(child: ChildProcess, { signal = "SIGTERM", graceMs = 10_000 }: StopOptions = {}): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  const done = exited(child);
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = await Promise.race([done.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
  clearTimeout(timer);
  if (expired) {
    child.kill("SIGKILL");
    await done;
  }
}
