// Test-only: feeds byte streams, chunk by chunk, to the transport's own readers and reports what they
// delivered in node-oracle.ts's shape. Requests are read as http-connection.ts reads them: one after
// another while the last one keeps the connection alive. A response is read as post-json.ts reads it:
// the chunks, then the connection's end when the response is not complete by then.
import { HttpRequestReader, HttpResponseReader, type HttpRequest, type HttpResponse } from "../../transport/http1-reader.ts";
import type { Outcome, ReadRequest, ReadResponse } from "./node-oracle.ts";

const MAX_BODY_BYTES = 1 << 20;
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

export function ownReadsRequests(chunks: readonly Uint8Array[]): Outcome<ReadRequest> {
  const outcome: Outcome<ReadRequest> = { messages: [], refused: false };
  let reader = new HttpRequestReader(MAX_BODY_BYTES);
  for (const chunk of chunks) {
    let input = chunk;
    while (input.length > 0) {
      let request: HttpRequest | null;
      try {
        request = reader.feed(input);
      } catch {
        outcome.refused = true;
        return outcome;
      }
      if (!request) break;
      outcome.messages.push({ method: request.method, path: request.path, body: latin1(request.body), keepAlive: request.keepAlive });
      if (!request.keepAlive) return outcome; // the connection answers it and closes: what follows is never read
      input = reader.rest;
      reader = new HttpRequestReader(MAX_BODY_BYTES);
    }
  }
  return outcome;
}

export function ownReadsResponse(chunks: readonly Uint8Array[]): Outcome<ReadResponse> {
  const outcome: Outcome<ReadResponse> = { messages: [], refused: false };
  const reader = new HttpResponseReader(MAX_BODY_BYTES);
  let response: HttpResponse | null = null;
  try {
    for (const chunk of chunks) response = reader.feed(chunk);
    response ??= reader.end();
  } catch {
    outcome.refused = true;
    return outcome;
  }
  outcome.messages.push({ status: response.status, body: latin1(response.body), keepAlive: response.keepAlive });
  return outcome;
}
