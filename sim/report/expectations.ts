// Checks a scenario's `expect` against the run's summary: each expectation reads one metric of one
// column and compares it with a value or with another column's (times a factor). Pure.

import type { Expectation, ExpectationResult, StrategySummary } from "../contracts/index.ts";

/** Reads `path` ("checks.no-double-execution.valid") from an object; undefined when absent. */
export function readPath(from: unknown, path: string): unknown {
  // Check names contain dashes, so split only on dots.
  return path.split(".").reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), from);
}

function compare(op: Expectation["op"], left: unknown, right: unknown): boolean {
  switch (op) {
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case ">":
      return typeof left === "number" && typeof right === "number" && left > right;
    case ">=":
      return typeof left === "number" && typeof right === "number" && left >= right;
    case "<":
      return typeof left === "number" && typeof right === "number" && left < right;
    case "<=":
      return typeof left === "number" && typeof right === "number" && left <= right;
  }
}

export function evaluateExpectations(expectations: readonly Expectation[], strategies: Readonly<Record<string, StrategySummary>>): ExpectationResult[] {
  return expectations.map((e) => {
    const column = strategies[e.strategy];
    if (!column) return { says: e.says, holds: false, observed: `no column ${JSON.stringify(e.strategy)} in this run (ran: ${Object.keys(strategies).join(", ")})` };
    const left = readPath(column, e.metric);
    const lhs = `${e.strategy} ${e.metric} = ${JSON.stringify(left)}`;
    if (e.than === undefined) return { says: e.says, holds: compare(e.op, left, e.value), observed: `${lhs} ${e.op} ${JSON.stringify(e.value)}` };
    const other = strategies[e.than];
    if (!other) return { says: e.says, holds: false, observed: `no column ${JSON.stringify(e.than)} in this run` };
    const base = readPath(other, e.metric);
    const factor = e.factor ?? 1;
    const right = typeof base === "number" ? base * factor : base;
    return { says: e.says, holds: compare(e.op, left, right), observed: `${lhs} ${e.op} ${factor === 1 ? "" : `${factor} x `}${e.than} (= ${JSON.stringify(base)})` };
  });
}

/**
 * Checks a column is expected to fail ("checks.<name>.valid" expected false or "unknown"): such a
 * failure is the symptom being reproduced, not a verdict failure. Returns "label|check" keys.
 */
export function expectedCheckFailures(expectations: readonly Expectation[]): Set<string> {
  const keys = new Set<string>();
  for (const e of expectations) {
    const m = /^checks\.(.+)\.valid$/.exec(e.metric);
    if (m && e.than === undefined && ((e.op === "==" && e.value !== true) || (e.op === "!=" && e.value === true))) keys.add(`${e.strategy}|${m[1]}`);
  }
  return keys;
}
