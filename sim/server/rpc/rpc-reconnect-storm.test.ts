// Integration (real PostgreSQL, toxiproxy-server, node and fleet processes): a reconnect storm. Polling
// tentacles lose their node (process stopped, then started again on the same port). With `immediate`
// reconnect they all come back within the same instant; with Halibut's randomized backoff (5 s to
// 2 min, scaled) they spread out. Measured server-side: the peak polling connects in one second.
import { afterAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../lib/poll.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { pollingStatus } from "../../placement/polling-ready.ts";
import { startRpcRig } from "../../testing/rpc-rig.ts";

const marker = newMarker();
process.env[MARKER_VAR] = marker; // every process the rig starts inherits it
afterAll(() => expect(processesWithMarker(marker), "processes left running").toEqual([]));

const TENTACLES = 40;
/** How long the node stays down: long enough for the backoff to grow past its 5 s (scaled) floor. */
const OUTAGE_MS = 5_000;

async function peakConnectsPerSecond(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^sim_polling_connects_peak(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? NaN);
}

async function stormPeak(reconnect: "immediate" | "randomized-backoff"): Promise<number> {
  await using rig = await startRpcRig({
    timeScale: 1 / 10, // backoff 0.5 s .. 12 s; null message every 3 s
    server: { nodes: 1, taskCap: 1, rpc: { preset: "default", overrides: { pollingReconnect: reconnect }, maxPooledConnectionsPerTentacle: 5 } },
    fleet: { listening: 0, polling: TENTACLES, environments: 1, projects: 1, roles: ["web"], stepsPerProject: { min: 1, max: 1 }, scriptDurationS: { min: 1, max: 1 }, scriptFailureRate: 0 },
  });
  const node = rig.nodes[0]!;
  const polling = rig.pollingNodes[0]!;
  await node.process.stop("SIGTERM");
  await new Promise((r) => setTimeout(r, OUTAGE_MS)); // the outage itself, not a wait for readiness
  await node.process.start();
  await pollUntil("every tentacle back on the restarted node", 60_000, async () => (await pollingStatus(polling.url))?.subscriptions === TENTACLES);
  return peakConnectsPerSecond(node.url);
}

describe("reconnect storm after a node restart", () => {
  it("immediate reconnect makes a connect spike several times the randomized backoff's", async () => {
    const immediate = await stormPeak("immediate");
    const randomized = await stormPeak("randomized-backoff");
    // Every tentacle reconnects once at least; immediate ones all within about one second.
    expect(immediate).toBeGreaterThanOrEqual(TENTACLES * 0.9);
    expect(randomized).toBeGreaterThan(0);
    expect(immediate / randomized, `peak connects/s: immediate ${immediate}, randomized ${randomized}`).toBeGreaterThanOrEqual(2.5);
  }, 120_000);
});
