// bench checks: checker throughput on a synthetic history (issue 6 asks 1M ops in under 10 s).

import { benchChecks } from "./checks-input.ts";
import type { Bench } from "./bench.ts";

export const checksBench: Bench = {
  name: "checks",
  description: "invariant checkers over a synthetic history of 1M ops (ops/s per checker, median of 3)",
  async run({ log, quick }) {
    const nOps = quick ? 100_000 : 1_000_000;
    const results = benchChecks(nOps, 3);
    for (const [name, r] of Object.entries(results)) log(`${name.padEnd(24)} ${JSON.stringify(r)}`);
    const allCheckersMs = Object.values(results).reduce((ms, r) => ms + r.durationMs, 0);
    log(`all ${Object.keys(results).length} checkers: ${allCheckersMs} ms for ${nOps} ops (goal: under 10 s)`);
    return { nOps, allCheckersMs, checkers: results };
  },
};
