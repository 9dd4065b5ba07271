// Scrapes Prometheus targets and samplers (functions returning families) every intervalMs (first round
// at start; rounds never overlap) and appends one ScrapeLine per target per round to an NDJSON file. A target that is down, slow (fetchTimeoutMs)
// or returns garbage yields an error line; the scraper never throws. stop() waits for the round in flight.
import type { ScrapeLine, ScrapedFamily } from "../contracts/index.ts";
import { toJsonNumber } from "../contracts/index.ts";
import { makeNdjsonWriter } from "../history/index.ts";
import { parsePromText } from "./prom-text.ts";

/** An HTTP /metrics endpoint, or a sampler that produces families itself (PostgreSQL, Toxiproxy). */
export type ScrapeTarget =
  | {
      /** Name written in every line, e.g. "node-1", "postgres". */
      name: string;
      /** Full URL of the metrics endpoint. */
      url: string;
    }
  | { name: string; collect: (signal: AbortSignal) => Promise<ScrapedFamily[]> };

export interface ScraperOptions {
  targets: ScrapeTarget[];
  intervalMs: number;
  outFile: string;
  /** Limit for one fetch including the body. */
  fetchTimeoutMs: number;
  /** Clock for line times; ms since the epoch. Default Date.now. */
  nowMs?: () => number;
  /** Called with every line as it is written (e.g. to serve the samplers' families to Prometheus). */
  onLine?: (line: ScrapeLine) => void;
}

export interface ScrapeTotals {
  /** Samples written, over all ok lines. */
  samples: number;
  /** Error lines written. */
  errors: number;
  /** Rounds completed. */
  rounds: number;
}

export interface RunningScraper {
  /** Stops scraping, waits for the round in flight, closes the file. Rejects only if the file could not be written. */
  stop(): Promise<ScrapeTotals>;
}

export function startScraper(options: ScraperOptions): RunningScraper {
  const { targets, intervalMs, fetchTimeoutMs, outFile } = options;
  if (!(intervalMs > 0)) throw new Error(`startScraper: intervalMs must be > 0, got ${intervalMs}`);
  if (!(fetchTimeoutMs > 0)) throw new Error(`startScraper: fetchTimeoutMs must be > 0, got ${fetchTimeoutMs}`);
  const nowMs = options.nowMs ?? Date.now;
  const writer = makeNdjsonWriter(outFile);
  const totals: ScrapeTotals = { samples: 0, errors: 0, rounds: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let failure: unknown;

  async function round(): Promise<void> {
    const startedMs = performance.now();
    const lines = await Promise.all(targets.map((t) => scrapeOne(t, fetchTimeoutMs, nowMs)));
    for (const line of lines) {
      if (line.ok) totals.samples += line.families.reduce((n, f) => n + f.samples.length, 0);
      else totals.errors++;
      writer.write(line);
      options.onLine?.(line);
    }
    totals.rounds++;
    if (!stopped) timer = setTimeout(tick, Math.max(0, intervalMs - (performance.now() - startedMs)));
  }

  function tick(): void {
    // Only writing the file can throw here; keep the first failure for stop() and scrape no more.
    inFlight = round().catch((err: unknown) => {
      failure ??= err;
      stopped = true;
    });
  }

  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      clearTimeout(timer);
      await writer.close().catch((err: unknown) => (failure ??= err));
      if (failure) throw failure;
      return { ...totals };
    },
  };
}

/** One scrape of one target as a line; never rejects. */
export async function scrapeOne(target: ScrapeTarget, fetchTimeoutMs: number, nowMs: () => number = Date.now): Promise<ScrapeLine> {
  const timeMs = nowMs();
  const t0 = performance.now();
  const durationMs = () => Math.round((performance.now() - t0) * 10) / 10;
  const where = "url" in target ? target.url : `sampler ${target.name}`;
  try {
    const signal = AbortSignal.timeout(fetchTimeoutMs);
    if (!("url" in target)) {
      const families = await Promise.race([target.collect(signal), rejectOnAbort(signal)]);
      return { timeMs, target: target.name, ok: true, durationMs: durationMs(), families };
    }
    const res = await fetch(target.url, { signal });
    const body = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${target.url}: ${body.slice(0, 200)}`);
    return { timeMs, target: target.name, ok: true, durationMs: durationMs(), families: compact(parsePromText(body)) };
  } catch (err) {
    return { timeMs, target: target.name, ok: false, durationMs: durationMs(), error: describe(err, where, fetchTimeoutMs) };
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
}

function compact(families: ReturnType<typeof parsePromText>): ScrapedFamily[] {
  return families.map((f) => ({
    name: f.name,
    type: f.type,
    samples: f.samples.map((s) => ({ name: s.name, labels: s.labels, value: toJsonNumber(s.value) })),
  }));
}

function describe(err: unknown, url: string, fetchTimeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return `no response from ${url} within ${fetchTimeoutMs} ms`;
  }
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err instanceof Error ? err.message : String(err)}${cause}`;
}
