import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Counter, Histogram, Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ScrapeLine } from "../contracts/index.ts";
import { startScraper } from "./scraper.ts";
import { pollUntil } from "../lib/poll.ts";

let dir: string;
const servers: Server[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taskstorm-scraper-"));
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await rm(dir, { recursive: true, force: true });
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

async function readLines(file: string): Promise<ScrapeLine[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as ScrapeLine);
}

describe("startScraper", () => {
  it("scrapes a live registry every interval and records down and hung targets as errors", { timeout: 15_000 }, async () => {
    const registry = new Registry();
    const counter = new Counter({ name: "sim_tasks_total", help: "Tasks", labelNames: ["state"], registers: [registry] });
    const hist = new Histogram({ name: "sim_rpc_seconds", help: "RPC", labelNames: ["service"], buckets: [0.1], registers: [registry] });
    hist.observe({ service: "start" }, 0.2);
    const liveUrl = await serve(async (_req, res) => {
      counter.inc({ state: "Success" });
      res.setHeader("content-type", registry.contentType);
      res.end(await registry.metrics());
    });
    const hungUrl = await serve(() => undefined); // accepts, never answers
    const downUrl = await serve((_req, res) => res.end());
    const downServer = servers.pop()!;
    await new Promise((r) => downServer.close(r)); // its port now refuses connections

    const outFile = join(dir, "metrics", "scrape.ndjson");
    const scraper = startScraper({
      targets: [{ name: "node-1", url: liveUrl }, { name: "hung", url: hungUrl }, { name: "down", url: downUrl }],
      intervalMs: 100,
      fetchTimeoutMs: 300,
      outFile,
    });
    await pollUntil("3 scrapes of node-1", 10_000, async () => (await readLines(outFile)).filter((l) => l.target === "node-1").length >= 3);
    const totals = await scraper.stop();

    const lines = await readLines(outFile);
    expect(totals.rounds * 3).toBe(lines.length);
    const live = lines.filter((l) => l.target === "node-1");
    expect(live.every((l) => l.ok)).toBe(true);
    const values = live.map((l) => (l.ok ? l.families.find((f) => f.name === "sim_tasks_total")?.samples[0]?.value : undefined));
    expect(values).toEqual(live.map((_, i) => i + 1));
    const first = live[0]!;
    expect(first.ok && first.families.find((f) => f.name === "sim_rpc_seconds")).toEqual({
      name: "sim_rpc_seconds",
      type: "histogram",
      samples: [
        { name: "sim_rpc_seconds_bucket", labels: { le: "0.1", service: "start" }, value: 0 },
        { name: "sim_rpc_seconds_bucket", labels: { le: "+Inf", service: "start" }, value: 1 },
        { name: "sim_rpc_seconds_sum", labels: { service: "start" }, value: 0.2 },
        { name: "sim_rpc_seconds_count", labels: { service: "start" }, value: 1 },
      ],
    });
    const hung = lines.filter((l) => l.target === "hung");
    expect(hung.length).toBe(live.length);
    for (const l of hung) {
      expect(l).toMatchObject({ ok: false, error: `no response from ${hungUrl} within 300 ms` });
      expect(l.durationMs).toBeGreaterThanOrEqual(290);
      expect(l.durationMs).toBeLessThan(2000);
    }
    const down = lines.filter((l) => l.target === "down");
    expect(down.every((l) => !l.ok && /ECONNREFUSED/.test(l.error))).toBe(true);
    expect(totals.errors).toBe(hung.length + down.length);
    expect(totals.samples).toBe(live.reduce((n, l) => n + (l.ok ? l.families.reduce((m, f) => m + f.samples.length, 0) : 0), 0));

    const after = lines.length;
    await new Promise((r) => setTimeout(r, 250)); // deliberately idle: proves no scrape happens after stop()
    expect((await readLines(outFile)).length).toBe(after);
  });

  it("records an HTTP error status and an unparsable body as error lines", { timeout: 10_000 }, async () => {
    const badUrl = await serve((_req, res) => {
      res.statusCode = 503;
      res.end("draining");
    });
    const garbageUrl = await serve((_req, res) => res.end("x{a=1} 2\n"));
    const outFile = join(dir, "scrape.ndjson");
    const scraper = startScraper({ targets: [{ name: "bad", url: badUrl }, { name: "garbage", url: garbageUrl }], intervalMs: 1000, fetchTimeoutMs: 1000, outFile });
    await pollUntil("the first round", 5000, async () => (await readLines(outFile)).length >= 2);
    expect(await scraper.stop()).toEqual({ samples: 0, errors: 2, rounds: 1 });
    const [bad, garbage] = await readLines(outFile);
    expect(bad).toMatchObject({ target: "bad", ok: false, error: `HTTP 503 from ${badUrl}: draining` });
    expect(garbage).toMatchObject({ target: "garbage", ok: false, error: 'prometheus text line 1: expected ="<value>" after label a: "x{a=1} 2"' });
  });

  it("runs samplers as targets: their families, a thrown error and a sampler past the deadline become lines", { timeout: 10_000 }, async () => {
    const outFile = join(dir, "samplers.ndjson");
    const family = { name: "pg_deadlocks_total", type: "counter" as const, samples: [{ name: "pg_deadlocks_total", labels: {}, value: 2 }] };
    const scraper = startScraper({
      targets: [
        { name: "postgres", collect: async () => [family] },
        { name: "boom", collect: async () => { throw new Error("connection refused by the database"); } },
        { name: "stuck", collect: () => new Promise(() => undefined) },
      ],
      intervalMs: 1000,
      fetchTimeoutMs: 200,
      outFile,
    });
    await pollUntil("the first round", 5000, async () => (await readLines(outFile)).length >= 3);
    expect(await scraper.stop()).toEqual({ samples: 1, errors: 2, rounds: 1 });
    const [ok, boom, stuck] = await readLines(outFile);
    expect(ok).toMatchObject({ target: "postgres", ok: true, families: [family] });
    expect(boom).toMatchObject({ target: "boom", ok: false, error: "connection refused by the database" });
    expect(stuck).toMatchObject({ target: "stuck", ok: false, error: "no response from sampler stuck within 200 ms" });
  });
});
