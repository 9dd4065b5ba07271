// Serves HTTP/1.1 on one accepted connection: reads requests with http1-reader.ts, one at a time
// (pipelined ones wait their turn), answers each with one JSON write, keeps the connection while the
// client does (and the answer does not close it), and closes it after idleTimeoutMs without a request in
// progress or, if asked, as soon as the client ends its side. A request the reader refuses gets 400 and
// the connection is closed.
import { STATUS_CODES } from "node:http";
import type net from "node:net";
import { HttpProtocolError, HttpRequestReader, type HttpRequest } from "./http1-reader.ts";

/** One JSON answer. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  /** The connection closes after this answer (it says `connection: close`). */
  close?: boolean;
}

export interface HttpConnectionOptions {
  /** Idle time between requests after which the connection is closed (0 = never). */
  idleTimeoutMs: number;
  maxBodyBytes: number;
  /** Answers one request that came on `connection`; null = drop the connection unanswered (a tentacle that is down). */
  answer(request: HttpRequest, connection: net.Socket): Promise<HttpAnswer> | null;
  /**
   * When the client ends its side: "answer" (default) still answers the request in progress, then
   * closes; "close" closes at once, dropping it (node:http's default: a long poll is abandoned).
   */
  peerEnd?: "answer" | "close";
}

export function serveHttpConnection(socket: net.Socket, options: HttpConnectionOptions): void {
  let reader = new HttpRequestReader(options.maxBodyBytes);
  let busy = false;
  let continued = false;
  let peerEnded = false;
  /** Bytes that arrived while a request was being answered. */
  let waiting: Buffer[] = [];

  const write = (status: number, body: unknown, keepAlive: boolean, headOnly = false) => {
    const text = JSON.stringify(body);
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\n${keepAlive ? "" : "connection: close\r\n"}\r\n${headOnly ? "" : text}`);
  };

  const consume = (chunk: Uint8Array): void => {
    let request: HttpRequest | null;
    try {
      request = reader.feed(chunk);
    } catch (error) {
      if (!(error instanceof HttpProtocolError)) throw error;
      write(400, { error: `bad request: ${error.message}` }, false);
      socket.end();
      return;
    }
    if (!request) {
      if (reader.expectsContinue && !continued) {
        socket.write("HTTP/1.1 100 Continue\r\n\r\n");
        continued = true;
      }
      return;
    }
    const rest = reader.rest;
    reader = new HttpRequestReader(options.maxBodyBytes);
    continued = false;
    const answering = options.answer(request, socket);
    if (!answering) return void socket.destroy();
    setBusy(true);
    answering.then((answer) => {
      setBusy(false);
      if (socket.destroyed || !socket.writable) return;
      const keepAlive = request.keepAlive && !peerEnded && !answer.close;
      write(answer.status, answer.body, keepAlive, request.method === "HEAD");
      if (!keepAlive) return void socket.end();
      const next = waiting.length === 0 ? rest : Buffer.concat([rest, ...waiting]);
      waiting = [];
      socket.resume();
      if (next.length > 0) consume(next);
    }, () => socket.destroy());
  };

  /** The idle clock runs only while no request is being answered. */
  const setBusy = (value: boolean) => {
    busy = value;
    if (options.idleTimeoutMs > 0) socket.setTimeout(busy ? 0 : options.idleTimeoutMs);
  };
  socket.on("timeout", () => socket.destroy());
  setBusy(false);
  socket.on("data", (chunk: Buffer) => {
    if (!busy) return consume(chunk);
    waiting.push(chunk); // a pipelined request: it waits, and so does the socket (backpressure)
    socket.pause();
  });
  socket.on("end", () => {
    peerEnded = true;
    if (!busy || options.peerEnd === "close") socket.end();
  });
  socket.on("error", () => socket.destroy()); // a reset peer: nothing left to answer
}
