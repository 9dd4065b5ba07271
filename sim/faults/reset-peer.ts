// reset-peer: connections on the target links are reset (TCP RST, via SO_LINGER 0) once data flows on
// the chosen stream, after afterMs: "connection reset by peer", the transient comms failure retries exist for.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

const attributes = z.object({
  /** Delay between the first data on the stream and the reset, in ms (0 = at once). */
  afterMs: z.number().int().min(0).default(0),
}).strict();

export const resetPeer: FaultKind = {
  kind: "reset-peer",
  description: "resets (TCP RST) connections on the target links once data flows on the chosen stream, after afterMs",
  acts: "links",
  attributes,
  make: (deps) =>
    makeToxicFault<z.output<typeof attributes>>("reset-peer", (a, step) => [{ type: "reset_peer", stream: step.stream, attributes: { timeout: a.afterMs } }], deps),
};
