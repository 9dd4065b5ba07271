import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeHistory } from "../history/index.ts";
import { handMadeInput } from "./hand-made-run.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildSummary } from "./summary.ts";
import { writeReport } from "./write-report.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taskstorm-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeReport", () => {
  it("writes summary.json and report.md for in-memory strategies", async () => {
    const input = handMadeInput();
    const runDir = join(dir, "smoke", "run-1");
    const written = await writeReport(runDir, input);
    expect(written.summaryPath).toBe(join(runDir, "summary.json"));
    expect(JSON.parse(await readFile(written.summaryPath, "utf8"))).toEqual(buildSummary(input));
    expect(await readFile(written.reportPath, "utf8")).toBe(renderMarkdown(buildSummary(input)));
  });

  it("loads strategies given as files, treating a missing k6 summary as absent", async () => {
    const input = handMadeInput();
    const { history, k6: _k6, ...rest } = input.strategies[0]!;
    const historyFile = join(dir, "pessimistic", "history.ndjson");
    await writeHistory(historyFile, history);
    const { summary } = await writeReport(dir, {
      ...input,
      strategies: [{ ...rest, historyFile, k6SummaryFile: join(dir, "pessimistic", "k6-summary.json"), k6ExitCode: 0 }],
    });
    expect(summary.strategies.pessimistic).toMatchObject({ accepted: 5, completed: 2, failed: 1, unfinished: 2 });
    expect(summary.strategies.pessimistic!.k6).toEqual({ exitCode: 0, thresholdsFailed: 0, failedThresholds: [], httpReqs: null, httpReqFailedRate: null, iterationsDropped: null });
    expect(summary.faults).toHaveLength(2);
  });
});
