// restart: stop the target processes (nodes or fleet processes; SIGTERM for a clean shutdown, or
// SIGKILL) and start them again at once with the same config and name, all together or one at a time
// (rolling). The window marks when it happened; healing only makes sure they are running.

import { z } from "zod";
import { eachProcess } from "./each-process.ts";
import { processOf, type Fault, type FaultDeps, type FaultKind, type FaultStepInput, type FaultTargets, type ManagedProcess } from "./fault.ts";

const attributes = z.object({
  /** How each process is stopped before it is started again. */
  signal: z.enum(["SIGTERM", "SIGKILL"]).default("SIGTERM"),
  /** One process at a time (a rolling restart) instead of all together. */
  rolling: z.boolean().default(false),
}).strict();

function makeRestart(deps: FaultDeps): Fault {
  const touched: ManagedProcess[] = [];
  return {
    kind: "restart",
    async start(targets: FaultTargets, step: FaultStepInput) {
      const a = step.attributes as z.output<typeof attributes>;
      const processes = targets.processNames.map((name) => processOf(deps, "restart", name));
      await eachProcess(processes, a.rolling, async (p) => {
        touched.push(p);
        await p.stop(a.signal);
        await p.start();
      });
    },
    async stop() {
      await eachProcess(touched.splice(0), false, (p) => p.start());
    },
  };
}

export const restart: FaultKind = {
  kind: "restart",
  description: "stops the target nodes or fleet processes (SIGTERM or SIGKILL) and starts them again with the same config, together or rolling",
  acts: "processes",
  attributes,
  make: makeRestart,
};
