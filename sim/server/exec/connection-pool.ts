// The node's keep-alive TCP connections to listening tentacles, one request at a time per connection
// (what makes a connection count of 1 serialize calls): a call takes an idle connection to its
// host:port or opens a new one, and gives it back when its response ended cleanly. At most
// maxIdlePerHost stay idle per host, each closed after idleTimeoutMs (Halibut's pooled-connection timeout).
import net from "node:net";

export interface ConnectionPoolOptions {
  /** false: every connection is closed after its call. */
  keepAlive: boolean;
  maxIdlePerHost: number;
  /** An idle connection is closed after this long (0 = never). */
  idleTimeoutMs: number;
}

export interface PooledConnection {
  readonly socket: net.Socket;
  /** Taken from the idle list (it carried calls before), not opened for this call. */
  readonly reused: boolean;
}

type Idle = { socket: net.Socket; drop: () => void };

export class ConnectionPool {
  readonly #options: ConnectionPoolOptions;
  readonly #idle = new Map<string, Idle[]>();
  readonly #active = new Set<net.Socket>();
  #destroyed = false;

  constructor(options: ConnectionPoolOptions) {
    this.#options = options;
  }

  /** An idle connection to host:port, or a new one (connecting; the caller arms its connect timeout). */
  acquire(host: string, port: number): PooledConnection {
    if (this.#destroyed) throw new Error("connection pool destroyed");
    const idle = this.#idle.get(`${host}:${port}`);
    const entry = idle?.pop();
    if (entry) {
      entry.drop();
      this.#active.add(entry.socket);
      return { socket: entry.socket, reused: true };
    }
    const socket = net.connect({ host, port, noDelay: true });
    this.#active.add(socket);
    return { socket, reused: false };
  }

  /** The call on `socket` ended with the connection in a clean state: keep it idle, or close it. */
  release(host: string, port: number, socket: net.Socket): void {
    this.#active.delete(socket);
    const key = `${host}:${port}`;
    const idle = this.#idle.get(key) ?? [];
    const usable = !socket.destroyed && socket.writable && !socket.readableEnded;
    if (this.#destroyed || !this.#options.keepAlive || !usable || idle.length >= this.#options.maxIdlePerHost) {
      socket.destroy();
      return;
    }
    const remove = () => {
      const at = idle.indexOf(entry);
      if (at >= 0) idle.splice(at, 1);
      socket.destroy();
    };
    // While idle, anything from the peer (data, end, error) or the idle timeout retires the connection.
    const entry: Idle = {
      socket,
      drop: () => {
        socket.off("data", remove).off("end", remove).off("error", remove).off("close", remove).off("timeout", remove);
        socket.setTimeout(0);
      },
    };
    socket.on("data", remove).on("end", remove).on("error", remove).on("close", remove).on("timeout", remove);
    if (this.#options.idleTimeoutMs > 0) socket.setTimeout(this.#options.idleTimeoutMs);
    idle.push(entry);
    this.#idle.set(key, idle);
  }

  /** The call on `socket` failed or left it unusable: close it. */
  discard(socket: net.Socket): void {
    this.#active.delete(socket);
    socket.destroy();
  }

  /** Connections in a call, and idle ones. */
  stats(): { active: number; free: number } {
    let free = 0;
    for (const idle of this.#idle.values()) free += idle.length;
    return { active: this.#active.size, free };
  }

  /** Closes every connection; calls in flight fail with a reset, later acquires throw. */
  destroy(): void {
    this.#destroyed = true;
    for (const idle of this.#idle.values()) for (const entry of idle.splice(0)) entry.socket.destroy();
    for (const socket of this.#active) socket.destroy();
    this.#active.clear();
  }
}
