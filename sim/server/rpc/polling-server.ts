// The node's polling endpoint (Halibut's port 10943), HTTP/1.1 long-poll served by the transport's own
// server (serveHttp): POST /poll/<subscription> carries the tentacle's last response (PollBody) and is
// answered with the next queued request or a null message (PollReply); GET /polling/status reports
// subscriptions, connections and queue depth. Counts every accepted connection (connects/s) and caps
// connections per subscription when asked (the extra one is answered 503 and closed).
import type { Socket } from "node:net";
import { POLLING_PATHS, type PollBody, type PollingStatus, type PollReply } from "../../contracts/index.ts";
import { serveHttp, type HttpAnswer, type HttpRequest } from "../../transport/index.ts";
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
  const server = await serveHttp({
    host, port, idleTimeoutMs: deps.idleTimeoutMs, maxBodyBytes: MAX_BODY_BYTES, tcpKeepAliveIdleMs: deps.tcpKeepAliveIdleMs,
    peerEnd: "close", // a tentacle that hangs up abandons its poll: the hub must not hand that poll a request
    onConnection() {
      metrics.pollingConnects.inc();
      deps.connectRate.record();
      metrics.pollingConnections.inc();
    },
    onClose(socket) {
      metrics.pollingConnections.dec();
      hub.connectionClosed(socket);
      const subscription = subscriptionOf.get(socket);
      if (subscription === undefined) return;
      subscriptionOf.delete(socket);
      const left = (connectionsOf.get(subscription) ?? 1) - 1;
      if (left > 0) connectionsOf.set(subscription, left);
      else connectionsOf.delete(subscription);
    },
    answer: (request, socket) => handle(request, socket).catch((error: unknown) => ({
      status: 500, body: { error: error instanceof Error ? error.message : String(error) },
    })),
  });

  async function handle(request: HttpRequest, socket: Socket): Promise<HttpAnswer> {
    const { method, path } = request;
    if (method === "GET" && path === POLLING_PATHS.status) return { status: 200, body: status() };
    if (method !== "POST" || !path.startsWith(POLLING_PATHS.poll)) return { status: 404, body: { error: `no polling route ${method} ${path}` } };
    const subscription = decodeURIComponent(path.slice(POLLING_PATHS.poll.length));
    if (subscription === "") return { status: 400, body: { error: "missing subscription id in /poll/<subscription>" } };
    if (!subscriptionOf.has(socket)) {
      const count = (connectionsOf.get(subscription) ?? 0) + 1;
      if (deps.maxConnectionsPerSubscription > 0 && count > deps.maxConnectionsPerSubscription) {
        const error = `subscription ${subscription} already has ${count - 1} polling connections (limit ${deps.maxConnectionsPerSubscription})`;
        return { status: 503, body: { error }, close: true };
      }
      subscriptionOf.set(socket, subscription);
      connectionsOf.set(subscription, count);
    }
    const body = parsePollBody(request.body);
    const answer: PollReply = { request: await hub.poll(subscription, socket, body.response) };
    return { status: 200, body: answer };
  }

  function status(): PollingStatus {
    const stats = hub.stats();
    return { node: deps.nodeName, subscriptions: connectionsOf.size, connections: subscriptionOf.size, queued: stats.depth };
  }

  return {
    url: `http://${host}:${server.port}`,
    async stop() {
      hub.close(`node ${deps.nodeName} is stopping`);
      await server.close();
    },
  };
}

function parsePollBody(bytes: Uint8Array): PollBody {
  if (bytes.length === 0) return {};
  const body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as PollBody;
  const response = body?.response;
  if (response !== undefined && (typeof response !== "object" || response === null || typeof response.id !== "string" || typeof response.status !== "number")) {
    throw new Error(`poll body: response must be {id: string, status: number, body}, got ${JSON.stringify(response).slice(0, 120)}`);
  }
  return body ?? {};
}
