// Test-only: feeds byte streams to Node's own HTTP/1.1 parser (llhttp) through Node's public API and
// reports what it delivered: requests through an http.Server given in-memory connections
// (`server.emit("connection", duplex)`), responses through http.request on an Agent whose connection is
// in memory. Many streams run at once, chunk by chunk, each chunk fed once the previous one settled.
import http from "node:http";
import { Duplex } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";

export interface ReadRequest { method: string; path: string; body: string; keepAlive: boolean }
export interface ReadResponse { status: number; body: string; keepAlive: boolean }
/** Complete messages in order, and whether the reader refused the stream (after them). Bodies as latin1. */
export interface Outcome<M> { messages: M[]; refused: boolean }

/** A connection in memory: what is pushed is what the peer sent; what Node writes is kept. */
class MemorySocket extends Duplex {
  written = "";
  readonly onActivity: () => void;
  constructor(onActivity: () => void) {
    super();
    this.onActivity = onActivity;
  }
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.written += chunk.toString("latin1");
    this.onActivity();
    done();
  }
  // What http asks of a net.Socket beyond a Duplex; nothing to do in memory.
  setKeepAlive(): this { return this; }
  setNoDelay(): this { return this; }
  setTimeout(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}

/** Counts events so that `settle` can tell when nothing moves any more. */
class Activity {
  count = 0;
  readonly bump = () => void this.count++;
  /** Event-loop turns (no timers) until two turns in a row saw no event: every nextTick and immediate ran. */
  async settle(): Promise<void> {
    for (let quiet = 0, seen = -1; quiet < 2; ) {
      await nextTurn();
      quiet = this.count === seen ? quiet + 1 : 0;
      seen = this.count;
    }
  }
}

async function feedAll(sockets: MemorySocket[], streams: readonly Uint8Array[][], activity: Activity): Promise<void> {
  const longest = Math.max(0, ...streams.map((s) => s.length));
  for (let i = 0; i < longest; i++) {
    streams.forEach((chunks, n) => chunks[i] && !sockets[n]!.destroyed && sockets[n]!.push(Buffer.from(chunks[i]!)));
    await activity.settle();
  }
}

/** What an http.Server (requireHostHeader off, expectations accepted, CONNECT refused) delivers from each stream. */
export async function nodeReadsRequests(streams: readonly Uint8Array[][]): Promise<Outcome<ReadRequest>[]> {
  const activity = new Activity();
  const outcomes = new Map<Duplex, Outcome<ReadRequest>>();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      activity.bump();
      const outcome = outcomes.get(req.socket)!;
      // keepAlive is the parser's verdict, as the server reports it in its answer's connection header
      const index = outcome.messages.length;
      outcome.messages.push({ method: req.method!, path: req.url!, body: Buffer.concat(body).toString("latin1"), keepAlive: false });
      res.setHeader("content-length", 2); // without it Node closes an HTTP/1.0 keep-alive connection whatever the parser said
      res.end("ok", () => {
        const heads = [...(req.socket as unknown as MemorySocket).written.matchAll(/\r\nConnection: (keep-alive|close)\r\n/g)];
        outcome.messages[index]!.keepAlive = heads[index]?.[1] === "keep-alive";
      });
    });
  };
  const server = http.createServer({ requireHostHeader: false }, handle);
  server.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => (res.writeContinue(), handle(req, res)));
  server.on("checkExpectation", handle);
  const refuse = (socket: Duplex) => {
    activity.bump();
    outcomes.get(socket)!.refused = true;
    socket.destroy();
  };
  server.on("clientError", (_error: Error, socket: Duplex) => refuse(socket));
  server.on("connect", (_req: http.IncomingMessage, socket: Duplex) => refuse(socket)); // a tunnel: refused, as by a server without this listener
  const sockets = streams.map(() => {
    const socket = new MemorySocket(activity.bump);
    outcomes.set(socket, { messages: [], refused: false });
    server.emit("connection", socket);
    return socket;
  });
  await feedAll(sockets, streams, activity);
  for (const socket of sockets) socket.destroy();
  return sockets.map((s) => outcomes.get(s)!);
}

/**
 * What http.request (a POST on a keep-alive Agent) makes of each stream as the answer: the response
 * once complete, kept alive when the Agent takes the connection back as free; then the connection's
 * end, which completes a body read to the end or aborts one cut short.
 */
export async function nodeReadsResponses(streams: readonly Uint8Array[][]): Promise<Outcome<ReadResponse>[]> {
  const activity = new Activity();
  const outcomes = streams.map((): Outcome<ReadResponse> => ({ messages: [], refused: false }));
  const agents: http.Agent[] = [];
  const sockets = outcomes.map((outcome) => {
    const socket = new MemorySocket(activity.bump);
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    Object.assign(agent, { createConnection: () => socket });
    const request = http.request({ host: "oracle", port: 80, method: "POST", path: "/", agent });
    const refuse = () => (activity.bump(), (outcome.refused = true));
    request.on("error", refuse);
    request.on("response", (res) => {
      const body: Buffer[] = [];
      res.on("data", (chunk: Buffer) => body.push(chunk));
      res.on("error", refuse);
      res.on("end", () => {
        activity.bump();
        outcome.messages.push({ status: res.statusCode!, body: Buffer.concat(body).toString("latin1"), keepAlive: false });
      });
    });
    request.end("{}");
    return socket;
  });
  await activity.settle();
  await feedAll(sockets, streams, activity);
  sockets.forEach((socket, n) => {
    const free = Object.values(agents[n]!.freeSockets).flat();
    const last = outcomes[n]!.messages.at(-1);
    if (last) last.keepAlive = free.includes(socket as never);
    if (!socket.destroyed) socket.push(null);
  });
  await activity.settle();
  for (const socket of sockets) socket.destroy();
  for (const agent of agents) agent.destroy();
  return outcomes;
}
