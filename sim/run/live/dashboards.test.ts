// The Grafana dashboards as code (dashboards/*.json) and their provisioning, without a Grafana: every
// panel's query is valid PromQL once Grafana's variables are expanded (`promtool check rules`), keeps
// to one run and the chosen columns, and uses the datasource the provisioning file creates. That every
// query returns series against a real run is live-view.e2e.test.ts's job.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DASHBOARDS_DIR, dashboardQueries, expandQuery } from "../../testing/dashboards.ts";
import { requirePrometheusTools } from "../../testing/tools.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-dashboards-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("dashboards/", () => {
  const queries = dashboardQueries();

  it("has panels whose queries all select one run and the chosen columns", () => {
    expect(queries.length).toBeGreaterThanOrEqual(15);
    for (const q of queries) {
      for (const selector of q.expr.match(/\{[^}]*\}/g) ?? []) {
        if (selector.startsWith("{{")) continue;
        expect(selector, `${q.panel} ${q.refId}`).toContain('testid="$testid"');
        expect(selector, `${q.panel} ${q.refId}`).toContain('column=~"$column"');
      }
    }
  });

  it("has only valid PromQL once Grafana's variables are expanded", { timeout: 30_000 }, async () => {
    const { promtool } = await requirePrometheusTools();
    const rules = queries.map((q, i) => `      - record: panel_${i}\n        expr: ${JSON.stringify(expandQuery(q.expr, { testid: "t", column: "a|b" }))}`);
    const file = path.join(dir, "panels.rules.yml");
    fs.writeFileSync(file, `groups:\n  - name: panels\n    rules:\n${rules.join("\n")}\n`);
    const { stdout } = await promisify(execFile)(promtool, ["check", "rules", file]);
    expect(stdout).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it("is provisioned with the datasource its panels use, and the folder that holds it", () => {
    const datasources = parse(fs.readFileSync(path.join(DASHBOARDS_DIR, "provisioning/datasources/taskstorm.yaml"), "utf8")) as { datasources: { uid: string; type: string; url: string }[] };
    const providers = parse(fs.readFileSync(path.join(DASHBOARDS_DIR, "provisioning/dashboards/taskstorm.yaml"), "utf8")) as { providers: { options: { path: string } }[] };
    const dashboard = JSON.parse(fs.readFileSync(path.join(DASHBOARDS_DIR, "taskstorm.json"), "utf8")) as { templating: { list: { name: string; current?: { value: string } }[] } };
    const datasourceVar = dashboard.templating.list.find((v) => v.name === "datasource")!;
    expect(datasources.datasources).toEqual([expect.objectContaining({ uid: datasourceVar.current!.value, type: "prometheus", url: "${TASKSTORM_PROMETHEUS_URL}" })]);
    expect(providers.providers[0]!.options.path).toBe("${TASKSTORM_DASHBOARDS}");
  });
});
