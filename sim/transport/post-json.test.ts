// Tests of the RPC transport against the test's own loopback HTTP peers: JSON round trip over a
// pooled connection, and how each failure is classified (refused/HTTP error = fail, timeout = info).
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionPool } from "./connection-pool.ts";
import { postJson, requestTarget, RpcError, type RequestTarget } from "./post-json.ts";

let pool = new ConnectionPool({ keepAlive: true, maxIdlePerHost: 2, idleTimeoutMs: 0 });
const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<RequestTarget> {
  const server = http.createServer(handler);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return requestTarget(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc/x`));
}

afterEach(async () => {
  pool.destroy();
  pool = new ConnectionPool({ keepAlive: true, maxIdlePerHost: 2, idleTimeoutMs: 0 });
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const options = { get pool() { return pool; }, connectTimeoutMs: 500, responseTimeoutMs: 300 };

describe("postJson", () => {
  it("posts JSON and parses the JSON reply, reusing the pooled connection", async () => {
    const ports = new Set<number>();
    const url = await serve((req, res) => {
      ports.add(req.socket.remotePort!);
      req.pipe(res);
    });
    expect(await postJson(url, { a: 1 }, options)).toEqual({ a: 1 });
    expect(await postJson(url, { b: 2 }, options)).toEqual({ b: 2 });
    expect(ports.size).toBe(1);
  });

  it("reports a response that never comes as info after responseTimeoutMs", async () => {
    const url = await serve(() => {});
    const startMs = Date.now();
    const error = await postJson(url, {}, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ outcome: "info", message: "no response within 300 ms" });
    expect(Date.now() - startMs).toBeGreaterThanOrEqual(290);
    expect(Date.now() - startMs).toBeLessThan(2000);
  });

  it("reports a refused connection and an HTTP error status as fail", async () => {
    const url = await serve((_req, res) => res.writeHead(503).end("busy"));
    await expect(postJson(url, {}, options)).rejects.toMatchObject({ outcome: "fail", message: "HTTP 503: busy" });
    const closed = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    await expect(postJson(closed, {}, options)).rejects.toMatchObject({ outcome: "fail", kind: "connect-refused", message: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("times out a response that starts and then stalls (receiveTimeoutMs), and names every failure's kind", async () => {
    const stalled = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
    });
    const startMs = Date.now();
    await expect(postJson(stalled, {}, { ...options, responseTimeoutMs: 2000, receiveTimeoutMs: 200 }))
      .rejects.toMatchObject({ outcome: "info", kind: "receive-timeout", retryable: true, message: "response stalled for 200 ms" });
    expect(Date.now() - startMs).toBeLessThan(1500);
    const silent = await serve(() => {});
    await expect(postJson(silent, {}, options)).rejects.toMatchObject({ kind: "response-timeout", retryable: true });
    const refusing = await serve((_req, res) => res.writeHead(404).end("no"));
    await expect(postJson(refusing, {}, options)).rejects.toMatchObject({ kind: "http-status", retryable: false });
  });

  it("reports an abort as info", async () => {
    const url = await serve(() => {});
    const abort = new AbortController();
    const pending = postJson(url, {}, { ...options, responseTimeoutMs: 5000, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ outcome: "info", kind: "aborted", retryable: false });
  });

  it("reads chunked and connection-close replies, and reuses only a connection the reply left open", async () => {
    const ports: number[] = [];
    const url = await serve((req, res) => {
      ports.push(req.socket.remotePort!);
      if (req.url === "/rpc/x") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("{\"chunked\":");
        res.end("true}");
      } else res.writeHead(200, { connection: "close", "content-type": "application/json" }).end("{\"closed\":true}");
    });
    expect(await postJson(url, {}, options)).toEqual({ chunked: true });
    expect(await postJson(url, {}, options)).toEqual({ chunked: true });
    expect(await postJson({ ...url, path: "/rpc/close" }, {}, options)).toEqual({ closed: true });
    expect(await postJson(url, {}, options)).toEqual({ chunked: true });
    expect(ports[0]).toBe(ports[1]);
    expect(ports[2]).toBe(ports[1]);
    expect(ports[3]).not.toBe(ports[2]);
  });

  it("reuses an idle connection within idleTimeoutMs, keeps at most maxIdlePerHost idle, closes them after idleTimeoutMs, and opens a new one when the peer closed an idle one", async () => {
    const small = new ConnectionPool({ keepAlive: true, maxIdlePerHost: 1, idleTimeoutMs: 200 });
    const sockets = new Set<import("node:net").Socket>();
    const url = await serve((req, res) => {
      sockets.add(req.socket);
      setTimeout(() => res.end("{}"), 20);
    });
    const opts = { ...options, pool: small };
    await postJson(url, {}, opts);
    await postJson(url, {}, opts); // within idleTimeoutMs: the same connection
    expect(sockets.size).toBe(1);
    sockets.clear();
    await Promise.all([postJson(url, {}, opts), postJson(url, {}, opts), postJson(url, {}, opts)]);
    expect(sockets.size).toBe(3);
    expect(small.stats()).toEqual({ active: 0, free: 1 });
    await vi.waitFor(() => expect(small.stats().free).toBe(0), { timeout: 2000, interval: 20 });

    await postJson(url, {}, opts);
    expect(small.stats()).toEqual({ active: 0, free: 1 });
    const [last] = [...sockets].slice(-1);
    const closed = once(last!, "close");
    last!.destroy(); // the tentacle drops the idle connection
    await closed;
    await vi.waitFor(() => expect(small.stats().free).toBe(0), { timeout: 2000, interval: 5 });
    expect(await postJson(url, { again: 1 }, opts)).toEqual({});
    small.destroy();
    await expect(postJson(url, {}, opts)).rejects.toMatchObject({ kind: "node-stopping", retryable: false });
  });

  it("reports a connection the peer resets mid-call as info (connection-reset)", async () => {
    const url = await serve((req) => req.socket.destroy());
    await expect(postJson(url, {}, options)).rejects.toMatchObject({ outcome: "info", kind: "connection-reset", retryable: true });
    expect(pool.stats()).toEqual({ active: 0, free: 0 });
  });

  it("opens a connection per call when keep-alive is off, and fails a call in flight when the pool is destroyed", async () => {
    const noKeepAlive = new ConnectionPool({ keepAlive: false, maxIdlePerHost: 0, idleTimeoutMs: 0 });
    const ports = new Set<number>();
    const url = await serve((req, res) => {
      ports.add(req.socket.remotePort!);
      res.end("{}");
    });
    const opts = { ...options, pool: noKeepAlive };
    await postJson(url, {}, opts);
    await postJson(url, {}, opts);
    expect(ports.size).toBe(2);
    expect(noKeepAlive.stats()).toEqual({ active: 0, free: 0 });

    const hanging = await serve(() => {});
    const inFlight = postJson(hanging, {}, { ...opts, responseTimeoutMs: 5_000 });
    await vi.waitFor(() => expect(noKeepAlive.stats().active).toBe(1), { timeout: 2000, interval: 5 });
    noKeepAlive.destroy();
    await expect(inFlight).rejects.toMatchObject({ outcome: "info", kind: "connection-reset" });
  });
});
