// Validates the optional parts of a FleetConfig: polling tentacles (unique ids, loopback http
// endpoints), behaviour groups (and that every tentacle's group exists), tentacle Halibut settings,
// the metrics listen address.

import type { FleetConfig, PollingTentacleSpec, TentacleBehaviour, TentacleHalibutSettings } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { requireNonNegativeInt, requireNumberIn, requireObject, requireString } from "./config-fields.ts";

type Extras = Pick<FleetConfig, "pollingTentacles" | "behaviours" | "halibut" | "metrics">;

export function validateFleetExtras(config: Record<string, unknown>, listeningIds: Set<string>): Extras {
  const extras: Extras = {};
  if (config.behaviours !== undefined) {
    const groups = requireObject(config.behaviours, "FleetConfig.behaviours");
    extras.behaviours = Object.fromEntries(Object.entries(groups).map(([name, b]) => [name, validateBehaviour(b, `FleetConfig.behaviours.${name}`)]));
  }
  if (config.pollingTentacles !== undefined) {
    if (!Array.isArray(config.pollingTentacles)) throw errors.invalidArgument("FleetConfig.pollingTentacles", config.pollingTentacles, "an array");
    extras.pollingTentacles = config.pollingTentacles.map((item, i) => validatePolling(item, `FleetConfig.pollingTentacles[${i}]`, listeningIds));
  }
  if (config.halibut !== undefined) extras.halibut = validateHalibut(config.halibut);
  if (config.metrics !== undefined) {
    const metrics = requireObject(config.metrics, "FleetConfig.metrics");
    const port = metrics.port;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65_535) throw errors.invalidArgument("FleetConfig.metrics.port", port, "an integer port in 1..65535");
    extras.metrics = { host: requireString(metrics.host, "FleetConfig.metrics.host"), port: port as number };
  }
  const known = new Set(Object.keys(extras.behaviours ?? {}));
  const refs = [...(config.tentacles as Array<{ id: string; behaviour?: string }>), ...(extras.pollingTentacles ?? [])];
  for (const t of refs) {
    if (t.behaviour !== undefined && !known.has(t.behaviour)) {
      throw errors.invalidArgument(`FleetConfig tentacle ${t.id}.behaviour`, t.behaviour, `one of FleetConfig.behaviours (${[...known].join(", ") || "none defined"})`);
    }
  }
  return extras;
}

function validatePolling(value: unknown, field: string, ids: Set<string>): PollingTentacleSpec {
  const spec = requireObject(value, field);
  const id = requireString(spec.id, `${field}.id`);
  if (ids.has(id)) throw errors.invalidArgument(`${field}.id`, id, "an id unique in the fleet");
  ids.add(id);
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) throw errors.invalidArgument(`${field}.endpoints`, spec.endpoints, "a non-empty array of {node, url}");
  const endpoints = spec.endpoints.map((e, j) => {
    const endpoint = requireObject(e, `${field}.endpoints[${j}]`);
    const url = requireString(endpoint.url, `${field}.endpoints[${j}].url`);
    if (!/^http:\/\/127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d+\/?$/.test(url)) throw errors.invalidArgument(`${field}.endpoints[${j}].url`, url, "http://127.x.y.z:port");
    return { node: requireString(endpoint.node, `${field}.endpoints[${j}].node`), url };
  });
  const result: PollingTentacleSpec = { id, endpoints };
  if (spec.sourceHost !== undefined) result.sourceHost = requireString(spec.sourceHost, `${field}.sourceHost`);
  if (spec.behaviour !== undefined) result.behaviour = requireString(spec.behaviour, `${field}.behaviour`);
  return result;
}

function validateBehaviour(value: unknown, field: string): TentacleBehaviour {
  const b = requireObject(value, field);
  const d = requireObject(b.scriptDurationMs, `${field}.scriptDurationMs`);
  const min = requireNonNegativeInt(d.min, `${field}.scriptDurationMs.min`);
  const max = requireNonNegativeInt(d.max, `${field}.scriptDurationMs.max`);
  if (max < min) throw errors.invalidArgument(`${field}.scriptDurationMs.max`, max, `>= scriptDurationMs.min (${min})`);
  if (d.shape !== undefined && d.shape !== "uniform" && d.shape !== "lognormal") throw errors.invalidArgument(`${field}.scriptDurationMs.shape`, d.shape, `"uniform" or "lognormal"`);
  const behaviour: TentacleBehaviour = {
    scriptDurationMs: { min, max, ...(d.shape === undefined ? {} : { shape: d.shape }) },
    scriptFailureRate: requireNumberIn(b.scriptFailureRate, `${field}.scriptFailureRate`, 0, 1),
  };
  if (b.hangRate !== undefined) behaviour.hangRate = requireNumberIn(b.hangRate, `${field}.hangRate`, 0, 1);
  if (b.uploadMsPerMiB !== undefined) behaviour.uploadMsPerMiB = requireNumberIn(b.uploadMsPerMiB, `${field}.uploadMsPerMiB`, 0, Number.MAX_SAFE_INTEGER);
  if (b.bypassDeploymentMutex !== undefined) {
    if (typeof b.bypassDeploymentMutex !== "boolean") throw errors.invalidArgument(`${field}.bypassDeploymentMutex`, b.bypassDeploymentMutex, "a boolean");
    behaviour.bypassDeploymentMutex = b.bypassDeploymentMutex;
  }
  if (b.crash !== undefined) {
    const c = requireObject(b.crash, `${field}.crash`);
    behaviour.crash = {
      meanIntervalMs: requireNumberIn(c.meanIntervalMs, `${field}.crash.meanIntervalMs`, 1, Number.MAX_SAFE_INTEGER),
      downMs: requireNonNegativeInt(c.downMs, `${field}.crash.downMs`),
    };
  }
  return behaviour;
}

function validateHalibut(value: unknown): TentacleHalibutSettings {
  const h = requireObject(value, "FleetConfig.halibut");
  const ms = (key: keyof TentacleHalibutSettings) => requireNonNegativeInt(h[key], `FleetConfig.halibut.${key}`);
  if (h.reconnect !== "immediate" && h.reconnect !== "randomized-backoff") {
    throw errors.invalidArgument("FleetConfig.halibut.reconnect", h.reconnect, `"immediate" or "randomized-backoff"`);
  }
  const count = requireNonNegativeInt(h.pollingConnectionCount, "FleetConfig.halibut.pollingConnectionCount");
  if (count < 1 || count > 512) throw errors.invalidArgument("FleetConfig.halibut.pollingConnectionCount", count, "an integer in 1..512");
  return {
    listeningIdleTimeoutMs: ms("listeningIdleTimeoutMs"),
    pollingReceiveRequestTimeoutMs: ms("pollingReceiveRequestTimeoutMs"),
    connectTimeoutMs: ms("connectTimeoutMs"),
    pollingConnectionCount: count,
    reconnect: h.reconnect,
    reconnectMinMs: ms("reconnectMinMs"),
    reconnectMaxMs: ms("reconnectMaxMs"),
    tcpKeepAliveIdleMs: ms("tcpKeepAliveIdleMs"),
  };
}
