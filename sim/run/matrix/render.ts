// The matrix report from cell results (pure, no I/O): matrix.md (fault x target x window rows, a column per
// strategy, each entry pass or the check that failed, linked to the cell's run folder), matrix.json, and
// junit.xml (a suite per strategy, a case per cell; naive variants are observed, never failures).
import { esc } from "../../report/html/escape.ts";
import type { SkippedKind } from "./cells.ts";
import type { CellResult } from "./judge.ts";

export interface MatrixReport {
  startedAt: string;
  wallMs: number;
  quick: boolean;
  seeds: number[];
  /** The command that made it, for replaying one cell or all. */
  command: string;
  cells: CellResult[];
  skipped: SkippedKind[];
}

export interface MatrixTotals {
  cells: number;
  /** Cells of the correct strategies, and how many passed. */
  judged: number;
  passed: number;
  failed: number;
  errors: number;
  /** Cells of naive variants (observed only) and how many of them failed. */
  observed: number;
  observedFailed: number;
}

export function totalsOf(cells: readonly CellResult[]): MatrixTotals {
  const judged = cells.filter((c) => c.expected === "pass");
  const observed = cells.filter((c) => c.expected === "observe");
  return {
    cells: cells.length, judged: judged.length,
    passed: judged.filter((c) => c.status === "pass").length, failed: judged.filter((c) => c.status === "fail").length,
    errors: cells.filter((c) => c.status === "error").length,
    observed: observed.length, observedFailed: observed.filter((c) => c.status === "fail").length,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const percent = (n: number, of: number) => (of === 0 ? "n/a" : `${((100 * n) / of).toFixed(1)}%`);
/** A markdown table cell's text: no pipes, no newlines. */
const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** One cell's entry in the table: its status word, linked to its run folder when there is one. */
function entry(c: CellResult): string {
  const word = c.status === "pass" ? "pass" : c.status === "error" ? "ERROR" : `FAIL ${c.failed.map((f) => f.check).join(", ")}`;
  const text = c.expected === "observe" && c.status === "fail" ? `${word.toLowerCase()} (observed)` : word;
  return c.runDir ? `[${text}](${encodeURI(c.runDir)}/report.md)` : text;
}

export function renderMatrixMarkdown(r: MatrixReport): string {
  const t = totalsOf(r.cells);
  const strategies = [...new Set(r.cells.map((c) => c.strategy))];
  const rows = new Map<string, CellResult[]>();
  for (const c of r.cells) {
    const key = `${c.kind}\u0000${c.target}\u0000${c.window}`;
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  const lines = [
    `# Fault matrix${r.quick ? " (--quick)" : ""}`,
    "",
    `Started ${r.startedAt}, wall time ${seconds(r.wallMs)}; seeds ${r.seeds.join(", ")}. Command: \`${r.command}\``,
    "",
    `**${t.passed} of ${t.judged} cells of the correct strategies passed (${percent(t.passed, t.judged)})**; ${t.failed} failed, ${t.errors} harness errors${t.observed ? `; naive variants (observed, not judged): ${t.observedFailed} of ${t.observed} failed` : ""}.`,
    "",
    "A cell is one short run of the smoke scenario with one fault: it passes when, after heal and a bounded drain, no invariant check is false",
    "(every accepted task terminal, nothing ran twice, legal transitions, caps and tags held, failures explained). Each entry links to the cell's run.",
    "",
    `| fault | target | window | ${strategies.join(" | ")} |`,
    `|---|---|---|${strategies.map(() => "---").join("|")}|`,
  ];
  for (const cells of rows.values()) {
    const first = cells[0]!;
    const perStrategy = strategies.map((s) => cells.filter((c) => c.strategy === s).sort((a, b) => a.seed - b.seed).map(entry).join(" · ") || "-");
    lines.push(`| ${first.kind} | ${first.target} | ${first.window} | ${perStrategy.join(" | ")} |`);
  }
  const bad = r.cells.filter((c) => c.status !== "pass");
  if (bad.length) {
    lines.push("", "## Failures", "");
    for (const c of bad) {
      const where = c.runDir ? ` ([run](${encodeURI(c.runDir)}/report.md))` : "";
      const observed = c.expected === "observe" ? " (naive variant, observed only)" : "";
      lines.push(`- \`${c.id}\`${observed}${where}`);
      for (const f of c.failed) lines.push(`  - ${f.check}: ${md(f.summary)}`);
      if (c.error) lines.push(`  - harness error: ${md(c.error)}`);
    }
  }
  if (r.skipped.length) {
    lines.push("", "## Not run here", "");
    for (const s of r.skipped) lines.push(`- ${s.kind}: ${s.why}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderMatrixJson(r: MatrixReport): string {
  return `${JSON.stringify({ ...r, totals: totalsOf(r.cells) }, null, 2)}\n`;
}

export function renderMatrixJunit(r: MatrixReport): string {
  const t = totalsOf(r.cells);
  const suites = [...new Set(r.cells.map((c) => c.strategy))].map((s) => ({ name: s, cells: r.cells.filter((c) => c.strategy === s) }));
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="taskstorm matrix" tests="${t.cells}" failures="${t.failed}" errors="${t.errors}" time="${(r.wallMs / 1000).toFixed(3)}">`,
  ];
  for (const suite of suites) {
    const failures = suite.cells.filter((c) => c.expected === "pass" && c.status === "fail").length;
    const errors = suite.cells.filter((c) => c.status === "error").length;
    const timeS = suite.cells.reduce((n, c) => n + c.wallMs, 0) / 1000;
    lines.push(`  <testsuite name="matrix.${esc(suite.name)}" tests="${suite.cells.length}" failures="${failures}" errors="${errors}" time="${timeS.toFixed(3)}">`);
    for (const c of suite.cells) {
      const open = `    <testcase classname="taskstorm.matrix.${esc(c.strategy)}" name="${esc(`${c.kind} on ${c.target}, ${c.window} window, seed ${c.seed}`)}" time="${(c.wallMs / 1000).toFixed(3)}"`;
      const why = c.failed.map((f) => `${f.check}: ${f.summary}`).join("\n");
      if (c.status === "error") lines.push(`${open}>`, `      <error message="${esc(c.error ?? "harness error")}"/>`, "    </testcase>");
      else if (c.status === "fail" && c.expected === "pass") lines.push(`${open}>`, `      <failure message="${esc(c.failed.map((f) => f.check).join(", "))}">${esc(why)}</failure>`, "    </testcase>");
      else if (c.status === "fail") lines.push(`${open}>`, `      <system-out>${esc(`naive variant, observed only:\n${why}`)}</system-out>`, "    </testcase>");
      else lines.push(`${open}/>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
