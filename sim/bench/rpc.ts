// bench rpc: the node's tentacle transport (connection-pool.ts + postJson) against Node's http.request
// over a keep-alive Agent and undici (the best-kept HTTP client for Node, under its fetch):
// StartScript calls (zero-length scripts, NoIsolation) to the tentacles of a real fleet process, a fixed
// number in flight. Prints calls/s and the client's CPU per call (this process hosts only the client),
// medians of alternating repeats, and their ratios to the pool.
import http from "node:http";
import { Agent as UndiciAgent } from "undici";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { RPC_PATHS, type ScriptStatusResponse, type StartScriptRequest } from "../contracts/index.ts";
import { startFleet } from "../placement/fleet-process.ts";
import { freePorts } from "../infra/ports.ts";
import { ConnectionPool, postJson, requestTarget, type RequestTarget } from "../transport/index.ts";
import type { Bench } from "./bench.ts";

const TENTACLES = 10;
const IN_FLIGHT = 40;
const TIMEOUT_MS = 10_000;

type Send = (target: RequestTarget, body: StartScriptRequest) => Promise<ScriptStatusResponse>;

/** The baseline: one POST through http.request and a keep-alive Agent, the reply read as JSON. */
function viaHttpRequest(agent: http.Agent): Send {
  return (target, body) => new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const request = http.request({
      hostname: target.hostname, port: target.port, path: target.path, method: "POST", agent, timeout: TIMEOUT_MS,
      headers: { "content-type": "application/json", "content-length": payload.length },
    });
    request.on("error", reject);
    request.on("timeout", () => request.destroy(new Error(`no reply within ${TIMEOUT_MS} ms`)));
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as ScriptStatusResponse));
    });
    request.end(payload);
  });
}

/** undici (Node's own fetch engine) through an Agent: one keep-alive pool per origin, one request per connection at a time. */
function viaUndici(agent: UndiciAgent): Send {
  const origins = new Map<string, string>();
  return async (target, body) => {
    const key = `${target.hostname}:${target.port}`;
    const origin = origins.get(key) ?? origins.set(key, `http://${key}`).get(key)!;
    const response = await agent.request({
      origin, path: target.path, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
      headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS,
    });
    return (await response.body.json()) as ScriptStatusResponse;
  };
}

function viaConnectionPool(pool: ConnectionPool): Send {
  return (target, body) => postJson<ScriptStatusResponse>(target, body, { pool, connectTimeoutMs: TIMEOUT_MS, responseTimeoutMs: TIMEOUT_MS });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

export const rpcBench: Bench = {
  name: "rpc",
  description: "tentacle RPC client: the node's connection pool vs http.request + keep-alive Agent vs undici (calls/s, client CPU per call)",
  async run({ log, quick, signal }) {
    const calls = quick ? 2_000 : 20_000;
    const repeats = quick ? 1 : 5;
    const dir = await mkdtemp(path.join(os.tmpdir(), "taskstorm-bench-rpc-"));
    try {
      const ports = await freePorts(TENTACLES);
      await using _fleet = await startFleet({
        fleetName: "bench-rpc", seed: 1, tentacles: ports.map((port, i) => ({ id: `Machines-${i + 1}`, listenHost: "127.0.0.1", listenPort: port })),
        scriptDurationMs: { min: 0, max: 0 }, scriptFailureRate: 0, historyFile: path.join(dir, "fleet.ndjson"),
      }, { logFile: path.join(dir, "fleet.log") });
      const targets = ports.map((port) => requestTarget(new URL(`http://127.0.0.1:${port}${RPC_PATHS.startScript}`)));
      const agent = new http.Agent({ keepAlive: true, maxFreeSockets: IN_FLIGHT });
      const pool = new ConnectionPool({ keepAlive: true, maxIdlePerHost: IN_FLIGHT, idleTimeoutMs: 0 });
      const undici = new UndiciAgent({ connections: null, pipelining: 1, keepAliveTimeout: 60_000, connect: { timeout: TIMEOUT_MS } });
      const variants: Record<string, Send> = { "http.request": viaHttpRequest(agent), undici: viaUndici(undici), "connection-pool": viaConnectionPool(pool) };
      const figures: Record<string, { callsPerSec: number[]; cpuUsPerCall: number[] }> = {};
      let ticket = 0;
      const round = async (send: Send) => {
        let next = 0;
        const cpu0 = process.cpuUsage();
        const startMs = performance.now();
        await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
          for (let i = next++; i < calls; i = next++) {
            signal.throwIfAborted();
            const id = `bench/${ticket++}`;
            const status = await send(targets[i % targets.length]!, {
              ticket: id, taskId: id, stepName: "Run", targetId: "bench", node: "bench", isolation: "NoIsolation", waitForCompletionMs: 1_000,
            });
            if (status.state !== "Complete" || status.exitCode !== 0) throw new Error(`bench rpc: script ${id} ended ${JSON.stringify(status)}`);
          }
        }));
        const cpu = process.cpuUsage(cpu0);
        return { callsPerSec: calls / ((performance.now() - startMs) / 1000), cpuUsPerCall: (cpu.user + cpu.system) / calls };
      };
      try {
        for (const send of Object.values(variants)) await round(send); // warm-up: JIT, connections
        for (let r = 0; r < repeats; r++) {
          for (const [name, send] of Object.entries(variants)) {
            const { callsPerSec, cpuUsPerCall } = await round(send);
            const f = (figures[name] ??= { callsPerSec: [], cpuUsPerCall: [] });
            f.callsPerSec.push(round1(callsPerSec));
            f.cpuUsPerCall.push(round1(cpuUsPerCall));
          }
        }
      } finally {
        agent.destroy();
        pool.destroy();
        await undici.close();
      }
      const summary = Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, {
        callsPerSec: median(f.callsPerSec), cpuUsPerCall: median(f.cpuUsPerCall), repeats: f,
      }]));
      for (const [name, s] of Object.entries(summary)) log(`${name.padEnd(16)} ${s.callsPerSec} calls/s, ${s.cpuUsPerCall} us client CPU per call (medians of ${repeats})`);
      const ratioToPool = (name: string) => Math.round((summary[name]!.cpuUsPerCall / summary["connection-pool"]!.cpuUsPerCall) * 100) / 100;
      const cpuRatio = ratioToPool("http.request");
      const cpuRatioUndici = ratioToPool("undici");
      log(`client CPU per call, relative to the connection pool: http.request ${cpuRatio}x, undici ${cpuRatioUndici}x`);
      return { calls, inFlight: IN_FLIGHT, tentacles: TENTACLES, variants: summary, cpuRatioHttpRequestToPool: cpuRatio, cpuRatioUndiciToPool: cpuRatioUndici };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
