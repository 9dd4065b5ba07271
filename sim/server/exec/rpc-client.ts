// The node's client for tentacle RPC. Listening machines (http endpoints): a POST over one keep-alive
// connection pool (idle connections per tentacle = maxPooledConnectionsPerTentacle, expiring after
// pooledConnectionTimeoutMs), with Halibut's connect retry. Polling machines (poll://<id>/ endpoints):
// the request is queued on this node's polling endpoint, which this client starts when
// settings.pollingListen is set. Every attempt is a history op pair and a metric; Octopus's retry
// layer (settings.retry) wraps the attempts, and the strategy's RPC guard wraps the whole call.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { pollingSubscriptionOf, type RpcCallValue, type RpcSettings } from "../../contracts/index.ts";
import type { HistoryFile } from "../history-file.ts";
import type { RPC_SERVICES, ServerMetrics } from "../metrics.ts";
import { ConnectRate } from "../rpc/connect-rate.ts";
import { PollingHub } from "../rpc/polling-hub.ts";
import { startPollingServer, type RunningPollingServer } from "../rpc/polling-server.ts";
import { withRetries } from "../rpc/retry.ts";
import { makeRpcMetrics, type RpcMetrics } from "../rpc/rpc-metrics.ts";
import { resolveRpcSettings, type ResolvedRpcSettings } from "../rpc/settings.ts";
import type { RpcGuard } from "../strategies/index.ts";
import { ConnectionPool, postJson, requestTarget, RpcError, type RequestTarget } from "../../transport/index.ts";

export type RpcService = (typeof RPC_SERVICES)[number];

export interface RpcCall {
  service: RpcService;
  /** Base URL of a listening machine (http://127.21.0.5:10933) or a polling machine's poll://Machines-17/. */
  endpoint: string;
  path: string;
  body: unknown;
  targetId: string;
  taskId: string;
  ticket: string;
}

export interface RpcClient {
  call<T>(call: RpcCall, signal?: AbortSignal): Promise<T>;
  /** Resolves once the polling endpoint listens (at once when there is none); rejects when it cannot. */
  readonly ready: Promise<void>;
  /** Destroys pooled connections and stops the polling endpoint (queued and in-flight polling requests fail). */
  close(): Promise<void>;
}

export interface RpcClientDeps {
  settings: RpcSettings;
  history: HistoryFile;
  metrics: ServerMetrics;
  guard?: RpcGuard;
  /** Reported by the polling endpoint's status; default "node". */
  nodeName?: string;
}

