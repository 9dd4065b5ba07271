// Hosts every tentacle of one FleetConfig in this process. Listening tentacles: one small HTTP/1.1
// server per address (the transport's serveHttp: no node:http objects per request). Polling tentacles:
// a PollingClient each. Crashing behaviours are scheduled here. close() halts scripts, stops polling and
// listening, and drops every connection.

import type { Clock, FleetConfig, HistoryOp, TentacleSpec } from "../contracts/index.ts";
import { systemClock } from "../lib/clock.ts";
import { errors } from "../lib/errors.ts";
import { serveHttp, type RunningHttpServer } from "../transport/index.ts";
import { behaviourOf, halibutOf } from "./behaviour.ts";
import { scheduleCrashes, type Crashable } from "./crash-schedule.ts";
import { PollingClient } from "./polling-client.ts";
import { dispatchRpc } from "./rpc-dispatch.ts";
import { handleRpc, MAX_BODY_BYTES } from "./rpc-handler.ts";
import type { RememberedScript } from "./script-memory.ts";
import { Tentacle, type TentacleDeps } from "./tentacle.ts";

export interface HostedFleet {
  readonly tentacles: ReadonlyMap<string, Tentacle>;
  readonly listening: number;
  readonly polling: number;
  /** Time spent binding every listener. */
  readonly bindMs: number;
  /** Polling connection attempts that failed so far. */
  pollingFailures(): number;
  /** Crashes one tentacle now and restarts it after downMs. */
  crash(id: string, downMs: number): void;
  /** Halts running scripts (journaled as info), stops polling and listening, closes every connection. Idempotent. */
  close(): Promise<void>;
}

export interface FleetHostDeps {
  journal: (op: HistoryOp) => void;
  /** Time of journal entries and the crash schedule's timers; default the system clock. */
  clock?: Clock;
  /** Tickets a previous process of this fleet journaled, per tentacle (script-memory.ts). */
  remembered?: ReadonlyMap<string, ReadonlyMap<string, RememberedScript>>;
}

export async function hostFleet(config: FleetConfig, deps: FleetHostDeps): Promise<HostedFleet> {
  const clock = deps.clock ?? systemClock;
  const shared: TentacleDeps = { seed: config.seed, journal: deps.journal, nowMs: clock.nowMs };
  const halibut = halibutOf(config);

  const tentacles = new Map<string, Tentacle>();
  const makeTentacle = (spec: { id: string; behaviour?: string }): Tentacle => {
    const tentacle = new Tentacle(spec.id, shared, behaviourOf(config, spec.behaviour));
    for (const script of deps.remembered?.get(spec.id)?.values() ?? []) tentacle.remember(script);
    tentacles.set(spec.id, tentacle);
    return tentacle;
  };
  const crashables = new Map<string, Crashable>();
  /** Each listening tentacle's server while it listens (a crash closes it, a restart opens a new one). */
  const servers = new Map<string, Promise<RunningHttpServer>>();
  const listen = (tentacle: Tentacle, spec: TentacleSpec): Promise<RunningHttpServer> => {
    const server = serveHttp({
      host: spec.listenHost, port: spec.listenPort, tcpKeepAliveIdleMs: halibut.tcpKeepAliveIdleMs,
      idleTimeoutMs: halibut.listeningIdleTimeoutMs, maxBodyBytes: MAX_BODY_BYTES,
      answer: (request) => (tentacle.down ? null : handleRpc(tentacle, request)),
    }).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`tentacle ${spec.id} could not listen on ${spec.listenHost}:${spec.listenPort}: ${err.code ?? err.message}`);
    });
    servers.set(spec.id, server);
    return server;
  };
  const unlisten = (id: string): Promise<void> => servers.get(id)?.then((s) => s.close(), () => undefined) ?? Promise.resolve();
  const started = performance.now();
  const results = await Promise.allSettled(
    config.tentacles.map((spec) => {
      const tentacle = makeTentacle(spec);
      crashables.set(spec.id, {
        id: spec.id, behaviour: tentacle.behaviour,
        crash(reason) {
          tentacle.crash(reason);
          void unlisten(spec.id);
        },
        restart() {
          tentacle.restart();
          void listen(tentacle, spec).catch((error: Error) => deps.journal({
            time: shared.nowMs(), actor: spec.id, type: "info", f: "tentacle:restart:fail", value: { targetId: spec.id, error: error.message },
          }));
        },
      });
      return listen(tentacle, spec);
    }),
  );
  const bindMs = performance.now() - started;

  let failures = 0;
  const pollers: PollingClient[] = [];
  for (const spec of config.pollingTentacles ?? []) {
    const tentacle = makeTentacle(spec);
    const client = new PollingClient(spec, {
      halibut, seed: config.seed, nowMs: shared.nowMs, onFailure: () => failures++,
      dispatch: (request) => dispatchRpc(tentacle, request.path, request.body),
    });
    pollers.push(client);
    crashables.set(spec.id, {
      id: spec.id, behaviour: tentacle.behaviour,
      crash(reason) { tentacle.crash(reason); client.stop(); },
      restart() { tentacle.restart(); client.start(); },
    });
  }

  let closing: Promise<void> | undefined;
  const crashes = { stop: () => {} };
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      crashes.stop();
      for (const tentacle of tentacles.values()) tentacle.halt("fleet stopped while the script ran");
      for (const client of pollers) client.stop();
      await Promise.all([...servers.keys()].map(unlisten));
    })());

  const bindFailures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (bindFailures.length > 0) {
    await close();
    const first = (bindFailures[0]!.reason as Error).message;
    throw errors.infraFailed(`fleet ${config.fleetName}`, `${bindFailures.length} of ${config.tentacles.length} tentacles could not listen; first: ${first}`);
  }
  for (const client of pollers) client.start();
  crashes.stop = scheduleCrashes(config.seed, crashables.values(), clock).stop;
  return {
    tentacles,
    listening: config.tentacles.length,
    polling: pollers.length,
    bindMs,
    pollingFailures: () => failures,
    crash(id, downMs) {
      const target = crashables.get(id);
      if (!target) throw errors.invalidArgument("crash id", id, `a tentacle of fleet ${config.fleetName}`);
      target.crash(`tentacle ${id} crashed (on request, down ${downMs} ms)`);
      clock.setTimer(() => { if (!closing) target.restart(); }, downMs);
    },
    close,
  };
}
