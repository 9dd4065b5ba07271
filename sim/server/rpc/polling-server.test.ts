// The node's polling endpoint on real loopback sockets, long-polled by the transport's own client (one
// connection pool per polling loop, as the fleet does): a queued request goes out on a poll and the next
// poll settles it, the per-subscription connection cap answers the extra connection 503 and closes it, a
// tentacle that hangs up mid-poll is never handed a request, and stop() fails what is queued.
import net from "node:net";
import { once } from "node:events";
import client from "prom-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PollingStatus, PollReply } from "../../contracts/index.ts";
import { ConnectionPool, postJson, requestTarget } from "../../transport/index.ts";
import { ConnectRate } from "./connect-rate.ts";
import { PollingHub } from "./polling-hub.ts";
import { startPollingServer, type RunningPollingServer } from "./polling-server.ts";
import { makeRpcMetrics } from "./rpc-metrics.ts";

const running: RunningPollingServer[] = [];
const pools: ConnectionPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.destroy();
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(maxConnectionsPerSubscription = 0) {
  const hub = new PollingHub({ queueWaitTimeoutMs: 5_000, requestQueueTimeoutMs: 5_000, receiveResponseTimeoutMs: 5_000 });
  const metrics = makeRpcMetrics(new client.Registry());
  const server = await startPollingServer({
    hub, metrics, connectRate: new ConnectRate(), nodeName: "node-t", idleTimeoutMs: 10_000, tcpKeepAliveIdleMs: 1_000, maxConnectionsPerSubscription,
  }, "127.0.0.1", 0);
  running.push(server);
  const loop = () => {
    const pool = new ConnectionPool({ keepAlive: true, maxIdlePerHost: 1, idleTimeoutMs: 0 });
    pools.push(pool);
    return (subscription: string, body: object = {}) => postJson<PollReply>(requestTarget(new URL(`${server.url}/poll/${subscription}`)), body, {
      pool, connectTimeoutMs: 1_000, responseTimeoutMs: 10_000,
    });
  };
  const status = async () => (await (await fetch(`${server.url}/polling/status`)).json()) as PollingStatus;
  return { hub, server, loop, status };
}

describe("the polling endpoint", () => {
  it("hands a queued request to a waiting poll and settles it with the response the next poll carries", async () => {
    const { hub, loop, status } = await start();
    const poll = loop();
    const waiting = poll("Machines-1");
    await vi.waitFor(async () => expect(await status()).toMatchObject({ node: "node-t", subscriptions: 1, connections: 1 }), { timeout: 2_000, interval: 10 });
    const sent = hub.send("Machines-1", "/api/health", { a: 1 });
    const { request } = await waiting;
    expect(request).toMatchObject({ path: "/api/health", body: { a: 1 } });
    const next = poll("Machines-1", { response: { id: request!.id, status: 200, body: { ok: true } } });
    await expect(sent).resolves.toEqual({ id: request!.id, status: 200, body: { ok: true } });
    hub.close("test over");
    await expect(next).resolves.toEqual({ request: null });
  });

  it("caps connections per subscription: the extra one is answered 503 and closed, the first keeps its place", async () => {
    const { loop, status } = await start(1);
    const first = loop()("Machines-2");
    await vi.waitFor(async () => expect((await status()).connections).toBe(1), { timeout: 2_000, interval: 10 });
    await expect(loop()("Machines-2")).rejects.toMatchObject({ kind: "http-status", message: expect.stringMatching(/^HTTP 503: .*already has 1 polling connections \(limit 1\)/) });
    expect(await status()).toMatchObject({ subscriptions: 1, connections: 1 });
    void first.catch(() => undefined);
  });

  it("never hands a request to a poll whose tentacle hung up; a collected request fails as polling-disconnected when its connection drops", async () => {
    const { hub, server, loop, status } = await start();
    const socket = net.connect(Number(new URL(server.url).port), "127.0.0.1");
    await once(socket, "connect");
    socket.write("POST /poll/Machines-3 HTTP/1.1\r\nhost: node\r\ncontent-length: 0\r\n\r\n");
    await vi.waitFor(async () => expect((await status()).connections).toBe(1), { timeout: 2_000, interval: 10 });
    socket.end(); // hangs up with its poll waiting
    await vi.waitFor(async () => expect((await status()).connections).toBe(0), { timeout: 2_000, interval: 10 });
    const queued = hub.send("Machines-3", "/api/x", {});
    expect(hub.stats().depth).toBe(1); // not delivered to the abandoned poll
    const reply = await loop()("Machines-3");
    expect(reply.request?.path).toBe("/api/x");
    pools.at(-1)!.destroy(); // the tentacle drops the connection that collected the request
    await expect(queued).rejects.toMatchObject({ outcome: "info", kind: "polling-disconnected" });
  });
});
