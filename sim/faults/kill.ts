// kill: SIGKILL the target processes (nodes or fleet processes): no shutdown hook runs, in-flight
// work is abandoned (domain.md (e) 5, dead owning node). Healing starts them again with the same
// config and name, unless restartOnHeal is false (then they stay down for the rest of the run).

import { z } from "zod";
import { eachProcess } from "./each-process.ts";
import { processOf, type Fault, type FaultDeps, type FaultKind, type FaultStepInput, type FaultTargets, type ManagedProcess } from "./fault.ts";

const attributes = z.object({
  /** Start the processes again when the window ends (default true). */
  restartOnHeal: z.boolean().default(true),
}).strict();

function makeKill(deps: FaultDeps): Fault {
  const killed: ManagedProcess[] = [];
  let restartOnHeal = true;
  return {
    kind: "kill",
    async start(targets: FaultTargets, step: FaultStepInput) {
      restartOnHeal = (step.attributes as z.output<typeof attributes>).restartOnHeal;
      const processes = targets.processNames.map((name) => processOf(deps, "kill", name));
      await eachProcess(processes, false, async (p) => {
        killed.push(p);
        await p.stop("SIGKILL");
      });
    },
    async stop() {
      const toStart = killed.splice(0);
      if (restartOnHeal) await eachProcess(toStart, false, (p) => p.start());
    },
  };
}

export const kill: FaultKind = {
  kind: "kill",
  description: "kill -9 the target nodes or fleet processes; healing starts them again (unless restartOnHeal: false)",
  acts: "processes",
  attributes,
  make: makeKill,
};
