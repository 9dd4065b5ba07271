// Appends this node's history ops (HistoryOp NDJSON, one line per op) to config.historyFile through
// a buffered write stream; close() flushes and waits for the data to reach the file.
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
  return {
    append(type, f, value) {
      if (closed) return;
      const op: HistoryOp<typeof value> = { time: Date.now(), actor, type, f, value };
      stream.write(`${JSON.stringify(op)}\n`);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (stream.destroyed) return;
      stream.end();
      await once(stream, "close");
    },
  };
}
