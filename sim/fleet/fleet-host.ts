// Hosts every tentacle of one FleetConfig in this process: one small net.Server per tentacle address
// feeding a single shared http.Server (one parser setup, one connection checker, no per-tentacle
// timers). Listens concurrently; close() halts scripts, stops listening and drops connections.

import http from "node:http";
import net from "node:net";
import type { FleetConfig, HistoryOp, ScriptRunValue } from "../contracts/index.ts";
import { errors } from "../infra/errors.ts";
import { handleRpc } from "./rpc-handler.ts";
import { Tentacle, type TentacleDeps } from "./tentacle.ts";

/** Idle keep-alive connections from server nodes are kept this long (Halibut pools for minutes). */
const KEEP_ALIVE_TIMEOUT_MS = 60_000;

export interface HostedFleet {
  readonly tentacles: ReadonlyMap<string, Tentacle>;
  /** Time spent binding every listener. */
  readonly bindMs: number;
  /** Halts running scripts (journaled as info), stops listening and closes every connection. Idempotent. */
  close(): Promise<void>;
}

export interface FleetHostDeps {
  journal: (op: HistoryOp<ScriptRunValue>) => void;
  nowMs?: () => number;
}

export async function hostFleet(config: FleetConfig, deps: FleetHostDeps): Promise<HostedFleet> {
  const shared: TentacleDeps = {
    seed: config.seed,
    scriptDurationMs: config.scriptDurationMs,
    scriptFailureRate: config.scriptFailureRate,
    journal: deps.journal,
    nowMs: deps.nowMs ?? Date.now,
  };
  const ownerOf = new WeakMap<net.Socket, Tentacle>();
  // The shared http.Server never listens itself, so it does not track connections: we do.
  const sockets = new Set<net.Socket>();
  const httpServer = http.createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, noDelay: true, requestTimeout: 0, headersTimeout: 0 }, (req, res) => {
    const tentacle = ownerOf.get(req.socket as net.Socket);
    if (tentacle) void handleRpc(tentacle, req, res);
    else res.writeHead(500).end();
  });

  const tentacles = new Map<string, Tentacle>();
  const listeners: net.Server[] = [];
  const started = performance.now();
  const results = await Promise.allSettled(
    config.tentacles.map((spec) => {
      const tentacle = new Tentacle(spec.id, shared);
      tentacles.set(spec.id, tentacle);
      const listener = net.createServer({ noDelay: true }, (socket) => {
        ownerOf.set(socket, tentacle);
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
        httpServer.emit("connection", socket);
      });
      listeners.push(listener);
      return listen(listener, spec.listenHost, spec.listenPort, spec.id);
    }),
  );
  const bindMs = performance.now() - started;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      for (const tentacle of tentacles.values()) tentacle.halt("fleet stopped while the script ran");
      const closed = listeners.filter((l) => l.listening).map((l) => new Promise<void>((r) => l.close(() => r())));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closed);
    })());

  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length > 0) {
    await close();
    const first = (failures[0]!.reason as Error).message;
    throw errors.infraFailed(`fleet ${config.fleetName}`, `${failures.length} of ${config.tentacles.length} tentacles could not listen; first: ${first}`);
  }
  return { tentacles, bindMs, close };
}

function listen(listener: net.Server, host: string, port: number, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    listener.once("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(`tentacle ${id} could not listen on ${host}:${port}: ${err.code ?? err.message}`)),
    );
    listener.listen({ host, port, backlog: 511 }, () => resolve());
  });
}
