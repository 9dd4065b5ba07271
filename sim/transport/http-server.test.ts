// The transport's HTTP/1.1 server on real loopback sockets, driven by the transport's own client
// (postJson over a ConnectionPool) and by raw sockets: which connection each request came on, the
// open/close hooks, an answer that closes its connection, 100 Continue for a head sent in pieces,
// close() dropping every connection, and a port already taken.
import net from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionPool, postJson, requestTarget, serveHttp, type HttpServerOptions, type RunningHttpServer } from "./index.ts";

const servers: RunningHttpServer[] = [];
const pools: ConnectionPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(overrides: Partial<HttpServerOptions> = {}) {
  const opened: net.Socket[] = [];
  const closed: net.Socket[] = [];
  const cameOn: net.Socket[] = [];
  const server = await serveHttp({
    host: "127.0.0.1", port: 0, idleTimeoutMs: 0, maxBodyBytes: 1024, tcpKeepAliveIdleMs: 1_000,
    onConnection: (socket) => opened.push(socket),
    onClose: (socket) => closed.push(socket),
    answer: async (request, connection) => (cameOn.push(connection), { status: 200, body: { path: request.path, n: cameOn.length } }),
    ...overrides,
  });
  servers.push(server);
  const url = (path: string) => requestTarget(new URL(`http://127.0.0.1:${server.port}${path}`));
  return { server, opened, closed, cameOn, url };
}

const pool = () => {
  const made = new ConnectionPool({ keepAlive: true, maxIdlePerHost: 1, idleTimeoutMs: 0 });
  pools.push(made);
  return made;
};
const call = (target: ReturnType<typeof requestTarget>, connections: ConnectionPool) =>
  postJson<{ path: string; n: number }>(target, { hello: 1 }, { pool: connections, connectTimeoutMs: 1_000, responseTimeoutMs: 1_000 });

describe("serveHttp", () => {
  it("tells each answer the connection its request came on, sees connections open and close, and close() drops them all", async () => {
    const { server, opened, closed, cameOn, url } = await start();
    const [a, b] = [pool(), pool()];
    expect(await call(url("/one"), a)).toEqual({ path: "/one", n: 1 });
    expect(await call(url("/two"), a)).toEqual({ path: "/two", n: 2 });
    expect(await call(url("/three"), b)).toEqual({ path: "/three", n: 3 });
    expect(opened).toHaveLength(2);
    expect(cameOn).toEqual([opened[0], opened[0], opened[1]]);
    expect(server.connections).toBe(2);
    await server.close();
    await vi.waitFor(() => expect(closed).toHaveLength(2), { timeout: 2_000, interval: 5 });
    expect(server.connections).toBe(0);
    await expect(call(url("/after"), pool())).rejects.toMatchObject({ kind: "connect-refused" });
  });

  it("closes the connection after an answer that says so", async () => {
    const { url, opened, closed } = await start({ answer: async () => ({ status: 503, body: { error: "full" }, close: true }) });
    const socket = net.connect(url("/").port, "127.0.0.1");
    await once(socket, "connect");
    socket.write("POST /x HTTP/1.1\r\ncontent-length: 0\r\n\r\n");
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    await once(socket, "end");
    expect(text).toMatch(/^HTTP\/1.1 503 Service Unavailable\r\n.*connection: close\r\n\r\n\{"error":"full"\}$/s);
    socket.destroy();
    await vi.waitFor(() => expect(closed).toEqual(opened), { timeout: 2_000, interval: 5 });
  });

  it("sends 100 Continue once a head that asks for it is complete, also when it comes in pieces", async () => {
    const { url } = await start();
    const socket = net.connect(url("/").port, "127.0.0.1");
    await once(socket, "connect");
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    const seen = (what: string) => vi.waitFor(() => expect(text).toContain(what), { timeout: 2_000, interval: 2 });
    // the first request's answer proves the server has read the start of the second head, which waits incomplete
    socket.write("GET /first HTTP/1.1\r\n\r\nPOST /second HTTP/1.1\r\nexpect: 100-continue\r\n");
    await seen('"path":"/first"');
    socket.write("content-length: 2\r\n\r\n");
    await seen("HTTP/1.1 100 Continue\r\n\r\n");
    socket.write("{}");
    await seen('"path":"/second"');
    socket.destroy();
  });

  it("with peerEnd: close, drops a request in progress as soon as the client ends its side (a long poll abandoned)", async () => {
    let release!: (answer: { status: number; body: unknown }) => void;
    const { url, opened, closed } = await start({ peerEnd: "close", answer: () => new Promise((resolve) => (release = resolve)) });
    const socket = net.connect(url("/").port, "127.0.0.1");
    const clientClosed = once(socket, "close");
    await once(socket, "connect");
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.write("POST /poll HTTP/1.1\r\ncontent-length: 0\r\n\r\n");
    await vi.waitFor(() => expect(release).toBeTypeOf("function"), { timeout: 2_000, interval: 2 });
    socket.end();
    await vi.waitFor(() => expect(closed).toEqual(opened), { timeout: 2_000, interval: 2 });
    release({ status: 200, body: { late: true } });
    await clientClosed;
    expect(text).toBe("");
  });

  it("rejects with the listen error when the port is taken", async () => {
    const { server } = await start();
    await expect(serveHttp({ host: "127.0.0.1", port: server.port, idleTimeoutMs: 0, maxBodyBytes: 1, tcpKeepAliveIdleMs: 0, answer: () => null }))
      .rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
