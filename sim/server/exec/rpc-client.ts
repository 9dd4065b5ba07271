// The node's client for tentacle RPC: POSTs to {endpoint}{path} over one keep-alive agent (idle
// connections kept per tentacle = maxPooledConnectionsPerTentacle), records every call as history
// ops (invoke then ok/fail/info) and in sim_rpc_duration_seconds, and runs it inside the strategy's
// RPC guard when it has one.
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { RpcCallValue, RpcSettings } from "../../contracts/index.ts";
import type { HistoryFile } from "../history-file.ts";
import type { ServerMetrics } from "../metrics.ts";
import type { RpcGuard } from "../strategies/index.ts";
import { postJson, RpcError } from "./http-post-json.ts";

/** Idle pooled sockets are closed after this, before a tentacle's own keep-alive timeout (Node default 5 s) can race a reuse. */
const FREE_SOCKET_TIMEOUT_MS = 4000;

export type RpcService = "start-script" | "get-status";

export interface RpcCall {
  service: RpcService;
  /** Base URL of the machine, e.g. http://127.21.0.5:10933. */
  endpoint: string;
  path: string;
  body: unknown;
  targetId: string;
  taskId: string;
  ticket: string;
}

export interface RpcClient {
  call<T>(call: RpcCall, signal?: AbortSignal): Promise<T>;
  close(): void;
}

export interface RpcClientDeps {
  settings: RpcSettings;
  history: HistoryFile;
  metrics: ServerMetrics;
  guard?: RpcGuard;
}

export function makeRpcClient(deps: RpcClientDeps): RpcClient {
  const { settings } = deps;
  const pooled = settings.maxPooledConnectionsPerTentacle;
  const agent = new http.Agent({ keepAlive: pooled > 0, maxFreeSockets: Math.max(pooled, 1), timeout: FREE_SOCKET_TIMEOUT_MS });
  const send = async <T>(call: RpcCall, signal?: AbortSignal): Promise<T> => {
    const f = `rpc:${call.service}`;
    const base: RpcCallValue = { targetId: call.targetId, taskId: call.taskId, ticket: call.ticket };
    deps.history.append("invoke", f, base);
    const startMs = performance.now();
    const elapsedMs = () => Math.round(performance.now() - startMs);
    try {
      const result = await postJson<T>(new URL(call.path, call.endpoint), call.body, {
        agent, connectTimeoutMs: settings.connectTimeoutMs, responseTimeoutMs: settings.receiveResponseTimeoutMs, signal,
      });
      deps.history.append("ok", f, { ...base, durationMs: elapsedMs() });
      deps.metrics.rpcDuration.observe({ service: call.service, outcome: "ok" }, elapsedMs() / 1000);
      return result;
    } catch (error) {
      const rpcError = error instanceof RpcError ? error : new RpcError("info", String(error), { cause: error });
      deps.history.append(rpcError.outcome, f, { ...base, durationMs: elapsedMs(), error: rpcError.message });
      deps.metrics.rpcDuration.observe({ service: call.service, outcome: rpcError.outcome }, elapsedMs() / 1000);
      throw rpcError;
    }
  };
  return {
    call: (call, signal) => (deps.guard ? deps.guard.aroundRpc(() => send(call, signal)) : send(call, signal)),
    close: () => agent.destroy(),
  };
}
