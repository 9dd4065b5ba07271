// Integration: a real fleet process (forked main.ts) whose tentacles have behaviours: slow package
// upload (idempotent by file id), StartScript that waits for the script, scripts that hang, the
// deployment-mutex bypass, and a crash ordered over IPC (running script dies, tentacle comes back).
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RPC_PATHS, type FleetCommand, type FleetConfig, type HistoryOp, type StartScriptRequest } from "../contracts/index.ts";
import { readHistory } from "../history/index.ts";
import { pollUntil } from "../lib/poll.ts";
import { allocateLoopbackBlocks, loopbackAddress, type LoopbackBlocks } from "../infra/ports.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../testing/leaks.ts";

const PORT = 10933;
const marker = newMarker();
let dir: string;
let config: FleetConfig;
let child: ReturnType<typeof fork>;
let blocks: LoopbackBlocks;

const url = (i: number, path: string) => `http://${config.tentacles[i]!.listenHost}:${PORT}${path}`;
async function rpc(i: number, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url(i, path), { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}
const start = (ticket: string, i: number, extra: Partial<StartScriptRequest> = {}): StartScriptRequest =>
  ({ ticket, taskId: `T-${ticket}`, stepName: "Deploy", targetId: config.tentacles[i]!.id, node: "node-1", isolation: "FullIsolation", ...extra });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fleet-behaviours-"));
  blocks = await allocateLoopbackBlocks(PORT);
  const block = blocks.tentacleBlock;
  const behaviours = {
    uploads: { scriptDurationMs: { min: 100, max: 100 }, scriptFailureRate: 0, uploadMsPerMiB: 100 },
    hangs: { scriptDurationMs: { min: 10, max: 10 }, scriptFailureRate: 0, hangRate: 1 },
    bypass: { scriptDurationMs: { min: 400, max: 400 }, scriptFailureRate: 0, bypassDeploymentMutex: true },
    long: { scriptDurationMs: { min: 60_000, max: 60_000 }, scriptFailureRate: 0 },
  };
  config = {
    fleetName: "fleet-b", seed: 3, scriptDurationMs: { min: 10, max: 10 }, scriptFailureRate: 0, historyFile: join(dir, "fleet.ndjson"), behaviours,
    tentacles: Object.keys(behaviours).map((behaviour, i) => ({ id: `Machines-${i}`, listenHost: loopbackAddress(block, 500 + i), listenPort: PORT, behaviour })),
  };
  child = fork(fileURLToPath(new URL("./main.ts", import.meta.url)), [JSON.stringify(config)], {
    execArgv: ["--import", createRequire(import.meta.url).resolve("tsx")], stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: { ...process.env, [MARKER_VAR]: marker },
  });
  const ready = await new Promise<{ type: string }>((resolve) => child.once("message", (m) => resolve(m as { type: string })));
  expect(ready.type).toBe("ready");
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await blocks?.release();
  await rm(dir, { recursive: true, force: true });
  expect(processesWithMarker(marker)).toEqual([]);
});

describe("tentacle behaviours", () => {
  it("takes the time a package's size needs to receive it, once per file id", async () => {
    const body = { fileId: "f-1", taskId: "T-1", targetId: "Machines-0", node: "node-1", sizeBytes: 3 * 1024 * 1024 };
    const startMs = performance.now();
    const first = await rpc(0, RPC_PATHS.uploadFile, body);
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(290);
    expect(first.json).toEqual({ fileId: "f-1", sizeBytes: body.sizeBytes, receiveMs: 300 });
    expect((await rpc(0, RPC_PATHS.uploadFile, body)).json.receiveMs).toBe(0);
    expect((await rpc(0, RPC_PATHS.uploadFile, { ...body, sizeBytes: -1 })).status).toBe(400);
  });

  it("holds StartScript until the script completes, within waitForCompletionMs", async () => {
    expect((await rpc(0, RPC_PATHS.startScript, start("w-1", 0, { waitForCompletionMs: 2_000 }))).json).toEqual({ ticket: "w-1", state: "Complete", exitCode: 0 });
    expect((await rpc(0, RPC_PATHS.startScript, start("w-2", 0, { waitForCompletionMs: 20 }))).json.state).toBe("Running");
  });

  it("never completes a hanging script until it is canceled", async () => {
    await rpc(1, RPC_PATHS.startScript, start("h-1", 1, { waitForCompletionMs: 200 }));
    expect((await rpc(1, RPC_PATHS.getStatus, { ticket: "h-1" })).json.state).toBe("Running");
    expect((await rpc(1, RPC_PATHS.cancelScript, { ticket: "h-1" })).json).toEqual({ ticket: "h-1", state: "Complete", exitCode: 130 });
  });

  it("runs FullIsolation scripts side by side when the deployment mutex is bypassed", async () => {
    const states = await Promise.all(["b-1", "b-2"].map(async (t) => (await rpc(2, RPC_PATHS.startScript, start(t, 2))).json.state));
    expect(states).toEqual(["Running", "Running"]);
  });

  it("crashes on command: the running script dies (exit 137), the tentacle refuses calls, then comes back", async () => {
    await rpc(3, RPC_PATHS.startScript, start("c-1", 3));
    const command: FleetCommand = { type: "crash", ids: ["Machines-3"], downMs: 800 };
    child.send(command);
    await pollUntil("the crashed tentacle to refuse calls", 2_000, () => fetch(url(3, RPC_PATHS.health)).then(() => false, () => true), 20);
    await pollUntil("the tentacle to come back", 5_000, () => fetch(url(3, RPC_PATHS.health)).then((r) => r.ok, () => false), 50);
    expect((await rpc(3, RPC_PATHS.getStatus, { ticket: "c-1" })).json).toEqual({ ticket: "c-1", state: "Complete", exitCode: 137 });
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    const ops = (await readHistory(config.historyFile)) as HistoryOp<Record<string, unknown>>[];
    const mine = ops.filter((o) => o.actor === "Machines-3").map((o) => [o.f, o.type]);
    expect(mine).toEqual([["script:run", "invoke"], ["script:run", "info"], ["tentacle:crash", "info"], ["tentacle:restart", "info"]]);
  });
});
