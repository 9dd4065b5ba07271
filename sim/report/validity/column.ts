// A column's measurement validity from its in-memory run: the load window (load start to the run's
// load:end op, else the end of observation), the harness samples digested from metrics.ndjson, k6's summary.
import type { ExpectedSaturation, HistoryOp, MeasurementValidity } from "../../contracts/index.ts";
import type { ScrapeDigest } from "../timeseries/scrape-series.ts";
import { measurementValidity } from "./evaluate.ts";

export interface ValidityRun {
  history: readonly HistoryOp[];
  loadStartMs: number;
  k6?: { summary?: unknown };
  scrape?: ScrapeDigest;
}

export function columnValidity(run: ValidityRun, endMs: number, maxVUs?: number, expectedSaturation?: readonly ExpectedSaturation[]): MeasurementValidity {
  const loadEnd = run.history.find((op) => op.f === "load:end")?.time;
  return measurementValidity({
    windowStartMs: run.loadStartMs, windowEndMs: loadEnd ?? endMs,
    ...(run.scrape?.harness ? { harness: run.scrape.harness } : {}),
    ...(run.k6?.summary !== undefined ? { k6Summary: run.k6.summary } : {}),
    ...(maxVUs !== undefined ? { maxVUs } : {}),
    ...(expectedSaturation?.length ? { expectedSaturation } : {}),
  });
}
