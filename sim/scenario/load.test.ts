import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listScenarioNames, loadScenario, parseSetOverride, variantsOf, validateScenario } from "./index.ts";

const minimal = { name: "t", description: "test" };

describe("scenario validation", () => {
  it("fills everything a scenario leaves out from the base scenario", () => {
    const spec = validateScenario(minimal, "inline");
    expect(spec.server.nodes).toBe(1);
    expect(spec.faults).toEqual([]);
    expect(variantsOf(spec).map((s) => s.label)).toEqual(["pessimistic", "optimistic"]);
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

  it("refuses an expectedSaturation naming no column, or a part that cannot be waived", () => {
    const entry = { strategy: "optimistic", parts: ["fleet"], why: "a storm spins the fleet by design" };
    expect(validateScenario({ ...minimal, strategies: ["optimistic"], expectedSaturation: [entry] } as never, "inline").expectedSaturation).toEqual([entry]);
    expect(() => validateScenario({ ...minimal, strategies: ["optimistic"], expectedSaturation: [{ ...entry, strategy: "nope" }] } as never, "inline"))
      .toThrow(/expectedSaturation\.0\.strategy: got "nope", expected a column label \(optimistic\)/);
    expect(() => validateScenario({ ...minimal, strategies: ["optimistic"], expectedSaturation: [{ ...entry, parts: ["conductor"] }] } as never, "inline")).toThrow(/expectedSaturation\.0\.parts\.0/);
  });

  it("refuses two strategies with the same label", () => {
    expect(() => validateScenario({ ...minimal, strategies: ["optimistic", { name: "optimistic" }] }, "inline")).toThrow(/label "optimistic" appears twice/);
  });

  it("gives each column its own spec from its overrides, validated like the scenario", () => {
    const spec = validateScenario({ ...minimal, strategies: ["optimistic", { name: "optimistic", label: "recommended", overrides: { server: { rpc: { preset: "recommended" } } } }] }, "inline");
    const [plain, recommended] = variantsOf(spec);
    expect(plain!.spec.server.rpc.preset).toBe("default");
    expect(recommended!.spec.server.rpc.preset).toBe("recommended");
    expect(() => validateScenario({ ...minimal, strategies: [{ name: "optimistic", overrides: { server: { nodes: -1 } } }] }, "inline"))
      .toThrow(/strategies\.0\.overrides: server\.nodes: got -1/);
  });

  it("refuses overrides that would give columns different workloads or faults", () => {
    expect(() => validateScenario({ ...minimal, strategies: [{ name: "optimistic", overrides: { faults: [] } }] }, "inline"))
      .toThrow(/overrides may not change .*faults/);
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

  it("a file that does not compile, or throws while loading, is an invalid scenario naming where", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-load-"));
    try {
      fs.writeFileSync(path.join(dir, "broken.ts"), 'export default { name: "b", description: "b",\n  strategies: ["optimistic" };\n');
      fs.writeFileSync(path.join(dir, "throws.ts"), 'throw new Error("no such helper");\n');
      await expect(loadScenario(path.join(dir, "broken.ts"))).rejects.toMatchObject({
        kind: "invalid-scenario", problems: [expect.stringMatching(/^\(file\): syntax error: .*Expected .*\]/)], // the CLI's loader (tsx) adds file:line:column: cli/validate.test.ts
      });
      await expect(loadScenario(path.join(dir, "throws.ts"))).rejects.toMatchObject({ kind: "invalid-scenario", problems: ["(file): could not be loaded: no such helper"] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
