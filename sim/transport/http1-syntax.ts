// The byte-level rules of HTTP/1.1 (RFC 9110/9112) that the readers enforce, matched to Node's own
// parser (llhttp, the differential test): which bytes a header name, a header value and a request
// target may hold, the request methods known, and the one error every refusal throws, named by code.
// Plain Uint8Array, no Node API.

/** What was wrong with the bytes; one code per kind of refusal. */
export type HttpProtocolErrorCode =
  | "bad-start-line"
  | "bad-header"
  | "bad-line-ending"
  | "obs-fold"
  | "bad-content-length"
  | "duplicate-content-length"
  | "chunked-with-content-length"
  | "bad-transfer-encoding"
  | "bad-chunk"
  | "head-too-large"
  | "body-too-large"
  | "unsupported"
  | "incomplete"
  | "bytes-after-end";

/** The bytes are not an HTTP/1.1 message the readers accept; `code` says which rule they broke. */
export class HttpProtocolError extends Error {
  readonly code: HttpProtocolErrorCode;
  constructor(code: HttpProtocolErrorCode, message: string) {
    super(message);
    this.name = "HttpProtocolError";
    this.code = code;
  }
}

const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);

/** Every refusal, in one place (message: what was expected, what came). */
export const protocolErrors = {
  badStartLine: (noun: string, line: string) => new HttpProtocolError("bad-start-line", `not an HTTP/1.x ${noun} line: ${quote(line)}`),
  badHeader: (line: string) => new HttpProtocolError("bad-header", `malformed header line: ${quote(line)}`),
  badLineEnding: (where: string) => new HttpProtocolError("bad-line-ending", `${where}: a line must end with CRLF (bare LF or CR)`),
  obsFold: (line: string) => new HttpProtocolError("obs-fold", `header line starts with whitespace (obsolete line folding): ${quote(line)}`),
  badContentLength: (value: string) => new HttpProtocolError("bad-content-length", `content-length is not a number: ${quote(value)}`),
  duplicateContentLength: () => new HttpProtocolError("duplicate-content-length", "content-length appears more than once"),
  chunkedWithContentLength: () =>
    new HttpProtocolError("chunked-with-content-length", "both transfer-encoding and content-length frame the body (request smuggling)"),
  badTransferEncoding: (value: string, why: string) => new HttpProtocolError("bad-transfer-encoding", `transfer-encoding ${quote(value)}: ${why}`),
  requestNotChunked: () => new HttpProtocolError("bad-transfer-encoding", "a request's transfer-encoding must end with chunked (its length is unknown otherwise)"),
  badChunk: (what: string) => new HttpProtocolError("bad-chunk", what),
  headTooLarge: (noun: string, limit: number) => new HttpProtocolError("head-too-large", `${noun} head exceeds ${limit} bytes`),
  tooManyFields: (limit: number) => new HttpProtocolError("head-too-large", `request head has more than ${limit} header lines`),
  bodyTooLarge: (noun: string, limit: number) => new HttpProtocolError("body-too-large", `${noun} body exceeds ${limit} bytes`),
  unsupported: (what: string) => new HttpProtocolError("unsupported", what),
  incomplete: (noun: string) => new HttpProtocolError("incomplete", `connection closed before the ${noun} was complete`),
  bytesAfterEnd: (noun: string) => new HttpProtocolError("bytes-after-end", `bytes after the end of the ${noun}`),
} as const;

export const CR = 13;
export const LF = 10;
export const SP = 32;
export const HTAB = 9;
export const COLON = 58;

function table(allowed: (byte: number) => boolean): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, byte) => (allowed(byte) ? 1 : 0));
}

const isAlnum = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
/** tchar (RFC 9110 §5.6.2): header names, methods, chunk extension names and values. */
export const TCHAR = table((b) => isAlnum(b) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(b)));
/** A header value's bytes: visible ASCII, SP, HTAB and obs-text; no other control byte, no DEL. */
export const FIELD_VALUE = table((b) => b === HTAB || (b >= 0x20 && b !== 0x7f));
/** A request target's bytes, as llhttp takes them: visible ASCII only. */
export const TARGET = table((b) => b > 0x20 && b < 0x7f);
/** qdtext and quoted-pair bytes of a quoted chunk extension value. */
export const QUOTED = table((b) => b === HTAB || (b >= 0x20 && b !== 0x7f && b !== 0x22 && b !== 0x5c));

/**
 * Request methods Node's parser knows (node:http METHODS), less CONNECT: the transport tunnels nothing,
 * as a Node server without a "connect" listener.
 */
export const METHODS: ReadonlySet<string> = new Set([
  "ACL", "BIND", "CHECKOUT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR",
  "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT",
  "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
]);

/** bytes[from, to) as latin1 text (a head is bytes, one char each); char by char, the fastest for short text. */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  let text = "";
  for (let at = from; at < to; at++) text += String.fromCharCode(bytes[at]!);
  return text;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
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

/** bytes[from, to) equals `lower` ignoring ASCII case (`lower` holds only lowercase letters and '-'). */
export function equalsLower(bytes: Uint8Array, from: number, to: number, lower: string): boolean {
  if (to - from !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((bytes[from + i]! | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}
