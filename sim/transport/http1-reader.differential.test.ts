// Differential test of the HTTP/1.1 readers against Node's own parser (llhttp, through node:http's
// public API: testing/node-oracle.ts): the same byte streams (testing/http1-corpus.ts), fed whole and
// in pieces, must give the same complete messages (method, target, body bytes, keep-alive; or status,
// body, keep-alive) or the same refusal. Valid messages are also split at every offset (and at pairs of
// offsets): each split must read as the unsplit stream. Where the reader differs from Node on purpose
// (stricter, but for one RFC 9112 §9.6 case), ON_PURPOSE lists the stream, both outcomes and why; any
// other difference fails.
import { describe, expect, it } from "vitest";
import { HttpProtocolError, HttpRequestReader, HttpResponseReader, type HttpProtocolErrorCode } from "./http1-reader.ts";
import { oddRequests, oddResponses, validRequests, validResponses, type Stream } from "../testing/http1/corpus.ts";
import { nodeReadsRequests, nodeReadsResponses, type Outcome } from "../testing/http1/node-oracle.ts";
import { ownReadsRequests, ownReadsResponse } from "../testing/http1/own-readers.ts";

type Kind = "request" | "response";
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const node = (kind: Kind, streams: Uint8Array[][]) => (kind === "request" ? nodeReadsRequests(streams) : nodeReadsResponses(streams));
const own = (kind: Kind, chunks: Uint8Array[]): Outcome<object> => (kind === "request" ? ownReadsRequests(chunks) : ownReadsResponse(chunks));

/** The stream in two pieces at every offset, and in three at a few pairs of offsets. */
function splits(text: string): Uint8Array[][] {
  const all = bytes(text);
  const two = Array.from({ length: all.length - 1 }, (_, i) => [all.subarray(0, i + 1), all.subarray(i + 1)]);
  const thirds = [[1, 2], [Math.floor(all.length / 3), Math.floor((2 * all.length) / 3)], [all.length - 2, all.length - 1]];
  return [...two, ...thirds.filter(([a, b]) => a! > 0 && a! < b! && b! < all.length).map(([a, b]) => [all.subarray(0, a), all.subarray(a, b), all.subarray(b)])];
}

interface OnPurpose { kind: Kind; name: string; text?: string; own: Outcome<object>; node: Outcome<object>; why: string }
const refused = { messages: [], refused: true };
const get09 = { messages: [{ method: "GET", path: "/", body: "", keepAlive: false }], refused: false };
const ok = (status: number, body: string, keepAlive: boolean) => ({ messages: [{ status, body, keepAlive }], refused: false });
const ONLY_1X = "the transport speaks HTTP/1.0 and 1.1 only; llhttp takes this version and answers as HTTP/1.0";
const NO_UPGRADE = "the client asks for no upgrade; Node (no 'upgrade' listener) takes the 101 for a final response without a body";

/** Where the reader differs from Node on purpose (corpus streams by name; the rest carry their text). */
const ON_PURPOSE: OnPurpose[] = [
  { kind: "request", name: "method PRI", own: refused, node: { messages: [], refused: false }, why: "PRI opens the HTTP/2 preface: Node waits for the rest of it and delivers nothing; the reader refuses a method it does not know" },
  { kind: "request", name: "version HTTP/0.9", own: refused, node: get09, why: ONLY_1X },
  { kind: "request", name: "version HTTP/2.0", own: refused, node: get09, why: ONLY_1X },
  { kind: "request", name: 'request line "GET /"', own: refused, node: get09, why: "a request line without a version is HTTP/0.9 to llhttp: " + ONLY_1X },
  { kind: "response", name: 'version "HTTP/0.9"', own: refused, node: ok(200, "{}", false), why: ONLY_1X },
  { kind: "response", name: 'version "HTTP/2.0"', own: refused, node: ok(200, "{}", false), why: ONLY_1X },
  { kind: "response", name: 'version "ICE/1.0"', own: refused, node: ok(200, "{}", false), why: "ICE is not HTTP: " + ONLY_1X },
  { kind: "response", name: 'status "099"', own: refused, node: ok(99, "{}", true), why: "a status code is 100 to 999 (RFC 9110 §15); llhttp reads 099 as 99" },
  { kind: "response", name: 'status "101"', own: refused, node: ok(101, "", true), why: NO_UPGRADE },
  { kind: "response", name: "101 Switching Protocols", own: refused, node: ok(101, "", true), why: NO_UPGRADE },
  {
    kind: "response", name: "bytes after the response", text: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}X", own: refused,
    node: { ...ok(200, "{}", false), refused: true },
    why: "the client sends one request at a time: bytes past the answer mean the connection is out of step, so the call fails rather than trust it (Node delivers the answer, then fails on the rest)",
  },
  {
    kind: "request", name: "a request after connection: close", text: "GET /a HTTP/1.1\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
    own: { messages: [{ method: "GET", path: "/a", body: "", keepAlive: false }], refused: false }, node: refused,
    why: "RFC 9112 §9.6: the server answers the request that closes and reads nothing after it; llhttp refuses the whole chunk (fed apart, it delivers /a)",
  },
  {
    kind: "request", name: "520 headers of 32 bytes (16.6 KB of head)", own: refused,
    text: `GET / HTTP/1.1\r\n${"X-Header-Name: some value here\r\n".repeat(520)}\r\n`, node: { messages: [{ method: "GET", path: "/", body: "", keepAlive: true }], refused: false },
    why: "the head limit (16 KiB, as Node's) counts every byte of the head; Node counts fewer (up to 585 such headers pass)",
  },
  {
    kind: "request", name: "a chunk larger than the body limit", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", own: refused,
    node: { messages: [], refused: false }, why: "the reader refuses a declared size past maxBodyBytes (1 MiB here) at once; Node has no body limit and waits",
  },
  {
    kind: "request", name: "a content-length larger than the body limit", text: "POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n", own: refused,
    node: { messages: [], refused: false }, why: "as above, for a declared content-length",
  },
];

