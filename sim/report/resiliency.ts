// The resiliency matrix: fault kind x component -> what each strategy showed during that fault's
// window. Outcome, worst first: "violated" (a check's evidence falls in the window), "failed"
// (deployments queued in the window failed or never finished), "degraded" (queue wait p95 over twice
// the before-faults p95 and 1 s more, RPC timeouts, or hung tasks), "absorbed" (none of that).
import type { CheckResult, HistoryOp, TaskRow } from "../contracts/index.ts";
import { percentiles } from "../contracts/index.ts";
import type { FaultWindow } from "../history/index.ts";

export type Severity = "violated" | "failed" | "degraded" | "absorbed";
export interface MatrixCell {
  strategy: string;
  severity: Severity;
  text: string;
}
export interface ResiliencyMatrix {
  kinds: string[];
  components: string[];
  /** cells[kind][component] = one entry per strategy and window. */
  cells: Record<string, Record<string, MatrixCell[]>>;
}

export interface MatrixRun {
  strategy: string;
  windows: readonly FaultWindow[];
  history: readonly HistoryOp[];
  tasks: readonly TaskRow[];
  accepted: ReadonlySet<string>;
  checks: Record<string, CheckResult>;
  baselineQueueWaitP95Ms: number | null;
  hungSpans: readonly { fromMs: number }[];
  endMs: number;
}

export function componentOf(w: Pick<FaultWindow, "targets" | "target">): string {
  const names = w.targets.length ? w.targets : [w.target];
  const kinds = new Set(names.map((n) => (/^(machines-|tentacle)/i.test(n) ? "tentacles" : /^node/i.test(n) ? "server nodes" : /postgres|database|^db/i.test(n) ? "database" : /fleet/i.test(n) ? "fleet" : "other")));
  return kinds.size === 1 ? [...kinds][0]! : "mixed";
}

export function resiliencyMatrix(runs: readonly MatrixRun[]): ResiliencyMatrix {
  const cells: ResiliencyMatrix["cells"] = {};
  for (const run of runs) {
    for (const w of run.windows) {
      const component = componentOf(w);
      ((cells[w.kind] ??= {})[component] ??= []).push(judge(run, w.startTimeMs, w.endTimeMs ?? run.endMs));
    }
  }
  const kinds = Object.keys(cells).sort();
  const components = [...new Set(kinds.flatMap((k) => Object.keys(cells[k]!)))].sort();
  return { kinds, components, cells };
}

function judge(run: MatrixRun, from: number, to: number): MatrixCell {
  const inside = (t: number) => t >= from && t < to;
  const violated = Object.entries(run.checks).filter(([, r]) => r.valid === false && evidenceTimes(r.evidence).some(inside)).map(([n]) => n);
  const queued = run.tasks.filter((t) => run.accepted.has(t.id) && inside(t.queueTimeMs));
  const failed = queued.filter((t) => t.state !== "Success").length;
  const p95 = percentiles(queued.filter((t) => t.startTimeMs !== null).map((t) => t.startTimeMs! - t.queueTimeMs)).p95;
  const timeouts = run.history.filter((op) => op.type === "info" && op.f.startsWith("rpc:") && inside(op.time)).length;
  const hung = run.hungSpans.filter((s) => inside(s.fromMs)).length;
  const base = run.baselineQueueWaitP95Ms;
  const slow = p95 !== null && base !== null && p95 > 2 * base && p95 - base > 1000;
  const facts = [
    `${failed}/${queued.length} failed`,
    p95 === null ? "" : `queue wait p95 ${Math.round(p95)} ms${base === null ? "" : ` (before faults ${Math.round(base)})`}`,
    timeouts ? `${timeouts} RPC timeouts` : "",
    hung ? `${hung} hung` : "",
  ].filter(Boolean).join(", ");
  const severity: Severity = violated.length ? "violated" : failed > 0 ? "failed" : slow || timeouts > 0 || hung > 0 ? "degraded" : "absorbed";
  const text = violated.length ? `violated ${violated.join(", ")}; ${facts}` : `${severity}: ${facts}`;
  return { strategy: run.strategy, severity, text };
}

/** Times named by evidence items: numeric timeMs/fromMs fields, and those of items in their array fields. */
function evidenceTimes(evidence: unknown[] | undefined): number[] {
  const out: number[] = [];
  const read = (o: unknown) => {
    if (typeof o !== "object" || o === null) return;
    for (const key of ["timeMs", "fromMs"]) {
      const v = (o as Record<string, unknown>)[key];
      if (typeof v === "number") out.push(v);
    }
  };
  for (const item of evidence ?? []) {
    read(item);
    if (typeof item === "object" && item !== null) for (const v of Object.values(item)) if (Array.isArray(v)) v.forEach(read);
  }
  return out;
}
