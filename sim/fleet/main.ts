// Fleet process entry: the harness forks it and sends the FleetConfig as the first IPC message
// (lib/child-config.ts; by hand: `node --import tsx sim/fleet/main.ts '<FleetConfig JSON>'`). Hosts
// every tentacle (and GET /metrics when the config says where), then sends {type:"ready"} over IPC;
// exits cleanly on SIGTERM, SIGINT or IPC disconnect; sends {type:"fatal"} and exits 1 on failure.

import type { ChildMessage, FleetCommand, FleetReport } from "../contracts/index.ts";
import { makeRecorder, type Recorder } from "../history/index.ts";
import { receiveConfig } from "../lib/child-config.ts";
import { hostClock } from "../lib/clock.ts";
import { coerceError } from "../lib/errors.ts";
import { parseFleetConfig } from "./config.ts";
import { hostFleet, type HostedFleet } from "./fleet-host.ts";
import { makeFleetMetrics, serveMetrics, type MetricsServer } from "./fleet-metrics.ts";
import { readScriptMemory } from "./script-memory.ts";

/** Longest a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

let recorder: Recorder | undefined;
let fleet: HostedFleet | undefined;
let metricsServer: MetricsServer | undefined;
let stopping = false;

function send(message: ChildMessage): void {
  if (process.send && process.connected) process.send(message);
  else process.stdout.write(JSON.stringify(message) + "\n");
}

async function fail(err: unknown): Promise<never> {
  const message = coerceError(err).message;
  process.stderr.write(`fleet: ${message}\n`);
  send({ type: "fatal", message });
  await metricsServer?.close().catch(() => undefined);
  await fleet?.close().catch(() => undefined);
  await recorder?.close().catch(() => undefined);
  process.exit(1);
}

async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    process.stderr.write(`fleet: shutdown (${reason}) took over ${SHUTDOWN_LIMIT_MS} ms; exiting\n`);
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  try {
    await metricsServer?.close();
    await fleet?.close();
    await recorder?.close();
  } catch (err) {
    process.stderr.write(`fleet: shutdown (${reason}) failed: ${coerceError(err).message}\n`);
    process.exit(1);
  }
  process.exit(0);
}

/** Answers a FleetCommand from the harness with a FleetReport (usage) or by acting (crash). */
function onCommand(message: FleetCommand): void {
  if (!fleet || stopping) return;
  if (message?.type === "usage") {
    const cpu = process.cpuUsage();
    const report: FleetReport = {
      type: "usage", requestId: message.requestId, rssBytes: process.memoryUsage.rss(), cpuUserUs: cpu.user, cpuSystemUs: cpu.system,
      pollingFailures: fleet.pollingFailures(),
    };
    if (process.send && process.connected) process.send(report);
  } else if (message?.type === "crash") {
    for (const id of message.ids) fleet.crash(id, message.downMs);
  }
}

async function main(): Promise<void> {
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void shutdown(signal));
  process.once("disconnect", () => void shutdown("IPC channel closed"));
  process.once("uncaughtException", (err) => void fail(err));
  const config = parseFleetConfig(await receiveConfig("main.ts '<FleetConfig JSON>'"));
  const clock = hostClock();
  const remembered = readScriptMemory(config.historyFile); // before the recorder reopens the file: a restart keeps its tickets
  recorder = makeRecorder(config.historyFile, config.fleetName, { nowMs: clock.nowMs });
  const journal = recorder;
  const metrics = config.metrics && makeFleetMetrics(config.fleetName, {
    tentacles: () => ({ listening: fleet?.listening ?? 0, polling: fleet?.polling ?? 0, down: [...(fleet?.tentacles.values() ?? [])].filter((t) => t.down).length }),
    pollingFailures: () => fleet?.pollingFailures() ?? 0,
  });
  fleet = await hostFleet(config, { journal: (op) => { journal.append(op); metrics?.observe(op); }, clock, remembered });
  if (stopping) return;
  if (metrics && config.metrics) metricsServer = await serveMetrics(metrics.registry, config.metrics.host, config.metrics.port);
  if (stopping) return;
  process.on("message", (message: FleetCommand) => onCommand(message));
  send({
    type: "ready",
    detail: {
      tentacles: fleet.tentacles.size, listening: fleet.listening, polling: fleet.polling,
      readyMs: Math.round(performance.now()), bindMs: Math.round(fleet.bindMs), rssBytes: process.memoryUsage.rss(),
      ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    },
  });
}

main().catch(fail);
