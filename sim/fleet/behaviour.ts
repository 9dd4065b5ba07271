// Which behaviour and Halibut settings a tentacle runs with: the named group it refers to, else the
// fleet's "default" group, else the fleet-level script fields; absent Halibut settings get the
// production defaults (unscaled: only sensible in tests that set what they need).

import type { FleetConfig, TentacleBehaviour, TentacleHalibutSettings } from "../contracts/index.ts";

/** Group a tentacle without `behaviour` takes when the config defines it. */
export const DEFAULT_BEHAVIOUR = "default";

export const PRODUCTION_TENTACLE_HALIBUT: TentacleHalibutSettings = {
  listeningIdleTimeoutMs: 600_000,
  pollingReceiveRequestTimeoutMs: 600_000,
  connectTimeoutMs: 60_000,
  pollingConnectionCount: 1,
  reconnect: "randomized-backoff",
  reconnectMinMs: 5_000,
  reconnectMaxMs: 120_000,
  tcpKeepAliveIdleMs: 15_000,
};

export function behaviourOf(config: FleetConfig, name: string | undefined): TentacleBehaviour {
  const group = config.behaviours?.[name ?? DEFAULT_BEHAVIOUR];
  if (group) return group;
  if (name !== undefined) throw new Error(`tentacle behaviour ${JSON.stringify(name)} is not in FleetConfig.behaviours`);
  return { scriptDurationMs: config.scriptDurationMs, scriptFailureRate: config.scriptFailureRate };
}

export function halibutOf(config: FleetConfig): TentacleHalibutSettings {
  return config.halibut ?? PRODUCTION_TENTACLE_HALIBUT;
}
