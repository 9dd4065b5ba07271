// Halibut's and the Tentacle client's settings (domain.md (b)), defined once: every setting named in
// production seconds, the presets `default` (what production ships) and `recommended`
// (HalibutTimeoutsAndLimits.RecommendedValues()), and their conversion to what a node and a tentacle
// run with, in milliseconds under a time scale. The scenario layer and the server both read these.

import type { TentacleHalibutSettings } from "./fleet-config.ts";
import type { RpcSettings } from "./server-config.ts";

export type ReconnectPolicy = "immediate" | "randomized-backoff";

/** Named settings; `...S` are production seconds. Sources: H:HalibutTimeoutsAndLimits.cs, RetryPolicy.cs, TC:RpcCallRetryPolicyBuilder.cs. */
export interface HalibutSettings {
  /** TcpClientConnectTimeout. */
  connectTimeoutS: number;
  /** TcpClientTimeout (send / receive inactivity). */
  sendTimeoutS: number;
  receiveTimeoutS: number;
  /** TcpClientReceiveResponseTimeout: request sent to first byte of the response (about the RPC's execution time). */
  receiveResponseTimeoutS: number;
  /** TcpClientReceiveRequestTimeoutForPolling: a polling tentacle waits this long for a request or null message. */
  pollingReceiveRequestTimeoutS: number;
  /** TcpClientHeartbeat{Send,Receive}Timeout, used only when heartbeatEnabled (carried, not modelled on the wire). */
  heartbeatEnabled: boolean;
  heartbeatSendTimeoutS: number;
  heartbeatReceiveTimeoutS: number;
  /** TcpListeningNextRequestIdleTimeout: a listening tentacle closes an idle connection after this. */
  listeningNextRequestIdleTimeoutS: number;
  /** TcpClientPooledConnectionTimeout: idle pooled connections expire after this. */
  pooledConnectionTimeoutS: number;
  /** PollingQueueWaitTimeout: the null-message interval. */
  pollingQueueWaitTimeoutS: number;
  /** PollingRequestQueueTimeout: a queued request must be collected within this. */
  pollingRequestQueueTimeoutS: number;
  /** RetryCountLimit / RetryListeningSleepInterval / ConnectionErrorRetryTimeout (listening connect retry). */
  retryCountLimit: number;
  retryListeningSleepIntervalS: number;
  connectionErrorRetryTimeoutS: number;
  /** TCP keepalive (idle / interval / probes; Node can set only the idle time, the rest are the OS's). */
  tcpKeepAliveEnabled: boolean;
  tcpKeepAliveIdleS: number;
  tcpKeepAliveIntervalS: number;
  tcpKeepAliveProbes: number;
  /** MaximumActiveTcpConnectionsPerPollingSubscription; 0 = unlimited (null in Halibut). */
  maxConnectionsPerPollingSubscription: number;
  /** Polling connections per node per tentacle: 1 historically, max(5, cores) for new workers. */
  pollingConnectionCount: number;
  /** Polling reconnect: `immediate` (pre-2020 bug) or randomized backoff clamped to [min, max]. */
  pollingReconnect: ReconnectPolicy;
  pollingReconnectMinS: number;
  pollingReconnectMaxS: number;
  /** Octopus's RPC retry layer ("Resilient Tentacle Communications"): retry for this long, sleeping min(attempt, sleepMaxSteps) x sleepStep. */
  rpcRetryEnabled: boolean;
  rpcRetryDurationS: number;
  rpcRetrySleepStepS: number;
  rpcRetrySleepMaxSteps: number;
  /** StartScript blocks up to this long for the script to finish. */
  startScriptWaitS: number;
  /** Script status polling backoff: initial, x STATUS_POLL_BACKOFF_FACTOR, capped. */
  statusPollInitialS: number;
  statusPollMaxS: number;
}

export type RpcPresetName = "default" | "recommended";

/** Production defaults (HalibutTimeoutsAndLimits, RetryPolicy, RpcCallRetryPolicyBuilder). */
export const HALIBUT_DEFAULTS: HalibutSettings = {
  connectTimeoutS: 60,
  sendTimeoutS: 600,
  receiveTimeoutS: 600,
  receiveResponseTimeoutS: 600,
  pollingReceiveRequestTimeoutS: 600,
  heartbeatEnabled: false,
  heartbeatSendTimeoutS: 60,
  heartbeatReceiveTimeoutS: 60,
  listeningNextRequestIdleTimeoutS: 600,
  pooledConnectionTimeoutS: 540,
  pollingQueueWaitTimeoutS: 30,
  pollingRequestQueueTimeoutS: 120,
  retryCountLimit: 5,
  retryListeningSleepIntervalS: 1,
  connectionErrorRetryTimeoutS: 300,
  tcpKeepAliveEnabled: true,
  tcpKeepAliveIdleS: 15,
  tcpKeepAliveIntervalS: 5,
  tcpKeepAliveProbes: 10,
  maxConnectionsPerPollingSubscription: 0,
  pollingConnectionCount: 1,
  pollingReconnect: "randomized-backoff",
  pollingReconnectMinS: 5,
  pollingReconnectMaxS: 120,
  rpcRetryEnabled: true,
  rpcRetryDurationS: 150,
  rpcRetrySleepStepS: 1,
  rpcRetrySleepMaxSteps: 10,
  startScriptWaitS: 5,
  statusPollInitialS: 0.3,
  statusPollMaxS: 5,
};

