// Validates a FleetConfig from untrusted JSON: every problem is an error naming the field, the value
// seen and what was expected. Tentacles must listen on distinct loopback (127/8) addresses.

import { isAbsolute } from "node:path";
import type { FleetConfig, TentacleSpec } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { validateFleetExtras } from "./config-extras.ts";
import { requireNonNegativeInt, requireObject, requireString } from "./config-fields.ts";

export const LOOPBACK_IPV4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses argv JSON into a validated FleetConfig. */
export function parseFleetConfig(json: string): FleetConfig {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw errors.invalidArgument("FleetConfig", json.slice(0, 80), `JSON (${(err as Error).message})`);
  }
  return validateFleetConfig(value);
}

export function validateFleetConfig(value: unknown): FleetConfig {
  const config = requireObject(value, "FleetConfig");
  const fleetName = requireString(config.fleetName, "FleetConfig.fleetName");
  const seed = config.seed;
  if (!Number.isSafeInteger(seed)) throw errors.invalidArgument("FleetConfig.seed", seed, "an integer");
  const duration = requireObject(config.scriptDurationMs, "FleetConfig.scriptDurationMs");
  const min = requireNonNegativeInt(duration.min, "FleetConfig.scriptDurationMs.min");
  const max = requireNonNegativeInt(duration.max, "FleetConfig.scriptDurationMs.max");
  if (max < min) throw errors.invalidArgument("FleetConfig.scriptDurationMs.max", max, `>= scriptDurationMs.min (${min})`);
  const scriptFailureRate = config.scriptFailureRate;
  if (typeof scriptFailureRate !== "number" || !(scriptFailureRate >= 0 && scriptFailureRate <= 1)) {
    throw errors.invalidArgument("FleetConfig.scriptFailureRate", scriptFailureRate, "a probability in [0, 1]");
  }
  const historyFile = requireString(config.historyFile, "FleetConfig.historyFile");
  if (!isAbsolute(historyFile)) throw errors.invalidArgument("FleetConfig.historyFile", historyFile, "an absolute path");
  const pollingCount = Array.isArray(config.pollingTentacles) ? config.pollingTentacles.length : 0;
  if (!Array.isArray(config.tentacles) || config.tentacles.length + pollingCount === 0) {
    throw errors.invalidArgument("FleetConfig.tentacles", config.tentacles, "an array of TentacleSpec, non-empty unless pollingTentacles has some");
  }
  const tentacles = validateTentacles(config.tentacles);
  const extra = validateFleetExtras(config, new Set(tentacles.map((t) => t.id)));
  return { fleetName, seed: seed as number, tentacles, scriptDurationMs: { min, max }, scriptFailureRate, historyFile, ...extra };
}

function validateTentacles(specs: unknown[]): TentacleSpec[] {
  const ids = new Set<string>();
  const endpoints = new Set<string>();
  return specs.map((item, i) => {
    const field = `FleetConfig.tentacles[${i}]`;
    const spec = requireObject(item, field);
    const id = requireString(spec.id, `${field}.id`);
    if (ids.has(id)) throw errors.invalidArgument(`${field}.id`, id, "an id unique in the fleet");
    ids.add(id);
    const listenHost = requireString(spec.listenHost, `${field}.listenHost`);
    const octets = LOOPBACK_IPV4.exec(listenHost);
    if (!octets || octets.slice(1).some((o) => Number(o) > 255)) {
      throw errors.invalidArgument(`${field}.listenHost`, listenHost, "an IPv4 loopback address 127.x.y.z");
    }
    const listenPort = spec.listenPort;
    if (!Number.isInteger(listenPort) || (listenPort as number) < 1 || (listenPort as number) > 65_535) {
      throw errors.invalidArgument(`${field}.listenPort`, listenPort, "an integer port in 1..65535");
    }
    const endpoint = `${listenHost}:${listenPort}`;
    if (endpoints.has(endpoint)) throw errors.invalidArgument(`${field}.listenHost:listenPort`, endpoint, "an address unique in the fleet");
    endpoints.add(endpoint);
    const behaviour = spec.behaviour === undefined ? undefined : requireString(spec.behaviour, `${field}.behaviour`);
    return { id, listenHost, listenPort: listenPort as number, ...(behaviour === undefined ? {} : { behaviour }) };
  });
}
