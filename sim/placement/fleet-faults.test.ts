// Process faults on a real fleet process, wired as a run wires it (restartable): restart brings its tentacles back on the same addresses under a new process; kill takes
// them away until heal, and the process that comes back remembers the tickets the killed one started.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RPC_PATHS, type FleetConfig, type HistoryOp, type ScriptRunValue, type StartScriptRequest } from "../contracts/index.ts";
import { faultKind, type FaultDeps } from "../faults/index.ts";
import { startFleet, type RunningFleet } from "./fleet-process.ts";
import { allocateLoopbackBlocks, loopbackAddress, type LoopbackBlocks } from "../infra/ports.ts";
import { processMap } from "../run/faults.ts";
import { startRestartable, trimTornTail, type RestartableProcess } from "./restartable.ts";
import { TENTACLE_PORT } from "../plan/topology.ts";

let dir: string;
let fleet: RestartableProcess<RunningFleet>;
let config: FleetConfig;
let deps: FaultDeps;
let blocks: LoopbackBlocks;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-fleet-faults-"));
  blocks = await allocateLoopbackBlocks(TENTACLE_PORT);
  const { tentacleBlock } = blocks;
  config = {
    fleetName: "fleet-1",
    seed: 1,
    tentacles: Array.from({ length: 5 }, (_, i) => ({ id: `Machines-${i + 1}`, listenHost: loopbackAddress(tentacleBlock, i), listenPort: TENTACLE_PORT, ...(i === 4 ? { behaviour: "hangs" } : {}) })),
    behaviours: { hangs: { scriptDurationMs: { min: 0, max: 0 }, scriptFailureRate: 0, hangRate: 1 } },
    scriptDurationMs: { min: 0, max: 0 },
    scriptFailureRate: 0,
    historyFile: path.join(dir, "fleet-1.ndjson"),
  };
  fleet = await startRestartable("fleet-1", () => startFleet(config, { logFile: path.join(dir, "fleet-1.log") }), { afterExit: () => trimTornTail(config.historyFile) });
  deps = { toxiproxy: { call: () => Promise.reject(new Error("no toxiproxy in this test")) }, processes: processMap([fleet]) };
});

afterAll(async () => {
  await fleet?.stop("SIGTERM");
  await blocks?.release();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Whether tentacle i answers HTTP at all (any status). */
async function answers(i: number): Promise<boolean> {
  const t = config.tentacles[i]!;
  return fetch(`http://${t.listenHost}:${t.listenPort}/`, { headers: { connection: "close" }, signal: AbortSignal.timeout(1_000) }).then(() => true, () => false);
}

const targets = { proxyNames: [], processNames: ["fleet-1"], description: "fleet-1" };

describe("process faults on a fleet process", () => {
  it("restart: a new fleet process serves the same tentacles on the same addresses", async () => {
    const pid = fleet.pid()!;
    expect(await answers(0)).toBe(true);
    const fault = faultKind("restart").make(deps);
    await fault.start(targets, { stream: "downstream", toxicity: 1, attributes: { signal: "SIGTERM", rolling: false } });
    expect(fleet.pid()).not.toBe(pid);
    expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
    expect(await Promise.all([0, 4].map(answers))).toEqual([true, true]);
    await fault.stop();
  });

  it("kill: the tentacles stop answering until heal", async () => {
    const fault = faultKind("kill").make(deps);
    await fault.start(targets, { stream: "downstream", toxicity: 1, attributes: { restartOnHeal: true } });
    expect(fleet.pid()).toBeUndefined();
    expect(await answers(2)).toBe(false);
    await fault.stop();
    expect(await answers(2)).toBe(true);
    expect(fleet.starts()).toBe(3);
  });

  it("kill: a StartScript retried after the fleet came back is answered from its ticket, not run again", async () => {
    const t = config.tentacles[4]!; // its scripts run until they die
    const start = async (ticket: string) => {
      const request: StartScriptRequest = { ticket, taskId: "ServerTasks-1", stepName: "Deploy", targetId: t.id, node: "node-1", isolation: "NoIsolation" };
      const res = await fetch(`http://${t.listenHost}:${t.listenPort}${RPC_PATHS.startScript}`, {
        method: "POST", headers: { "content-type": "application/json", connection: "close" }, body: JSON.stringify(request), signal: AbortSignal.timeout(5_000),
      });
      return res.json() as Promise<unknown>;
    };
    expect(await start("ticket-lost-with-the-process")).toMatchObject({ state: "Running" });
    const fault = faultKind("kill").make(deps);
    await fault.start(targets, { stream: "downstream", toxicity: 1, attributes: { restartOnHeal: true } });
    await fault.stop();
    expect(await start("ticket-lost-with-the-process")).toEqual({ ticket: "ticket-lost-with-the-process", state: "Complete", exitCode: 137 });
    expect(await start("ticket-after-the-restart")).toMatchObject({ state: "Running" });
    const runs = (ticket: string) => fs.readFileSync(config.historyFile, "utf8").split("\n").filter((l) => l.includes(`"${ticket}"`))
      .map((l) => JSON.parse(l) as HistoryOp<ScriptRunValue>).filter((op) => op.f === "script:run").map((op) => `${op.type} ${op.value.exitCode ?? ""}`.trim());
    expect(runs("ticket-lost-with-the-process")).toEqual(["invoke", "info 137"]);
    // the fleet's history writer appends at the end of its event-loop turn, which may follow the reply
    await expect.poll(() => runs("ticket-after-the-restart"), { timeout: 5_000 }).toEqual(["invoke"]);
  });
});
