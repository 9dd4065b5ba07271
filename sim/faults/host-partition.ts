// host-partition: cut the hosts of the target nodes or fleet processes off the run's network — both
// ways (their link at the switch goes down) or outbound only (everything they send is dropped, what
// others send still arrives) — while the processes keep running. Needs hosts of their own
// (--placement netns); healing brings the link back.

import { z } from "zod";
import { eachProcess } from "./each-process.ts";
import type { Fault, FaultDeps, FaultKind, FaultTargets } from "./fault.ts";

const attributes = z.object({
  /** "both": nothing in or out; "outbound": what the host sends is dropped. */
  direction: z.enum(["both", "outbound"]).default("both"),
}).strict();

function makeHostPartition(deps: FaultDeps): Fault {
  const cut: string[] = [];
  let direction: "both" | "outbound" = "both";
  return {
    kind: "host-partition",
    async start(targets: FaultTargets, step) {
      const hosts = deps.hosts;
      if (!hosts) throw new Error("host-partition needs parts on hosts of their own (--placement netns); this run's parts share one machine");
      direction = (step.attributes as z.output<typeof attributes>).direction;
      await eachProcess(targets.processNames, false, async (part) => {
        await hosts.partition(part, direction);
        cut.push(part);
      });
    },
    async stop() {
      const hosts = deps.hosts;
      if (hosts) await eachProcess(cut.splice(0), false, (part) => hosts.heal(part, direction));
    },
  };
}

export const hostPartition: FaultKind = {
  kind: "host-partition",
  description: "cut the hosts of the target nodes or fleet processes off the network (both ways, or outbound only); needs --placement netns",
  acts: "processes",
  requires: ["hosts"],
  attributes,
  make: makeHostPartition,
};
