// Unit test: the manual-toxic watch opens a "manual" window for a toxic added by hand when first seen,
// closes it when gone, ignores the timeline's own toxics, keeps shards apart, and ends what is still
// open as info; the fault gauge follows those windows (1 while open, 0 after).
import { describe, expect, it } from "vitest";
import type { FaultWindowValue, HistoryOp, OpType } from "../contracts/index.ts";
import { TIMELINE_TOXIC_PREFIX } from "../contracts/index.ts";
import { makeFaultGauge } from "./fault-gauge.ts";
import { makeManualToxicWatch } from "./manual-toxics.ts";
import type { ProxyState } from "./toxiproxy-sampler.ts";

const latency = (name: string): NonNullable<ProxyState["toxics"]>[number] => ({ name, type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 50, jitter: 0 } });

function rig() {
  const ops: HistoryOp<FaultWindowValue>[] = [];
  const gauge = makeFaultGauge();
  const watch = makeManualToxicWatch((type: OpType, f: string, value: FaultWindowValue) => {
    const op = { time: ops.length, actor: "faults", type, f, value };
    ops.push(op);
    gauge.observe(op);
  });
  const active = () => gauge.families()[0]!.samples.map((s) => [s.labels.target, s.value]);
  return { ops, watch, active };
}

describe("makeManualToxicWatch", () => {
  it("opens a window for a toxic added by hand, closes it when it is gone, and ignores the timeline's toxics", () => {
    const { ops, watch, active } = rig();
    watch.observe("toxiproxy-0", { "tentacle-1": { toxics: [latency(`${TIMELINE_TOXIC_PREFIX}latency-1-downstream`)] } });
    expect(ops).toEqual([]);
    watch.observe("toxiproxy-0", { "tentacle-1": { toxics: [latency("by-hand")] }, "tentacle-2": {} });
    watch.observe("toxiproxy-0", { "tentacle-1": { toxics: [latency("by-hand")] } });
    expect(ops.map((o) => [o.type, o.f])).toEqual([["invoke", "fault:manual"]]);
    expect(ops[0]!.value).toMatchObject({
      kind: "manual", targets: ["tentacle-1"], target: "tentacle-1: toxic by-hand (latency downstream, added by hand)",
      attributes: { shard: "toxiproxy-0", toxic: "by-hand", type: "latency", stream: "downstream", toxicity: 1, latency: 50 },
    });
    expect(active()).toEqual([["tentacle-1: toxic by-hand (latency downstream, added by hand)", 1]]);
    watch.observe("toxiproxy-0", { "tentacle-1": { toxics: [] } });
    expect(ops.map((o) => o.type)).toEqual(["invoke", "ok"]);
    expect(ops[1]!.value.target).toBe(ops[0]!.value.target);
    expect(active()).toEqual([[ops[0]!.value.target, 0]]);
    expect(watch.openCount()).toBe(0);
  });

  it("keeps shards apart and ends what is still open as info", () => {
    const { ops, watch } = rig();
    watch.observe("toxiproxy-0", { "node-1-db": { toxics: [latency("a")] } });
    watch.observe("toxiproxy-1", { "tentacle-9": { toxics: [latency("b")] } });
    watch.observe("toxiproxy-1", {}); // shard 1 lost its toxic; shard 0's stays open
    expect(ops.map((o) => `${o.type} ${o.value.targets[0]}`)).toEqual(["invoke node-1-db", "invoke tentacle-9", "ok tentacle-9"]);
    watch.close();
    expect(ops.at(-1)).toMatchObject({ type: "info", value: { targets: ["node-1-db"], error: "still present when the run stopped watching" } });
    expect(watch.openCount()).toBe(0);
  });
});
