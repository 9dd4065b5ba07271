// The fault windows as a metric, for Grafana annotations: taskstorm_fault_active{kind,target} is 1
// from a `fault:*` invoke to its closing op, then 0 (kept, so the end of the window is a sample too).
// Fed the same ops the history gets, timeline and manual alike.
import type { FaultWindowValue, HistoryOp, ScrapedFamily } from "../contracts/index.ts";

export interface FaultGauge {
  observe(op: HistoryOp): void;
  families(): ScrapedFamily[];
}

export function makeFaultGauge(): FaultGauge {
  const windows = new Map<string, { kind: string; target: string; open: number }>();
  return {
    observe(op) {
      if (!op.f.startsWith("fault:")) return;
      const value = op.value as Partial<FaultWindowValue> | null;
      const kind = value?.kind ?? op.f.slice("fault:".length);
      const target = value?.target ?? "";
      const key = `${kind}|${target}`;
      const w = windows.get(key) ?? { kind, target, open: 0 };
      w.open = Math.max(0, w.open + (op.type === "invoke" ? 1 : -1));
      windows.set(key, w);
    },
    families: () => [{
      name: "taskstorm_fault_active", type: "gauge",
      samples: [...windows.values()].map((w) => ({ name: "taskstorm_fault_active", labels: { kind: w.kind, target: w.target }, value: w.open > 0 ? 1 : 0 })),
    }],
  };
}
