// The part of reading an HTTP/1.1 message both directions share: lines read as they complete (each
// byte searched once, CRLF only), the header lines (http1-fields.ts), then a body framed by
// content-length, chunked transfer-encoding (http1-chunked.ts), or the connection's end. Subclasses
// (http1-reader.ts) read the start line and choose the framing. Plain Uint8Array, no Node API.
import { chunkSizeOf } from "./http1-chunked.ts";
import { HeaderFields } from "./http1-fields.ts";
import { concat, CR, LF, protocolErrors } from "./http1-syntax.ts";

/** A head longer than this is refused (Node's own limit is 16 KiB of target, names and values). */
export const MAX_HEAD_BYTES = 16 * 1024;
const EMPTY = new Uint8Array(0);

/** How the body ends: after `remaining` bytes, after the last chunk (-1: at a size line), or with the connection. */
export type Framing =
  | { kind: "length"; remaining: number }
  | { kind: "chunked"; chunkRemaining: number; trailer: boolean }
  | { kind: "until-close" };

export abstract class Http1Message<M> {
  protected abstract readonly noun: "request" | "response";
  readonly #maxBodyBytes: number;
  #pending: Uint8Array = EMPTY;
  /** Bytes of #pending already searched for a line end. */
  #scanned = 0;
  /** Head (or trailer) bytes read so far. */
  #headBytes = 0;
  /** The head's header lines, once its start line was read. */
  #fields: HeaderFields | null = null;
  #framing: Framing | null = null;
  #keepAlive = false;
  #body: Uint8Array[] = [];
  #bodyBytes = 0;
  #done: M | null = null;

  constructor(maxBodyBytes: number) {
    this.#maxBodyBytes = maxBodyBytes;
  }

