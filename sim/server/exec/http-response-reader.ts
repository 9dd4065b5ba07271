// Reads one HTTP/1.1 response from the bytes of a connection, fed chunk by chunk: the status line,
// the headers, and a body framed by content-length, chunked transfer-encoding, or the connection's
// end. Enough HTTP for a tentacle's replies, at a fraction of http.ClientRequest's cost per call.

export interface HttpResponse {
  status: number;
  body: Buffer;
  /** The connection may carry another request (HTTP/1.1 without `connection: close`, framed body). */
  keepAlive: boolean;
}

/** The bytes are not an HTTP/1.1 response; names what was wrong. */
export class HttpProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpProtocolError";
  }
}

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
/** A response head longer than this is refused (Node's own limit is 16 KiB). */
const MAX_HEAD_BYTES = 16 * 1024;

type Framing = { kind: "length"; remaining: number } | { kind: "chunked"; chunkRemaining: number; trailer: boolean } | { kind: "until-close" };

export class HttpResponseReader {
  readonly #maxBodyBytes: number;
  #pending: Buffer = Buffer.alloc(0);
  #status = 0;
  #keepAlive = false;
  #framing: Framing | null = null;
  #body: Buffer[] = [];
  #bodyBytes = 0;
  #done: HttpResponse | null = null;

  constructor(maxBodyBytes: number) {
    this.#maxBodyBytes = maxBodyBytes;
  }

  /** Feeds the next bytes; returns the response once it is complete (then bytes after it are an error). */
  feed(chunk: Buffer): HttpResponse | null {
    if (this.#done) throw new HttpProtocolError("bytes after the end of the response");
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    if (!this.#framing && !this.#readHead()) return null;
    this.#readBody();
    return this.#done;
  }

  /** The connection ended: completes a body framed by the end, or says the response was cut short. */
  end(): HttpResponse {
    if (this.#done) return this.#done;
    if (this.#framing?.kind !== "until-close") throw new HttpProtocolError("connection closed before the response was complete");
    return this.#finish(false);
  }

  #readHead(): boolean {
    const headEnd = this.#pending.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (this.#pending.length > MAX_HEAD_BYTES) throw new HttpProtocolError(`response head exceeds ${MAX_HEAD_BYTES} bytes`);
      return false;
    }
    const lines = this.#pending.toString("latin1", 0, headEnd).split("\r\n");
    this.#pending = this.#pending.subarray(headEnd + HEAD_END.length);
    const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]!);
    if (!statusLine) throw new HttpProtocolError(`not an HTTP/1.x status line: ${JSON.stringify(lines[0]!.slice(0, 80))}`);
    this.#status = Number(statusLine[2]);
    let connection = statusLine[1] === "1" ? "keep-alive" : "close";
    let contentLength: number | null = null;
    let chunked = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new HttpProtocolError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") {
        if (!/^\d+$/.test(value)) throw new HttpProtocolError(`content-length is not a number: ${JSON.stringify(value)}`);
        contentLength = Number(value);
      } else if (name === "transfer-encoding") chunked = value.toLowerCase().split(",").map((s) => s.trim()).includes("chunked");
      else if (name === "connection") connection = value.toLowerCase();
    }
    if (this.#status < 200 && this.#status >= 100) throw new HttpProtocolError(`interim response ${this.#status} is not supported`);
    const noBody = this.#status === 204 || this.#status === 304;
    if (noBody) this.#framing = { kind: "length", remaining: 0 };
    else if (chunked) this.#framing = { kind: "chunked", chunkRemaining: -1, trailer: false };
    else if (contentLength !== null) this.#framing = { kind: "length", remaining: contentLength };
    else this.#framing = { kind: "until-close" };
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
        const lineEnd = this.#pending.indexOf(CRLF);
        if (lineEnd < 0) return;
        this.#pending = this.#pending.subarray(lineEnd + CRLF.length);
        if (lineEnd === 0) return void this.#finish(this.#keepAlive);
      } else if (framing.chunkRemaining < 0) {
        const lineEnd = this.#pending.indexOf(CRLF);
        if (lineEnd < 0) return;
        const sizeText = this.#pending.toString("latin1", 0, lineEnd).split(";")[0]!.trim();
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new HttpProtocolError(`malformed chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
        this.#pending = this.#pending.subarray(lineEnd + CRLF.length);
        framing.chunkRemaining = parseInt(sizeText, 16);
        if (framing.chunkRemaining === 0) framing.trailer = true;
      } else {
        const n = Math.min(framing.chunkRemaining, this.#pending.length);
        this.#take(n);
        framing.chunkRemaining -= n;
        if (framing.chunkRemaining > 0 || this.#pending.length < CRLF.length) return;
        if (!this.#pending.subarray(0, CRLF.length).equals(CRLF)) throw new HttpProtocolError("chunk not followed by CRLF");
        this.#pending = this.#pending.subarray(CRLF.length);
        framing.chunkRemaining = -1;
      }
    }
  }

  /** Moves n bytes of pending input to the body, within the body limit. */
  #take(n: number): void {
    const declared = this.#framing?.kind === "length" ? this.#bodyBytes + this.#framing.remaining : this.#bodyBytes + n;
    if (declared > this.#maxBodyBytes) throw new HttpProtocolError(`response exceeds ${this.#maxBodyBytes} bytes`);
    if (n === 0) return;
    this.#body.push(this.#pending.subarray(0, n));
    this.#bodyBytes += n;
    this.#pending = this.#pending.subarray(n);
  }

  #finish(keepAlive: boolean): HttpResponse {
    if (this.#pending.length > 0) throw new HttpProtocolError("bytes after the end of the response");
    const body = this.#body.length === 1 ? this.#body[0]! : Buffer.concat(this.#body);
    this.#done = { status: this.#status, body, keepAlive };
    return this.#done;
  }
}
