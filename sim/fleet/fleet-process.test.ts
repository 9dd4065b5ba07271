// Integration: a real fleet process (forked main.ts) with real HTTP listeners on 127/8 addresses.
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RPC_PATHS, type FleetConfig, type HistoryOp, type ScriptRunValue, type ScriptStatusResponse, type StartScriptRequest } from "../contracts/index.ts";
import { readHistory } from "../history/index.ts";
import { pollUntil } from "../lib/poll.ts";
import { allocateLoopbackBlocks, canBind, loopbackAddress, type LoopbackBlocks } from "../infra/ports.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../testing/leaks.ts";
import { startFleet, type FleetProcessOptions, type RunningFleet } from "../placement/fleet-process.ts";
import { isAlive } from "../testing/processes.ts";

const PORT = 10933;
const marker = newMarker();
const env = { ...process.env, [MARKER_VAR]: marker };
const opts: FleetProcessOptions = { readyTimeoutMs: 20_000, env };
let dir: string;
let block: number;
let blocks: LoopbackBlocks;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fleet-test-"));
  blocks = await allocateLoopbackBlocks(PORT);
  block = blocks.tentacleBlock;
});
afterAll(async () => {
  await blocks?.release();
  await rm(dir, { recursive: true, force: true });
  expect(processesWithMarker(marker), "fleet processes left running").toEqual([]);
});

function fleetConfig(name: string, offset: number, count: number, overrides: Partial<FleetConfig> = {}): FleetConfig {
  return {
    fleetName: name,
    seed: 11,
    tentacles: Array.from({ length: count }, (_, i) => ({ id: `Machines-${offset + i}`, listenHost: loopbackAddress(block, offset + i), listenPort: PORT })),
    scriptDurationMs: { min: 300, max: 300 },
    scriptFailureRate: 0,
    historyFile: join(dir, `${name}.ndjson`),
    ...overrides,
  };
}

async function rpc(config: FleetConfig, index: number, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const spec = config.tentacles[index]!;
  const res = await fetch(`http://${spec.listenHost}:${spec.listenPort}${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

function startRequest(ticket: string, targetId: string, isolation: StartScriptRequest["isolation"] = "FullIsolation"): StartScriptRequest {
  return { ticket, taskId: `ServerTasks-${ticket}`, stepName: "Deploy", targetId, node: "node-1", isolation };
}

async function waitComplete(config: FleetConfig, index: number, ticket: string): Promise<ScriptStatusResponse> {
  let last: ScriptStatusResponse | undefined;
  await pollUntil(`script ${ticket} to complete`, 5_000, async () => {
    last = (await rpc(config, index, RPC_PATHS.getStatus, { ticket })).json;
    return last?.state === "Complete";
  }, 25);
  return last!;
}

function scriptOps(ops: HistoryOp[], ticket: string): HistoryOp<ScriptRunValue>[] {
  return (ops as HistoryOp<ScriptRunValue>[]).filter((op) => op.f === "script:run" && op.value.ticket === ticket);
}

describe("fleet process with 20 tentacles", () => {
  let config: FleetConfig;
  let fleet: RunningFleet;
  let ops: HistoryOp[] = [];

  beforeAll(async () => {
    config = fleetConfig("fleet-a", 0, 20);
    fleet = await startFleet(config, opts);
  }, 30_000);
  afterAll(async () => {
    await fleet?.stop();
  });

  it("reports ready with its tentacle count, and every tentacle answers health", async () => {
    expect(fleet.tentacles).toBe(20);
    expect(fleet.ready.tentacles).toBe(20);
    const statuses = await Promise.all(config.tentacles.map((t) => fetch(`http://${t.listenHost}:${PORT}${RPC_PATHS.health}`).then((r) => r.status)));
    expect(statuses).toEqual(Array(20).fill(200));
  });

  it("starts a script, reports it Complete with exit 0, idempotently by ticket", async () => {
    const request = startRequest("t-run", "Machines-3");
    const [a, b] = await Promise.all([rpc(config, 3, RPC_PATHS.startScript, request), rpc(config, 3, RPC_PATHS.startScript, request)]);
    expect(a.status).toBe(200);
    expect([a.json.state, b.json.state]).toEqual(["Running", "Running"]);
    expect(await waitComplete(config, 3, "t-run")).toEqual({ ticket: "t-run", state: "Complete", exitCode: 0 });
    const again = await rpc(config, 3, RPC_PATHS.startScript, request);
    expect(again.json).toEqual({ ticket: "t-run", state: "Complete", exitCode: 0 });
  });

  it("serializes FullIsolation scripts on one target and lets NoIsolation scripts share", async () => {
    const first = await rpc(config, 5, RPC_PATHS.startScript, startRequest("t-full-1", "Machines-5"));
    const second = await rpc(config, 5, RPC_PATHS.startScript, startRequest("t-full-2", "Machines-5"));
    expect(first.json.state).toBe("Running");
    expect(second.json.state).toBe("Pending");
    await waitComplete(config, 5, "t-full-2");
    const shared = await Promise.all(["t-no-1", "t-no-2"].map((t) => rpc(config, 6, RPC_PATHS.startScript, startRequest(t, "Machines-6", "NoIsolation"))));
    expect(shared.map((r) => r.json.state)).toEqual(["Running", "Running"]);
  });

  it("cancels a running script with exit code 130 and answers 404 for an unknown ticket", async () => {
    await rpc(config, 7, RPC_PATHS.startScript, { ...startRequest("t-cancel", "Machines-7"), stepName: "Long" });
    const canceled = await rpc(config, 7, RPC_PATHS.cancelScript, { ticket: "t-cancel" });
    expect(canceled.json).toEqual({ ticket: "t-cancel", state: "Complete", exitCode: 130 });
    const unknown = await rpc(config, 7, RPC_PATHS.getStatus, { ticket: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/Machines-7 has no script with ticket "nope"/);
    const bad = await rpc(config, 7, RPC_PATHS.startScript, { ticket: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/taskId: expected a non-empty string/);
  });

  it("journals one invoke and one outcome per script run, in mutex order", async () => {
    await waitComplete(config, 6, "t-no-2");
    await fleet.stop();
    expect(isAlive(fleet.pid)).toBe(false);
    ops = await readHistory(config.historyFile);

    const run = scriptOps(ops, "t-run");
    expect(run.map((op) => op.type)).toEqual(["invoke", "ok"]);
    expect(run[0]).toMatchObject({ actor: "Machines-3", value: { ticket: "t-run", taskId: "ServerTasks-t-run", stepName: "Deploy", targetId: "Machines-3", node: "node-1" } });
    expect(run[1]!.value.exitCode).toBe(0);
    expect(run[1]!.time - run[0]!.time).toBeGreaterThanOrEqual(290);

    const [, firstOk] = scriptOps(ops, "t-full-1");
    const [secondInvoke] = scriptOps(ops, "t-full-2");
    expect(firstOk!.type).toBe("ok");
    expect(secondInvoke!.type).toBe("invoke");
    expect(secondInvoke!.time).toBeGreaterThanOrEqual(firstOk!.time);

    expect(scriptOps(ops, "t-cancel").map((op) => [op.type, op.value.exitCode])).toEqual([["invoke", undefined], ["fail", 130]]);
  });
});

