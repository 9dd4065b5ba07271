// Warm-up against real slow listeners on loopback: a group of tentacles that starts listening late
// and a group that answers 503 at first are waited for (bounded retries with backoff); a tentacle that
// never listens and one that always answers 500 fail the warm-up, named with what they answered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RPC_PATHS } from "../contracts/index.ts";
import { backoffMs, warmUp, WARM_UP_DEFAULTS } from "./warm-up.ts";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A listener answering health RPCs with `status(n)` for the n-th request (1-based). */
async function listener(status: (n: number) => number, port = 0): Promise<{ port: number; requests: () => number }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    n++;
    const code = req.url === RPC_PATHS.health ? status(n) : 404;
    res.writeHead(code).end(code === 200 ? "{}" : "tentacle busy");
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, requests: () => n };
}

/** A free port nobody listens on (yet). */
async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

describe("warm-up", () => {
  it("backs off 250 ms, 500 ms, 1 s ... up to 4 s between probes", () => {
    expect([2, 3, 4, 5, 6, 7].map((a) => backoffMs(a, WARM_UP_DEFAULTS))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it("waits for a slow tentacle group: late listeners and ones answering 503 at first", { timeout: 20_000 }, async () => {
    const ready = await Promise.all(Array.from({ length: 20 }, () => listener(() => 200)));
    const busyAtFirst = await Promise.all(Array.from({ length: 5 }, () => listener((n) => (n <= 2 ? 503 : 200))));
    const latePorts = await Promise.all(Array.from({ length: 5 }, freePort));
    const late = setTimeout(() => void Promise.all(latePorts.map((p) => listener(() => 200, p))), 1_200);
    const targets = [...ready, ...busyAtFirst].map((l, i) => ({ id: `tentacle-${i}`, endpoint: url(l.port) }))
      .concat(latePorts.map((p, i) => ({ id: `slow-${i}`, endpoint: url(p) })));
    const startedMs = Date.now();
    try {
      await warmUp([], targets, new AbortController().signal);
    } finally {
      clearTimeout(late);
    }
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(1_200);
    for (const l of busyAtFirst) expect(l.requests()).toBe(3);
    for (const l of ready) expect(l.requests()).toBe(1);
  });

  it("fails after its bounded retries, naming each silent tentacle and what it answered", { timeout: 20_000 }, async () => {
    const fine = await listener(() => 200);
    const busy = await listener(() => 500);
    const dead = await freePort();
    const targets = [{ id: "ok-1", endpoint: url(fine.port) }, { id: "busy-1", endpoint: url(busy.port) }, { id: "dead-1", endpoint: url(dead) }];
    const error = await warmUp([], targets, new AbortController().signal, { attempts: 3, firstBackoffMs: 50 }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/warm-up: 2 of 3 tentacles did not answer a health RPC through their proxy after 3 attempts/);
    expect(error?.message).toContain(`busy-1 (${url(busy.port)}): HTTP 500: tentacle busy`);
    expect(error?.message).toContain(`dead-1 (${url(dead)}): ECONNREFUSED`);
    expect(error?.message).not.toContain("ok-1");
    expect(busy.requests()).toBe(3);
  });
});
