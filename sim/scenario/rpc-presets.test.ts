import { describe, expect, it } from "vitest";
import { RPC_PRESETS, scaledRpcSettings, scaledTentacleSettings, validateScenario } from "./index.ts";

const minimal = { name: "t", description: "test" };

describe("Halibut presets", () => {
  it("hold domain.md (b)'s production defaults and recommended values", () => {
    const d = RPC_PRESETS.default;
    expect([d.connectTimeoutS, d.sendTimeoutS, d.receiveTimeoutS, d.receiveResponseTimeoutS, d.pollingReceiveRequestTimeoutS]).toEqual([60, 600, 600, 600, 600]);
    expect([d.pooledConnectionTimeoutS, d.listeningNextRequestIdleTimeoutS, d.pollingQueueWaitTimeoutS, d.pollingRequestQueueTimeoutS]).toEqual([540, 600, 30, 120]);
    expect([d.retryCountLimit, d.retryListeningSleepIntervalS, d.connectionErrorRetryTimeoutS]).toEqual([5, 1, 300]);
    expect([d.tcpKeepAliveIdleS, d.tcpKeepAliveIntervalS, d.tcpKeepAliveProbes, d.maxConnectionsPerPollingSubscription]).toEqual([15, 5, 10, 0]);
    expect([d.pollingReconnect, d.pollingReconnectMinS, d.pollingReconnectMaxS, d.pollingConnectionCount]).toEqual(["randomized-backoff", 5, 120, 1]);
    expect([d.rpcRetryEnabled, d.rpcRetryDurationS, d.rpcRetrySleepStepS, d.rpcRetrySleepMaxSteps, d.startScriptWaitS]).toEqual([true, 150, 1, 10, 5]);
    const r = RPC_PRESETS.recommended;
    expect([r.sendTimeoutS, r.receiveTimeoutS, r.receiveResponseTimeoutS, r.pollingReceiveRequestTimeoutS, r.heartbeatEnabled]).toEqual([60, 60, 300, 60, true]);
    expect(r.pollingQueueWaitTimeoutS).toBe(d.pollingQueueWaitTimeoutS);
  });

  it("scale every duration by timeScale for the nodes and the fleet, with overrides by name", () => {
    const spec = validateScenario({ ...minimal, timeScale: 1 / 60, server: { rpc: { preset: "recommended", overrides: { pollingRequestQueueTimeoutS: 60, rpcRetryEnabled: false, pollingReconnect: "immediate" } } } }, "inline");
    const node = scaledRpcSettings(spec);
    expect(node).toMatchObject({
      connectTimeoutMs: 1000, receiveResponseTimeoutMs: 5000, sendTimeoutMs: 1000, pooledConnectionTimeoutMs: 9000,
      pollingQueueWaitTimeoutMs: 500, pollingRequestQueueTimeoutMs: 1000, startScriptWaitMs: 83, tcpKeepAliveIdleMs: 250,
      connectRetry: { countLimit: 5, sleepMs: 17, timeoutMs: 5000 }, heartbeat: { enabled: true, sendTimeoutMs: 1000, receiveTimeoutMs: 1000 },
    });
    expect(node.retry).toBeUndefined();
    expect(scaledTentacleSettings(spec)).toEqual({
      listeningIdleTimeoutMs: 10_000, pollingReceiveRequestTimeoutMs: 1000, connectTimeoutMs: 1000, pollingConnectionCount: 5,
      reconnect: "immediate", reconnectMinMs: 83, reconnectMaxMs: 2000, tcpKeepAliveIdleMs: 250,
    });
    const retrying = scaledRpcSettings(validateScenario({ ...minimal, timeScale: 1 / 60 }, "inline"));
    expect(retrying.retry).toEqual({ durationMs: 2500, sleepStepMs: 17, sleepMaxSteps: 10 });
  });

  it("refuses an unknown setting name or a bad value, naming it", () => {
    expect(() => validateScenario({ ...minimal, server: { rpc: { overrides: { receiveTimeoutSeconds: 1 } } } } as never, "inline")).toThrow(/server\.rpc\.overrides: unknown field\(s\) "receiveTimeoutSeconds"/);
    expect(() => validateScenario({ ...minimal, server: { rpc: { overrides: { pollingReconnect: "sometimes" } } } } as never, "inline")).toThrow(/server\.rpc\.overrides\.pollingReconnect/);
  });
});
