// Test-only: byte streams for the HTTP/1.1 differential test, as latin1 text (one char = one byte).
// `valid*` are well-formed messages built from every combination of version, connection header and
// body framing (plus pipelining, 100-continue, many headers); `odd*` are malformed or borderline
// streams, many of them sweeps of every byte value through one position of a message.

export interface Stream { name: string; text: string }

const ALL_BYTES = Array.from({ length: 256 }, (_, b) => b);
const hex = (b: number) => b.toString(16).padStart(2, "0");
const sweep = (name: string, make: (byte: string) => string): Stream[] =>
  ALL_BYTES.map((b) => ({ name: `${name} 0x${hex(b)}`, text: make(String.fromCharCode(b)) }));

/** Names spelled three ways, so case-insensitive matching is exercised everywhere. */
const CASES = [(s: string) => s.toLowerCase(), (s: string) => s, (s: string) => s.toUpperCase()];
const VERSIONS = ["HTTP/1.1", "HTTP/1.0"];
const CONNECTIONS = [null, "close", "keep-alive"];
const BODY = '{"ticket":"t-1","n":12}';

/** Body framings: headers to add and the body as sent. */
const FRAMINGS: { name: string; headers: string[]; body: string }[] = [
  { name: "no body", headers: [], body: "" },
  { name: "content-length 0", headers: ["Content-Length: 0"], body: "" },
  { name: "content-length", headers: [`Content-Length: ${BODY.length}`], body: BODY },
  { name: "chunked", headers: ["Transfer-Encoding: chunked"], body: `a\r\n${BODY.slice(0, 10)}\r\n${(BODY.length - 10).toString(16)}\r\n${BODY.slice(10)}\r\n0\r\n\r\n` },
  {
    name: "chunked with extensions and trailers", headers: ["Transfer-Encoding: chunked"],
    body: `5;a=1;b="x y"\r\n${BODY.slice(0, 5)}\r\n${(BODY.length - 5).toString(16).toUpperCase()};c\r\n${BODY.slice(5)}\r\n0;last\r\nX-Sum: 12\r\nX-Other: a b\r\n\r\n`,
  },
];

const spellName = (header: string, spell: (s: string) => string) => spell(header.slice(0, header.indexOf(":"))) + header.slice(header.indexOf(":"));

function message(startLine: string, headers: readonly string[], body = ""): string {
  return `${startLine}\r\n${headers.map((h) => `${h}\r\n`).join("")}\r\n${body}`;
}

const post = (headers: string[] = [], body = "") => message("POST /api/start-script HTTP/1.1", ["Host: t:1", ...headers], body);
const postSized = (body = "hello", extra: string[] = []) => post([...extra, `Content-Length: ${body.length}`], body);
const chunkedPost = (chunks: string, extra: string[] = []) => post([...extra, "Transfer-Encoding: chunked"], chunks);
const answer = (startLine: string, headers: string[] = [], body = "") => message(startLine, headers, body);
const ok = (headers: string[], body = "") => answer("HTTP/1.1 200 OK", headers, body);

export function validRequests(): Stream[] {
  const streams: Stream[] = [];
  let n = 0;
  for (const version of VERSIONS) for (const connection of CONNECTIONS) for (const framing of FRAMINGS) {
    const spell = CASES[n % 3]!;
    const method = ["POST", "PUT", "GET", "DELETE"][n++ % 4]!;
    const headers = ["Host: t:1", ...(connection ? [`Connection: ${connection}`] : []), ...framing.headers].map((h) => spellName(h, spell));
    streams.push({ name: `${method} ${version} connection=${connection} ${framing.name}`, text: message(`${method} /api/x?n=${n} ${version}`, headers, framing.body) });
  }
  streams.push(
    { name: "pipelined pair", text: postSized("one") + postSized("two") },
    { name: "pipelined pair, chunked then sized", text: chunkedPost("3\r\none\r\n0\r\n\r\n") + postSized("two") },
    { name: "pipelined pair, the second closing", text: postSized("one") + postSized("two", ["Connection: close"]) },
    { name: "pipelined GETs with an empty line between", text: "GET /a HTTP/1.1\r\n\r\n\r\nGET /b HTTP/1.1\r\n\r\n" },
    { name: "expect: 100-continue", text: postSized("hello", ["Expect: 100-continue"]) },
    { name: "many headers", text: post(Array.from({ length: 120 }, (_, i) => `X-Header-${i}: value ${i}`).concat("Content-Length: 2"), "ok") },
    { name: "empty lines before the request line", text: `\r\n\r\n${postSized()}` },
    { name: "header without a space after the colon, trailing whitespace", text: post(["content-length:5 \t", "x-a:\tb"], "hello") },
    { name: "HEAD with a body", text: message("HEAD / HTTP/1.1", ["Content-Length: 3"], "abc") },
    { name: "absolute-form target", text: message("GET http://t:1/a?b=c HTTP/1.1", []) },
    { name: "asterisk-form target", text: message("OPTIONS * HTTP/1.1", []) },
    { name: "obs-text in a header value", text: post(["X-A: caf\xe9", "Content-Length: 0"]) },
    { name: "HTTP/1.0 keep-alive pair", text: message("GET /a HTTP/1.0", ["Connection: keep-alive"]) + message("GET /b HTTP/1.0", []) },
  );
  return streams;
}

