// The node's keep-alive TCP connections to listening tentacles, one request at a time per connection
// (what makes a connection count of 1 serialize calls): a call takes an idle connection to its
// host:port or opens a new one, and gives it back when its response ended cleanly. At most
// maxIdlePerHost stay idle per host; one idle longer than idleTimeoutMs (Halibut's pooled-connection
// timeout) is never handed out again and is closed within another idleTimeoutMs.
import net from "node:net";

export interface ConnectionPoolOptions {
  /** false: every connection is closed after its call. */
  keepAlive: boolean;
  maxIdlePerHost: number;
  /** An idle connection is closed after this long (0 = never). */
  idleTimeoutMs: number;
}

/** The call using a connection: the connection's socket events go to it while it holds the connection. */
export interface Exchange {
  onConnect(): void;
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(error: NodeJS.ErrnoException): void;
  onClose(): void;
}

/**
 * One connection with its socket's listeners installed once: events go to the exchange holding it,
 * and while it is idle anything from the peer (data, end, error, close) retires it.
 */
export class PooledConnection {
  readonly socket: net.Socket;
  readonly key: string;
  /** Taken from the idle list (it carried calls before), not opened for this call. */
  reused = false;
  exchange: Exchange | null = null;
  idleSinceMs = -1;
  readonly #pool: ConnectionPool;

  constructor(pool: ConnectionPool, key: string, socket: net.Socket) {
    this.#pool = pool;
    this.key = key;
    this.socket = socket;
    socket.on("connect", () => this.exchange?.onConnect());
    socket.on("data", (chunk: Buffer) => (this.exchange ? this.exchange.onData(chunk) : pool.retire(this)));
    socket.on("end", () => (this.exchange ? this.exchange.onEnd() : pool.retire(this)));
    socket.on("error", (error: NodeJS.ErrnoException) => (this.exchange ? this.exchange.onError(error) : pool.retire(this)));
    socket.on("close", () => (this.exchange ? this.exchange.onClose() : pool.retire(this)));
  }

  get idle(): boolean {
    return this.idleSinceMs >= 0;
  }

  /** The call is over and the connection is in a clean state: keep it idle, or close it. */
  release(): void {
    this.#pool.release(this);
  }

  /** The call failed or left the connection unusable: close it. */
  discard(): void {
    this.#pool.discard(this);
  }
}

export class ConnectionPool {
  readonly #options: ConnectionPoolOptions;
  readonly #idle = new Map<string, PooledConnection[]>();
  readonly #active = new Set<PooledConnection>();
  #sweeper: NodeJS.Timeout | undefined;
  #destroyed = false;

  constructor(options: ConnectionPoolOptions) {
    this.#options = options;
  }

  /** An idle connection to host:port, or a new one (connecting; the caller arms its connect timeout). */
  acquire(host: string, port: number, exchange: Exchange): PooledConnection {
    if (this.#destroyed) throw new Error("connection pool destroyed");
    const key = `${host}:${port}`;
    const idle = this.#idle.get(key);
    const nowMs = performance.now();
    let connection: PooledConnection | undefined;
    while (idle && idle.length > 0 && !connection) {
      const candidate = idle.pop()!;
      const expired = this.#expired(candidate, nowMs);
      candidate.idleSinceMs = -1;
      if (expired) candidate.socket.destroy();
      else connection = candidate;
    }
    if (connection) connection.reused = true;
    else connection = new PooledConnection(this, key, net.connect({ host, port, noDelay: true }));
    connection.exchange = exchange;
    this.#active.add(connection);
    return connection;
  }

  release(connection: PooledConnection): void {
    connection.exchange = null;
    this.#active.delete(connection);
    const { socket } = connection;
    const idle = this.#idle.get(connection.key) ?? [];
    const usable = !socket.destroyed && socket.writable && !socket.readableEnded;
    if (this.#destroyed || !this.#options.keepAlive || !usable || idle.length >= this.#options.maxIdlePerHost) {
      socket.destroy();
      return;
    }
    connection.idleSinceMs = performance.now();
    idle.push(connection);
    this.#idle.set(connection.key, idle);
    this.#startSweeper();
  }

  discard(connection: PooledConnection): void {
    connection.exchange = null;
    this.#active.delete(connection);
    connection.socket.destroy();
  }

  /** The peer did something while the connection was idle (or it closed): drop it from the idle list. */
  retire(connection: PooledConnection): void {
    if (connection.idle) {
      const idle = this.#idle.get(connection.key);
      const at = idle?.indexOf(connection) ?? -1;
      if (at >= 0) idle!.splice(at, 1);
      connection.idleSinceMs = -1;
    }
    connection.socket.destroy();
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
    clearInterval(this.#sweeper);
    for (const idle of this.#idle.values()) for (const connection of idle.splice(0)) connection.socket.destroy();
    for (const connection of this.#active) connection.socket.destroy();
    this.#active.clear();
  }

  #expired(connection: PooledConnection, nowMs: number): boolean {
    return this.#options.idleTimeoutMs > 0 && nowMs - connection.idleSinceMs >= this.#options.idleTimeoutMs;
  }

  /** One timer per pool (not one per connection) closes what expired; it stops when nothing is idle. */
  #startSweeper(): void {
    if (this.#sweeper || this.#options.idleTimeoutMs <= 0) return;
    this.#sweeper = setInterval(() => {
      const nowMs = performance.now();
      let left = 0;
      for (const idle of this.#idle.values()) {
        for (const connection of idle.filter((c) => this.#expired(c, nowMs))) this.retire(connection);
        left += idle.length;
      }
      if (left === 0) {
        clearInterval(this.#sweeper);
        this.#sweeper = undefined;
      }
    }, this.#options.idleTimeoutMs);
    this.#sweeper.unref();
  }
}
