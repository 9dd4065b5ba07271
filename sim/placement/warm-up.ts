// Warm-up: before load starts, prove the whole path works: every node answers /healthz and every
// tentacle answers a health RPC through its Toxiproxy proxy.

import { RPC_PATHS } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { forEachLimited } from "../lib/limit.ts";
import { pollUntil } from "../lib/poll.ts";

const PROBE_TIMEOUT_MS = 2_000;

async function answers(url: string, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    signal.throwIfAborted();
    return false;
  }
}

export async function warmUp(nodeUrls: string[], tentacleEndpoints: string[], signal: AbortSignal, timeoutMs = 30_000): Promise<void> {
  for (const url of nodeUrls) await pollUntil(`${url}/healthz`, timeoutMs, () => answers(`${url}/healthz`, signal));
  const failed: string[] = [];
  await forEachLimited(tentacleEndpoints, 32, async (endpoint) => {
    if (!(await answers(`${endpoint}${RPC_PATHS.health}`, signal))) failed.push(endpoint);
  });
  if (failed.length > 0) {
    throw errors.infraFailed("warm-up", `${failed.length} of ${tentacleEndpoints.length} tentacles did not answer a health RPC through their proxy (first: ${failed.slice(0, 3).join(", ")})`);
  }
}
