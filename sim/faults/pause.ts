// pause: SIGSTOP the target processes (nodes or fleet processes): they hold their sockets, locks and
// database connections but answer nothing (a long GC pause, a frozen VM). Healing sends SIGCONT.

import fs from "node:fs";
import { z } from "zod";
import { pollUntil } from "../lib/poll.ts";
import { eachProcess } from "./each-process.ts";
import { processOf, type Fault, type FaultDeps, type FaultKind, type FaultTargets, type ManagedProcess } from "./fault.ts";

/** Time allowed for the kernel to report the process stopped. */
const STOPPED_TIMEOUT_MS = 2_000;

/** The process state letter from /proc/<pid>/stat ("T" = stopped), or undefined when it is gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

function makePause(deps: FaultDeps): Fault {
  const paused: { process: ManagedProcess; pid: number }[] = [];
  return {
    kind: "pause",
    async start(targets: FaultTargets) {
      const processes = targets.processNames.map((name) => processOf(deps, "pause", name));
      await eachProcess(processes, false, async (p) => {
        const pid = p.pid();
        if (pid === undefined) throw new Error(`pause: ${p.name} is not running`);
        paused.push({ process: p, pid });
        process.kill(pid, "SIGSTOP");
        await pollUntil(`${p.name} (pid ${pid}) to be stopped`, STOPPED_TIMEOUT_MS, () => ["T", "t", undefined].includes(processState(pid)), 10);
      });
    },
    async stop() {
      await eachProcess(paused.splice(0), false, async ({ process: p, pid }) => {
        if (p.pid() === pid) process.kill(pid, "SIGCONT"); // else it was replaced or stopped meanwhile: nothing of ours to resume
      });
    },
  };
}

export const pause: FaultKind = {
  kind: "pause",
  description: "SIGSTOP the target nodes or fleet processes (they keep sockets and locks but answer nothing); healing sends SIGCONT",
  acts: "processes",
  attributes: z.object({}).strict(),
  make: makePause,
};
