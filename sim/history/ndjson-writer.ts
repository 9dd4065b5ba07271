// Buffered, append-only NDJSON writer: write() serializes a value into an in-memory buffer that goes
// to the file when it passes bufferBytes, every flushIntervalMs, on flush() and on close(). Writes
// keep call order. A stream error surfaces on the next write/flush/close. Used by history and metrics.
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { finished } from "node:stream/promises";

export interface NdjsonWriterOptions {
  /** Buffered bytes (approx., UTF-16 length) that trigger a write to the file. Default 64 KiB. */
  bufferBytes?: number;
  /** Period of the background flush, so a killed process loses at most this much. Default 200 ms; 0 disables. */
  flushIntervalMs?: number;
}

export interface NdjsonWriter {
  readonly filePath: string;
  /** Appends one value as a JSON line. Throws after close() or after a stream error. */
  write(value: unknown): void;
  /** Resolves when everything written so far is handed to the OS. */
  flush(): Promise<void>;
  /** Flushes and closes the file; later writes throw. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export function makeNdjsonWriter(filePath: string, options: NdjsonWriterOptions = {}): NdjsonWriter {
  const bufferBytes = options.bufferBytes ?? 64 * 1024;
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  mkdirSync(dirname(filePath), { recursive: true });
  const stream = createWriteStream(filePath, { flags: "a" });
  let buffer: string[] = [];
  let bufferedChars = 0;
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  stream.on("error", (err) => {
    failure ??= new Error(`ndjson file ${filePath}: write failed: ${err.message}`, { cause: err });
  });

  const timer = flushIntervalMs > 0 ? setInterval(() => drainBuffer(), flushIntervalMs) : undefined;
  timer?.unref();

  function drainBuffer(): void {
    if (buffer.length === 0 || failure) return;
    const chunk = buffer.join("");
    buffer = [];
    bufferedChars = 0;
    stream.write(chunk);
  }

  function assertOpen(): void {
    if (failure) throw failure;
    if (closing) throw new Error(`ndjson file ${filePath}: write after close`);
  }

  function write(value: unknown): void {
    assertOpen();
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) throw new Error(`ndjson file ${filePath}: cannot write ${String(value)} as JSON`);
    const line = json + "\n";
    buffer.push(line);
    bufferedChars += line.length;
    if (bufferedChars >= bufferBytes) drainBuffer();
  }

  async function flush(): Promise<void> {
    if (closing) return closing;
    if (failure) throw failure;
    drainBuffer();
    // An empty write resolves its callback after every earlier write reached the fd.
    await new Promise<void>((resolve, reject) => stream.write("", (err) => (err ? reject(err) : resolve())));
    if (failure) throw failure;
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      if (timer) clearInterval(timer);
      drainBuffer();
      stream.end();
      await finished(stream).catch(() => undefined);
      if (failure) throw failure;
    })();
    return closing;
  }

  return { filePath, write, flush, close, [Symbol.asyncDispose]: close };
}
