// Whether two runs' timings can be compared: their provenance differs in a way that moves timing
// (another CPU, core count, memory size, architecture, Node or PostgreSQL major, k6 or toxiproxy
// version, PostgreSQL source, placement kind) or not. Kernel and taskstorm commit are recorded, not
// judged: CI images update kernels weekly, and the commit is what a comparison is for.
import type { Provenance, ProvenanceCheck } from "../contracts/index.ts";
import type { MetricDef } from "./metric-catalogue.ts";

/** Memory sizes within this relative difference count as the same machine (free RAM reporting varies). */
const MEMORY_SAME_WITHIN_RATIO = 0.1;
/** Units of the metrics that measure time or rate, whose values move with the machine. */
const TIMING_UNITS = new Set(["ms", "Success/min", "per s"]);
/** Metrics in other units that move with the machine all the same: a share of slot time, and contention
 * figures (sessions waiting at a scrape, version conflicts and the retries they cause) that rise as it slows. */
const TIMING_KEYS = new Set(["healthSlotShare", "dbLocksWaitingPeak", "dbPoolWaitingPeak", "conflicts", "retries"]);

export function isTimingMetric(m: Pick<MetricDef, "key" | "unit">): boolean {
  return TIMING_UNITS.has(m.unit) || TIMING_KEYS.has(m.key);
}

const major = (v: string | null | undefined) => (v ? v.replace(/^v/, "").split(".")[0]! : null);

/** Differences between a baseline's and a candidate's provenance that invalidate timing comparisons. */
export function timingDifferences(base: Provenance, cand: Provenance): string[] {
  const out: string[] = [];
  const differ = (what: string, a: unknown, b: unknown) => {
    if (a !== null && b !== null && a !== undefined && b !== undefined && a !== b) out.push(`${what}: ${String(a)} (baseline) vs ${String(b)} (this run)`);
  };
  differ("CPU model", base.machine.cpuModel, cand.machine.cpuModel);
  differ("CPU count", base.machine.cpus, cand.machine.cpus);
  differ("architecture", base.machine.arch, cand.machine.arch);
  const [ma, mb] = [base.machine.memoryBytes, cand.machine.memoryBytes];
  if (Math.abs(ma - mb) > MEMORY_SAME_WITHIN_RATIO * Math.max(ma, mb)) out.push(`memory: ${gib(ma)} (baseline) vs ${gib(mb)} (this run)`);
  differ("Node major", major(base.node), major(cand.node));
  differ("PostgreSQL major", major(base.postgres.version), major(cand.postgres.version));
  differ("PostgreSQL source", base.postgres.source, cand.postgres.source);
  differ("k6", base.tools.k6, cand.tools.k6);
  differ("toxiproxy", base.tools.toxiproxy, cand.tools.toxiproxy);
  differ("placement", base.placement.kind, cand.placement.kind);
  return out;
}

/** Whether timing is judged between two runs, and why (allowDifferentMachines: judge it anyway). */
export function checkProvenance(base: Provenance | undefined, cand: Provenance | undefined, allowDifferentMachines = false): ProvenanceCheck {
  if (!base || !cand) {
    const which = !base && !cand ? "neither run records" : !base ? "the baseline does not record" : "this run does not record";
    return { differences: [], timingJudged: true, note: `${which} its provenance (written before taskstorm did): timing judged without knowing the machines` };
  }
  const differences = timingDifferences(base, cand);
  if (differences.length === 0) return { differences, timingJudged: true, note: "same machine, versions and placement: timing judged" };
  if (allowDifferentMachines) return { differences, timingJudged: true, note: `timing judged across different machines (--allow-different-machines): ${differences.join("; ")}` };
  return {
    differences, timingJudged: false,
    note: `timing not judged: the runs differ in ${differences.join("; ")}; a time measured on one is no baseline for the other ` +
      "(correctness still compared; --allow-different-machines judges timing anyway)",
  };
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
