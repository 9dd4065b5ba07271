// Halibut timeouts as named presets (domain.md (b)): `default` is what production ships, `recommended`
// is HalibutTimeoutsAndLimits.RecommendedValues(). Values in production seconds; scaledRpcSettings
// applies a scenario's overrides and timeScale to give the RpcSettings a server node runs with.

import type { RpcSettings } from "../contracts/index.ts";
import type { ScenarioSpec } from "./schema.ts";

export interface RpcPreset {
  connectTimeoutS: number;
  receiveResponseTimeoutS: number;
  statusPollInitialS: number;
  statusPollMaxS: number;
}

/** Script status polling (300 ms x1.15 up to 5 s) is Tentacle client behaviour, the same in both presets. */
export const RPC_PRESETS: Readonly<Record<ScenarioSpec["server"]["rpc"]["preset"], RpcPreset>> = {
  default: { connectTimeoutS: 60, receiveResponseTimeoutS: 600, statusPollInitialS: 0.3, statusPollMaxS: 5 },
  recommended: { connectTimeoutS: 60, receiveResponseTimeoutS: 300, statusPollInitialS: 0.3, statusPollMaxS: 5 },
};

export const STATUS_POLL_BACKOFF_FACTOR = 1.15;

/** Converts production seconds to run milliseconds under `timeScale`. */
export function scaledMs(productionS: number, timeScale: number): number {
  return Math.max(1, Math.round(productionS * 1000 * timeScale));
}

export function scaledRpcSettings(spec: ScenarioSpec): RpcSettings {
  const { preset, overrides, maxPooledConnectionsPerTentacle } = spec.server.rpc;
  const s = { ...RPC_PRESETS[preset], ...overrides };
  return {
    connectTimeoutMs: scaledMs(s.connectTimeoutS, spec.timeScale),
    receiveResponseTimeoutMs: scaledMs(s.receiveResponseTimeoutS, spec.timeScale),
    statusPollInitialMs: scaledMs(s.statusPollInitialS, spec.timeScale),
    statusPollBackoffFactor: STATUS_POLL_BACKOFF_FACTOR,
    statusPollMaxMs: scaledMs(s.statusPollMaxS, spec.timeScale),
    maxPooledConnectionsPerTentacle,
  };
}
