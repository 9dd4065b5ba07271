import { describe, expect, it } from "vitest";
import { listScenarioNames, loadScenario, parseSetOverride, strategiesOf, validateScenario } from "./index.ts";

const minimal = { name: "t", description: "test" };

describe("scenario validation", () => {
  it("fills everything a scenario leaves out from the base scenario", () => {
    const spec = validateScenario(minimal, "inline");
    expect(spec.server.nodes).toBe(1);
    expect(spec.faults).toEqual([]);
    expect(strategiesOf(spec).map((s) => s.label)).toEqual(["pessimistic", "optimistic"]);
  });

  it("names the field, the value and what was expected", () => {
    expect(() => validateScenario({ ...minimal, server: { nodes: 0 } }, "inline")).toThrow(/server\.nodes: got 0, expected .*>=1/);
    expect(() => validateScenario({ ...minimal, timeScale: 2 }, "inline")).toThrow(/timeScale: got 2, expected .*<=1/);
  });

  it("rejects unknown fields instead of ignoring them", () => {
    expect(() => validateScenario({ ...minimal, fleet: { listenning: 5 } } as never, "inline")).toThrow(/fleet: unknown field\(s\) "listenning"/);
  });

  it("checks cross-field rules", () => {
    expect(() => validateScenario({ ...minimal, fleet: { scriptDurationS: { min: 5, max: 1 } } }, "inline")).toThrow(/fleet\.scriptDurationS: .*min must be <= max/);
  });

  it("refuses two strategies with the same label", () => {
    const spec = validateScenario({ ...minimal, strategies: ["optimistic", { name: "optimistic" }] }, "inline");
    expect(() => strategiesOf(spec)).toThrow(/label "optimistic" appears twice/);
  });

  it("applies --set overrides after the scenario, as JSON when they parse", () => {
    const spec = validateScenario(minimal, "inline", [parseSetOverride("server.nodes=4"), parseSetOverride('strategies=["optimistic"]')]);
    expect(spec.server.nodes).toBe(4);
    expect(spec.strategies).toEqual(["optimistic"]);
    expect(() => parseSetOverride("nodes")).toThrow(/--set: got "nodes", expected path=value/);
  });
});

describe("scenario files", () => {
  it("every file in scenarios/ loads and validates", async () => {
    const names = listScenarioNames();
    expect(names).toContain("smoke");
    for (const name of names) await expect(loadScenario(name)).resolves.toMatchObject({ spec: { name } });
  });

  it("an unknown scenario name lists the known ones", async () => {
    await expect(loadScenario("nope")).rejects.toThrow(/scenario: got "nope", expected a scenario name \(one of: .*smoke/);
  });
});
