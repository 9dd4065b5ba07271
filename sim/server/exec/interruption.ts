// Pause points of an execution: wait while a manual intervention is pending (HasPendingInterruptions,
// re-read by the task's progress writes), and the message an execution stopped early ends with.
import { setTimeout as sleep } from "node:timers/promises";
import type { TaskHandle } from "./task-handle.ts";

export async function waitWhileInterrupted(handle: TaskHandle, checkEveryMs: number): Promise<void> {
  if (!handle.paused) return;
  handle.log("Waiting for a manual intervention", "Warning");
  while (handle.paused && !handle.signal.aborted) {
    await sleep(checkEveryMs, undefined, { signal: handle.signal }).catch(() => {});
  }
  if (!handle.signal.aborted) handle.log("Manual intervention cleared; continuing");
}

export function stoppedMessage(nodeName: string, handle: TaskHandle, stepName: string): string {
  switch (handle.abortReason) {
    case "shutdown":
      return `node ${nodeName} shut down during step "${stepName}"`;
    case "canceled":
      return `canceled during step "${stepName}"`;
    default:
      return `execution stopped (${handle.abortReason ?? "aborted"}) during step "${stepName}"`;
  }
}
