// Hosts every tentacle of one FleetConfig in this process. Listening tentacles: one small net.Server
// per address, each connection served by http-connection.ts (no node:http objects per request).
// Polling tentacles: a PollingClient each. Crashing behaviours are scheduled here. close() halts
// scripts, stops polling and listening, and drops every connection.

import net from "node:net";
import type { Clock, FleetConfig, HistoryOp, TentacleSpec } from "../contracts/index.ts";
import { systemClock } from "../lib/clock.ts";
import { errors } from "../lib/errors.ts";
import { behaviourOf, halibutOf } from "./behaviour.ts";
import { scheduleCrashes, type Crashable } from "./crash-schedule.ts";
import { PollingClient } from "./polling-client.ts";
import { dispatchRpc } from "./rpc-dispatch.ts";
import { serveHttpConnection } from "../transport/http-connection.ts";
import { handleRpc, MAX_BODY_BYTES } from "./rpc-handler.ts";
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
}

export async function hostFleet(config: FleetConfig, deps: FleetHostDeps): Promise<HostedFleet> {
  const clock = deps.clock ?? systemClock;
  const shared: TentacleDeps = { seed: config.seed, journal: deps.journal, nowMs: clock.nowMs };
  const halibut = halibutOf(config);
  const ownerOf = new WeakMap<net.Socket, Tentacle>();
  const sockets = new Set<net.Socket>();

  const tentacles = new Map<string, Tentacle>();
  const crashables = new Map<string, Crashable>();
  const listeners = new Map<string, net.Server>();
  const listen = (tentacle: Tentacle, spec: TentacleSpec): Promise<void> => {
    // allowHalfOpen: a client that ends its side after the request still gets the answer.
    const listener = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
      ownerOf.set(socket, tentacle);
      sockets.add(socket);
      if (halibut.tcpKeepAliveIdleMs > 0) socket.setKeepAlive(true, halibut.tcpKeepAliveIdleMs);
      socket.once("close", () => sockets.delete(socket));
      serveHttpConnection(socket, {
        idleTimeoutMs: halibut.listeningIdleTimeoutMs, maxBodyBytes: MAX_BODY_BYTES,
        answer: (request) => (tentacle.down ? null : handleRpc(tentacle, request)),
      });
    });
    listeners.set(spec.id, listener);
    return bind(listener, spec.listenHost, spec.listenPort, spec.id);
  };
  const started = performance.now();
  const results = await Promise.allSettled(
    config.tentacles.map((spec) => {
      const tentacle = new Tentacle(spec.id, shared, behaviourOf(config, spec.behaviour));
      tentacles.set(spec.id, tentacle);
      crashables.set(spec.id, {
        id: spec.id, behaviour: tentacle.behaviour,
        crash(reason) {
          tentacle.crash(reason);
          listeners.get(spec.id)?.close();
          for (const socket of sockets) if (ownerOf.get(socket) === tentacle) socket.destroy();
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
    const tentacle = new Tentacle(spec.id, shared, behaviourOf(config, spec.behaviour));
    tentacles.set(spec.id, tentacle);
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
      const closed = [...listeners.values()].filter((l) => l.listening).map((l) => new Promise<void>((r) => l.close(() => r())));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closed);
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

function bind(listener: net.Server, host: string, port: number, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    listener.once("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(`tentacle ${id} could not listen on ${host}:${port}: ${err.code ?? err.message}`)),
    );
    listener.listen({ host, port, backlog: 511 }, () => resolve());
  });
}
