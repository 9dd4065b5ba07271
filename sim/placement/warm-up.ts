// Warm-up: before load starts, prove the whole path works: every node answers /healthz and every
// tentacle answers a health RPC through its Toxiproxy proxy. Slow starters get bounded retries with a
// growing backoff; a tentacle still silent after the last one fails the warm-up with what it answered.

import { RPC_PATHS } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { forEachLimited } from "../lib/limit.ts";
import { pollUntil } from "../lib/poll.ts";

/** A tentacle to probe: its id (for messages) and the URL of its proxy. A bare string is both. */
export type WarmUpTarget = string | { id: string; endpoint: string };

export interface WarmUpOptions {
  /** Time allowed for each node's /healthz. */
  nodeTimeoutMs?: number;
  /** Probes per tentacle, the first included (bounded: a dead tentacle fails the warm-up). */
  attempts?: number;
  /** Wait before the second probe; doubles per retry up to maxBackoffMs. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** Limit of the first probe; each retry allows one more second (a loaded machine answers late). */
  probeTimeoutMs?: number;
  /** Probes in flight at once. */
  concurrency?: number;
}

/** Defaults: 6 probes per tentacle over about 8 s of backoff and up to 7 s per probe (~30 s worst case per tentacle). */
export const WARM_UP_DEFAULTS: Required<WarmUpOptions> = {
  nodeTimeoutMs: 30_000, attempts: 6, firstBackoffMs: 250, maxBackoffMs: 4_000, probeTimeoutMs: 2_000, concurrency: 32,
};
/** Tentacles named in a failure message; the rest are counted. */
const NAMED_IN_FAILURE = 10;

/** What one probe saw: ok, or a short account of the answer ("HTTP 503: ...", "ECONNREFUSED", "no answer within 2000 ms"). */
async function probe(url: string, timeoutMs: number, signal: AbortSignal): Promise<{ ok: true } | { ok: false; answered: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    const body = (await res.text()).replace(/\s+/g, " ").trim().slice(0, 80);
    return res.ok ? { ok: true } : { ok: false, answered: `HTTP ${res.status}${body ? `: ${body}` : ""}` };
  } catch (err) {
    signal.throwIfAborted();
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError") return { ok: false, answered: `no answer within ${timeoutMs} ms` };
    return { ok: false, answered: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

/** Backoff before attempt `attempt` (2 = the first retry). */
export function backoffMs(attempt: number, o: Pick<Required<WarmUpOptions>, "firstBackoffMs" | "maxBackoffMs">): number {
  return Math.min(o.maxBackoffMs, o.firstBackoffMs * 2 ** (attempt - 2));
}

export async function warmUp(nodeUrls: string[], tentacles: readonly WarmUpTarget[], signal: AbortSignal, options: WarmUpOptions | number = {}): Promise<void> {
  const o = { ...WARM_UP_DEFAULTS, ...(typeof options === "number" ? { nodeTimeoutMs: options } : options) };
  for (const url of nodeUrls) await pollUntil(`${url}/healthz`, o.nodeTimeoutMs, async () => (await probe(`${url}/healthz`, o.probeTimeoutMs, signal)).ok);
  const startedMs = Date.now();
  let pending = tentacles.map((t) => (typeof t === "string" ? { id: t, endpoint: t } : t));
  const answered = new Map<string, string>();
  for (let attempt = 1; attempt <= o.attempts && pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(backoffMs(attempt, o), signal);
    const failed: typeof pending = [];
    await forEachLimited(pending, o.concurrency, async (t) => {
      const seen = await probe(`${t.endpoint}${RPC_PATHS.health}`, o.probeTimeoutMs + (attempt - 1) * 1_000, signal);
      if (!seen.ok) {
        failed.push(t);
        answered.set(t.id, seen.answered);
      }
    });
    pending = failed;
  }
  if (pending.length === 0) return;
  const named = pending.slice(0, NAMED_IN_FAILURE).map((t) => `${t.id} (${t.endpoint}): ${answered.get(t.id)}`);
  const more = pending.length > NAMED_IN_FAILURE ? `\n  ... and ${pending.length - NAMED_IN_FAILURE} more` : "";
  throw errors.infraFailed("warm-up", `${pending.length} of ${tentacles.length} tentacles did not answer a health RPC through their proxy ` +
    `after ${o.attempts} attempts over ${((Date.now() - startedMs) / 1000).toFixed(1)} s; their last answers:\n  ${named.join("\n  ")}${more}`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { signal.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason as Error); };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
