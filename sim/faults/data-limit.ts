// data-limit: a connection on the target links is closed once limitBytes have passed on the chosen
// stream (Toxiproxy `limit_data`): with the default downstream stream, a response is cut mid-way.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";
import { makeToxicFault } from "./toxic-fault.ts";

const attributes = z.object({
  /** Bytes let through on the stream before the connection is closed. */
  limitBytes: z.number().int().min(0),
}).strict();

export const dataLimit: FaultKind = {
  kind: "data-limit",
  description: "closes each connection on the target links after limitBytes on the chosen stream (cuts responses mid-way)",
  acts: "links",
  attributes,
  make: (deps) =>
    makeToxicFault<z.output<typeof attributes>>("data-limit", (a, step) => [{ type: "limit_data", stream: step.stream, attributes: { bytes: a.limitBytes } }], deps),
};
