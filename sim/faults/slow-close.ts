// slow-close: when one side closes a connection on the target links, the close reaches the other side
// only delayMs later (Toxiproxy `slow_close`): half-closed sockets linger, pooled connections go stale.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

const attributes = z.object({
  /** How long a close is held back, in ms. */
  delayMs: z.number().int().min(0),
}).strict();

export const slowClose: FaultKind = {
  kind: "slow-close",
  description: "delays the close of connections on the chosen stream of the target links by delayMs",
  acts: "links",
  attributes,
  make: (deps) =>
    makeToxicFault<z.output<typeof attributes>>("slow-close", (a, step) => [{ type: "slow_close", stream: step.stream, attributes: { delay: a.delayMs } }], deps),
};
