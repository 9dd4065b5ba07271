// junit.xml for CI test reporters: one testsuite per strategy, one testcase per check and per SLO
// (skipped SLOs as <skipped/>), plus a "baseline" suite with one case per regression when compared.
import type { RunSummary, SloResult, Validity } from "../contracts/index.ts";

interface Case {
  name: string;
  failure?: string;
  skipped?: string;
}

export function renderJunit(summary: RunSummary): string {
  const suites: { name: string; cases: Case[] }[] = [];
  for (const [strategy, s] of Object.entries(summary.strategies)) {
    const cases: Case[] = Object.entries(s.checks).map(([name, r]) => ({ name: `check ${name}`, ...checkOutcome(r.valid, r.summary) }));
    for (const slo of s.slos ?? []) cases.push({ name: `slo ${slo.name}`, ...sloOutcome(slo) });
    suites.push({ name: `${summary.scenario}.${strategy}`, cases });
  }
  if (summary.baseline) {
    const cases: Case[] = summary.baseline.regressions.map((r, i) => ({ name: `regression ${i + 1}`, failure: r }));
    if (cases.length === 0) cases.push({ name: `no regression against ${summary.baseline.baseline}` });
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
    lines.push(`  <testsuite name="${attr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" skipped="${skipped}">`);
    for (const c of suite.cases) {
      const open = `    <testcase classname="taskstorm.${attr(suite.name)}" name="${attr(c.name)}"`;
      if (c.failure !== undefined) lines.push(`${open}>`, `      <failure message="${attr(firstLine(c.failure))}">${text(c.failure)}</failure>`, "    </testcase>");
      else if (c.skipped !== undefined) lines.push(`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, "    </testcase>");
      else lines.push(`${open}/>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

function checkOutcome(valid: Validity, summary: string): Omit<Case, "name"> {
  return valid === true ? {} : { failure: `${valid === false ? "invalid" : "unknown"}: ${summary}` };
}

function sloOutcome(slo: SloResult): Omit<Case, "name"> {
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
