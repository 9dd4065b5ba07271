// Integration (real PostgreSQL, toxiproxy-server, node and fleet processes): a listening tentacle whose
// proxy black-holes every reply (timeout toxic, timeout 0) fails StartScript at the scaled
// TcpClientReceiveResponseTimeout, within 10%: 10 min under `default`, 5 min under `recommended`.
import { afterAll, describe, expect, it } from "vitest";
import type { HistoryOp, RpcCallValue } from "../../contracts/index.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { RPC_PRESETS, scaledMs, type RpcPresetName } from "../../scenario/index.ts";
import { startRpcRig } from "../../testing/rpc-rig.ts";

const TIME_SCALE = 1 / 200;
const marker = newMarker();
process.env[MARKER_VAR] = marker; // every process the rig starts inherits it
afterAll(() => expect(processesWithMarker(marker), "processes left running").toEqual([]));

function scenario(preset: RpcPresetName) {
  return {
    timeScale: TIME_SCALE,
    server: { nodes: 1, taskCap: 5, rpc: { preset, overrides: {}, maxPooledConnectionsPerTentacle: 5 } },
    fleet: {
      listening: 1, environments: 1, projects: 1, roles: ["web"], stepsPerProject: { min: 1, max: 1 },
      scriptDurationS: { min: 1, max: 1 }, scriptFailureRate: 0,
    },
  };
}

async function blackHoledStart(preset: RpcPresetName): Promise<{ op: HistoryOp<RpcCallValue>; taskState: string; error: string | null }> {
  await using rig = await startRpcRig(scenario(preset));
  const machine = rig.plan.topology.fixtures.machines[0]!;
  const proxy = await rig.toxiproxy.client.get(machine.id);
  await proxy.addToxic({ name: "black-hole", type: "timeout", stream: "downstream", toxicity: 1, attributes: { timeout: 0 } } as never);
  const taskId = await rig.deploy(machine.environmentId);
  const task = await rig.waitTerminal(taskId, 20_000);
  const ops = (await rig.ops("node-1")) as HistoryOp<RpcCallValue>[];
  const failed = ops.filter((o) => o.f === "rpc:start-script" && o.type !== "invoke" && o.value.taskId === taskId);
  expect(failed.map((o) => [o.type, o.value.errorKind])).toEqual([["info", "response-timeout"]]);
  const metrics = await (await fetch(`${rig.nodes[0]!.url}/metrics`)).text();
  expect(metrics).toMatch(/^sim_rpc_timeouts_total\{kind="response-timeout",node="node-1"\} 1$/m);
  expect(metrics).toMatch(/^sim_rpc_errors_total\{service="start-script",kind="response-timeout",node="node-1"\} 1$/m);
  return { op: failed[0]!, taskState: task.State, error: task.ErrorMessage };
}

describe("a black-holed listening call", () => {
  it("fails at the scaled receive-response timeout: 10 min under default, 5 min under recommended (within 10%)", async () => {
    const byPreset: Record<string, number> = {};
    for (const preset of ["default", "recommended"] as const) {
      const expectedMs = scaledMs(RPC_PRESETS[preset].receiveResponseTimeoutS, TIME_SCALE);
      const { op, taskState, error } = await blackHoledStart(preset);
      expect(taskState).toBe("Failed");
      expect(error).toMatch(new RegExp(`no response within ${expectedMs} ms`));
      expect(op.value.durationMs!).toBeGreaterThanOrEqual(expectedMs * 0.9);
      expect(op.value.durationMs!).toBeLessThanOrEqual(expectedMs * 1.1);
      byPreset[preset] = op.value.durationMs!;
    }
    expect(byPreset.recommended!).toBeLessThan(byPreset.default! * 0.75);
  }, 90_000);
});
