// junit.xml for CI test reporters: one testsuite per strategy, one testcase per check, per SLO
// (skipped SLOs as <skipped/>), per k6 threshold and for the measurement's validity; an "expectations"
// suite with one case per expected symptom; an "evidence" suite with a failed case for an interruption and
// for each column without figures (infrastructure failed, evidence missing or damaged); a "baseline" suite with one case per regression when
// compared. Every case has its time (the column's, the phase's or the run's, s); a failure's body is
// its evidence line.
import { incompleteRunNotes } from "./failed-columns.ts";
import type { RunSummary, SloResult, StrategySummary, Validity } from "../contracts/index.ts";

interface Case {
  name: string;
  failure?: string;
  skipped?: string;
  /** Seconds of run the case judges. */
  timeS: number;
}

export function renderJunit(summary: RunSummary): string {
  const suites: { name: string; cases: Case[] }[] = [];
  const runS = summary.durationMs / 1000;
  for (const [strategy, s] of Object.entries(summary.strategies)) {
    const timeS = columnSeconds(s);
    const cases: Case[] = Object.entries(s.checks).map(([name, r]) => ({ name: `check ${name}`, timeS, ...checkOutcome(r.valid, r.summary) }));
    for (const slo of s.slos ?? []) cases.push({ name: `slo ${slo.name}`, timeS: sloSeconds(s, slo.name) ?? timeS, ...sloOutcome(slo) });
    for (const t of s.k6?.thresholds ?? []) {
      cases.push({ name: `k6 threshold ${t.metric}: ${t.expression}`, timeS, ...(t.ok ? {} : { failure: `crossed: ${t.metric} ${t.expression}, observed ${t.observed}` }) });
    }
    if (s.validity) cases.push({ name: "measurement validity", timeS, ...(s.validity.valid ? {} : { failure: `measurement invalid: ${s.validity.reasons.join("; ")}` }) });
    suites.push({ name: `${summary.scenario}.${strategy}`, cases });
  }
  const notes = incompleteRunNotes(summary);
  if (notes.length > 0) suites.push({ name: `${summary.scenario}.evidence`, cases: notes.map((n) => ({ name: n.strategy ? `${n.strategy}: ${n.title}` : n.title, failure: n.text, timeS: n.strategy ? 0 : runS })) });
  if (summary.expectations?.length) {
    suites.push({ name: `${summary.scenario}.expectations`, cases: summary.expectations.map((e) => ({ name: `expect ${e.says}`, timeS: runS, ...(e.holds ? {} : { failure: `not seen: ${e.observed}` }) })) });
  }
  if (summary.baseline) {
    const cases: Case[] = summary.baseline.regressions.map((r, i) => ({ name: `regression ${i + 1}`, failure: r, timeS: 0 }));
    if (cases.length === 0) cases.push({ name: `no regression against ${summary.baseline.baseline}`, timeS: 0 });
    suites.push({ name: `${summary.scenario}.baseline`, cases });
  }
  const count = (pick: (c: Case) => boolean) => suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="taskstorm ${attr(summary.scenario)}" tests="${count(() => true)}" failures="${count((c) => c.failure !== undefined)}" skipped="${count((c) => c.skipped !== undefined)}">`,
  ];
  for (const suite of suites) {
    const failures = suite.cases.filter((c) => c.failure !== undefined).length;
    const skipped = suite.cases.filter((c) => c.skipped !== undefined).length;
    const suiteS = Math.max(0, ...suite.cases.map((c) => c.timeS));
    lines.push(`  <testsuite name="${attr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" skipped="${skipped}" time="${seconds(suiteS)}">`);
    for (const c of suite.cases) {
      const open = `    <testcase classname="taskstorm.${attr(suite.name)}" name="${attr(c.name)}" time="${seconds(c.timeS)}"`;
      if (c.failure !== undefined) lines.push(`${open}>`, `      <failure message="${attr(firstLine(c.failure))}">${text(c.failure)}</failure>`, "    </testcase>");
      else if (c.skipped !== undefined) lines.push(`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, "    </testcase>");
      else lines.push(`${open}/>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

/** The column's observed length: the end of its last phase (load start to capture), s. */
function columnSeconds(s: StrategySummary): number {
  return Math.max(0, ...Object.values(s.phases ?? {}).map((p) => (p ? p.endMs / 1000 : 0)));
}

/** A phase SLO ("during.maxQueueWaitP95Ms") judges its phase's length. */
function sloSeconds(s: StrategySummary, slo: string): number | undefined {
  const phase = s.phases?.[slo.split(".")[0] as keyof NonNullable<StrategySummary["phases"]>];
  return phase ? (phase.endMs - phase.startMs) / 1000 : undefined;
}

function seconds(s: number): string {
  return (Math.round(s * 1000) / 1000).toFixed(3);
}

function checkOutcome(valid: Validity, summary: string): Omit<Case, "name" | "timeS"> {
  return valid === true ? {} : { failure: `${valid === false ? "invalid" : "unknown"}: ${summary}` };
}

function sloOutcome(slo: SloResult): Omit<Case, "name" | "timeS"> {
  if (slo.status === "pass") return {};
  if (slo.status === "skipped") return { skipped: slo.detail };
  return { failure: `${slo.status}: ${slo.detail}` };
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.slice(0, 300);
}

function text(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;");
}
