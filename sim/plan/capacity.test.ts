// The capacity planner: one plan recomputed by hand from a known cost file; the repo's unit costs are a
// `bench units` output (same format, checked on read, a bad field named); and the plan for nightly on
// the machine the costs came from matches what nightly's fleet plan actually gives it (tentacles per
// fleet process, proxies per toxiproxy shard) within 20%.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/index.ts";
import { machineBudget, planCapacity, targetOf } from "./capacity.ts";
import { planPassFleet } from "./fleet-plan.ts";
import { nodeNames } from "./node-config.ts";
import { readUnitCosts, UNIT_COSTS_FILE } from "./unit-costs.ts";

const KNOWN = new URL("./testdata/unit-costs.known.json", import.meta.url);
const MIB = 1 << 20;

describe("planCapacity", () => {
  it("recomputes the plan for 50,000 tentacles (10,000 polling), 4 nodes, 40 deployments/s from a known cost file", () => {
    const plan = planCapacity({ tentacles: 50_000, polling: 10_000, nodes: 4, rateRps: 40, timeScale: 1, pollingConnectionCount: 1, dbPoolSize: 20, minK6Instances: 1 }, readUnitCosts(KNOWN));
    // proxy fds: 40,000 x (1 + 4 x 2) + 10,000 x 4 x (1 + 2) = 480,000 -> 30 shards of 16,000; cores: 1.48 / (2 x 0.7) -> 2; ports: 50,000 / 9,107 -> 6
    expect(plan.fleet).toEqual({ pods: 30, tentaclesPerPod: 1_667, proxies: 80_000, proxiesPerShard: 2_667, boundBy: "open files", cpuCores: 0.1, memoryBytes: 512 * MIB });
    // nodes: 50,000 x 5 us + 40 x 20 ms / 4 = 0.45 cores / 0.7 -> 0.7; 100 MiB + 50,000 x 10 KiB, x 1.25 -> 768 MiB
    expect(plan.nodes).toEqual({ pods: 4, cpuCores: 0.7, memoryBytes: 768 * MIB });
    expect(plan.k6).toEqual({ instances: 1, cpuCores: 0.2, memoryBytes: 128 * MIB });
    expect(plan.postgres).toEqual({ cpuCores: 0.3, maxConnections: 100 });
    expect(plan.totals).toEqual({ pods: 35, cpuCores: 6, memoryBytes: (30 * 512 + 4 * 768 + 128) * MIB });
    expect(plan.set).toEqual(["fleet.processes=30", "load.instances=1"]);
  });

  it("takes more fleet pods when cores, not open files, bound a shard, and scales idle costs by the time scale", () => {
    const costs = readUnitCosts(KNOWN);
    const slow = planCapacity({ tentacles: 10_000, polling: 0, nodes: 1, rateRps: 0, timeScale: 0.01, pollingConnectionCount: 1, dbPoolSize: 20, minK6Instances: 1 }, costs);
    // 10,000 x 20 us / 0.01 = 20 cores of idle traffic -> 20 / 1.4 -> 15 pods
    expect(slow.fleet).toMatchObject({ pods: 15, boundBy: "cores" });
  });
});

describe("unit costs", () => {
  it("the repo's file is a `bench units` output, with the date and machine it came from", () => {
    const costs = readUnitCosts(UNIT_COSTS_FILE);
    expect(costs.bench).toBe("units");
    expect(Date.parse(costs.measuredAt)).toBeGreaterThan(Date.parse("2026-01-01"));
    expect(costs.machine.cpus).toBeGreaterThan(0);
    expect(costs.setup.deployments).toBeGreaterThan(0);
  });

  it("a malformed file is refused naming the field and what was expected", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-costs-")), "units.json");
    const raw = JSON.parse(fs.readFileSync(KNOWN, "utf8"));
    raw.costs.fds.perProxyListener = "one";
    fs.writeFileSync(file, JSON.stringify(raw));
    expect(() => readUnitCosts(file)).toThrow(/costs\.fds\.perProxyListener: got "one", expected .*number/);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

describe("the plan for this machine's own size", () => {
  it("matches what nightly's fleet plan gives it here (tentacles per fleet process, proxies per toxiproxy shard) within 20%", async () => {
    const { spec } = await loadScenario("nightly");
    const costs = readUnitCosts(UNIT_COSTS_FILE);
    const plan = planCapacity(targetOf(spec), costs, machineBudget(costs));
    const here = { host: "127.0.0.1", port: 10933 };
    const actual = planPassFleet(spec, os.tmpdir(), { tentacle: () => here, proxy: () => here }, nodeNames(spec).map((name) => ({ name, url: "http://127.0.0.1:10943" }))).plan;
    const tentaclesPerProcess = Math.max(...actual.fleetConfigs.map((c) => c.tentacles.length + (c.pollingTentacles?.length ?? 0)));
    const proxiesPerShard = Math.max(...actual.proxyShards.map((s) => s.length));
    expect(Math.abs(plan.fleet.tentaclesPerPod - tentaclesPerProcess) / tentaclesPerProcess).toBeLessThanOrEqual(0.2);
    expect(Math.abs(plan.fleet.proxiesPerShard - proxiesPerShard) / proxiesPerShard).toBeLessThanOrEqual(0.2);
    expect(plan.fleet.pods).toBe(actual.fleetConfigs.length);
  });
});
