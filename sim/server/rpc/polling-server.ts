// The node's polling endpoint (Halibut's port 10943), HTTP/1.1 long-poll: POST /poll/<subscription>
// carries the tentacle's last response (PollBody) and is answered with the next queued request or a
// null message (PollReply); GET /polling/status reports subscriptions, connections and queue depth.
// Counts every accepted connection (connects/s) and caps connections per subscription when asked.
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo, Socket } from "node:net";
import { POLLING_PATHS, type PollBody, type PollingStatus, type PollReply } from "../../contracts/index.ts";
import type { ConnectRate } from "./connect-rate.ts";
import type { PollingHub } from "./polling-hub.ts";
import type { RpcMetrics } from "./rpc-metrics.ts";

const MAX_BODY_BYTES = 1 << 20;

export interface PollingServerDeps {
  hub: PollingHub;
  metrics: RpcMetrics;
  connectRate: ConnectRate;
  nodeName: string;
  /** Idle time allowed between two polls on one connection (the tentacle runs a request meanwhile). */
  idleTimeoutMs: number;
  /** TCP keepalive idle time on accepted sockets; 0 = off. */
  tcpKeepAliveIdleMs: number;
  /** MaximumActiveTcpConnectionsPerPollingSubscription; 0 = unlimited. */
  maxConnectionsPerSubscription: number;
}

export interface RunningPollingServer {
  /** Base URL, e.g. http://127.0.0.1:10943 */
  url: string;
  stop(): Promise<void>;
}

export async function startPollingServer(deps: PollingServerDeps, host: string, port: number): Promise<RunningPollingServer> {
  const { hub, metrics } = deps;
  const subscriptionOf = new Map<Socket, string>();
  const connectionsOf = new Map<string, number>();
  const server = http.createServer({ keepAliveTimeout: deps.idleTimeoutMs, requestTimeout: 0, headersTimeout: 0, noDelay: true }, (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  server.on("connection", (socket: Socket) => {
    metrics.pollingConnects.inc();
    deps.connectRate.record();
    metrics.pollingConnections.inc();
    if (deps.tcpKeepAliveIdleMs > 0) socket.setKeepAlive(true, deps.tcpKeepAliveIdleMs);
    socket.once("close", () => {
      metrics.pollingConnections.dec();
      hub.connectionClosed(socket);
      const subscription = subscriptionOf.get(socket);
      if (subscription === undefined) return;
      subscriptionOf.delete(socket);
      const left = (connectionsOf.get(subscription) ?? 1) - 1;
      if (left > 0) connectionsOf.set(subscription, left);
      else connectionsOf.delete(subscription);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (req.method === "GET" && url === POLLING_PATHS.status) return reply(res, 200, status());
    if (req.method !== "POST" || !url.startsWith(POLLING_PATHS.poll)) return reply(res, 404, { error: `no polling route ${req.method} ${url}` });
    const subscription = decodeURIComponent(url.slice(POLLING_PATHS.poll.length));
    if (subscription === "") return reply(res, 400, { error: "missing subscription id in /poll/<subscription>" });
    const socket = req.socket;
    if (!subscriptionOf.has(socket)) {
      const count = (connectionsOf.get(subscription) ?? 0) + 1;
      if (deps.maxConnectionsPerSubscription > 0 && count > deps.maxConnectionsPerSubscription) {
        res.shouldKeepAlive = false;
        return reply(res, 503, { error: `subscription ${subscription} already has ${count - 1} polling connections (limit ${deps.maxConnectionsPerSubscription})` });
      }
      subscriptionOf.set(socket, subscription);
      connectionsOf.set(subscription, count);
    }
    const body = await readPollBody(req);
    const request = await hub.poll(subscription, socket, body.response);
    const answer: PollReply = { request };
    reply(res, 200, answer);
  }

  function status(): PollingStatus {
    const stats = hub.stats();
    return { node: deps.nodeName, subscriptions: connectionsOf.size, connections: subscriptionOf.size, queued: stats.depth };
  }

  server.listen(port, host);
  await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => { throw error; })]);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    async stop() {
      hub.close(`node ${deps.nodeName} is stopping`);
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readPollBody(req: http.IncomingMessage): Promise<PollBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`poll body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as PollBody;
  const response = body?.response;
  if (response !== undefined && (typeof response !== "object" || response === null || typeof response.id !== "string" || typeof response.status !== "number")) {
    throw new Error(`poll body: response must be {id: string, status: number, body}, got ${JSON.stringify(response).slice(0, 120)}`);
  }
  return body ?? {};
}