export function validResponses(): Stream[] {
  const streams: Stream[] = [];
  let n = 0;
  for (const version of VERSIONS) for (const connection of CONNECTIONS) for (const framing of [...FRAMINGS, { name: "until close", headers: [], body: BODY }]) {
    const spell = CASES[n++ % 3]!;
    const headers = ["Content-Type: application/json", ...(connection ? [`Connection: ${connection}`] : []), ...framing.headers].map((h) => spellName(h, spell));
    streams.push({ name: `${version} connection=${connection} ${framing.name}`, text: answer(`${version} 200 OK`, headers, framing.body) });
  }
  streams.push(
    { name: "204 without a body", text: answer("HTTP/1.1 204 No Content") },
    { name: "204 declaring a length", text: answer("HTTP/1.1 204 No Content", ["Content-Length: 5"]) },
    { name: "304 declaring chunked", text: answer("HTTP/1.1 304 Not Modified", ["Transfer-Encoding: chunked"]) },
    { name: "100 Continue, then the answer", text: answer("HTTP/1.1 100 Continue") + ok(["Content-Length: 2"], "{}") },
    { name: "103 Early Hints, then the answer", text: answer("HTTP/1.1 103 Early Hints", ["Link: </a>"]) + ok(["Content-Length: 2"], "{}") },
    { name: "status without a reason", text: answer("HTTP/1.1 404", ["Content-Length: 2"], "{}") },
    { name: "status with an empty reason", text: answer("HTTP/1.1 500 ", ["Content-Length: 2"], "{}") },
    { name: "many headers", text: ok(Array.from({ length: 120 }, (_, i) => `X-Header-${i}: value ${i}`).concat("Content-Length: 2"), "{}") },
    { name: "obs-text in the reason", text: answer("HTTP/1.1 200 D\xe9j\xe0", ["Content-Length: 2"], "{}") },
  );
  return streams;
}

const CONTENT_LENGTHS = ["", "-1", "+5", "5 5", "5,5", "05", " 5 ", "5\t", "\t5", "0x5", "5.0", "1e1", "99999999999999999999999", "٥"];
const TRANSFER_ENCODINGS = ["", "chunked", "Chunked", "CHUNKED", "gzip", "gzip, chunked", "chunked, gzip", "chunked,", ",chunked", "gzip,chunked",
  "chunkedx", "xchunked", "chunked ;q=1", "identity", "chunked\t", "gzip , chunked", "chunked, chunked"];
const CONNECTION_VALUES = ["close", "Close", "keep-alive", "KEEP-ALIVE", "close, foo", "foo, close", "keep-alive, close", "upgrade", "closed", "", "  close  "];
const CHUNK_SIZE_LINES = ["5", "05", "5 ", " 5", "5\t", "+5", "-5", "0x5", "5;", "5;a", "5;a=", "5;a=b", "5 ;a", "5; a", "5;a =b", "5;a= b", '5;a="b', '5;a="b\\"c"', "5;a=b;c=d",
  "fffffffffffffffffff", "5,1", "g"];

