// The harness samplers on this machine: the conductor sees its own event loop blocked, the machine
// sampler a busy ratio in [0, 1], the parts sampler this process as the conductor and a child by name.
import { fork } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseProcStat } from "../lib/machine.ts";
import { HARNESS_FAMILIES, type ScrapedFamily } from "../contracts/index.ts";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { conductorSampler, fleetProbeSampler, machineSampler, partsSampler } from "./harness-samplers.ts";
import type { ScrapeTarget } from "./scraper.ts";

const collectOf = (t: ScrapeTarget) => ("collect" in t ? t.collect : () => Promise.resolve([] as ScrapedFamily[]));

const value = (families: ScrapedFamily[], name: string, part?: string) =>
  families.find((f) => f.name === name)?.samples.find((s) => part === undefined || s.labels.part === part)?.value;

describe("harness samplers", () => {
  it("see the conductor's event loop blocked for 300 ms", async () => {
    const sampler = conductorSampler();
    try {
      const collect = collectOf(sampler.target);
      await new Promise((r) => setTimeout(r, 100));
      await collect(AbortSignal.timeout(1000));
      const until = performance.now() + 300;
      while (performance.now() < until); // a stall, on purpose
      await new Promise((r) => setTimeout(r, 50));
      const families = await collect(AbortSignal.timeout(1000));
      expect(value(families, HARNESS_FAMILIES.conductorLoopMax) as number).toBeGreaterThan(0.25);
    } finally {
      sampler.stop();
    }
  });

  it("time a fleet's answer to a straight health RPC, and skip one that refuses", async () => {
    const slow = http.createServer((_req, res) => void setTimeout(() => res.end("{}"), 300));
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    try {
      const port = (slow.address() as AddressInfo).port;
      const probe = collectOf(fleetProbeSampler([{ name: "fleet-1", url: `http://127.0.0.1:${port}/health` }, { name: "fleet-2", url: "http://127.0.0.1:1/health" }]));
      const families = await probe(AbortSignal.timeout(1000));
      const answered = value(families, HARNESS_FAMILIES.fleetAnswer, "fleet-1") as number;
      expect(answered).toBeGreaterThanOrEqual(0.29);
      expect(answered).toBeLessThan(0.8);
      expect(value(families, HARNESS_FAMILIES.fleetAnswer, "fleet-2")).toBeUndefined();
    } finally {
      await new Promise((r) => slow.close(r));
    }
  });

  it("read the machine's CPU busy ratio and each part's CPU time", async () => {
    expect(parseProcStat("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4 5")).toEqual({ total: 1000, idle: 800 });
    const machine = { collect: collectOf(machineSampler()) };
    await new Promise((r) => setTimeout(r, 200));
    const busy = value(await machine.collect(AbortSignal.timeout(1000)), HARNESS_FAMILIES.machineBusy) as number;
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(busy).toBeLessThanOrEqual(1);
    const child = fork("-e", ["setTimeout(() => {}, 5000)"], { stdio: "ignore" });
    try {
      await new Promise((r) => child.once("spawn", r));
      const parts = { collect: collectOf(partsSampler(() => [{ name: "fleet-1", pid: child.pid! }])) };
      const families = await parts.collect(AbortSignal.timeout(1000));
      expect(value(families, HARNESS_FAMILIES.partCpu, "conductor")).toBeGreaterThan(0);
      expect(value(families, HARNESS_FAMILIES.partCpu, "fleet-1")).toBeGreaterThanOrEqual(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