async function compare(kind: Kind, streams: Stream[], splitAll: (s: Stream) => boolean) {
  const variants = streams.map((s) => [[bytes(s.text)], ...(splitAll(s) ? splits(s.text) : splits(s.text).slice(Math.floor(s.text.length / 2), Math.floor(s.text.length / 2) + 1))]);
  const nodeOutcomes = await node(kind, variants.flat());
  const differences: { name: string; own: Outcome<object>; node: Outcome<object> }[] = [];
  const splitDifferences: string[] = [];
  let at = 0;
  streams.forEach((stream, n) => {
    const [whole, ...pieces] = variants[n]!;
    const ownWhole = own(kind, whole!);
    const nodeWhole = nodeOutcomes[at++]!;
    if (JSON.stringify(ownWhole) !== JSON.stringify(nodeWhole)) differences.push({ name: stream.name, own: ownWhole, node: nodeWhole });
    for (const chunks of pieces) {
      const where = chunks.slice(0, -1).map((c, i) => chunks.slice(0, i).reduce((sum, p) => sum + p.length, c.length)).join("+");
      if (JSON.stringify(own(kind, chunks)) !== JSON.stringify(ownWhole)) splitDifferences.push(`reader: ${stream.name} split at ${where}`);
      if (JSON.stringify(nodeOutcomes[at++]) !== JSON.stringify(nodeWhole)) splitDifferences.push(`node: ${stream.name} split at ${where}`);
    }
  });
  return { differences, splitDifferences, runs: at };
}

const namesListed = (kind: Kind) => new Set(ON_PURPOSE.filter((s) => s.kind === kind && !s.text).map((s) => s.name));

describe.each(["request", "response"] as const)("the %s reader and Node's parser", (kind) => {
  it("read every valid message alike, whole and split at every offset", async () => {
    const streams = kind === "request" ? validRequests() : validResponses();
    const { differences, splitDifferences, runs } = await compare(kind, streams, () => true);
    expect(differences).toEqual([]);
    expect(splitDifferences.slice(0, 10)).toEqual([]);
    const nodeWhole = await node(kind, streams.map((s) => [bytes(s.text)]));
    expect(nodeWhole.filter((o) => o.refused || o.messages.length === 0).length, "a valid stream Node did not read").toBe(0);
    expect(runs).toBeGreaterThan(4_000);
  });

  it("refuse or accept the same malformed and borderline streams (ON_PURPOSE aside)", async () => {
    const streams = kind === "request" ? oddRequests() : oddResponses();
    const { differences, splitDifferences } = await compare(kind, streams, (s) => !/ 0x[0-9a-f]{2}$/.test(s.name) && s.text.length <= 1024);
    expect(streams.length).toBeGreaterThan(900);
    expect(splitDifferences.slice(0, 10)).toEqual([]);
    const listed = ON_PURPOSE.filter((s) => s.kind === kind && !s.text);
    expect(differences.map((d) => d.name).sort()).toEqual(listed.map((s) => s.name).sort());
    for (const d of differences) {
      const entry = listed.find((s) => s.name === d.name)!;
      expect({ own: d.own, node: d.node }, entry.name).toEqual({ own: entry.own, node: entry.node });
    }
    expect(namesListed(kind).size).toBe(listed.length);
  });

  it("differ exactly as ON_PURPOSE says on the streams it spells out", async () => {
    const listed = ON_PURPOSE.filter((s) => s.kind === kind && s.text);
    const nodeOutcomes = await node(kind, listed.map((s) => [bytes(s.text!)]));
    listed.forEach((entry, n) => {
      expect({ own: own(kind, [bytes(entry.text!)]), node: nodeOutcomes[n] }, entry.name).toEqual({ own: entry.own, node: entry.node });
    });
  });
});

function refusal(kind: Kind, text: string): HttpProtocolError | undefined {
  try {
    (kind === "request" ? new HttpRequestReader(1 << 20) : new HttpResponseReader(1 << 20)).feed(bytes(text));
  } catch (error) {
    if (error instanceof HttpProtocolError) return error;
    throw error;
  }
  return undefined;
}

describe("refusals name the rule broken", () => {
  it.each<[string, Kind, string, HttpProtocolErrorCode]>([
    ["chunked and content-length (request smuggling)", "request", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", "chunked-with-content-length"],
    ["content-length and chunked, in a response", "response", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "chunked-with-content-length"],
    ["whitespace between a header name and its colon", "request", "POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\n", "bad-header"],
    ["an obs-fold continuation line", "request", "GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n", "obs-fold"],
    ["two content-lengths", "request", "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", "duplicate-content-length"],
    ["a request's final coding other than chunked", "request", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "bad-transfer-encoding"],
    ["a bare LF", "request", "GET / HTTP/1.1\nHost: x\n\n", "bad-line-ending"],
    ["a NUL in a header value", "response", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", "bad-header"],
  ])("%s", (_, kind, text, code) => {
    expect(refusal(kind, text)?.code).toBe(code);
  });
});