export function oddRequests(): Stream[] {
  const cl = (v: string) => post([`Content-Length: ${v}`], "hello");
  return [
    ...sweep("byte in a header name", (b) => post([`X${b}Y: v`, "Content-Length: 0"])),
    ...sweep("byte in a header value", (b) => post([`X-A: a${b}b`, "Content-Length: 0"])),
    ...sweep("byte in the request target", (b) => `GET /a${b}b HTTP/1.1\r\n\r\n`),
    ...sweep("byte in a method", (b) => `P${b}T / HTTP/1.1\r\n\r\n`),
    ...sweep("byte in a chunk extension", (b) => chunkedPost(`5;e${b}f\r\nhello\r\n0\r\n\r\n`)),
    ...sweep("byte in a trailer", (b) => chunkedPost(`0\r\nX-T: a${b}b\r\n\r\n`)),
    ...sweep("byte before a header line", (b) => post([`${b}X-A: b`, "Content-Length: 0"])),
    ...["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "M-SEARCH", "QUERY", "PRI", "get", "FOO", "POSTX"].map((m) => ({ name: `method ${m}`, text: message(`${m} / HTTP/1.1`, []) })),
    ...["HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "HTTP/3.0", "HTTP/1.10", "HTTP/11", "http/1.1", "HTTP/1.1 ", "HTTP/1", "HTTP"].map((v) => ({ name: `version ${v}`, text: message(`GET / ${v}`, []) })),
    ...["GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / HTTP/1.1 x", " GET / HTTP/1.1", "GET\t/ HTTP/1.1", "GET /", "GET", "", "GET / HTTP/1.1\r"].map((l) => ({ name: `request line ${JSON.stringify(l)}`, text: message(l, []) })),
    ...CONTENT_LENGTHS.map((v) => ({ name: `content-length ${JSON.stringify(v)}`, text: cl(v) })),
    ...TRANSFER_ENCODINGS.map((v) => ({ name: `chunked then transfer-encoding ${JSON.stringify(v)}`, text: post(["Transfer-Encoding: chunked", `Transfer-Encoding: ${v}`], "5\r\nhello\r\n0\r\n\r\n") })),
    ...TRANSFER_ENCODINGS.map((v) => ({ name: `transfer-encoding ${JSON.stringify(v)}`, text: chunkedPost("5\r\nhello\r\n0\r\n\r\n").replace("Transfer-Encoding: chunked", `Transfer-Encoding: ${v}`) })),
    ...TRANSFER_ENCODINGS.map((v) => ({ name: `transfer-encoding ${JSON.stringify(v)} then chunked`, text: chunkedPost("5\r\nhello\r\n0\r\n\r\n", [`Transfer-Encoding: ${v}`]) })),
    ...CONNECTION_VALUES.flatMap((v) => VERSIONS.map((version) => ({ name: `${version} connection ${JSON.stringify(v)}`, text: message(`GET / ${version}`, [`Connection: ${v}`]) }))),
    ...CHUNK_SIZE_LINES.map((line) => ({ name: `chunk size line ${JSON.stringify(line)}`, text: chunkedPost(`${line}\r\nhello\r\n0\r\n\r\n`) })),
    { name: "chunked and content-length", text: chunkedPost("5\r\nhello\r\n0\r\n\r\n", ["Content-Length: 5"]) },
    { name: "gzip and content-length", text: post(["Transfer-Encoding: gzip", "Content-Length: 5"], "hello") },
    { name: "chunked then gzip", text: post(["Transfer-Encoding: chunked", "Transfer-Encoding: gzip"], "5\r\nhello\r\n0\r\n\r\n") },
    { name: "transfer-encoding in a trailer", text: chunkedPost("5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n") },
    { name: "connection: close in a trailer", text: chunkedPost("5\r\nhello\r\n0\r\nConnection: close\r\n\r\n") },
    { name: "obs-fold in a trailer", text: chunkedPost("0\r\nX-T: a\r\n b\r\n\r\n") },
    { name: "bare CR before the request line", text: `\r${postSized()}` },
    { name: "expect: 100-continue on HTTP/1.0", text: message("POST / HTTP/1.0", ["Expect: 100-continue", "Content-Length: 2"], "ok") },
    { name: "expect: something else", text: postSized("hello", ["Expect: 200-ok"]) },
    { name: "upgrade request", text: message("GET / HTTP/1.1", ["Connection: upgrade", "Upgrade: websocket"]) },
    { name: "content-length and chunked", text: post(["Content-Length: 24", "Transfer-Encoding: chunked"], "5\r\nhello\r\n0\r\n\r\n") },
    { name: "duplicate content-length, same value", text: postSized("hello", ["Content-Length: 5"]) },
    { name: "duplicate content-length, conflicting", text: postSized("hello", ["Content-Length: 3"]) },
    { name: "header line without a colon", text: post(["no colon here", "Content-Length: 0"]) },
    { name: "empty header name", text: post([": v", "Content-Length: 0"]) },
    { name: "whitespace before the colon", text: post(["Content-Length : 5"], "hello") },
    { name: "tab before the colon", text: post(["Content-Length\t: 5"], "hello") },
    { name: "obs-fold continuation line", text: post(["X-A: 1", " continued", "Content-Length: 0"]) },
    { name: "obs-fold continuing content-length", text: post(["Content-Length:", " 5"], "hello") },
    { name: "bare LF line endings", text: "POST / HTTP/1.1\nContent-Length: 5\n\nhello" },
    { name: "bare LF ending one header line", text: "POST / HTTP/1.1\r\nX-A: b\nContent-Length: 5\r\n\r\nhello" },
    { name: "bare LF ending the head", text: "POST / HTTP/1.1\r\nContent-Length: 5\r\n\nhello" },
    { name: "bare LF before the request line", text: `\n${postSized()}` },
    { name: "bare CR in a header value", text: post(["X-A: a\rb", "Content-Length: 0"]) },
    { name: "chunk without its CRLF", text: chunkedPost("5\r\nhelloX\r\n0\r\n\r\n") },
    { name: "chunk ended by a bare LF", text: chunkedPost("5\r\nhello\n0\r\n\r\n") },
    { name: "chunk size ended by a bare LF", text: chunkedPost("5\nhello\r\n0\r\n\r\n") },
    { name: "last chunk ended by a bare LF", text: chunkedPost("5\r\nhello\r\n0\n\r\n") },
    { name: "chunk longer than its size", text: chunkedPost("3\r\nhello\r\n0\r\n\r\n") },
    { name: "content-length in a trailer", text: chunkedPost("5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n") },
    { name: "1000 header lines", text: message("GET / HTTP/1.1", Array.from({ length: 1000 }, (_, i) => `A${i}: b`)) },
    { name: "1001 header lines", text: message("GET / HTTP/1.1", Array.from({ length: 1001 }, (_, i) => `A${i}: b`)) },
    { name: "head of 8 KiB", text: post([`X-Big: ${"b".repeat(8 * 1024)}`, "Content-Length: 0"]) },
    { name: "head of 32 KiB", text: post([`X-Big: ${"b".repeat(32 * 1024)}`, "Content-Length: 0"]) },
    { name: "head of 32 KiB in many headers", text: post([...Array.from({ length: 400 }, (_, i) => `X-${i}: ${"v".repeat(80)}`), "Content-Length: 0"]) },
    { name: "garbage", text: "SSH-2.0-OpenSSH_9.6\r\n\r\n" },
    { name: "a response where a request belongs", text: ok(["Content-Length: 0"]) },
  ];
}

export function oddResponses(): Stream[] {
  const cl = (v: string) => ok([`Content-Length: ${v}`], "hello");
  const te = (v: string) => ok([`Transfer-Encoding: ${v}`], "5\r\nhello\r\n0\r\n\r\n");
  return [
    ...sweep("byte in the reason phrase", (b) => answer(`HTTP/1.1 200 O${b}K`, ["Content-Length: 2"], "{}")),
    ...sweep("byte in a header value", (b) => ok([`X-A: a${b}b`, "Content-Length: 2"], "{}")),
    ...sweep("byte in a header name", (b) => ok([`X${b}Y: v`, "Content-Length: 2"], "{}")),
    ...["099", "99", "100", "101", "102", "199", "200", "299", "599", "600", "999", "1000", "20", "2x0", "-20", " 200", "200\t"].map((s) => ({ name: `status ${JSON.stringify(s)}`, text: answer(`HTTP/1.1 ${s} X`, ["Content-Length: 2"], "{}") })),
    ...["HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "http/1.1", "HTTP/1.1 ", "HTTP/11", "ICE/1.0"].map((v) => ({ name: `version ${JSON.stringify(v)}`, text: answer(`${v} 200 OK`, ["Content-Length: 2"], "{}") })),
    ...CONTENT_LENGTHS.map((v) => ({ name: `content-length ${JSON.stringify(v)}`, text: cl(v) })),
    ...TRANSFER_ENCODINGS.map((v) => ({ name: `transfer-encoding ${JSON.stringify(v)}`, text: te(v) })),
    ...CONNECTION_VALUES.flatMap((v) => VERSIONS.map((version) => ({ name: `${version} connection ${JSON.stringify(v)}`, text: answer(`${version} 200 OK`, [`Connection: ${v}`, "Content-Length: 2"], "{}") }))),
    ...CHUNK_SIZE_LINES.map((line) => ({ name: `chunk size line ${JSON.stringify(line)}`, text: ok(["Transfer-Encoding: chunked"], `${line}\r\nhello\r\n0\r\n\r\n`) })),
    { name: "chunked and content-length", text: ok(["Transfer-Encoding: chunked", "Content-Length: 5"], "5\r\nhello\r\n0\r\n\r\n") },
    { name: "content-length and chunked", text: ok(["Content-Length: 5", "Transfer-Encoding: chunked"], "5\r\nhello\r\n0\r\n\r\n") },
    { name: "gzip and content-length", text: ok(["Transfer-Encoding: gzip", "Content-Length: 5"], "hello") },
    ...TRANSFER_ENCODINGS.map((v) => ({ name: `transfer-encoding ${JSON.stringify(v)} then chunked`, text: ok([`Transfer-Encoding: ${v}`, "Transfer-Encoding: chunked"], "5\r\nhello\r\n0\r\n\r\n") })),
    ...TRANSFER_ENCODINGS.map((v) => ({ name: `chunked then transfer-encoding ${JSON.stringify(v)}`, text: ok(["Transfer-Encoding: chunked", `Transfer-Encoding: ${v}`], "5\r\nhello\r\n0\r\n\r\n") })),
    { name: "transfer-encoding in a trailer", text: ok(["Transfer-Encoding: chunked"], "5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n") },
    { name: "content-length in a trailer", text: ok(["Transfer-Encoding: chunked"], "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n") },
    { name: "204 with content-length and chunked", text: answer("HTTP/1.1 204 No Content", ["Content-Length: 5", "Transfer-Encoding: chunked"]) },
    { name: "two spaces after the version", text: answer("HTTP/1.1  200 OK", ["Content-Length: 2"], "{}") },
    { name: "bare LF before the status line", text: `\n${ok(["Content-Length: 2"], "{}")}` },
    { name: "interim response with a body framing", text: answer("HTTP/1.1 100 Continue", ["Content-Length: 5"]) + ok(["Content-Length: 2"], "{}") },
    { name: "two interim responses", text: answer("HTTP/1.1 100 Continue") + answer("HTTP/1.1 102 Processing") + ok(["Content-Length: 2"], "{}") },
    { name: "duplicate content-length, conflicting", text: ok(["Content-Length: 5", "Content-Length: 3"], "hello") },
    { name: "whitespace before the colon", text: ok(["Content-Length : 5"], "hello") },
    { name: "obs-fold continuation line", text: ok(["X-A: 1", " continued", "Content-Length: 2"], "{}") },
    { name: "bare LF line endings", text: "HTTP/1.1 200 OK\nContent-Length: 2\n\n{}" },
    { name: "a body cut short", text: cl("5").slice(0, -2) },
    { name: "a chunked body cut short", text: te("chunked").slice(0, -5) },
    { name: "a head cut short", text: "HTTP/1.1 200 OK\r\nContent-Le" },
    { name: "nothing at all", text: "" },
    { name: "101 Switching Protocols", text: answer("HTTP/1.1 101 Switching Protocols", ["Upgrade: x"]) },
    { name: "100 Continue alone", text: answer("HTTP/1.1 100 Continue") },
    { name: "empty line before the status line", text: `\r\n${ok(["Content-Length: 2"], "{}")}` },
    { name: "1001 header lines", text: ok(Array.from({ length: 1001 }, (_, i) => `A${i}: b`).concat("Content-Length: 2"), "{}") },
    { name: "head of 32 KiB", text: ok([`X-Big: ${"b".repeat(32 * 1024)}`, "Content-Length: 2"], "{}") },
    { name: "a request where a response belongs", text: postSized() },
  ];
}
