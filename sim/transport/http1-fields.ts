// Reads the header lines of one HTTP/1.1 message (and its chunked trailers): validates each line's
// name and value bytes and keeps what frames the body and the connection (content-length,
// transfer-encoding, connection, expect), refusing what Node's parser refuses: whitespace before the
// colon, obs-fold, duplicate content-length, transfer-encoding beside content-length (smuggling).
import {
  COLON, FIELD_VALUE, HTAB, protocolErrors, SP, TCHAR, equalsLower, latin1,
} from "./http1-syntax.ts";

/** A request with more header lines is refused, as by Node's server (its client takes any number). */
export const MAX_REQUEST_FIELDS = 1000;

export class HeaderFields {
  /** Declared body length; -1 = none. */
  contentLength = -1;
  /** A transfer-encoding header came. */
  hasTransferEncoding = false;
  /** The last transfer-encoding header's final coding is chunked. */
  chunked = false;
  connectionClose = false;
  connectionKeepAlive = false;
  expectContinue = false;
  readonly #isRequest: boolean;
  #lines = 0;

  constructor(isRequest: boolean) {
    this.#isRequest = isRequest;
  }

  /** Reads the header line bytes[from, to) (its CRLF excluded). */
  add(bytes: Uint8Array, from: number, to: number): void {
    if (this.#isRequest && ++this.#lines > MAX_REQUEST_FIELDS) throw protocolErrors.tooManyFields(MAX_REQUEST_FIELDS);
    const first = bytes[from];
    if (first === SP || first === HTAB) throw protocolErrors.obsFold(latin1(bytes, from, to));
    let at = from;
    while (at < to && TCHAR[bytes[at]!]) at++;
    if (at === from || at === to || bytes[at] !== COLON) throw protocolErrors.badHeader(latin1(bytes, from, to));
    const nameEnd = at;
    let valueFrom = at + 1;
    let valueTo = to;
    while (valueFrom < valueTo && (bytes[valueFrom] === SP || bytes[valueFrom] === HTAB)) valueFrom++;
    while (valueTo > valueFrom && (bytes[valueTo - 1] === SP || bytes[valueTo - 1] === HTAB)) valueTo--;
    for (let i = valueFrom; i < valueTo; i++) if (!FIELD_VALUE[bytes[i]!]) throw protocolErrors.badHeader(latin1(bytes, from, to));
    switch (nameEnd - from) { // only four names frame a message: the rest are skipped by length
      case 14:
        if (equalsLower(bytes, from, nameEnd, "content-length")) this.#contentLength(bytes, valueFrom, valueTo);
        break;
      case 17:
        // untrimmed: llhttp takes `chunked` followed by a tab for another coding
        if (equalsLower(bytes, from, nameEnd, "transfer-encoding")) this.#transferEncoding(bytes, valueFrom, to);
        break;
      case 10:
        if (equalsLower(bytes, from, nameEnd, "connection")) this.#connection(bytes, valueFrom, valueTo);
        break;
      case 6:
        if (equalsLower(bytes, from, nameEnd, "expect")) this.expectContinue = equalsLower(bytes, valueFrom, valueTo, "100-continue");
        break;
    }
  }

  #contentLength(bytes: Uint8Array, from: number, to: number): void {
    if (this.contentLength >= 0) throw protocolErrors.duplicateContentLength();
    if (this.hasTransferEncoding) throw protocolErrors.chunkedWithContentLength();
    let length = 0;
    for (let i = from; i < to; i++) {
      const digit = bytes[i]! - 0x30;
      if (digit < 0 || digit > 9) throw protocolErrors.badContentLength(latin1(bytes, from, to));
      length = length * 10 + digit;
    }
    if (from === to || length > Number.MAX_SAFE_INTEGER) throw protocolErrors.badContentLength(latin1(bytes, from, to));
    this.contentLength = length;
  }

  /**
   * A list of codings; chunked only as the final one (RFC 9112 §6.1). A request refuses chunked
   * anywhere else and any coding after it (also in a later header); a response is then read to its end.
   */
  #transferEncoding(bytes: Uint8Array, from: number, to: number): void {
    const value = () => latin1(bytes, from, to);
    if (this.contentLength >= 0) throw protocolErrors.chunkedWithContentLength();
    if (from === to) throw protocolErrors.badTransferEncoding("", "empty");
    if (this.#isRequest && this.chunked) throw protocolErrors.badTransferEncoding(value(), "a coding after chunked");
    this.hasTransferEncoding = true;
    for (let tokenFrom = from; tokenFrom <= to; ) {
      let tokenTo = bytes.indexOf(0x2c, tokenFrom); // ","
      const last = tokenTo < 0 || tokenTo >= to;
      if (last) tokenTo = to;
      this.chunked = isChunked(bytes, tokenFrom, tokenTo);
      if (last) return;
      if (this.chunked && this.#isRequest) throw protocolErrors.badTransferEncoding(value(), "chunked must be the final coding");
      tokenFrom = tokenTo + 1;
    }
  }

  /** Connection options, a list: close and keep-alive count wherever they stand. */
  #connection(bytes: Uint8Array, from: number, to: number): void {
    for (let tokenFrom = from; tokenFrom <= to; ) {
      let tokenTo = bytes.indexOf(0x2c, tokenFrom);
      if (tokenTo < 0 || tokenTo > to) tokenTo = to;
      let a = tokenFrom;
      let b = tokenTo;
      while (a < b && (bytes[a] === SP || bytes[a] === HTAB)) a++;
      while (b > a && (bytes[b - 1] === SP || bytes[b - 1] === HTAB)) b--;
      if (equalsLower(bytes, a, b, "close")) this.connectionClose = true;
      else if (equalsLower(bytes, a, b, "keep-alive")) this.connectionKeepAlive = true;
      tokenFrom = tokenTo + 1;
    }
  }
}

/** One transfer coding is `chunked`: spaces and tabs before it, only spaces after it (as llhttp). */
function isChunked(bytes: Uint8Array, from: number, to: number): boolean {
  while (from < to && (bytes[from] === SP || bytes[from] === HTAB)) from++;
  while (to > from && bytes[to - 1] === SP) to--;
  return equalsLower(bytes, from, to, "chunked");
}
