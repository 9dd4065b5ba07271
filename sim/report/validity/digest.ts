// Gathers, line by line from metrics.ndjson, what the validity evaluation reads: scrape round times,
// the conductor's event-loop delay, the machine's CPU busy ratio, CPU seconds per part, and the
// event-loop delay p99 of every target that serves one (nodes; fleets when they serve /metrics).
import type { ScrapeLine } from "../../contracts/index.ts";
import { fromJsonNumber, HARNESS_FAMILIES, HARNESS_TARGETS } from "../../contracts/index.ts";

/** The harness families, and the node lag families prom-client serves (its p99 histogram, and the lag at
 * scrape time, a setImmediate's wait, which sees a stall the histogram can miss). */
const FAMILY = {
  ...HARNESS_FAMILIES,
  loopLagP99: "nodejs_eventloop_lag_p99_seconds",
  loopLag: "nodejs_eventloop_lag_seconds",
} as const;
/** Every scrape round has one line of the machine sampler. */
const ROUND_TARGET = HARNESS_TARGETS.machine;

export interface TimedValue {
  timeMs: number;
  value: number;
}

export interface HarnessSamples {
  /** Time of every scrape round (the machine sampler's lines). */
  roundsMs: number[];
  conductorLoopP99S: TimedValue[];
  conductorLoopMaxS: TimedValue[];
  machineBusy: TimedValue[];
  /** Cumulative CPU seconds per part, as sampled. */
  partCpuS: Record<string, TimedValue[]>;
  /** Event-loop delay per part, s: a node's p99 (its /metrics), a fleet's answer time to a straight health RPC. */
  loopLagP99S: Record<string, TimedValue[]>;
}

export function makeHarnessDigester() {
  const h: HarnessSamples = { roundsMs: [], conductorLoopP99S: [], conductorLoopMaxS: [], machineBusy: [], partCpuS: {}, loopLagP99S: {} };
  return {
    add(line: ScrapeLine): void {
      if (line.target === ROUND_TARGET) h.roundsMs.push(line.timeMs);
      if (!line.ok) return;
      let lagS: number | null = null;
      for (const f of line.families) {
        const first = f.samples[0];
        if (!first) continue;
        const at = (value: number) => ({ timeMs: line.timeMs, value });
        if (f.name === FAMILY.conductorLoopP99) h.conductorLoopP99S.push(at(fromJsonNumber(first.value)));
        else if (f.name === FAMILY.conductorLoopMax) h.conductorLoopMaxS.push(at(fromJsonNumber(first.value)));
        else if (f.name === FAMILY.machineBusy) h.machineBusy.push(at(fromJsonNumber(first.value)));
        else if (f.name === FAMILY.loopLagP99 || f.name === FAMILY.loopLag) lagS = Math.max(lagS ?? 0, fromJsonNumber(first.value));
        else if (f.name === FAMILY.partCpu) for (const s of f.samples) (h.partCpuS[s.labels.part ?? "other"] ??= []).push(at(fromJsonNumber(s.value)));
      }
      if (lagS !== null) (h.loopLagP99S[line.target] ??= []).push({ timeMs: line.timeMs, value: lagS });
      if (line.target === HARNESS_TARGETS.fleets) {
        for (const s of line.families.find((f) => f.name === FAMILY.fleetAnswer)?.samples ?? []) (h.loopLagP99S[s.labels.part ?? "fleet"] ??= []).push({ timeMs: line.timeMs, value: fromJsonNumber(s.value) });
      }
    },
    finish: (): HarnessSamples => h,
  };
}
