// noop: a fault that does nothing (STYLE rule 3); a timeline step of this kind only records its window.

import { z } from "zod";
import type { FaultKind } from "./fault.ts";

export const noop: FaultKind = {
  kind: "noop",
  description: "does nothing; records a window in the history (for baselines and tests); any target",
  acts: "links",
  attributes: z.object({}).strict(),
  make: () => ({ kind: "noop", start: async () => {}, stop: async () => {} }),
};
