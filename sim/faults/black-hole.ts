// black-hole: nothing passes in either direction and connections stay open (Toxiproxy `timeout` toxic
// with timeout 0 on both streams): clients hang until their own read timeouts. New connections are
// accepted by the proxy and hang the same way. Healing closes the affected connections.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

const attributes = z.object({
  /** 0 (default): hold connections open forever; otherwise close them this long after the fault hits, in ms. */
  closeAfterMs: z.number().int().min(0).default(0),
}).strict();

export const blackHole: FaultKind = {
  kind: "black-hole",
  description: "drops everything both ways on the target links and keeps connections open (timeout toxic, timeout 0): callers hang until their read timeout",
  acts: "links",
  attributes,
  make: (deps) =>
    makeToxicFault<z.output<typeof attributes>>(
      "black-hole",
      (a) => (["upstream", "downstream"] as const).map((stream) => ({ type: "timeout", stream, attributes: { timeout: a.closeAfterMs } })),
      deps,
    ),
};
