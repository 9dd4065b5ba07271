import { describe, expect, it } from "vitest";
import type { FleetConfig } from "../contracts/index.ts";
import { parseFleetConfig, validateFleetConfig } from "./config.ts";

const valid: FleetConfig = {
  fleetName: "fleet-0",
  seed: 1,
  tentacles: [
    { id: "Machines-1", listenHost: "127.20.0.1", listenPort: 10933 },
    { id: "Machines-2", listenHost: "127.20.0.2", listenPort: 10933 },
  ],
  scriptDurationMs: { min: 10, max: 20 },
  scriptFailureRate: 0.1,
  historyFile: "/tmp/history.ndjson",
};

function withChange(change: (c: Record<string, any>) => void): unknown {
  const copy = structuredClone(valid) as Record<string, any>;
  change(copy);
  return copy;
}

describe("validateFleetConfig", () => {
  it("accepts a valid config unchanged", () => {
    expect(validateFleetConfig(structuredClone(valid))).toEqual(valid);
    expect(parseFleetConfig(JSON.stringify(valid))).toEqual(valid);
  });

  it.each([
    ["not JSON", () => parseFleetConfig("{nope"), /FleetConfig: .*expected JSON/],
    ["fleetName", () => validateFleetConfig(withChange((c) => (c.fleetName = ""))), /FleetConfig.fleetName: got "", expected a non-empty string/],
    ["seed", () => validateFleetConfig(withChange((c) => (c.seed = 1.5))), /FleetConfig.seed: got 1.5, expected an integer/],
    ["port", () => validateFleetConfig(withChange((c) => (c.tentacles[1].listenPort = 70000))), /tentacles\[1\].listenPort: got 70000, expected an integer port/],
    ["non-loopback host", () => validateFleetConfig(withChange((c) => (c.tentacles[0].listenHost = "10.0.0.1"))), /tentacles\[0\].listenHost: got "10.0.0.1", expected an IPv4 loopback/],
    ["bad octet", () => validateFleetConfig(withChange((c) => (c.tentacles[0].listenHost = "127.0.0.300"))), /listenHost: got "127.0.0.300"/],
    ["duplicate id", () => validateFleetConfig(withChange((c) => (c.tentacles[1].id = "Machines-1"))), /tentacles\[1\].id: got "Machines-1", expected an id unique/],
    ["duplicate address", () => validateFleetConfig(withChange((c) => (c.tentacles[1].listenHost = "127.20.0.1"))), /got "127.20.0.1:10933", expected an address unique/],
    ["duration order", () => validateFleetConfig(withChange((c) => (c.scriptDurationMs = { min: 5, max: 1 }))), /scriptDurationMs.max: got 1, expected >= scriptDurationMs.min \(5\)/],
    ["failure rate", () => validateFleetConfig(withChange((c) => (c.scriptFailureRate = 2))), /scriptFailureRate: got 2, expected a probability/],
    ["relative history", () => validateFleetConfig(withChange((c) => (c.historyFile = "h.ndjson"))), /historyFile: got "h.ndjson", expected an absolute path/],
    ["no tentacles", () => validateFleetConfig(withChange((c) => (c.tentacles = []))), /FleetConfig.tentacles: got \[\], expected an array of TentacleSpec, non-empty unless pollingTentacles/],
    ["polling url", () => validateFleetConfig(withChange((c) => (c.pollingTentacles = [{ id: "P-1", endpoints: [{ node: "node-1", url: "http://10.0.0.1:1" }] }]))), /pollingTentacles\[0\].endpoints\[0\].url: got "http:\/\/10.0.0.1:1", expected http:\/\/127/],
    ["polling id clash", () => validateFleetConfig(withChange((c) => (c.pollingTentacles = [{ id: "Machines-2", endpoints: [{ node: "n", url: "http://127.0.0.1:9" }] }]))), /pollingTentacles\[0\].id: got "Machines-2", expected an id unique/],
    ["unknown behaviour", () => validateFleetConfig(withChange((c) => (c.tentacles[0].behaviour = "slow"))), /Machines-1.behaviour: got "slow", expected one of FleetConfig.behaviours \(none defined\)/],
    ["hang rate", () => validateFleetConfig(withChange((c) => (c.behaviours = { slow: { scriptDurationMs: { min: 1, max: 2 }, scriptFailureRate: 0, hangRate: -1 } }))), /behaviours.slow.hangRate: got -1, expected a number in \[0, 1\]/],
    ["connection count", () => validateFleetConfig(withChange((c) => (c.halibut = { listeningIdleTimeoutMs: 1, pollingReceiveRequestTimeoutMs: 1, connectTimeoutMs: 1, pollingConnectionCount: 0, reconnect: "immediate", reconnectMinMs: 0, reconnectMaxMs: 0, tcpKeepAliveIdleMs: 0 }))), /pollingConnectionCount: got 0, expected an integer in 1..512/],
  ])("rejects a bad %s, naming field and value", (_name, run, message) => {
    expect(run).toThrow(message);
  });

  it("accepts a fleet of polling tentacles only, with behaviour groups", () => {
    const config = withChange((c) => {
      c.tentacles = [];
      c.behaviours = { hangs: { scriptDurationMs: { min: 1, max: 9, shape: "lognormal" }, scriptFailureRate: 0, hangRate: 1, crash: { meanIntervalMs: 100, downMs: 5 } } };
      c.pollingTentacles = [{ id: "P-1", behaviour: "hangs", endpoints: [{ node: "node-1", url: "http://127.0.0.1:10943" }] }];
    });
    expect(validateFleetConfig(config)).toEqual(config);
  });
});