export function makeRpcClient(deps: RpcClientDeps): RpcClient {
  const settings = resolveRpcSettings(deps.settings);
  const pooled = settings.maxPooledConnectionsPerTentacle;
  const connections = new ConnectionPool({ keepAlive: pooled > 0, maxIdlePerHost: pooled, idleTimeoutMs: settings.pooledConnectionTimeoutMs });
  let rpcMetrics: RpcMetrics | undefined;
  const connectRate = new ConnectRate();
  const hub = settings.pollingListen ? new PollingHub({
    queueWaitTimeoutMs: settings.pollingQueueWaitTimeoutMs,
    requestQueueTimeoutMs: settings.pollingRequestQueueTimeoutMs,
    receiveResponseTimeoutMs: settings.receiveResponseTimeoutMs,
    onCollected: (waitedMs) => rpcMetrics?.collectWait.observe(waitedMs / 1000),
    onNullMessage: () => rpcMetrics?.nullMessages.inc(),
  }) : undefined;
  const metrics = (rpcMetrics = makeRpcMetrics(deps.metrics.registry, {
    pool: () => connections.stats(),
    ...(hub ? { queue: () => hub.stats(), connectRate: () => ({ peak: connectRate.peak() }) } : {}),
  }));
  const polling: Promise<RunningPollingServer | undefined> = hub && settings.pollingListen
    ? startPollingServer({
      hub, metrics, connectRate, nodeName: deps.nodeName ?? "node",
      idleTimeoutMs: Math.max(settings.receiveResponseTimeoutMs, settings.pollingQueueWaitTimeoutMs) + 1_000,
      tcpKeepAliveIdleMs: settings.tcpKeepAliveIdleMs, maxConnectionsPerSubscription: settings.maxConnectionsPerPollingSubscription,
    }, settings.pollingListen.host, settings.pollingListen.port)
    : Promise.resolve(undefined);
  polling.catch(() => undefined); // surfaced through `ready` and every polling call

  const transport = <T>(call: RpcCall, signal?: AbortSignal): Promise<T> => {
    const subscription = pollingSubscriptionOf(call.endpoint);
    if (subscription === null) return sendListening<T>(connections, settings, call, signal);
    if (!hub) return Promise.reject(new RpcError("fail", `machine ${call.targetId} is polling (${call.endpoint}) but this node has no polling endpoint (rpc.pollingListen unset)`));
    return polling.then(async () => {
      const response = await hub.send(subscription, call.path, call.body, signal);
      if (response.status < 200 || response.status >= 300) {
        throw new RpcError("fail", `HTTP ${response.status}: ${JSON.stringify(response.body).slice(0, 200)}`, { kind: "http-status" });
      }
      return response.body as T;
    }, (error: unknown) => {
      throw new RpcError("fail", `polling endpoint failed to start: ${(error as Error).message}`);
    });
  };

  const attempt = async <T>(call: RpcCall, n: number, signal?: AbortSignal): Promise<T> => {
    const f = `rpc:${call.service}`;
    const mode = pollingSubscriptionOf(call.endpoint) === null ? "listening" : "polling";
    const base: RpcCallValue = { targetId: call.targetId, taskId: call.taskId, ticket: call.ticket, mode, attempt: n };
    deps.history.append("invoke", f, base);
    const startMs = performance.now();
    const elapsedMs = () => Math.round(performance.now() - startMs);
    try {
      const result = await transport<T>(call, signal);
      deps.history.append("ok", f, { ...base, durationMs: elapsedMs() });
      deps.metrics.rpcDuration.observe({ service: call.service, outcome: "ok" }, elapsedMs() / 1000);
      return result;
    } catch (error) {
      const rpcError = error instanceof RpcError ? error : new RpcError("info", String(error), { cause: error });
      deps.history.append(rpcError.outcome, f, { ...base, durationMs: elapsedMs(), error: rpcError.message, errorKind: rpcError.kind });
      deps.metrics.rpcDuration.observe({ service: call.service, outcome: rpcError.outcome }, elapsedMs() / 1000);
      metrics.errors.inc({ service: call.service, kind: rpcError.kind });
      if (rpcError.kind.endsWith("-timeout")) metrics.timeouts.inc({ kind: rpcError.kind });
      throw rpcError;
    }
  };

  const send = <T>(call: RpcCall, signal?: AbortSignal): Promise<T> => {
    const retry = settings.retry;
    if (!retry) return attempt<T>(call, 1, signal);
    return withRetries(retry, (n) => attempt<T>(call, n, signal), { signal, onRetry: () => metrics.retries.inc({ service: call.service }) });
  };

  return {
    call: (call, signal) => (deps.guard ? deps.guard.aroundRpc(() => send(call, signal)) : send(call, signal)),
    ready: polling.then(() => undefined),
    async close() {
      connections.destroy();
      const server = await polling.catch(() => undefined);
      await server?.stop();
    },
  };
}

/** One listening attempt, with Halibut's connect retry: only failures before the request could have been processed. */
async function sendListening<T>(connections: ConnectionPool, s: ResolvedRpcSettings, call: RpcCall, signal?: AbortSignal): Promise<T> {
  const startMs = performance.now();
  const target = targetOf(call);
  for (let tries = 1; ; tries++) {
    try {
      return await postJson<T>(target, call.body, {
        pool: connections, connectTimeoutMs: s.connectTimeoutMs, responseTimeoutMs: s.receiveResponseTimeoutMs,
        sendTimeoutMs: s.sendTimeoutMs, receiveTimeoutMs: s.receiveTimeoutMs, keepAliveIdleMs: s.tcpKeepAliveIdleMs, signal,
      });
    } catch (error) {
      const beforeSending = error instanceof RpcError && (error.kind === "connect-refused" || error.kind === "connect-timeout");
      const { countLimit, sleepMs, timeoutMs } = s.connectRetry;
      if (!beforeSending || tries >= countLimit || performance.now() - startMs + sleepMs >= timeoutMs) throw error;
      await sleep(sleepMs, undefined, { signal }).catch(() => { throw error; });
    }
  }
}

/** Parsed listening endpoints (one per machine; a fleet's worth at most), so a call parses no URL. */
const endpointTargets = new Map<string, RequestTarget>();

/** call.path is absolute (RPC_PATHS), so it replaces the endpoint's path as `new URL(path, endpoint)` would. */
function targetOf(call: RpcCall): RequestTarget {
  let base = endpointTargets.get(call.endpoint);
  if (!base) endpointTargets.set(call.endpoint, (base = requestTarget(new URL(call.endpoint))));
  return { ...base, path: call.path };
}
