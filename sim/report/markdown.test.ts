import { describe, expect, it } from "vitest";
import { handMadeInput } from "../testing/hand-made-run.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildSummary } from "./summary.ts";

describe("renderMarkdown", () => {
  it("puts strategies side by side, lists fault windows, the verdict and the replay command", () => {
    const md = renderMarkdown(buildSummary(handMadeInput()));
    const lines = md.split("\n");
    for (const row of [
      "# taskstorm: smoke",
      "Scenario `smoke`, seed 42, started 2026-11-22T02:00:00.000Z, took 95.0 s.",
      "| | pessimistic | optimistic |",
      "|---|---:|---:|",
      "| accepted | 5 | 1 |",
      "| completed (Success) | 2 | 1 |",
      "| failed (Failed/TimedOut/Canceled) | 1 | 0 |",
      "| unfinished | 2 | 0 |",
      "| throughput (completed/min) | 36.4 | 2.0 |",
      "| queue wait p50/p95/p99 (ms) | 200 / 300 / 300 | 50 / 50 / 50 |",
      "| task duration p50/p95/p99 (ms) | 1000 / 3000 / 3000 | 29950 / 29950 / 29950 |",
      "| check all-accepted-terminal | **FAIL** | pass |",
      "| check no-double-execution | pass | – |",
      "| k6 exit code | 99 | 0 |",
      "| k6 http_req_failed | 25.00% | 0.00% |",
      "| k6 dropped iterations | 2 | 0 |",
      "| pessimistic | latency | tentacles 2/10 | 10.0 | 20.0 |",
      "| pessimistic | kill | node-2 | 30.0 | never healed |",
      "| optimistic | latency | tentacles 2/10 | 10.5 | 20.0 |",
      "**Verdict: FAIL**",
      "- pessimistic: all-accepted-terminal is invalid: 1 not terminal (Queued: 1), 1 lost",
      "Replay: `taskstorm run smoke --seed 42`",
    ]) {
      expect(lines).toContain(row);
    }
    expect(lines.length).toBeLessThan(50);
  });

  it("says when no faults ran, omits k6 rows without k6, and escapes pipes in cells", () => {
    const input = handMadeInput();
    const { k6: _k6, ...run } = input.strategies[1]!;
    const summary = buildSummary({ ...input, strategies: [{ ...run, name: "a|b", history: run.history.slice(0, 1) }] });
    const md = renderMarkdown(summary);
    expect(md).toContain("No faults injected.");
    expect(md).toContain("| | a\\|b |");
    expect(md).not.toContain("k6 exit code");
    expect(md).toContain("**Verdict: PASS**");
  });
});
