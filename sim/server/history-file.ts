// Appends this node's history ops (HistoryOp NDJSON, one line per op) to config.historyFile through
// a write stream, the ops of one event-loop turn in one write; close() flushes and waits for the data
// to reach the file.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { HistoryOp, OpType } from "../contracts/index.ts";

export interface HistoryFile {
  append<V>(type: OpType, f: string, value: V): void;
  close(): Promise<void>;
}

/** Records nothing (tests that start parts of a node without a history file). */
export const noopHistoryFile: HistoryFile = { append() {}, close: async () => {} };

/** Opens (creates or appends to) the file; rejects naming the path when it cannot be opened. */
export async function openHistoryFile(path: string, actor: string, onError: (error: Error) => void): Promise<HistoryFile> {
  const stream = createWriteStream(path, { flags: "a" });
  try {
    await once(stream, "open");
  } catch (error) {
    throw new Error(`cannot open historyFile "${path}": ${(error as Error).message}`, { cause: error });
  }
  stream.on("error", onError);
  let closed = false;
  let lines: string[] = [];
  let flushing: NodeJS.Immediate | undefined;
  const flush = () => {
    flushing = undefined;
    if (lines.length === 0 || stream.destroyed) return;
    stream.write(lines.join(""));
    lines = [];
  };
  return {
    append(type, f, value) {
      if (closed) return;
      const op: HistoryOp<typeof value> = { time: Date.now(), actor, type, f, value };
      lines.push(`${JSON.stringify(op)}\n`);
      flushing ??= setImmediate(flush);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearImmediate(flushing);
      flush();
      if (stream.destroyed) return;
      stream.end();
      await once(stream, "close");
    },
  };
}
