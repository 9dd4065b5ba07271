import { Counter, Gauge, Histogram, Registry, Summary } from "prom-client";
import { describe, expect, it } from "vitest";
import { parsePromText, parseValue } from "./prom-text.ts";

describe("parsePromText on real prom-client output", () => {
  it("parses a labelled histogram, a counter, a gauge and a summary, with escapes", async () => {
    const registry = new Registry();
    const route = 'a"b\\c\nd}, x="y';
    const h = new Histogram({ name: "sim_req_seconds", help: "Request time \\ with\nnewline", labelNames: ["route", "code"], buckets: [0.1, 1], registers: [registry] });
    h.observe({ route, code: "200" }, 0.5);
    h.observe({ route: "/b", code: "500" }, 0.05);
    const c = new Counter({ name: "sim_tasks_total", help: "Tasks", labelNames: ["state"], registers: [registry] });
    c.inc({ state: "Success" }, 3);
    const g = new Gauge({ name: "sim_queue_depth", help: "Depth", registers: [registry] });
    g.set(NaN);
    const s = new Summary({ name: "sim_wait_seconds", help: "Wait", percentiles: [0.5, 0.9], registers: [registry] });
    s.observe(3);

    const families = parsePromText(await registry.metrics());
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ["sim_req_seconds", "histogram"],
      ["sim_tasks_total", "counter"],
      ["sim_queue_depth", "gauge"],
      ["sim_wait_seconds", "summary"],
    ]);
    const [hist, counter, gauge, summary] = families;
    expect(hist!.help).toBe("Request time \\ with\nnewline");
    expect(hist!.samples.filter((x) => x.labels.route === route)).toEqual([
      { name: "sim_req_seconds_bucket", labels: { le: "0.1", route, code: "200" }, value: 0 },
      { name: "sim_req_seconds_bucket", labels: { le: "1", route, code: "200" }, value: 1 },
      { name: "sim_req_seconds_bucket", labels: { le: "+Inf", route, code: "200" }, value: 1 },
      { name: "sim_req_seconds_sum", labels: { route, code: "200" }, value: 0.5 },
      { name: "sim_req_seconds_count", labels: { route, code: "200" }, value: 1 },
    ]);
    expect(hist!.samples).toHaveLength(10);
    expect(counter!.samples).toEqual([{ name: "sim_tasks_total", labels: { state: "Success" }, value: 3 }]);
    expect(gauge!.samples).toHaveLength(1);
    expect(gauge!.samples[0]!.value).toBeNaN();
    expect(summary!.samples).toEqual([
      { name: "sim_wait_seconds", labels: { quantile: "0.5" }, value: 3 },
      { name: "sim_wait_seconds", labels: { quantile: "0.9" }, value: 3 },
      { name: "sim_wait_seconds_sum", labels: {}, value: 3 },
      { name: "sim_wait_seconds_count", labels: {}, value: 1 },
    ]);
  });
});

describe("parsePromText on hand-written text", () => {
  it("handles timestamps, untyped samples, comments, # EOF, CRLF, trailing commas and infinities", () => {
    const text = [
      "# a free comment",
      "# TYPE up gauge",
      "up{job=\"x\",} 1 1700000000000",
      "loose_metric -Inf",
      "# HELP only_help Has help but no type",
      "only_help 2.5e3",
      "# EOF",
      "",
    ].join("\r\n");
    expect(parsePromText(text)).toEqual([
      { name: "up", type: "gauge", help: "", samples: [{ name: "up", labels: { job: "x" }, value: 1, timestampMs: 1700000000000 }] },
      { name: "loose_metric", type: "untyped", help: "", samples: [{ name: "loose_metric", labels: {}, value: -Infinity }] },
      { name: "only_help", type: "untyped", help: "Has help but no type", samples: [{ name: "only_help", labels: {}, value: 2500 }] },
    ]);
  });

  it("reports the line and what was wrong", () => {
    expect(() => parsePromText("# TYPE x gauge\nx{a=\"1} 2\n")).toThrow("prometheus text line 2: unterminated value of label a");
    expect(() => parsePromText("x{a=1} 2")).toThrow('prometheus text line 1: expected ="<value>" after label a');
    expect(() => parsePromText("x 1 2 3")).toThrow("prometheus text line 1: expected `value [timestamp]` after the labels");
    expect(() => parsePromText("x one")).toThrow('prometheus text line 1: invalid sample value "one"');
    expect(() => parsePromText("# TYPE x widget")).toThrow('prometheus text line 1: unknown metric type "widget"');
    expect(() => parsePromText('x{a="\\t"} 1')).toThrow("prometheus text line 1: invalid escape \\t in label a");
  });

  it("parses values like Go's ParseFloat", () => {
    expect(parseValue("Nan")).toBeNaN();
    expect([parseValue("+Inf"), parseValue("-inf"), parseValue("Infinity")]).toEqual([Infinity, -Infinity, Infinity]);
    expect([parseValue("1e-3"), parseValue("-.5"), parseValue("7."), parseValue("0x10"), parseValue("")]).toEqual([0.001, -0.5, 7, undefined, undefined]);
  });
});
