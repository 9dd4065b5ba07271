// The transport's HTTP/1.1 server: a TCP listener whose connections are each served by
// http-connection.ts, for the fleet's listening tentacles and the node's polling endpoint alike.
// Accepted sockets get TCP keepalive when asked; hooks see each connection open and close (the polling
// endpoint counts connects and ties polls to their connection); close() stops listening and drops them all.
import net from "node:net";
import { serveHttpConnection, type HttpConnectionOptions } from "./http-connection.ts";

export interface HttpServerOptions extends HttpConnectionOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
  backlog?: number;
  /** TCP keepalive idle time set on accepted sockets; 0 = off. */
  tcpKeepAliveIdleMs: number;
  /** A connection was accepted (before its first byte is read). */
  onConnection?(connection: net.Socket): void;
  /** A connection closed, whoever closed it. */
  onClose?(connection: net.Socket): void;
}

export interface RunningHttpServer {
  /** The port listened on. */
  readonly port: number;
  /** Connections open now. */
  readonly connections: number;
  /** Stops listening and destroys every connection; resolves once the listener closed. Idempotent. */
  close(): Promise<void>;
}

/** Listens on host:port; rejects with the listen error (EADDRINUSE, ...). */
export function serveHttp(options: HttpServerOptions): Promise<RunningHttpServer> {
  const sockets = new Set<net.Socket>();
  // allowHalfOpen: a client that ends its side after the request still gets the answer.
  const listener = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    if (options.tcpKeepAliveIdleMs > 0) socket.setKeepAlive(true, options.tcpKeepAliveIdleMs);
    options.onConnection?.(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      options.onClose?.(socket);
    });
    serveHttpConnection(socket, options);
  });
  let closing: Promise<void> | undefined;
  let port = 0;
  const running: RunningHttpServer = {
    get port() {
      return port;
    },
    get connections() {
      return sockets.size;
    },
    close: () => (closing ??= new Promise<void>((resolve) => {
      listener.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    })),
  };
  return new Promise((resolve, reject) => {
    listener.once("error", reject);
    listener.listen({ host: options.host, port: options.port, backlog: options.backlog ?? 511 }, () => {
      listener.off("error", reject);
      port = (listener.address() as net.AddressInfo).port;
      resolve(running);
    });
  });
}
