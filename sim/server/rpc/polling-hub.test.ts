// Unit tests of the pending-request queues: delivery order, null messages, the collect and response
// timeouts, and what a dropped connection does to waiting polls and collected requests.
import { describe, expect, it } from "vitest";
import { RpcError } from "../../transport/index.ts";
import { PollingHub } from "./polling-hub.ts";

const fast = { queueWaitTimeoutMs: 50, requestQueueTimeoutMs: 150, receiveResponseTimeoutMs: 150 };

describe("PollingHub", () => {
  it("hands queued requests to polls in order and resolves each with its response", async () => {
    const hub = new PollingHub(fast);
    const conn = {};
    const a = hub.send("M-1", "/rpc/a", { n: 1 });
    const b = hub.send("M-1", "/rpc/b", { n: 2 });
    expect(hub.stats().depth).toBe(2);
    const first = (await hub.poll("M-1", conn))!;
    expect(first).toMatchObject({ path: "/rpc/a", body: { n: 1 } });
    const second = (await hub.poll("M-1", conn, { id: first.id, status: 200, body: "A" }))!;
    expect(second.path).toBe("/rpc/b");
    await expect(a).resolves.toEqual({ id: first.id, status: 200, body: "A" });
    await hub.poll("M-1", conn, { id: second.id, status: 404, body: "B" }).catch(() => null);
    await expect(b).resolves.toMatchObject({ status: 404 });
    hub.close("done");
  });

  it("answers a waiting poll with a request as soon as one is sent, else with a null message", async () => {
    const nulls: number[] = [];
    const hub = new PollingHub({ ...fast, onNullMessage: () => nulls.push(1) });
    const startMs = Date.now();
    expect(await hub.poll("M-2", {})).toBeNull();
    expect(Date.now() - startMs).toBeGreaterThanOrEqual(45);
    expect(nulls).toHaveLength(1);
    const waiting = hub.poll("M-2", {});
    void hub.send("M-2", "/rpc/x", {}).catch(() => undefined);
    expect(await waiting).toMatchObject({ path: "/rpc/x" });
    hub.close("done");
  });

  it("fails a request nobody collects within requestQueueTimeoutMs as fail/queue-timeout", async () => {
    const hub = new PollingHub(fast);
    const startMs = Date.now();
    const error = (await hub.send("M-3", "/rpc/x", {}).catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ outcome: "fail", kind: "queue-timeout", retryable: true });
    expect(error.message).toMatch(/did not collect the request within 150 ms/);
    expect(Date.now() - startMs).toBeGreaterThanOrEqual(145);
    expect(hub.stats().depth).toBe(0);
  });

  it("fails a collected request as info when its connection closes or no response comes", async () => {
    const hub = new PollingHub(fast);
    const conn = {};
    const dropped = hub.send("M-4", "/rpc/x", {});
    await hub.poll("M-4", conn);
    expect(hub.stats().inFlight).toBe(1);
    hub.connectionClosed(conn);
    await expect(dropped).rejects.toMatchObject({ outcome: "info", kind: "polling-disconnected" });
    const silent = hub.send("M-4", "/rpc/y", {});
    await hub.poll("M-4", {});
    await expect(silent).rejects.toMatchObject({ outcome: "info", kind: "response-timeout" });
    expect(hub.stats()).toMatchObject({ depth: 0, inFlight: 0 });
  });

  it("forgets the waiting poll of a closed connection, so a later request waits for the next poll", async () => {
    const hub = new PollingHub(fast);
    const conn = {};
    void hub.poll("M-5", conn);
    hub.connectionClosed(conn);
    const sent = hub.send("M-5", "/rpc/x", {});
    expect(hub.stats().depth).toBe(1);
    const request = (await hub.poll("M-5", {}))!;
    void hub.poll("M-5", {}, { id: request.id, status: 200, body: 1 });
    await expect(sent).resolves.toMatchObject({ body: 1 });
    hub.close("done");
  });

  it("close fails queued requests and later sends, and answers waiting polls", async () => {
    const hub = new PollingHub(fast);
    const queued = hub.send("M-6", "/rpc/x", {});
    const waiting = hub.poll("M-7", {});
    hub.close("node stopping");
    await expect(queued).rejects.toMatchObject({ kind: "node-stopping" });
    expect(await waiting).toBeNull();
    await expect(hub.send("M-6", "/rpc/x", {})).rejects.toMatchObject({ kind: "node-stopping" });
  });
});
