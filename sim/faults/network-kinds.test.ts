// Every network fault kind on a real toxiproxy-server in front of a small HTTP server owned by the
// test: the effect shows on the targeted link, not on an untargeted twin, and healing removes it.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../infra/ports.ts";
import { startToxiproxy, type RunningToxiproxy } from "../infra/toxiproxy.ts";
import { requireTool } from "../testing/tools.ts";
import { faultKind, type Fault } from "./index.ts";

let dir: string;
let toxiproxy: RunningToxiproxy;
let server: http.Server;
let upstream: string;
/** Requests the upstream saw, by path. */
const hits = new Map<string, number>();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-net-faults-"));
  toxiproxy = await startToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log"), callTimeoutMs: 5_000 });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const bytes = Number(url.searchParams.get("bytes") ?? 2);
    res.writeHead(200, { "content-length": bytes }); // closes after the response when the client asked (connection: close)
    res.end(Buffer.alloc(bytes, 0x61));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  upstream = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await toxiproxy?.stop();
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Two fresh proxies to the same upstream: one to target, one left alone. */
async function pair(name: string): Promise<{ hit: string; spared: string }> {
  const [hit, spared] = [`127.0.0.1:${await freePort()}`, `127.0.0.1:${await freePort()}`];
  await toxiproxy.populate([{ name: `${name}-hit`, listen: hit, upstream, enabled: true }, { name: `${name}-spared`, listen: spared, upstream, enabled: true }]);
  return { hit, spared };
}

async function apply(kind: string, proxyName: string, attributes: Record<string, unknown>, stream: "upstream" | "downstream" = "downstream"): Promise<Fault> {
  const k = faultKind(kind);
  const fault = k.make({ toxiproxy });
  await fault.start({ proxyNames: [proxyName], processNames: [], description: proxyName }, { stream, toxicity: 1, attributes: k.attributes.parse(attributes) as Record<string, unknown> });
  return fault;
}

interface Probe { ok: boolean; bytes: number; ms: number; error?: string }

/**
 * One GET on a fresh connection: body size and time, or the error (timeout, ECONNREFUSED, ECONNRESET, ...).
 * The connection is closed after the response unless keepOpen (then the server keeps it, as a pooled RPC connection).
 */
async function probe(listen: string, pathname = "/", timeoutMs = 2_000, keepOpen = false): Promise<Probe> {
  const started = performance.now();
  try {
    const res = await fetch(`http://${listen}${pathname}`, { headers: keepOpen ? {} : { connection: "close" }, signal: AbortSignal.timeout(timeoutMs) });
    const bytes = (await res.arrayBuffer()).byteLength;
    return { ok: true, bytes, ms: performance.now() - started };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { ok: false, bytes: 0, ms: performance.now() - started, error: err.name === "TimeoutError" ? "timeout" : err.cause?.code ?? err.message };
  }
}

/** A raw HTTP exchange: bytes received and time until the server side closed, or the socket error code. */
function rawExchange(listen: string, pathname: string, timeoutMs = 3_000): Promise<{ bytes: number; closedAfterMs: number; error?: string }> {
  const [host, port] = listen.split(":");
  return new Promise((resolve) => {
    const started = performance.now();
    let bytes = 0;
    let error: string | undefined;
    const socket = net.connect(Number(port), host!, () => socket.write(`GET ${pathname} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`));
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
    socket.on("data", (chunk) => (bytes += chunk.length));
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => resolve({ bytes, closedAfterMs: performance.now() - started, ...(error ? { error } : {}) }));
  });
}

