// bandwidth: the chosen stream of the target links carries at most rateKBps kilobytes per second.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

const attributes = z.object({
  /** Throughput cap, in KB/s (Toxiproxy's unit; 0 lets nothing through). */
  rateKBps: z.number().int().min(0),
}).strict();

export const bandwidth: FaultKind = {
  kind: "bandwidth",
  description: "caps the chosen stream of the target links at rateKBps kilobytes per second (a slow upload or download)",
  acts: "links",
  attributes,
  make: (deps) =>
    makeToxicFault<z.output<typeof attributes>>("bandwidth", (a, step) => [{ type: "bandwidth", stream: step.stream, attributes: { rate: a.rateKBps } }], deps),
};
