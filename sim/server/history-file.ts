// Appends this node's history ops (HistoryOp NDJSON, one line per op) to config.historyFile: the ops
// of one event-loop turn go out in one synchronous write at the end of that turn (a killed node loses
// at most the turn it was in); close() writes what is left and closes the file.
import { closeSync, openSync, writeSync } from "node:fs";
import type { HistoryOp, OpType } from "../contracts/index.ts";

export interface HistoryFile {
  append<V>(type: OpType, f: string, value: V): void;
  close(): Promise<void>;
}

/** Records nothing (tests that start parts of a node without a history file). */
export const noopHistoryFile: HistoryFile = { append() {}, close: async () => {} };

/**
 * Opens (creates or appends to) the file; rejects naming the path when it cannot be opened. A failed
 * write is reported once to onError and later ops are dropped. Writes are synchronous: a page-cache
 * write costs less than handing each turn's ops to libuv's thread pool (the stream this replaced).
 */
export async function openHistoryFile(path: string, actor: string, onError: (error: Error) => void): Promise<HistoryFile> {
  let fd: number | null;
  try {
    fd = openSync(path, "a");
  } catch (error) {
    throw new Error(`cannot open historyFile "${path}": ${(error as Error).message}`, { cause: error });
  }
  let lines: string[] = [];
  let flushing: NodeJS.Immediate | undefined;
  const flush = () => {
    flushing = undefined;
    if (lines.length === 0 || fd === null) return;
    const chunk = lines.join("");
    lines = [];
    try {
      writeAll(fd, chunk);
    } catch (error) {
      closeQuietly(fd);
      fd = null;
      onError(new Error(`historyFile "${path}": write failed: ${(error as Error).message}`, { cause: error }));
    }
  };
  return {
    append(type, f, value) {
      if (fd === null) return;
      const op: HistoryOp<typeof value> = { time: Date.now(), actor, type, f, value };
      lines.push(`${JSON.stringify(op)}\n`);
      flushing ??= setImmediate(flush);
    },
    async close() {
      if (fd === null) return;
      clearImmediate(flushing);
      flush();
      if (fd !== null) closeQuietly(fd);
      fd = null;
    },
  };
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed or failing: nothing more to record
  }
}
