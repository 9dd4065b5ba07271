// Polling readiness: waits until every node's polling endpoint reports, in GET /polling/status, at
// least as many connected subscriptions as the topology has polling tentacles polling that node.

import { POLLING_PATHS, type PollingStatus, type PollingTentacleSpec } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";

/** Polling tentacles expected on each node (by node name). */
export function expectedSubscriptions(tentacles: readonly PollingTentacleSpec[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const t of tentacles) for (const e of t.endpoints) expected.set(e.node, (expected.get(e.node) ?? 0) + 1);
  return expected;
}

export async function pollingStatus(url: string, signal?: AbortSignal): Promise<PollingStatus | undefined> {
  try {
    const res = await fetch(`${url}${POLLING_PATHS.status}`, { signal: AbortSignal.any([AbortSignal.timeout(2_000), ...(signal ? [signal] : [])]) });
    return res.ok ? ((await res.json()) as PollingStatus) : undefined;
  } catch {
    signal?.throwIfAborted();
    return undefined;
  }
}

export async function waitPollingReady(
  nodes: readonly { name: string; url: string }[],
  expected: ReadonlyMap<string, number>,
  signal: AbortSignal,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, number>();
  for (;;) {
    const statuses = await Promise.all(nodes.map((n) => pollingStatus(n.url, signal)));
    nodes.forEach((n, i) => seen.set(n.name, statuses[i]?.subscriptions ?? -1));
    if (nodes.every((n) => (seen.get(n.name) ?? -1) >= (expected.get(n.name) ?? 0))) return;
    if (Date.now() >= deadline) {
      const detail = nodes.map((n) => `${n.name} ${seen.get(n.name)}/${expected.get(n.name) ?? 0}`).join(", ");
      throw errors.timeout("polling tentacles to connect to every node", timeoutMs, `subscriptions seen/expected: ${detail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
