// Reads one HTTP/1.1 message from the bytes of a connection, fed chunk by chunk: the start line, the
// headers, and a body framed by content-length, chunked transfer-encoding, or (responses only) the
// connection's end. HttpResponseReader serves the node's RPC client, HttpRequestReader the fleet's
// listening tentacles: enough HTTP for RPC bodies, at a fraction of node:http's cost per call.
// Plain Uint8Array, no Node API (contracts stay loadable by k6); a Node Buffer is a Uint8Array.

export interface HttpResponse {
  status: number;
  body: Uint8Array;
  /** The connection may carry another request (HTTP/1.1 without `connection: close`, framed body). */
  keepAlive: boolean;
}

export interface HttpRequest {
  method: string;
  /** The request target as sent (`/api/start-script`). */
  path: string;
  body: Uint8Array;
  /** The client keeps the connection for another request (HTTP/1.1 without `connection: close`). */
  keepAlive: boolean;
}

/** The bytes are not an HTTP/1.1 message; names what was wrong. */
export class HttpProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpProtocolError";
  }
}

const CR = 13;
const LF = 10;
const EMPTY = new Uint8Array(0);
/** Lengths of the header names read: content-length, transfer-encoding, connection, expect. */
const FRAMING_HEADER_LENGTHS: ReadonlySet<number> = new Set([14, 17, 10, 6]);
/** A head longer than this is refused (Node's own limit is 16 KiB). */
const MAX_HEAD_BYTES = 16 * 1024;

type Framing = { kind: "length"; remaining: number } | { kind: "chunked"; chunkRemaining: number; trailer: boolean } | { kind: "until-close" };

interface Head {
  version: "0" | "1";
  contentLength: number | null;
  chunked: boolean;
  connection: string | null;
  expectContinue: boolean;
}

/** Start line, headers and body framing, shared by both directions; subclasses read the start line. */
abstract class Http1Reader<M> {
  protected abstract readonly noun: "request" | "response";
  readonly #maxBodyBytes: number;
  #pending: Uint8Array = EMPTY;
  #framing: Framing | null = null;
  #keepAlive = false;
  #body: Uint8Array[] = [];
  #bodyBytes = 0;
  #done: M | null = null;
  #expectContinue = false;

  constructor(maxBodyBytes: number) {
    this.#maxBodyBytes = maxBodyBytes;
  }

