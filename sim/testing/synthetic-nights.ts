// Test and benchmark fixture: N nightly summaries from one real summary (a synthetic run folder's),
// a day apart, with drifting figures, a baseline comparison from the second night on, a provenance
// change (a bigger runner) at night `changeAt` and one column measurement-invalid at night `invalidAt`.
import type { MeasurementValidity, Provenance, RunSummary } from "../contracts/index.ts";
import { compareSummaries } from "../report/index.ts";

const PROVENANCE: Provenance = {
  taskstorm: { version: "0.1.0", commit: "0123456789abcdef0123456789abcdef01234567" }, node: "v24.22.3", postgres: { version: "18.4", source: "embedded" },
  tools: { k6: "v2.2.0", toxiproxy: "v2.12.0" }, machine: { cpuModel: "AMD EPYC", cpus: 2, memoryBytes: 24 * 2 ** 30, kernel: "6.18", arch: "x64" },
  loadAverage: { start: [0.4, 0.5, 0.6], end: [1.8, 1.2, 0.9] }, placement: { kind: "local" },
};

export function syntheticNights(base: RunSummary, nights: number, o: { changeAt?: number; invalidAt?: number } = {}): RunSummary[] {
  const out: RunSummary[] = [];
  const t0 = Date.parse("2026-11-01T02:17:00Z");
  for (let i = 0; i < nights; i++) {
    const drift = 1 + 0.05 * Math.sin(i * 1.7) + (i === o.invalidAt ? 0.6 : 0);
    const strategies = Object.fromEntries(Object.entries(base.strategies).map(([c, s], k) => {
      const invalid = i === o.invalidAt && k === 1;
      const validity: MeasurementValidity = { valid: !invalid, reasons: invalid ? ["machine CPU saturated (>= 97% busy) in 80% of the load window (limit 50%)"] : [], notes: [], monitors: {} as MeasurementValidity["monitors"] };
      return [c, {
        ...s, validity, throughputPerMin: s.throughputPerMin / drift,
        queueWaitMs: { ...s.queueWaitMs, p95: s.queueWaitMs.p95 === null ? null : s.queueWaitMs.p95 * drift },
        taskDurationMs: { ...s.taskDurationMs, p95: s.taskDurationMs.p95 === null ? null : s.taskDurationMs.p95 * drift },
      }];
    }));
    const provenance = { ...PROVENANCE, taskstorm: { ...PROVENANCE.taskstorm, commit: `${i}`.padStart(2, "0") + PROVENANCE.taskstorm.commit!.slice(2) }, machine: { ...PROVENANCE.machine, cpus: o.changeAt !== undefined && i >= o.changeAt ? 4 : 2 } };
    const night: RunSummary = { ...base, startedAt: new Date(t0 + i * 86_400_000).toISOString(), strategies, provenance };
    const previous = out.at(-1);
    out.push(previous ? { ...night, baseline: compareSummaries(previous, night, { baselineLabel: `night ${i}` }) } : night);
  }
  return out;
}
