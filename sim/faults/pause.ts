// pause: SIGSTOP the target processes (nodes or fleet processes): they hold their sockets, locks and
// database connections but answer nothing (a long GC pause, a frozen VM). Healing sends SIGCONT.

import { z } from "zod";
import { eachProcess } from "./each-process.ts";
import { processOf, type Fault, type FaultDeps, type FaultKind, type FaultTargets, type ManagedProcess } from "./fault.ts";

function makePause(deps: FaultDeps): Fault {
  const paused: { process: ManagedProcess; pid: number }[] = [];
  return {
    kind: "pause",
    async start(targets: FaultTargets) {
      const processes = targets.processNames.map((name) => processOf(deps, "pause", name));
      await eachProcess(processes, false, async (p) => {
        paused.push({ process: p, pid: await p.suspend() });
      });
    },
    async stop() {
      await eachProcess(paused.splice(0), false, ({ process: p, pid }) => p.resume(pid));
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
