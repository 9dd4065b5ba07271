// Unit test: what the sampler exporter renders parses back to the same families (labels escaped,
// NaN and infinities spelled as Prometheus reads them), with HELP and TYPE for every family.
import { describe, expect, it } from "vitest";
import type { ScrapedFamily } from "../contracts/index.ts";
import { renderPromText } from "./prom-render.ts";
import { parsePromText } from "./prom-text.ts";

describe("renderPromText", () => {
  it("round-trips through the parser", () => {
    const families: ScrapedFamily[] = [
      { name: "pg_sessions", type: "gauge", samples: [{ name: "pg_sessions", labels: { state: "active", wait_event: 'a "quoted"\\ one\nand a line' }, value: 3 }] },
      { name: "pg_deadlocks_total", type: "counter", samples: [{ name: "pg_deadlocks_total", labels: {}, value: 0 }] },
      { name: "odd", type: "gauge", samples: [{ name: "odd", labels: { k: "nan" }, value: "NaN" }, { name: "odd", labels: { k: "inf" }, value: "+Inf" }] },
    ];
    const text = renderPromText(families, (f) => (f === "pg_sessions" ? "Sessions\nby state" : undefined));
    expect(text).toContain("# HELP pg_sessions Sessions\\nby state\n# TYPE pg_sessions gauge\n");
    expect(text).toContain("# HELP pg_deadlocks_total pg_deadlocks_total\n");
    const parsed = parsePromText(text);
    expect(parsed.map((f) => [f.name, f.type, f.samples.map((s) => [s.labels, s.value])])).toEqual([
      ["pg_sessions", "gauge", [[{ state: "active", wait_event: 'a "quoted"\\ one\nand a line' }, 3]]],
      ["pg_deadlocks_total", "counter", [[{}, 0]]],
      ["odd", "gauge", [[{ k: "nan" }, NaN], [{ k: "inf" }, Infinity]]],
    ]);
  });
});
