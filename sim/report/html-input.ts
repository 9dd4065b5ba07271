// Assembles what report.html shows from the in-memory strategy runs and their summary: series on each
// run's axis, fault windows, sampled task timelines, the resiliency matrix. Pure.
import type { RunSummary } from "../contracts/index.ts";
import { silentSpans } from "../contracts/index.ts";
import { acceptedTaskIds, faultWindows } from "../history/index.ts";
import type { HtmlInput, HtmlStrategy } from "./html/page.ts";
import { resiliencyMatrix, type MatrixRun } from "./resiliency.ts";
import { observationEndMs, type StrategyRunInput } from "./summary.ts";
import { sampleTasks } from "./task-sample.ts";
import { makeAxis, type Axis } from "./timeseries/axis.ts";
import { historySeries } from "./timeseries/history-series.ts";
import { taskSeries } from "./timeseries/task-series.ts";

/** The time axis of one strategy run: its load start to its end of observation. */
export function axisOf(run: Pick<StrategyRunInput, "loadStartMs" | "endMs" | "finalState" | "history">): Axis {
  return makeAxis(run.loadStartMs, observationEndMs(run));
}

export function buildHtmlInput(summary: RunSummary, runs: readonly StrategyRunInput[], hungTaskBoundMs?: number): HtmlInput {
  const strategies: HtmlStrategy[] = [];
  const matrixRuns: MatrixRun[] = [];
  for (const run of runs) {
    const axis = axisOf(run);
    const endMs = observationEndMs(run);
    const hung = hungTaskBoundMs === undefined ? undefined : { boundMs: hungTaskBoundMs, untilMs: endMs };
    const windows = faultWindows(run.history);
    const series = {
      ...taskSeries(axis, run.finalState.tasks),
      ...historySeries(axis, run.history, run.finalState.events, hung),
      ...(run.scrape?.series ?? {}),
    };
    strategies.push({
      name: run.name,
      axis,
      series,
      faults: windows.map((w) => ({
        label: `${run.name}: ${w.kind} on ${w.target}, ${((w.startTimeMs - run.loadStartMs) / 1000).toFixed(1)}–${w.endTimeMs === null ? "end" : ((w.endTimeMs - run.loadStartMs) / 1000).toFixed(1)} s`,
        startS: (w.startTimeMs - run.loadStartMs) / 1000,
        endS: w.endTimeMs === null ? null : (w.endTimeMs - run.loadStartMs) / 1000,
      })),
      checks: run.checks,
      timeline: sampleTasks(run.finalState, run.checks, run.loadStartMs),
    });
    matrixRuns.push({
      strategy: run.name,
      windows,
      history: run.history,
      tasks: run.finalState.tasks,
      accepted: new Set(run.acceptedTaskIds ?? acceptedTaskIds(run.history)),
      checks: run.checks,
      baselineQueueWaitP95Ms: summary.strategies[run.name]?.phases?.before?.queueWaitP95Ms ?? null,
      hungSpans: hung ? silentSpans(run.history, run.finalState.events, hung.boundMs, hung.untilMs) : [],
      endMs,
    });
  }
  return { summary, strategies, matrix: resiliencyMatrix(matrixRuns) };
}