describe("network fault kinds on real Toxiproxy", () => {
  it("latency delays the targeted link by latencyMs", async () => {
    const { hit, spared } = await pair("lat");
    const fault = await apply("latency", "lat-hit", { latencyMs: 300 });
    expect((await probe(hit)).ms).toBeGreaterThanOrEqual(300);
    expect((await probe(spared)).ms).toBeLessThan(150);
    await fault.stop();
    expect((await probe(hit)).ms).toBeLessThan(150);
  });

  it("bandwidth caps the targeted link at rateKBps", async () => {
    const { hit, spared } = await pair("bw");
    const fault = await apply("bandwidth", "bw-hit", { rateKBps: 32 });
    const slow = await probe(hit, "/big?bytes=48000", 5_000);
    expect(slow.bytes).toBe(48_000);
    expect(slow.ms).toBeGreaterThan(1_000); // 48 KB at 32 KB/s: about 1.5 s
    expect((await probe(spared, "/big?bytes=48000")).ms).toBeLessThan(300);
    await fault.stop();
    expect((await probe(hit, "/big?bytes=48000")).ms).toBeLessThan(300);
  });

  it("black-hole lets nothing through either way and keeps connections open", async () => {
    const { hit, spared } = await pair("bh");
    const before = hits.get("/bh") ?? 0;
    const fault = await apply("black-hole", "bh-hit", {});
    const held = await rawExchange(hit, "/bh", 800);
    expect(held).toMatchObject({ bytes: 0, error: "timeout" }); // open until the client gave up
    expect(hits.get("/bh") ?? 0).toBe(before); // the request never reached the server
    expect((await probe(spared, "/bh")).ok).toBe(true);
    await fault.stop();
    expect((await probe(hit, "/bh")).ok).toBe(true);
  });

  it("partition upstream drops requests; downstream lets them run and drops the responses", async () => {
    const { hit, spared } = await pair("part");
    const up = await apply("partition", "part-hit", {}, "upstream");
    const before = hits.get("/part") ?? 0;
    expect((await probe(hit, "/part", 600)).error).toBe("timeout");
    expect(hits.get("/part") ?? 0).toBe(before);
    await up.stop();
    const downFault = await apply("partition", "part-hit", {}, "downstream");
    // the server keeps the connection open after answering (as a pooled RPC connection would); had it
    // closed, Toxiproxy would pass the close on and the client would see the connection end instead
    expect((await probe(hit, "/part", 600, true)).error).toBe("timeout");
    expect(hits.get("/part")).toBe(before + 1); // it arrived and ran: only the answer was lost
    expect((await probe(spared, "/part")).ok).toBe(true);
    await downFault.stop();
    // a fresh connection (fetch's pool may still hold the black-holed one, which the heal closes)
    const healed = await rawExchange(hit, "/part");
    expect(healed.error).toBeUndefined();
    expect(healed.bytes).toBeGreaterThan(0);
  });

  it("down closes live connections and refuses new ones until healed", async () => {
    const { hit, spared } = await pair("down");
    const [host, port] = hit.split(":");
    const live = net.connect(Number(port), host!);
    await new Promise((r) => live.once("connect", r));
    const closed = new Promise((r) => live.once("close", r));
    live.on("error", () => {});
    const fault = await apply("down", "down-hit", {});
    await closed; // the proxy closed the live connection
    expect((await probe(hit)).error).toBe("ECONNREFUSED");
    expect((await probe(spared)).ok).toBe(true);
    await fault.stop();
    expect((await probe(hit)).ok).toBe(true);
  });

  it("reset-peer resets connections once data flows", async () => {
    const { hit, spared } = await pair("rst");
    const fault = await apply("reset-peer", "rst-hit", { afterMs: 0 }, "upstream");
    expect(await rawExchange(hit, "/rst")).toMatchObject({ bytes: 0, error: "ECONNRESET" });
    expect((await rawExchange(spared, "/rst")).error).toBeUndefined();
    await fault.stop();
    expect((await probe(hit)).ok).toBe(true);
  });

  it("slow-close holds back the server's close by delayMs", async () => {
    const { hit, spared } = await pair("sc");
    const fault = await apply("slow-close", "sc-hit", { delayMs: 700 });
    const slow = await rawExchange(hit, "/sc");
    expect(slow.bytes).toBeGreaterThan(0);
    expect(slow.closedAfterMs).toBeGreaterThanOrEqual(700);
    expect((await rawExchange(spared, "/sc")).closedAfterMs).toBeLessThan(200);
    await fault.stop();
    expect((await rawExchange(hit, "/sc")).closedAfterMs).toBeLessThan(200);
  });

  it("data-limit cuts a response after limitBytes", async () => {
    const { hit, spared } = await pair("dl");
    const fault = await apply("data-limit", "dl-hit", { limitBytes: 1_000 });
    const cut = await rawExchange(hit, "/dl?bytes=20000");
    expect(cut.bytes).toBeLessThanOrEqual(1_000);
    expect(cut.bytes).toBeGreaterThan(0);
    expect((await probe(hit, "/dl?bytes=20000")).ok).toBe(false);
    expect((await probe(spared, "/dl?bytes=20000")).bytes).toBe(20_000);
    await fault.stop();
    expect((await probe(hit, "/dl?bytes=20000")).bytes).toBe(20_000);
  });
});
