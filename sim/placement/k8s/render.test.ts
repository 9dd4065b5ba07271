// k8s render -> k8s validate, offline: every catalogue scenario and nightly at 50,000 tentacles render
// manifests the strict validator (k8s.io/api types, k6-operator v1.6.0's TestRun CRD) accepts, and
// whose parts match the plan layer; deliberately broken documents are refused with the document, the
// path and what was expected; the TestRun and StatefulSets of smoke match a golden file, run after run.
// Needs Go (or the built validator); skips without either, never in CI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { findGo, findTool } from "../../infra/tools.ts";
import { toYamlDocuments, type YamlValue } from "../../lib/yaml.ts";
import { shardCount } from "../../plan/fleet-plan.ts";
import { readUnitCosts } from "../../plan/unit-costs.ts";
import { listScenarioNames, loadScenario, validateScenario, variantsOf, type LoadedScenario } from "../../scenario/index.ts";
import { renderRun, writeRender, type RenderedFile } from "./render.ts";

const KNOWN_COSTS = readUnitCosts(new URL("../../plan/testdata/unit-costs.known.json", import.meta.url));
const GOLDEN = new URL("./testdata/smoke.golden.yaml", import.meta.url);
const canValidate = (await findTool("k8s-validate")) !== null || (await findGo()) !== null;
if (!canValidate && process.env.CI) throw new Error("CI is set and tests never skip in CI: Go (or the k8s-validate tool) is needed to validate rendered manifests");

const root = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-render-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function render(loaded: LoadedScenario, runId: string, token = "t".repeat(48)): RenderedFile[] {
  return renderRun(loaded, {
    run: { runId, namespace: "perf", image: "registry.example/taskstorm:0.1.0", scenario: loaded.spec.name }, variants: variantsOf(loaded.spec, loaded.source),
    chosen: false, token, postgresUrl: "postgres://taskstorm:secret@db.example:5432/taskstorm", costs: KNOWN_COSTS,
  });
}

const documentsOf = (files: readonly RenderedFile[]) => files.flatMap((f) => parseAllDocuments(f.text).map((d) => ({ file: f.path, doc: d.toJS() as Record<string, any> })));

async function validate(...dirs: string[]): Promise<{ code: number; lines: string[] }> {
  const { run } = await import("../../cli/k8s.ts");
  const lines: string[] = [];
  const code = await run(["validate", ...dirs], (line) => lines.push(line));
  return { code, lines };
}

