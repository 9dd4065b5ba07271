// Integration (real PostgreSQL, toxiproxy-server, node and fleet processes): reset_peer on the replies
// of a listening tentacle during StartScript. The script starts but the server never hears so. With
// Octopus's retry layer the retried StartScript (same ticket) succeeds once the reset is lifted and the
// script ran exactly once; with retries off the step fails (and the script still ran once).
import { afterAll, describe, expect, it } from "vitest";
import type { HistoryOp, RpcCallValue, ScriptRunValue } from "../../contracts/index.ts";
import { pollUntil } from "../../lib/poll.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { startRpcRig, type RpcRig } from "../../testing/rpc-rig.ts";

const marker = newMarker();
process.env[MARKER_VAR] = marker; // every process the rig starts inherits it
afterAll(() => expect(processesWithMarker(marker), "processes left running").toEqual([]));

function scenario(rpcRetryEnabled: boolean) {
  return {
    timeScale: 1 / 20, // retry window 150 s -> 7.5 s; sleeps min(n, 10) x 50 ms
    server: { nodes: 1, taskCap: 5, rpc: { preset: "default" as const, overrides: { rpcRetryEnabled }, maxPooledConnectionsPerTentacle: 5 } },
    fleet: {
      listening: 1, environments: 1, projects: 1, roles: ["web"], stepsPerProject: { min: 1, max: 1 },
      scriptDurationS: { min: 1, max: 1 }, scriptFailureRate: 0,
    },
  };
}

async function resetDuringStart(rig: RpcRig, liftAfterFailures: number | null) {
  const machine = rig.plan.topology.fixtures.machines[0]!;
  const proxy = await rig.toxiproxy.client.get(machine.id);
  const toxic = await proxy.addToxic({ name: "reset", type: "reset_peer", stream: "downstream", toxicity: 1, attributes: { timeout: 0 } } as never);
  const taskId = await rig.deploy(machine.environmentId);
  const startFailures = async () => ((await rig.ops("node-1")) as HistoryOp<RpcCallValue>[])
    .filter((o) => o.f === "rpc:start-script" && o.type === "info" && o.value.taskId === taskId);
  if (liftAfterFailures !== null) {
    await pollUntil(`${liftAfterFailures} reset StartScript attempts`, 10_000, async () => (await startFailures()).length >= liftAfterFailures, 20);
    await toxic.remove();
  }
  const task = await rig.waitTerminal(taskId, 20_000);
  const runsOf = async () => ((await rig.ops("fleet-1")) as HistoryOp<ScriptRunValue>[]).filter((o) => o.f === "script:run" && o.value.taskId === taskId);
  // the fleet flushes its journal every 200 ms: wait until the script's run is on disk before counting
  await pollUntil("the script run in the fleet's journal", 5_000, async () => (await runsOf()).length > 0, 50);
  const runs = await runsOf();
  return { task, failures: await startFailures(), runs };
}

describe("reset_peer during StartScript", () => {
  it("with retries: the retried StartScript succeeds and the script runs exactly once", async () => {
    await using rig = await startRpcRig(scenario(true));
    const { task, failures, runs } = await resetDuringStart(rig, 2);
    expect(task.State, task.ErrorMessage ?? "").toBe("Success");
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(new Set(failures.map((o) => o.value.errorKind))).toEqual(new Set(["connection-reset"]));
    expect(failures.map((o) => o.value.attempt)).toEqual(failures.map((_, i) => i + 1));
    expect(runs.filter((o) => o.type === "invoke")).toHaveLength(1);
    expect(runs.map((o) => o.type)).toEqual(["invoke", "ok"]);
  }, 60_000);

  it("without retries: the step fails on the first reset, and the script still ran once", async () => {
    await using rig = await startRpcRig(scenario(false));
    const { task, failures, runs } = await resetDuringStart(rig, null);
    expect(task.State).toBe("Failed");
    expect(task.ErrorMessage).toMatch(/RPC outcome unknown/);
    expect(failures).toHaveLength(1);
    expect(runs.filter((o) => o.type === "invoke")).toHaveLength(1);
  }, 60_000);
});
