// A scenario's Halibut settings: its preset (sim/contracts/halibut.ts) with its overrides by name on
// top, and what its nodes and tentacles run with under its timeScale.

import {
  nodeRpcSettings, RPC_PRESETS, tentacleRpcSettings, type HalibutSettings, type RpcSettings, type TentacleHalibutSettings,
} from "../contracts/index.ts";
import type { ScenarioSpec } from "./schema.ts";

export { RPC_PRESETS, scaledMs, STATUS_POLL_BACKOFF_FACTOR, type HalibutSettings, type ReconnectPolicy, type RpcPresetName } from "../contracts/index.ts";

/** The named settings a scenario runs with: its preset with its overrides on top (production units). */
export function halibutSettings(spec: ScenarioSpec): HalibutSettings {
  const { preset, overrides } = spec.server.rpc;
  return { ...RPC_PRESETS[preset], ...overrides };
}

/** What a server node of the scenario runs with (scaled). The polling listen address is the run's to add. */
export function scaledRpcSettings(spec: ScenarioSpec): RpcSettings {
  return nodeRpcSettings(halibutSettings(spec), spec.timeScale, spec.server.rpc.maxPooledConnectionsPerTentacle);
}

/** What every tentacle of the scenario's fleet runs with (scaled). */
export function scaledTentacleSettings(spec: ScenarioSpec): TentacleHalibutSettings {
  return tentacleRpcSettings(halibutSettings(spec), spec.timeScale);
}
