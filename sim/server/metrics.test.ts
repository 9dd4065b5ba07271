// Unit test: SIM_METRIC_NAMES documents exactly the sim_ metrics a node registers, and scrape-time
// sources feed sim_tasks and the pool gauges (a failing source is reported, not thrown).
import { describe, expect, it } from "vitest";
import { TASK_STATES, type TaskState } from "../contracts/index.ts";
import { makeServerMetrics, SIM_METRIC_NAMES } from "./metrics.ts";

describe("makeServerMetrics", () => {
  it("registers exactly the documented sim_ metrics plus default process metrics", () => {
    const names = makeServerMetrics("n1").registry.getMetricsAsArray().map((metric) => metric.name);
    expect(names.filter((name) => name.startsWith("sim_")).sort()).toEqual([...SIM_METRIC_NAMES].sort());
    expect(names).toContain("process_cpu_user_seconds_total");
  });

  it("reads task counts and pool occupancy at scrape time, labelled with the node", async () => {
    const counts = Object.fromEntries(TASK_STATES.map((state, i) => [state, i])) as Record<TaskState, number>;
    const metrics = makeServerMetrics("n1", { countTasksByState: async () => counts, poolStats: () => ({ inUse: 3, waiting: 2 }) });
    const text = await metrics.registry.metrics();
    expect(text).toContain('sim_tasks{state="Executing",node="n1"} 1');
    expect(text).toContain('sim_db_pool_in_use{node="n1"} 3');
    expect(text).toContain('sim_db_pool_waiting{node="n1"} 2');
  });

  it("reports a failing count query instead of failing the scrape", async () => {
    const errors: unknown[] = [];
    const metrics = makeServerMetrics("n1", {
      countTasksByState: () => Promise.reject(new Error("db down")),
      onScrapeError: (error) => errors.push(error),
    });
    expect(await metrics.registry.metrics()).toContain("# TYPE sim_tasks gauge");
    expect(errors).toEqual([new Error("db down")]);
  });
});
