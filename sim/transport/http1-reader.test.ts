// Tests of the HTTP/1.1 readers: every framing (length, chunked, until-close for responses) fed whole
// and byte by byte, keep-alive from version and headers, pipelined requests, and refusals that name
// what was wrong.
import { describe, expect, it } from "vitest";
import { HttpProtocolError, HttpRequestReader, HttpResponseReader, type HttpRequest, type HttpResponse } from "./http1-reader.ts";

/** The test's bytes: plain Uint8Array, as a connection would hand them over (no Node API here: k6 type-checks contracts). */
const latin1Bytes = (raw: string) => Uint8Array.from(raw, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

function readAll(raw: string, { byteByByte = false, end = false, maxBodyBytes = 1 << 20 } = {}): HttpResponse | null {
  const reader = new HttpResponseReader(maxBodyBytes);
  const bytes = latin1Bytes(raw);
  let response: HttpResponse | null = null;
  if (byteByByte) for (let i = 0; i < bytes.length && !response; i++) response = reader.feed(bytes.subarray(i, i + 1));
  else response = reader.feed(bytes);
  return response ?? (end ? reader.end() : null);
}

describe("HttpResponseReader", () => {
  it.each([false, true])("reads a content-length body (byte by byte: %s)", (byteByByte) => {
    const response = readAll("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}", { byteByByte });
    expect(response).toMatchObject({ status: 200, keepAlive: true });
    expect(text(response!.body)).toBe("{\"a\":1}");
  });

  it.each([false, true])("reads a chunked body with extensions and a trailer (byte by byte: %s)", (byteByByte) => {
    const response = readAll("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\n{\"a\r\n4\r\n\":1}\r\n0\r\nX-Trailer: 1\r\n\r\n", { byteByByte });
    expect(response).toMatchObject({ status: 201, keepAlive: true });
    expect(text(response!.body)).toBe("{\"a\":1}");
  });

  it("reads a body framed by the connection's end, which is never kept alive", () => {
    expect(readAll("HTTP/1.1 200 OK\r\n\r\n{\"a\"")).toBeNull();
    const response = readAll("HTTP/1.1 200 OK\r\n\r\n{\"a\":1}", { end: true });
    expect(response).toMatchObject({ status: 200, keepAlive: false });
    expect(text(response!.body)).toBe("{\"a\":1}");
  });

  it("keeps alive only what HTTP/1.1 and its headers allow", () => {
    expect(readAll("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).toMatchObject({ keepAlive: false });
    expect(readAll("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).toMatchObject({ keepAlive: false });
    expect(readAll("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")).toMatchObject({ keepAlive: true });
    expect(readAll("HTTP/1.1 204 No Content\r\n\r\n")).toMatchObject({ status: 204, keepAlive: true });
  });

  it("skips interim (1xx) responses before the final one, as Node does (RFC 9110 §15.2)", () => {
    const response = readAll("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", { byteByByte: true });
    expect(response).toMatchObject({ status: 200, keepAlive: true });
    expect(() => readAll("HTTP/1.1 100 Continue\r\n\r\n", { end: true })).toThrow(/before the response was complete/);
  });

  it("says a response cut short is incomplete", () => {
    const reader = new HttpResponseReader(100);
    expect(reader.feed(latin1Bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"))).toBeNull();
    expect(() => reader.end()).toThrow(new HttpProtocolError("incomplete", "connection closed before the response was complete"));
    expect(() => new HttpResponseReader(100).end()).toThrow(/before the response was complete/);
  });

  it.each([
    ["SSH-2.0-OpenSSH\r\n\r\n", /not an HTTP\/1.x status line: "SSH-2.0-OpenSSH"/],
    ["HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", /content-length is not a number: "ten"/],
    ["HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", /malformed header line: "no colon here"/],
    ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", /malformed chunk size: "zz"/],
    ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}extra", /bytes after the end of the response/],
    ["HTTP/1.1 101 Switching Protocols\r\n\r\n", /101 Switching Protocols: the client asked for no upgrade/],
    ["HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", /response body exceeds 100 bytes/],
    ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n" + "x".repeat(101), /response body exceeds 100 bytes/],
  ])("refuses %j", (raw, message) => {
    expect(() => readAll(raw, { maxBodyBytes: 100 })).toThrow(message);
  });
});

function readRequest(raw: string, { byteByByte = false, maxBodyBytes = 1 << 20 } = {}): { request: HttpRequest | null; reader: HttpRequestReader } {
  const reader = new HttpRequestReader(maxBodyBytes);
  const bytes = latin1Bytes(raw);
  let request: HttpRequest | null = null;
  if (byteByByte) for (let i = 0; i < bytes.length && !request; i++) request = reader.feed(bytes.subarray(i, i + 1));
  else request = reader.feed(bytes);
  return { request, reader };
}

describe("HttpRequestReader", () => {
  it.each([false, true])("reads a content-length or chunked body (byte by byte: %s)", (byteByByte) => {
    const sized = readRequest("POST /api/start-script HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}", { byteByByte }).request;
    expect(sized).toMatchObject({ method: "POST", path: "/api/start-script", keepAlive: true });
    expect(text(sized!.body)).toBe("{\"a\":1}");
    const chunked = readRequest("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n", { byteByByte }).request;
    expect(text(chunked!.body)).toBe("{\"a\":1}");
  });

  it("reads a request without a body framing as empty, and keeps what follows it for the next request", () => {
    const { request, reader } = readRequest("GET /api/health HTTP/1.1\r\n\r\nPOST /next HTTP/1.1\r\n");
    expect(request).toMatchObject({ method: "GET", path: "/api/health", keepAlive: true });
    expect(request!.body.length).toBe(0);
    expect(text(reader.rest)).toBe("POST /next HTTP/1.1\r\n");
  });

  it("keeps alive only what HTTP/1.1 and its headers allow, and sees expect: 100-continue", () => {
    expect(readRequest("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request).toMatchObject({ keepAlive: false });
    expect(readRequest("GET / HTTP/1.0\r\n\r\n").request).toMatchObject({ keepAlive: false });
    expect(readRequest("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").request).toMatchObject({ keepAlive: true });
    const { request, reader } = readRequest("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    expect(request).toBeNull();
    expect(reader.expectsContinue).toBe(true);
  });

  it.each([
    ["HTTP/1.1 200 OK\r\n\r\n", /not an HTTP\/1.x request line: "HTTP\/1.1 200 OK"/],
    ["POST / HTTP/2\r\n\r\n", /not an HTTP\/1.x request line/],
    ["POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", /content-length is not a number: "-1"/],
    ["POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", /request body exceeds 100 bytes/],
    ["POST / HTTP/1.1\r\n" + "x".repeat(17 * 1024), /request head exceeds 16384 bytes/],
  ])("refuses %j", (raw, message) => {
    expect(() => readRequest(raw, { maxBodyBytes: 100 })).toThrow(message);
  });
});
