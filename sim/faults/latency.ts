// latency: every chunk on the chosen stream of the target links is delayed by latencyMs ± jitterMs.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

const attributes = z.object({
  /** Delay added, in ms. */
  latencyMs: z.number().int().min(0),
  /** Uniform jitter around the delay, in ms. */
  jitterMs: z.number().int().min(0).default(0),
}).strict();

export const latency: FaultKind = {
  kind: "latency",
  description: "adds latencyMs (± jitterMs) to every chunk on the chosen stream of the target links",
  acts: "links",
  attributes,
  make: (deps) =>
    makeToxicFault<z.output<typeof attributes>>("latency", (a, step) => [{ type: "latency", stream: step.stream, attributes: { latency: a.latencyMs, jitter: a.jitterMs } }], deps),
};