  /** Feeds the next bytes; returns the message once it is complete. */
  feed(chunk: Uint8Array): M | null {
    if (this.#done) throw new HttpProtocolError(`bytes after the end of the ${this.noun}`);
    this.#pending = this.#pending.length === 0 ? chunk : concat([this.#pending, chunk]);
    if (!this.#framing && !this.#readHead()) return null;
    this.#readBody();
    return this.#done;
  }

  /** The head asked for `100 Continue` before its body is sent (`expect: 100-continue`). */
  get expectsContinue(): boolean {
    return this.#expectContinue;
  }

  /** Start line -> what the subclass needs; framing -> keep-alive and body framing. */
  protected abstract startLine(line: string): void;
  protected abstract framingOf(head: Head): Framing;
  protected abstract message(body: Uint8Array, keepAlive: boolean): M;
  /** Bytes after the message: the response reader refuses them, the request reader keeps them (pipelining). */
  protected abstract afterEnd(rest: Uint8Array): void;

  protected completeAtEnd(): M {
    if (this.#done) return this.#done;
    if (this.#framing?.kind !== "until-close") throw new HttpProtocolError(`connection closed before the ${this.noun} was complete`);
    return this.#finish(false);
  }

  #readHead(): boolean {
    const headEnd = indexOfHeadEnd(this.#pending);
    if (headEnd < 0) {
      if (this.#pending.length > MAX_HEAD_BYTES) throw new HttpProtocolError(`${this.noun} head exceeds ${MAX_HEAD_BYTES} bytes`);
      return false;
    }
    const lines = latin1(this.#pending, 0, headEnd).split("\r\n");
    this.#pending = this.#pending.subarray(headEnd + 4);
    this.startLine(lines[0]!); // validates it, so it names an HTTP/1.x version
    const head: Head = { version: /HTTP\/1\.1/.test(lines[0]!) ? "1" : "0", contentLength: null, chunked: false, connection: null, expectContinue: false };
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new HttpProtocolError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
      let name = line.slice(0, colon);
      if (name.charCodeAt(0) === 32 || name.charCodeAt(name.length - 1) === 32) name = name.trim();
      if (!FRAMING_HEADER_LENGTHS.has(name.length)) continue; // only the four below matter: skip the rest unread
      name = name.toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") {
        if (!/^\d+$/.test(value)) throw new HttpProtocolError(`content-length is not a number: ${JSON.stringify(value)}`);
        head.contentLength = Number(value);
      } else if (name === "transfer-encoding") head.chunked = value.toLowerCase().split(",").map((s) => s.trim()).includes("chunked");
      else if (name === "connection") head.connection = value.toLowerCase();
      else if (name === "expect") head.expectContinue = value.toLowerCase() === "100-continue";
    }
    this.#framing = this.framingOf(head);
    this.#expectContinue = head.expectContinue;
    const connection = head.connection ?? (head.version === "1" ? "keep-alive" : "close");
    this.#keepAlive = connection !== "close" && this.#framing.kind !== "until-close";
    if (this.#framing.kind === "length") this.#take(0); // checks the declared size against the limit
    return true;
  }

  #readBody(): void {
    const framing = this.#framing!;
    if (framing.kind === "until-close") {
      this.#take(this.#pending.length);
    } else if (framing.kind === "length") {
      const n = Math.min(framing.remaining, this.#pending.length);
      this.#take(n);
      framing.remaining -= n;
      if (framing.remaining === 0) this.#finish(this.#keepAlive);
    } else {
      this.#readChunks(framing);
    }
  }

  #readChunks(framing: Extract<Framing, { kind: "chunked" }>): void {
    for (;;) {
      if (framing.trailer) {
        // Trailer section: header lines up to an empty line.
        const lineEnd = indexOfCrlf(this.#pending);
        if (lineEnd < 0) return;
        this.#pending = this.#pending.subarray(lineEnd + 2);
        if (lineEnd === 0) return void this.#finish(this.#keepAlive);
      } else if (framing.chunkRemaining < 0) {
        const lineEnd = indexOfCrlf(this.#pending);
        if (lineEnd < 0) return;
        const sizeText = latin1(this.#pending, 0, lineEnd).split(";")[0]!.trim();
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new HttpProtocolError(`malformed chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
        this.#pending = this.#pending.subarray(lineEnd + 2);
        framing.chunkRemaining = parseInt(sizeText, 16);
        if (framing.chunkRemaining === 0) framing.trailer = true;
      } else {
        const n = Math.min(framing.chunkRemaining, this.#pending.length);
        this.#take(n);
        framing.chunkRemaining -= n;
        if (framing.chunkRemaining > 0 || this.#pending.length < 2) return;
        if (this.#pending[0] !== CR || this.#pending[1] !== LF) throw new HttpProtocolError("chunk not followed by CRLF");
        this.#pending = this.#pending.subarray(2);
        framing.chunkRemaining = -1;
      }
    }
  }

  /** Moves n bytes of pending input to the body, within the body limit. */
  #take(n: number): void {
    const declared = this.#framing?.kind === "length" ? this.#bodyBytes + this.#framing.remaining : this.#bodyBytes + n;
    if (declared > this.#maxBodyBytes) throw new HttpProtocolError(`${this.noun} body exceeds ${this.#maxBodyBytes} bytes`);
    if (n === 0) return;
    this.#body.push(this.#pending.subarray(0, n));
    this.#bodyBytes += n;
    this.#pending = this.#pending.subarray(n);
  }

  #finish(keepAlive: boolean): M {
    const rest = this.#pending;
    this.#pending = EMPTY;
    const body = this.#body.length === 1 ? this.#body[0]! : concat(this.#body);
    this.#done = this.message(body, keepAlive);
    this.afterEnd(rest);
    return this.#done;
  }
}

export class HttpResponseReader extends Http1Reader<HttpResponse> {
  protected readonly noun = "response";
  #status = 0;

  /** The connection ended: completes a body framed by the end, or says the response was cut short. */
  end(): HttpResponse {
    return this.completeAtEnd();
  }

  protected startLine(line: string): void {
    const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(line);
    if (!statusLine) throw new HttpProtocolError(`not an HTTP/1.x status line: ${JSON.stringify(line.slice(0, 80))}`);
    this.#status = Number(statusLine[1]);
    if (this.#status < 200 && this.#status >= 100) throw new HttpProtocolError(`interim response ${this.#status} is not supported`);
  }

  protected framingOf(head: Head): Framing {
    if (this.#status === 204 || this.#status === 304) return { kind: "length", remaining: 0 };
    if (head.chunked) return { kind: "chunked", chunkRemaining: -1, trailer: false };
    if (head.contentLength !== null) return { kind: "length", remaining: head.contentLength };
    return { kind: "until-close" };
  }

  protected message(body: Uint8Array, keepAlive: boolean): HttpResponse {
    return { status: this.#status, body, keepAlive };
  }

  protected afterEnd(rest: Uint8Array): void {
    if (rest.length > 0) throw new HttpProtocolError("bytes after the end of the response");
  }
}

export class HttpRequestReader extends Http1Reader<HttpRequest> {
  protected readonly noun = "request";
  #method = "";
  #path = "";
  #rest: Uint8Array = EMPTY;

  /** Bytes received after the complete request: the start of the next one (pipelining). */
  get rest(): Uint8Array {
    return this.#rest;
  }

  protected startLine(line: string): void {
    const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(line);
    if (!requestLine) throw new HttpProtocolError(`not an HTTP/1.x request line: ${JSON.stringify(line.slice(0, 80))}`);
    this.#method = requestLine[1]!;
    this.#path = requestLine[2]!;
  }

  /** A request without content-length or chunked encoding has no body. */
  protected framingOf(head: Head): Framing {
    if (head.chunked) return { kind: "chunked", chunkRemaining: -1, trailer: false };
    return { kind: "length", remaining: head.contentLength ?? 0 };
  }

  protected message(body: Uint8Array, keepAlive: boolean): HttpRequest {
    return { method: this.#method, path: this.#path, body, keepAlive };
  }

  protected afterEnd(rest: Uint8Array): void {
    this.#rest = rest;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Where the first CRLF starts, or -1. */
function indexOfCrlf(bytes: Uint8Array): number {
  for (let at = bytes.indexOf(CR); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(CR, at + 1)) {
    if (bytes[at + 1] === LF) return at;
  }
  return -1;
}

/** Where the first CRLF CRLF (the end of a head) starts, or -1. */
function indexOfHeadEnd(bytes: Uint8Array): number {
  for (let at = bytes.indexOf(CR); at >= 0 && at + 3 < bytes.length; at = bytes.indexOf(CR, at + 1)) {
    if (bytes[at + 1] === LF && bytes[at + 2] === CR && bytes[at + 3] === LF) return at;
  }
  return -1;
}

/** bytes[from, to) as latin1 text (a head is ASCII). */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  let text = "";
  for (let at = from; at < to; at += 4096) text += String.fromCharCode(...bytes.subarray(at, Math.min(to, at + 4096)));
  return text;
}
