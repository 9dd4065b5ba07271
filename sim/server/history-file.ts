// The node's history file: its ops (HistoryOp NDJSON) go through the project's one history writer
// (sim/history: one synchronous write per event-loop turn, so a killed node loses at most that turn).
import type { OpType } from "../contracts/index.ts";
import { makeRecorder } from "../history/index.ts";

export interface HistoryFile {
  append<V>(type: OpType, f: string, value: V): void;
  close(): Promise<void>;
}

/** Records nothing (tests that start parts of a node without a history file). */
export const noopHistoryFile: HistoryFile = { append() {}, close: async () => {} };

/**
 * Opens (creates or appends to) the file; rejects naming the path when it cannot be opened. A failed
 * write is reported once to onError and later ops are dropped: the node keeps serving.
 */
export async function openHistoryFile(path: string, actor: string, onError: (error: Error) => void, nowMs: () => number = Date.now): Promise<HistoryFile> {
  const recorder = makeRecorder(path, actor, { onError, nowMs });
  try {
    await recorder.flush();
  } catch (error) {
    throw new Error(`cannot open historyFile "${path}": ${(error as Error).message}`, { cause: error });
  }
  let closed = false;
  return {
    append: (type, f, value) => void (closed || recorder.record(type, f, value)), // after close: dropped
    close: () => {
      closed = true;
      return recorder.close();
    },
  };
}
