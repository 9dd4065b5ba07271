// Reads the size line of one chunk of a chunked body (RFC 9112 §7.1): hexadecimal digits, then chunk
// extensions `;name` or `;name=value` (a token or a quoted string), with no whitespace anywhere, as
// Node's parser takes them. Extensions are checked and dropped. Plain Uint8Array, no Node API.
import { latin1, protocolErrors, QUOTED, TCHAR } from "./http1-syntax.ts";

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The chunk size on the line bytes[0, end) (the caller holds it to the body limit); throws HttpProtocolError when malformed. */
export function chunkSizeOf(bytes: Uint8Array, end: number): number {
  let size = 0;
  let at = 0;
  for (; at < end; at++) {
    const digit = hexValue(bytes[at]!);
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  if (at === 0 || (at < end && bytes[at] !== SEMICOLON)) {
    throw protocolErrors.badChunk(`malformed chunk size: ${JSON.stringify(latin1(bytes, 0, Math.min(end, 20)))}`);
  }
  checkExtensions(bytes, at, end);
  return size;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `*( ";" token [ "=" ( token / quoted-string ) ] )` over bytes[at, end). */
function checkExtensions(bytes: Uint8Array, at: number, end: number): void {
  const refuse = () => protocolErrors.badChunk(`malformed chunk extension: ${JSON.stringify(latin1(bytes, 0, Math.min(end, 80)))}`);
  while (at < end) {
    if (bytes[at] !== SEMICOLON) throw refuse();
    const nameFrom = ++at;
    while (at < end && TCHAR[bytes[at]!]) at++;
    if (at === nameFrom) throw refuse();
    if (at === end || bytes[at] !== EQUALS) continue;
    at++;
    if (bytes[at] !== DQUOTE) {
      while (at < end && TCHAR[bytes[at]!]) at++;
      continue;
    }
    for (at++; ; at++) {
      if (at >= end) throw refuse(); // the quoted string never closes
      const byte = bytes[at]!;
      if (byte === DQUOTE) break;
      if (byte !== BACKSLASH ? !QUOTED[byte] : ++at >= end || !(QUOTED[bytes[at]!] || bytes[at] === DQUOTE || bytes[at] === BACKSLASH)) throw refuse();
    }
    at++;
  }
}