export const RPC_PRESETS: Readonly<Record<RpcPresetName, HalibutSettings>> = {
  default: HALIBUT_DEFAULTS,
  recommended: {
    ...HALIBUT_DEFAULTS,
    sendTimeoutS: 60,
    receiveTimeoutS: 60,
    receiveResponseTimeoutS: 300,
    // PollingQueueWaitTimeout + 30 s
    pollingReceiveRequestTimeoutS: HALIBUT_DEFAULTS.pollingQueueWaitTimeoutS + 30,
    heartbeatEnabled: true,
    pollingConnectionCount: 5,
  },
};

export const STATUS_POLL_BACKOFF_FACTOR = 1.15;

/** Converts production seconds to run milliseconds under `timeScale` (at least 1 ms). */
export function scaledMs(productionS: number, timeScale: number): number {
  return Math.max(1, Math.round(productionS * 1000 * timeScale));
}

/** What a server node runs with under `timeScale`. The polling listen address is the run's to add. */
export function nodeRpcSettings(s: HalibutSettings, timeScale: number, maxPooledConnectionsPerTentacle: number): RpcSettings {
  const ms = (productionS: number) => scaledMs(productionS, timeScale);
  return {
    connectTimeoutMs: ms(s.connectTimeoutS),
    receiveResponseTimeoutMs: ms(s.receiveResponseTimeoutS),
    statusPollInitialMs: ms(s.statusPollInitialS),
    statusPollBackoffFactor: STATUS_POLL_BACKOFF_FACTOR,
    statusPollMaxMs: ms(s.statusPollMaxS),
    maxPooledConnectionsPerTentacle,
    sendTimeoutMs: ms(s.sendTimeoutS),
    receiveTimeoutMs: ms(s.receiveTimeoutS),
    pooledConnectionTimeoutMs: ms(s.pooledConnectionTimeoutS),
    connectRetry: { countLimit: s.retryCountLimit, sleepMs: ms(s.retryListeningSleepIntervalS), timeoutMs: ms(s.connectionErrorRetryTimeoutS) },
    tcpKeepAliveIdleMs: s.tcpKeepAliveEnabled ? ms(s.tcpKeepAliveIdleS) : 0,
    pollingQueueWaitTimeoutMs: ms(s.pollingQueueWaitTimeoutS),
    pollingRequestQueueTimeoutMs: ms(s.pollingRequestQueueTimeoutS),
    maxConnectionsPerPollingSubscription: s.maxConnectionsPerPollingSubscription,
    ...(s.rpcRetryEnabled
      ? { retry: { durationMs: ms(s.rpcRetryDurationS), sleepStepMs: ms(s.rpcRetrySleepStepS), sleepMaxSteps: s.rpcRetrySleepMaxSteps } }
      : {}),
    startScriptWaitMs: s.startScriptWaitS === 0 ? 0 : ms(s.startScriptWaitS),
    heartbeat: { enabled: s.heartbeatEnabled, sendTimeoutMs: ms(s.heartbeatSendTimeoutS), receiveTimeoutMs: ms(s.heartbeatReceiveTimeoutS) },
  };
}

/** What every tentacle of a fleet runs with under `timeScale`. */
export function tentacleRpcSettings(s: HalibutSettings, timeScale: number): TentacleHalibutSettings {
  const ms = (productionS: number) => scaledMs(productionS, timeScale);
  return {
    listeningIdleTimeoutMs: ms(s.listeningNextRequestIdleTimeoutS),
    pollingReceiveRequestTimeoutMs: ms(s.pollingReceiveRequestTimeoutS),
    connectTimeoutMs: ms(s.connectTimeoutS),
    pollingConnectionCount: s.pollingConnectionCount,
    reconnect: s.pollingReconnect,
    reconnectMinMs: ms(s.pollingReconnectMinS),
    reconnectMaxMs: ms(s.pollingReconnectMaxS),
    tcpKeepAliveIdleMs: s.tcpKeepAliveEnabled ? ms(s.tcpKeepAliveIdleS) : 0,
  };
}
