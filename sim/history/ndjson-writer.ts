// The one append-only NDJSON writer of the project (histories of every actor, metrics): the values of
// one event-loop turn go to the file in one synchronous write at the end of that turn (sooner past
// bufferBytes), so a killed process loses at most the turn it was in; close() writes the rest.
// A page-cache write per turn costs less than handing each turn to libuv's thread pool (a stream).
// A clean close() fsyncs and marks the file complete (complete-mark.ts); opening it again unmarks it.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { markComplete, unmarkComplete } from "./complete-mark.ts";

export interface NdjsonWriterOptions {
  /** Buffered bytes (approx., UTF-16 length) that trigger a write before the turn ends. Default 256 KiB. */
  bufferBytes?: number;
  /**
   * Where a failed write goes. Given: reported once, later values dropped (a node must keep serving).
   * Absent: thrown by the next write, flush or close. A file that cannot be opened always throws.
   */
  onError?: (error: Error) => void;
}

export interface NdjsonWriter {
  readonly filePath: string;
  /** Appends one value as a JSON line. Throws after close() or after a failure (without onError). */
  write(value: unknown): void;
  /** Resolves when everything written so far is in the file (the OS's page cache). */
  flush(): Promise<void>;
  /** Writes what is left, fsyncs and closes the file, and marks it complete unless a write failed; later writes throw. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export function makeNdjsonWriter(filePath: string, options: NdjsonWriterOptions = {}): NdjsonWriter {
  const bufferBytes = options.bufferBytes ?? 256 * 1024;
  let fd: number | null = null;
  let failure: Error | undefined;
  let closed = false;
  try {
    mkdirSync(dirname(filePath), { recursive: true });
    unmarkComplete(filePath);
    fd = openSync(filePath, "a");
  } catch (error) {
    failure = new Error(`ndjson file ${filePath}: cannot open for append: write failed: ${(error as Error).message}`, { cause: error });
  }
  let lines: string[] = [];
  let bufferedChars = 0;
  let pending: NodeJS.Immediate | undefined;

  const fail = (error: unknown) => {
    failure = new Error(`ndjson file ${filePath}: write failed: ${(error as Error).message}`, { cause: error });
    closeQuietly(fd);
    fd = null;
    options.onError?.(failure);
  };
  const drain = () => {
    pending = undefined;
    if (lines.length === 0 || fd === null) return;
    const chunk = lines.join("");
    lines = [];
    bufferedChars = 0;
    try {
      writeAll(fd, chunk);
    } catch (error) {
      fail(error);
    }
  };
  const assertUsable = () => {
    if (closed) throw new Error(`ndjson file ${filePath}: write after close`);
    if (failure && !options.onError) throw failure;
  };

  function write(value: unknown): void {
    assertUsable();
    if (fd === null) return; // failed and reported: dropped
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) throw new Error(`ndjson file ${filePath}: cannot write ${String(value)} as JSON`);
    lines.push(`${json}\n`);
    bufferedChars += json.length + 1;
    if (bufferedChars >= bufferBytes) drain();
    else pending ??= setImmediate(drain);
  }

  async function flush(): Promise<void> {
    if (closed) return;
    clearImmediate(pending);
    drain();
    if (failure && (fd === null || !options.onError)) throw failure;
  }

  async function close(): Promise<void> {
    if (closed) return;
    clearImmediate(pending);
    drain();
    closed = true;
    const whole = fd !== null && failure === undefined;
    try {
      if (whole) fsyncSync(fd!);
    } catch (error) {
      fail(error);
    }
    closeQuietly(fd);
    fd = null;
    if (whole && failure === undefined) markComplete(filePath);
    if (failure && !options.onError) throw failure;
  }

  return { filePath, write, flush, close, [Symbol.asyncDispose]: close };
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

function closeQuietly(fd: number | null): void {
  if (fd === null) return;
  try {
    closeSync(fd);
  } catch {
    // already closed or failing: nothing more to record
  }
}
