// Scraped Prometheus metrics as data: parsed families and the NDJSON line the scraper writes per
// scrape (metrics/scrape-<run>.ndjson). JSON has no NaN/Infinity, so non-finite values travel as strings.

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface MetricSample {
  /** Full sample name, e.g. "sim_req_seconds_bucket". */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Optional sample timestamp from the exposition, ms since the epoch. */
  timestampMs?: number;
}

export interface MetricFamily {
  /** Family name, e.g. "sim_req_seconds" for its _bucket/_sum/_count samples. */
  name: string;
  type: MetricType;
  help: string;
  samples: MetricSample[];
}

/** A number as JSON can carry it: finite numbers as-is, NaN and infinities as strings. */
export type JsonNumber = number | "NaN" | "+Inf" | "-Inf";

export function toJsonNumber(value: number): JsonNumber {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return value;
}

export function fromJsonNumber(value: JsonNumber): number {
  if (value === "NaN") return NaN;
  if (value === "+Inf") return Infinity;
  if (value === "-Inf") return -Infinity;
  return value;
}

/** A sample as stored in a scrape line (help and timestamps dropped). */
export interface ScrapedSample {
  name: string;
  labels: Record<string, string>;
  value: JsonNumber;
}

export interface ScrapedFamily {
  name: string;
  type: MetricType;
  samples: ScrapedSample[];
}

/** One NDJSON line per target per scrape. */
export type ScrapeLine =
  | { timeMs: number; target: string; ok: true; durationMs: number; families: ScrapedFamily[] }
  | { timeMs: number; target: string; ok: false; durationMs: number; error: string };
