// A scenario's `expect`: the symptom it exists to show, as comparisons over the columns' summaries,
// and what each comparison found after a run. Pure types (the zod schema lives in sim/scenario).

export interface Expectation {
  /** What it states, for people. */
  says: string;
  /** Column label whose summary is read. */
  strategy: string;
  /** Path into that column's summary, e.g. "checks.no-double-execution.valid", "queueWaitMs.p95". */
  metric: string;
  op: "==" | "!=" | ">" | ">=" | "<" | "<=";
  /** Compared with a fixed value, or with the same metric of column `than` times `factor` (default 1). */
  value?: number | boolean | string;
  than?: string;
  factor?: number;
}

export interface ExpectationResult {
  says: string;
  holds: boolean;
  /** What was compared, e.g. "a queueWaitMs.p95 = 1200 > 3 x b (= 150)". */
  observed: string;
}
