// Reads one HTTP/1.1 message from the bytes of a connection, fed chunk by chunk (http1-message.ts):
// HttpResponseReader serves the RPC client (post-json.ts), HttpRequestReader the RPC servers
// (http-connection.ts). Refuses what Node's own parser refuses (http1-reader.differential.test.ts
// holds the two to the same outcomes, and lists where this reader is stricter on purpose), at a
// fraction of node:http's cost per call. Plain Uint8Array, no Node API.
import type { HeaderFields } from "./http1-fields.ts";
import { Http1Message, type Framing } from "./http1-message.ts";
import { CR, latin1, METHODS, protocolErrors, SP, TARGET, TCHAR } from "./http1-syntax.ts";

export { HttpProtocolError, type HttpProtocolErrorCode } from "./http1-syntax.ts";

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

const EMPTY = new Uint8Array(0);
const HTTP_1X = "HTTP/1.";

/** bytes[at, at + 8) is `HTTP/1.1` (true), `HTTP/1.0` (false) or neither (null). */
function versionAt(bytes: Uint8Array, at: number): boolean | null {
  for (let i = 0; i < HTTP_1X.length; i++) if (bytes[at + i] !== HTTP_1X.charCodeAt(i)) return null;
  const minor = bytes[at + HTTP_1X.length];
  return minor === 0x31 ? true : minor === 0x30 ? false : null;
}

export class HttpResponseReader extends Http1Message<HttpResponse> {
  protected readonly noun = "response";
  #status = 0;

  /** The connection ended: completes a body framed by the end, or says the response was cut short. */
  end(): HttpResponse {
    return this.completeAtEnd();
  }

  /** `HTTP/1.x SP 3DIGIT [SP reason]`, the status 100 or more; the reason may hold any byte but CR. */
  protected startLine(bytes: Uint8Array, from: number, to: number): boolean {
    const http11 = versionAt(bytes, from);
    const afterStatus = from + 12;
    let status = 0;
    for (let i = from + 9; i < afterStatus && status >= 0; i++) {
      const digit = bytes[i]! - 0x30;
      status = i < to && digit >= 0 && digit <= 9 ? status * 10 + digit : -1;
    }
    if (http11 === null || bytes[from + 8] !== SP || status < 100 || (to > afterStatus && bytes[afterStatus] !== SP) || bytes.indexOf(CR, afterStatus) < to) {
      throw protocolErrors.badStartLine("status", latin1(bytes, from, to));
    }
    if (status === 101) throw protocolErrors.unsupported("101 Switching Protocols: the client asked for no upgrade");
    this.#status = status;
    return http11;
  }

  protected framingOf(fields: HeaderFields): Framing | null {
    if (this.#status < 200) return null; // interim: skipped, as Node does
    if (this.#status === 204 || this.#status === 304) return { kind: "length", remaining: 0 };
    if (fields.chunked) return { kind: "chunked", chunkRemaining: -1, trailer: false };
    if (fields.contentLength >= 0 && !fields.hasTransferEncoding) return { kind: "length", remaining: fields.contentLength };
    return { kind: "until-close" };
  }

  protected message(body: Uint8Array, keepAlive: boolean): HttpResponse {
    return { status: this.#status, body, keepAlive };
  }

  protected afterEnd(rest: Uint8Array): void {
    if (rest.length > 0) throw protocolErrors.bytesAfterEnd(this.noun);
  }
}

export class HttpRequestReader extends Http1Message<HttpRequest> {
  protected readonly noun = "request";
  #method = "";
  #path = "";
  #rest: Uint8Array = EMPTY;

  /** Bytes received after the complete request: the start of the next one (pipelining). */
  get rest(): Uint8Array {
    return this.#rest;
  }

  /** `method SP+ target SP+ HTTP/1.x`: a known method, a target of visible ASCII (runs of spaces allowed, as Node does). */
  protected startLine(bytes: Uint8Array, from: number, to: number): boolean {
    let at = from;
    while (at < to && TCHAR[bytes[at]!]) at++;
    const methodEnd = at;
    while (at < to && bytes[at] === SP) at++;
    const targetFrom = at;
    while (at < to && TARGET[bytes[at]!]) at++;
    const targetEnd = at;
    while (at < to && bytes[at] === SP) at++;
    const http11 = to - at === HTTP_1X.length + 1 ? versionAt(bytes, at) : null;
    const method = latin1(bytes, from, methodEnd);
    if (http11 === null || targetFrom === methodEnd || targetEnd === targetFrom || at === targetEnd || !METHODS.has(method)) {
      if (method === "CONNECT") throw protocolErrors.unsupported("CONNECT: the server tunnels nothing");
      throw protocolErrors.badStartLine("request", latin1(bytes, from, to));
    }
    this.#method = method;
    this.#path = latin1(bytes, targetFrom, targetEnd);
    return http11;
  }

  /** A request without content-length or chunked encoding has no body; one whose final coding is not chunked is refused. */
  protected framingOf(fields: HeaderFields): Framing {
    if (fields.chunked) return { kind: "chunked", chunkRemaining: -1, trailer: false };
    if (fields.hasTransferEncoding) throw protocolErrors.requestNotChunked();
    return { kind: "length", remaining: Math.max(fields.contentLength, 0) };
  }

  protected message(body: Uint8Array, keepAlive: boolean): HttpRequest {
    return { method: this.#method, path: this.#path, body, keepAlive };
  }

  protected afterEnd(rest: Uint8Array): void {
    this.#rest = rest;
  }
}