  /** Feeds the next bytes; returns the message once it is complete. */
  feed(chunk: Uint8Array): M | null {
    if (this.#done) throw protocolErrors.bytesAfterEnd(this.noun);
    this.#pending = this.#pending.length === 0 ? chunk : concat([this.#pending, chunk]);
    if (!this.#framing && !this.#readHead()) return null;
    this.#readBody();
    return this.#done;
  }

  /** The complete head asked for `100 Continue` before its body is sent (`expect: 100-continue`). */
  get expectsContinue(): boolean {
    return this.#framing !== null && this.#fields!.expectContinue;
  }

  /** Reads the start line bytes[from, to); returns whether it is HTTP/1.1 (else 1.0). */
  protected abstract startLine(bytes: Uint8Array, from: number, to: number): boolean;
  /** The framing the complete head gives the body; null: an interim response, read the next head. */
  protected abstract framingOf(fields: HeaderFields): Framing | null;
  protected abstract message(body: Uint8Array, keepAlive: boolean): M;
  /** Bytes after the message: the response reader refuses them, the request reader keeps them (pipelining). */
  protected abstract afterEnd(rest: Uint8Array): void;

  protected completeAtEnd(): M {
    if (this.#done) return this.#done;
    if (this.#framing?.kind !== "until-close") throw protocolErrors.incomplete(this.noun);
    return this.#finish(false);
  }

  #readHead(): boolean {
    for (;;) {
      if (!this.#fields && !this.#skipEmptyLines()) return false;
      const end = this.#nextLine();
      if (end < 0) return false;
      const pending = this.#pending;
      if (!this.#fields) {
        this.#keepAlive = this.startLine(pending, 0, end);
        this.#fields = new HeaderFields(this.noun === "request");
      } else if (end > 0) {
        this.#fields.add(pending, 0, end);
      } else {
        const framing = this.framingOf(this.#fields);
        this.#skip(2);
        if (framing) return this.#startBody(framing, this.#fields);
        this.#fields = null; // an interim (1xx) response: the final one follows
        this.#headBytes = 0;
        continue;
      }
      this.#skip(end + 2);
    }
  }

  /**
   * The end (at its CR) of the next complete line of pending input, or -1 while it is incomplete. A
   * line ends only with CRLF; head (or trailer) lines longer than MAX_HEAD_BYTES together are refused.
   */
  #nextLine(): number {
    const pending = this.#pending;
    const lf = pending.indexOf(LF, this.#scanned);
    const lineBytes = lf < 0 ? pending.length : lf + 1;
    if (this.#headBytes + lineBytes > MAX_HEAD_BYTES) throw protocolErrors.headTooLarge(this.noun, MAX_HEAD_BYTES);
    if (lf < 0) {
      this.#scanned = pending.length;
      return -1;
    }
    if (lf === 0 || pending[lf - 1] !== CR) throw protocolErrors.badLineEnding(this.noun);
    this.#headBytes += lineBytes;
    return lf - 1;
  }

  /** Drops n bytes of pending input (a line read, with its CRLF). */
  #skip(n: number): void {
    this.#pending = this.#pending.subarray(n);
    this.#scanned = 0;
  }

  /** CR and LF bytes before a start line are skipped (RFC 9112 §2.2: empty lines), as Node does; false: need more bytes. */
  #skipEmptyLines(): boolean {
    const pending = this.#pending;
    let at = 0;
    while (pending[at] === CR || pending[at] === LF) at++;
    if (at > 0) this.#skip(at);
    return at < pending.length;
  }

  #startBody(framing: Framing, fields: HeaderFields): true {
    this.#framing = framing;
    this.#headBytes = 0; // from here on it counts trailer bytes
    const keepAlive = this.#keepAlive ? !fields.connectionClose : fields.connectionKeepAlive;
    this.#keepAlive = keepAlive && framing.kind !== "until-close";
    if (framing.kind === "length") this.#take(0); // checks the declared size against the limit
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
    } else if (this.#readChunks(framing)) {
      this.#finish(this.#keepAlive);
    }
  }

  /** Size lines, chunk data each followed by CRLF, the last chunk, trailer lines, an empty line; true at the end. */
  #readChunks(framing: Extract<Framing, { kind: "chunked" }>): boolean {
    for (;;) {
      if (framing.chunkRemaining > 0) {
        const n = Math.min(framing.chunkRemaining, this.#pending.length);
        this.#take(n);
        framing.chunkRemaining -= n;
        if (framing.chunkRemaining > 0) return false;
      }
      if (framing.chunkRemaining === 0) { // the chunk's own CRLF
        if (this.#pending.length < 2) return false;
        if (this.#pending[0] !== CR || this.#pending[1] !== LF) throw protocolErrors.badChunk("chunk not followed by CRLF");
        this.#skip(2);
        framing.chunkRemaining = -1;
      }
      if (!framing.trailer) this.#headBytes = 0; // a size line is limited on its own, trailer lines together
      const end = this.#nextLine();
      if (end < 0) return false;
      if (framing.trailer) {
        if (end === 0) return this.#skip(2), true;
        this.#fields!.add(this.#pending, 0, end);
      } else {
        const size = chunkSizeOf(this.#pending, end);
        if (this.#bodyBytes + size > this.#maxBodyBytes) throw protocolErrors.bodyTooLarge(this.noun, this.#maxBodyBytes);
        if (size === 0) framing.trailer = true;
        else framing.chunkRemaining = size;
      }
      this.#skip(end + 2);
    }
  }

  /** Moves n bytes of pending input to the body, within the body limit. */
  #take(n: number): void {
    const framing = this.#framing;
    const declared = framing?.kind === "length" ? this.#bodyBytes + framing.remaining : this.#bodyBytes + n;
    if (declared > this.#maxBodyBytes) throw protocolErrors.bodyTooLarge(this.noun, this.#maxBodyBytes);
    if (n === 0) return;
    this.#body.push(this.#pending.subarray(0, n));
    this.#bodyBytes += n;
    this.#skip(n);
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
