// Unit tests of the fleet plan: seeded modes and segments, proxies per polling link, single-node
// polling, behaviour groups (scaled), and sharding over processes within the open-file budget.
import { describe, expect, it } from "vitest";
import { generateModel } from "../../fixtures/generate.ts";
import { validateScenario, type ScenarioInput } from "../scenario/index.ts";
import { planFleet } from "./fleet-plan.ts";
import { loopbackFleetAddresses } from "../placement/local.ts";

const nodes = [{ name: "node-1", url: "http://127.0.0.1:4001" }, { name: "node-2", url: "http://127.0.0.1:4002" }];

function plan(fleet: ScenarioInput["fleet"], server: ScenarioInput["server"] = { nodes: 2 }) {
  const spec = validateScenario({ name: "t", description: "t", timeScale: 1 / 60, server, fleet }, "inline");
  const model = generateModel(spec.seed, { ...spec.fleet, machines: spec.fleet.listening + spec.fleet.polling });
  return planFleet({ spec, model, addresses: loopbackFleetAddresses({ tentacleBlock: 30, proxyBlock: 31, release: async () => {} }), pollingNodes: nodes, historyDir: "/tmp/h" });
}

describe("planFleet", () => {
  it("mixes listening and polling machines (seeded), with one proxy per polling link", () => {
    const p = plan({ listening: 6, polling: 4, segments: 2 });
    const { machines } = p.topology.fixtures;
    expect(machines.filter((m) => m.mode === "polling")).toHaveLength(4);
    expect(plan({ listening: 6, polling: 4, segments: 2 }).topology.fixtures.machines).toEqual(machines);
    const polled = p.topology.pollingTentacles[0]!;
    expect(machines.find((m) => m.id === polled.id)!.endpoint).toBe(`poll://${polled.id}/`);
    expect(polled.endpoints.map((e) => e.node)).toEqual(["node-1", "node-2"]);
    const links = p.topology.proxies.filter((x) => x.name.startsWith(`${polled.id}@`));
    expect(links.map((x) => [x.name, x.upstream])).toEqual([[`${polled.id}@node-1`, "127.0.0.1:4001"], [`${polled.id}@node-2`, "127.0.0.1:4002"]]);
    expect(links.map((x) => x.listen.split(":")[1])).toEqual(["10943", "10944"]);
    expect(p.topology.proxies).toHaveLength(6 + 4 * 2);
    expect(machines.slice(0, 5).every((m) => m.segment === "dc-1") && machines.slice(5).every((m) => m.segment === "dc-2")).toBe(true);
  });

  it("makes a seeded count of polling machines poll one node only (scenario 8)", () => {
    const p = plan({ listening: 0, polling: 5, pollOneNode: { count: 2, node: 2 } });
    const endpoints = p.topology.pollingTentacles.map((t) => t.endpoints.map((e) => e.node).join(","));
    expect(endpoints.filter((e) => e === "node-2")).toHaveLength(2);
    expect(endpoints.filter((e) => e === "node-1,node-2")).toHaveLength(3);
  });

  it("resolves behaviour groups to scaled behaviours, later groups winning", () => {
    const p = plan({
      listening: 10, polling: 10, scriptDurationS: { min: 60, max: 120 }, packageSizeMiB: 2,
      behaviours: [
        { name: "slow-upload", select: { mode: "polling", fraction: 0.5 }, uploadSPerMiB: 30 },
        { name: "flaky", select: { count: 3 }, scriptFailureRate: 0.5, hangRate: 0.1, crash: { meanIntervalS: 600, downS: 60 } },
      ],
    });
    const config = p.fleetConfigs[0]!;
    expect(config.behaviours!.default).toEqual({ scriptDurationMs: { min: 1000, max: 2000, shape: "uniform" }, scriptFailureRate: 0, hangRate: 0, uploadMsPerMiB: 0, bypassDeploymentMutex: false });
    expect(config.behaviours!["slow-upload"]!.uploadMsPerMiB).toBe(500);
    const named = [...p.topology.tentacles, ...p.topology.pollingTentacles].map((t) => t.behaviour).filter(Boolean);
    expect(named.filter((n) => n!.startsWith("slow-upload"))).toHaveLength(5);
    expect(named.filter((n) => n!.endsWith("flaky"))).toHaveLength(3);
    const flaky = config.behaviours![named.find((n) => n!.endsWith("flaky"))!]!;
    expect(flaky).toMatchObject({ scriptFailureRate: 0.5, hangRate: 0.1, crash: { meanIntervalMs: 10_000, downMs: 1000 } });
    expect(p.topology.fixtures.projects.every((x) => x.packageSizeBytes === 2 * 1024 * 1024)).toBe(true);
  });

  it("shards the fleet by open-file budget: each shard a fleet process and the proxies of exactly its machines", () => {
    const small = plan({ listening: 60 });
    expect([small.fleetConfigs.length, small.proxyShards.length]).toEqual([1, 1]);
    const large = plan({ listening: 3000, polling: 5000 });
    expect(large.fleetConfigs.length).toBeGreaterThanOrEqual(2);
    expect(large.proxyShards.length).toBeGreaterThanOrEqual(2);
    expect(large.proxyShards.flat()).toHaveLength(large.topology.proxies.length);
    const ids = large.fleetConfigs.flatMap((c) => [...c.tentacles, ...c.pollingTentacles!].map((t) => t.id));
    expect(new Set(ids).size).toBe(8000);
    expect(large.fleetConfigs.map((c) => c.fleetName)).toEqual(large.fleetConfigs.map((_, i) => `fleet-${i + 1}`));
    expect(large.proxyShards).toHaveLength(large.fleetConfigs.length);
    large.fleetConfigs.forEach((c, i) => {
      const machines = new Set([...c.tentacles, ...c.pollingTentacles!].map((t) => t.id));
      expect(large.proxyShards[i]!.every((p) => machines.has(p.name.split("@")[0]!))).toBe(true);
    });
    const forced = plan({ listening: 10, processes: 3 });
    expect([forced.fleetConfigs.length, forced.proxyShards.length]).toEqual([3, 3]);
  });
});
