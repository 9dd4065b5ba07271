// partition: a one-direction (asymmetric) partition. Data on the step's stream is dropped and
// connections stay open (a `timeout` toxic with timeout 0 on that stream only); the other direction
// still flows. upstream = client to server (requests never arrive), downstream = server to client
// (requests arrive and run, responses never come back: the black-holed TCP mid-RPC of domain.md (e) 10).

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

export const partition: FaultKind = {
  kind: "partition",
  description: "drops one direction (the step's stream) of the target links and keeps connections open; the other direction still flows",
  acts: "links",
  attributes: z.object({}).strict(),
  make: (deps) => makeToxicFault("partition", (_, step) => [{ type: "timeout", stream: step.stream, attributes: { timeout: 0 } }], deps),
};