describe.skipIf(!canValidate)("k8s render -> k8s validate", () => {
  it("every catalogue scenario and nightly at 50,000 tentacles render manifests the validator accepts, with the plan's parts", async () => {
    const cases: [string, LoadedScenario][] = [
      ...(await Promise.all(listScenarioNames().map(async (name) => [name, await loadScenario(name)] as [string, LoadedScenario]))),
      ["nightly-50k", await loadScenario("nightly", [{ fleet: { listening: 40_000, polling: 10_000 } }, { load: { instances: 4 } }])],
    ];
    for (const [name, loaded] of cases) {
      const files = render(loaded, "r".concat(name.replace(/[^a-z0-9]/g, "").slice(0, 10)));
      writeRender(path.join(root, "catalogue", name), files);
      const docs = documentsOf(files);
      const specs = variantsOf(loaded.spec, loaded.source).map((v) => v.spec);
      const sts = (part: string) => docs.find((d) => d.doc.kind === "StatefulSet" && d.doc.metadata.labels["taskstorm.io/part"] === part)!.doc;
      expect(sts("node").spec.replicas, name).toBe(Math.max(...specs.map((s) => s.server.nodes)));
      expect(sts("fleet").spec.replicas, name).toBe(Math.max(...specs.map((s) => shardCount(s, s.fleet.listening, s.fleet.polling))));
      expect(docs.filter((d) => d.doc.kind === "TestRun").map((d) => d.doc.spec.parallelism), name).toEqual(specs.map((s) => s.load.instances));
      for (const { doc } of docs) expect(doc.metadata.labels["taskstorm.io/run"], `${name} ${doc.kind}`).toMatch(/^r/);
      // the conductor reloads the rendered scenario: it must validate to itself
      const scenario = docs.find((d) => d.doc.kind === "ConfigMap" && d.doc.metadata.name.endsWith("-scenario"))!.doc.data[`${loaded.spec.name}.ts`] as string;
      const spec = JSON.parse(scenario.slice(scenario.indexOf("export default ") + 15, scenario.lastIndexOf(";")));
      expect(validateScenario(spec, name)).toEqual(loaded.spec);
    }
    expect(sts50k(documentsOf(render(cases.at(-1)![1], "rnightly")))).toEqual({ fleet: 24, nodes: 3 });
    const { code, lines } = await validate(path.join(root, "catalogue"));
    expect(lines.at(-1)).toMatch(/^valid: \d+ documents \(.*TestRun.*\) in \d+ file\(s\)$/);
    expect(code).toBe(0);
  }, 900_000);

  it("refuses broken documents naming the document, the field path and what was expected", async () => {
    const dir = path.join(root, "broken");
    writeRender(dir, render(await loadScenario("smoke"), "broken1"));
    const edit = (file: string, from: RegExp, to: string) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      expect(text).toMatch(from);
      fs.writeFileSync(path.join(dir, file), text.replace(from, to));
    };
    edit("30-fleet.yaml", /replicas: \d+/, 'replicas: "two"');
    edit("20-nodes.yaml", /imagePullPolicy: IfNotPresent\n/, "imagePullPolicy: IfNotPresent\n          imagePullPolicyy: Always\n");
    edit("load/1-pessimistic.yaml", /parallelism: 1\n/, "parallelism: \"1\"\n  sepparate: true\n");
    const { code, lines } = await validate(dir);
    expect(code).toBe(1);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/30-fleet\.yaml: document 2 \(line \d+, StatefulSet ts-broken1-fleet\): spec\.replicas: expected int32, got string$/),
      expect.stringMatching(/20-nodes\.yaml: document 2 \(line \d+, StatefulSet ts-broken1-node\): spec\.template\.spec\.containers\[0\]\.imagePullPolicyy: unknown field/),
      expect.stringMatching(/1-pessimistic\.yaml: document 2 \(line \d+, TestRun ts-broken1-load-1\): spec\.sepparate: unknown field \(not in the TestRun CRD's schema\)$/),
      expect.stringMatching(/1-pessimistic\.yaml: document 2 \(line \d+, TestRun ts-broken1-load-1\): spec\.parallelism: Invalid value: .*must be of type integer/),
    ]));
    expect(lines.at(-1)).toBe("invalid: 4 problem(s) in 9 file(s)");
  }, 600_000);
});

describe("k8s render", () => {
  it("writes the same TestRuns and StatefulSets for smoke as the golden file, and the same files run after run (the token aside)", async () => {
    const loaded = await loadScenario("smoke");
    const first = render(loaded, "golden1", "a".repeat(48));
    const second = render(loaded, "golden1", "b".repeat(48));
    expect(second.map((f) => f.path)).toEqual(first.map((f) => f.path));
    for (const [i, f] of first.entries()) if (f.path !== "01-secrets.yaml") expect(second[i]!.text, f.path).toBe(f.text);
    expect(second.find((f) => f.path === "01-secrets.yaml")!.text).not.toBe(first.find((f) => f.path === "01-secrets.yaml")!.text);
    const golden = toYamlDocuments(documentsOf(first).filter((d) => ["TestRun", "StatefulSet"].includes(d.doc.kind)).map((d) => d.doc as YamlValue), "golden: the TestRuns and StatefulSets `k8s render smoke` writes (sim/placement/k8s/render.test.ts)");
    if (process.env.TASKSTORM_UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, golden);
    expect(golden).toBe(fs.readFileSync(GOLDEN, "utf8"));
  });
});

function sts50k(docs: { doc: Record<string, any> }[]): { fleet: number; nodes: number } {
  const replicas = (part: string) => docs.find((d) => d.doc.kind === "StatefulSet" && d.doc.metadata.labels["taskstorm.io/part"] === part)!.doc.spec.replicas as number;
  return { fleet: replicas("fleet"), nodes: replicas("node") };
}