describe("fleet process lifecycle", () => {
  it("exits promptly on SIGTERM, journals interrupted scripts as info, and frees its addresses", async () => {
    const config = fleetConfig("fleet-b", 100, 20, { scriptDurationMs: { min: 60_000, max: 60_000 } });
    const fleet = await startFleet(config, opts);
    try {
      await rpc(config, 0, RPC_PATHS.startScript, startRequest("t-long", "Machines-100"));
      const started = performance.now();
      await fleet.stop();
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await fleet.exited).toEqual({ code: 0, signal: null });
      const rebinds = await Promise.all(config.tentacles.map((t) => canBind(t.listenHost, t.listenPort)));
      expect(rebinds).toEqual(Array(20).fill(true));
      const ops = scriptOps(await readHistory(config.historyFile), "t-long");
      expect(ops.map((op) => op.type)).toEqual(["invoke", "info"]);
      expect(ops[1]!.value.error).toMatch(/fleet stopped/);
    } finally {
      await fleet.stop();
    }
  }, 30_000);

  it("hosts 1,200 tentacles from a config too large for one argv string", async () => {
    const config = fleetConfig("fleet-f", 1000, 1200);
    expect(JSON.stringify(config).length).toBeGreaterThan(64 * 1024);
    await using fleet = await startFleet(config, opts);
    expect(fleet.ready.tentacles).toBe(1200);
    const last = config.tentacles[1199]!;
    expect((await fetch(`http://${last.listenHost}:${PORT}${RPC_PATHS.health}`)).status).toBe(200);
  }, 30_000);

  it("exits cleanly when its IPC channel closes (the harness went away)", async () => {
    const config = fleetConfig("fleet-e", 400, 3);
    const child = fork(fileURLToPath(new URL("./main.ts", import.meta.url)), [JSON.stringify(config)], {
      execArgv: ["--import", createRequire(import.meta.url).resolve("tsx")],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      env,
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const ready = await new Promise<{ type: string }>((resolve) => child.once("message", (m) => resolve(m as { type: string })));
      expect(ready.type).toBe("ready");
      child.disconnect();
      await pollUntil("fleet to exit after disconnect", 5_000, () => child.exitCode !== null);
      expect(await exited).toBe(0);
      expect(await canBind(config.tentacles[0]!.listenHost, PORT)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 30_000);

  it("fails with the bind error when an address is taken, and releases the addresses it did bind", async () => {
    const config = fleetConfig("fleet-c", 200, 5);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(PORT, config.tentacles[2]!.listenHost, resolve));
    try {
      await expect(startFleet(config, opts)).rejects.toThrow(/fatal before ready: .*Machines-202 could not listen on .*EADDRINUSE/);
      expect(await canBind(config.tentacles[0]!.listenHost, PORT)).toBe(true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 30_000);

  it("rejects an invalid config with the field and value in the error", async () => {
    const config = fleetConfig("fleet-d", 300, 2, { scriptFailureRate: 1.5 });
    await expect(startFleet(config, opts)).rejects.toThrow(/FleetConfig.scriptFailureRate: got 1.5, expected a probability/);
  }, 30_000);
});
