// The tentacle's HTTP/1.1 connection server on a real loopback socket: keep-alive, pipelined requests
// answered in order, connection: close, 100-continue, HEAD, a client's half-close, refusals of
// malformed requests, the idle timeout, and dropping a connection when there is no answer.
import net from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { HttpRequest } from "./http1-reader.ts";
import { serveHttpConnection, type HttpConnectionOptions } from "./http-connection.ts";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(overrides: Partial<HttpConnectionOptions> = {}): Promise<{ port: number; seen: HttpRequest[]; sockets: net.Socket[] }> {
  const seen: HttpRequest[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    serveHttpConnection(socket, {
      idleTimeoutMs: 0, maxBodyBytes: 1024,
      answer: async (request) => (seen.push(request), { status: 200, body: { echo: Buffer.from(request.body).toString(), path: request.path } }),
      ...overrides,
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as net.AddressInfo).port, seen, sockets };
}

/** Sends raw bytes, then collects everything until the server closes (or `untilText` arrives). */
async function exchange(port: number, raw: string, { untilText, halfClose = false }: { untilText?: string; halfClose?: boolean } = {}): Promise<{ text: string; closedByServer: boolean }> {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.write(raw);
  if (halfClose) socket.end();
  let text = "";
  return new Promise((resolve, reject) => {
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (untilText && text.includes(untilText)) {
        socket.destroy();
        resolve({ text, closedByServer: false });
      }
    });
    socket.on("end", () => resolve({ text, closedByServer: true }));
    socket.on("error", reject);
  });
}

const post = (path: string, body: string, extra = "") => `POST ${path} HTTP/1.1\r\nhost: t\r\ncontent-length: ${body.length}\r\n${extra}\r\n${body}`;

describe("serveHttpConnection", () => {
  it("answers pipelined requests on one kept-alive connection, in order, then closes on connection: close", async () => {
    const { port, seen } = await serve();
    const { text, closedByServer } = await exchange(port, post("/a", "1") + post("/b", "22") + post("/c", "333", "connection: close\r\n"));
    expect(seen.map((r) => r.path)).toEqual(["/a", "/b", "/c"]);
    const answers = text.split("HTTP/1.1 200 OK").slice(1);
    expect(answers).toHaveLength(3);
    expect(answers.map((a) => JSON.parse(a.slice(a.indexOf("\r\n\r\n") + 4)).echo)).toEqual(["1", "22", "333"]);
    expect(answers[2]).toContain("connection: close");
    expect(closedByServer).toBe(true);
  });

  it("sends 100 Continue when asked, answers HEAD without a body, and answers a client that half-closed", async () => {
    const { port } = await serve();
    const socket = net.connect(port, "127.0.0.1");
    await once(socket, "connect");
    socket.write("POST /x HTTP/1.1\r\nexpect: 100-continue\r\ncontent-length: 2\r\n\r\n");
    const [interim] = await once(socket, "data");
    expect(interim.toString()).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    socket.destroy();
    const head = await exchange(port, "HEAD /h HTTP/1.1\r\nconnection: close\r\n\r\n");
    expect(head.text).toMatch(/^HTTP\/1.1 200 OK\r\n.*content-length: \d+\r\nconnection: close\r\n\r\n$/s);
    const halfClosed = await exchange(port, post("/late", "x"), { halfClose: true });
    expect(halfClosed.text).toContain("\"path\":\"/late\"");
    expect(halfClosed.closedByServer).toBe(true);
  });

  it.each([
    ["garbage", "SSH-2.0-OpenSSH\r\n\r\n", /not an HTTP\/1.x request line/],
    ["an oversized body", "POST /x HTTP/1.1\r\ncontent-length: 2000\r\n\r\n", /request body exceeds 1024 bytes/],
  ])("refuses %s with 400 and closes", async (_, raw, message) => {
    const { port, seen } = await serve();
    const { text, closedByServer } = await exchange(port, raw);
    expect(text).toMatch(/^HTTP\/1.1 400 Bad Request\r\n/);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)).error).toMatch(message);
    expect(closedByServer).toBe(true);
    expect(seen).toEqual([]);
  });

  it("closes a connection idle for idleTimeoutMs, but not while an answer is pending", async () => {
    let release!: () => void;
    const { port } = await serve({
      idleTimeoutMs: 50,
      answer: (request) => request.path === "/slow"
        ? new Promise((resolve) => (release = () => resolve({ status: 200, body: { slow: true } })))
        : Promise.resolve({ status: 200, body: {} }),
    });
    const idle = await exchange(port, "");
    expect(idle).toEqual({ text: "", closedByServer: true });
    const slow = exchange(port, post("/slow", ""));
    await new Promise((resolve) => setTimeout(resolve, 150)); // three idle timeouts pass while the answer is pending
    release();
    const { text, closedByServer } = await slow;
    expect(text).toContain("{\"slow\":true}");
    expect(closedByServer).toBe(true); // idle again after the answer
  });

  it("drops the connection without an answer when there is none (a tentacle that is down)", async () => {
    const { port } = await serve({ answer: () => null });
    const socket = net.connect(port, "127.0.0.1");
    await once(socket, "connect");
    socket.write(post("/x", "1"));
    const ended = await Promise.race([once(socket, "close").then(() => "closed"), once(socket, "data").then(() => "answered")]);
    expect(ended).toBe("closed");
  });
});
