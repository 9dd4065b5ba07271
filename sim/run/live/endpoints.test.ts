// Unit test: a column's endpoints and Prometheus targets from what its parts report now (a part
// that moved shows on its new address), labels that tell runs, columns and processes apart, and
// PostgreSQL's password never shown.
import { describe, expect, it } from "vitest";
import { targetGroups } from "../../metrics/index.ts";
import { columnEndpoints, discoveredTargets, endpointLines, hidePassword, type LiveParts } from "./endpoints.ts";

function parts(nodeUrl: { current: string }): LiveParts {
  return {
    column: "optimistic",
    nodes: [{ name: "node-1", url: () => nodeUrl.current }],
    fleets: [{ name: "fleet-1", metricsUrl: () => "http://127.9.2.1:9464/metrics" }, { name: "fleet-2", metricsUrl: () => undefined }],
    toxiproxies: [{ apiUrl: () => "http://127.0.0.1:41234" }],
    postgresUrl: "postgres://postgres:s3cret@127.0.0.1:5432/taskstorm",
    samplers: [{ name: "postgres", metricsUrl: "http://127.0.0.1:40000/metrics/postgres" }],
  };
}

describe("column endpoints and targets", () => {
  it("labels every target with testid, scenario, column, process and role, and follows a moved part", () => {
    const nodeUrl = { current: "http://127.9.1.1:8080" };
    const p = parts(nodeUrl);
    const groups = () => targetGroups(discoveredTargets(p, { testid: "2026-12-04T19-00-00-000Z", scenario: "smoke" }));
    const labels = { testid: "2026-12-04T19-00-00-000Z", scenario: "smoke", column: "optimistic" };
    expect(groups()).toEqual([
      { targets: ["127.9.1.1:8080"], labels: { ...labels, process: "node-1", role: "node" } },
      { targets: ["127.9.2.1:9464"], labels: { ...labels, process: "fleet-1", role: "fleet" } },
      { targets: ["127.0.0.1:40000"], labels: { ...labels, process: "postgres", role: "sampler", __metrics_path__: "/metrics/postgres" } },
    ]);
    nodeUrl.current = "http://127.9.1.1:8081";
    expect(groups()[0]!.targets).toEqual(["127.9.1.1:8081"]);
    expect(columnEndpoints(p).nodes[0]).toEqual({ name: "node-1", apiUrl: "http://127.9.1.1:8081", metricsUrl: "http://127.9.1.1:8081/metrics" });
  });

  it("hides the PostgreSQL password everywhere it is shown", () => {
    const e = columnEndpoints(parts({ current: "http://127.9.1.1:8080" }));
    expect(e.postgres).toBe("postgres://postgres:***@127.0.0.1:5432/taskstorm");
    const lines = endpointLines("optimistic", e).join("\n");
    expect(lines).not.toContain("s3cret");
    expect(lines).toContain("toxiproxy-cli -h http://127.0.0.1:41234 list");
    expect(hidePassword("not a url user:pw@host")).toBe("not a url user:***@host");
  });
});
