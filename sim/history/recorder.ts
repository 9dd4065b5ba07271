// Records HistoryOps for one actor into an append-only NDJSON file (one write per event-loop turn; see ndjson-writer.ts).
// record() stamps time (injected clock, default Date.now) and the actor; append() takes a whole op.
// One recorder per process and file; safe to share among any number of callers in that process.
import type { HistoryOp, OpType } from "../contracts/index.ts";
import { makeNdjsonWriter, type NdjsonWriterOptions } from "./ndjson-writer.ts";

export interface RecorderOptions extends NdjsonWriterOptions {
  /** Clock for record(); ms since the epoch. Default Date.now. */
  nowMs?: () => number;
}

export interface Recorder {
  readonly filePath: string;
  /** Default actor stamped by record(). */
  readonly actor: string;
  append(op: HistoryOp): void;
  /** Appends `{time: now, actor, type, f, value}` and returns it. */
  record<V>(type: OpType, f: string, value: V, actor?: string): HistoryOp<V>;
  flush(): Promise<void>;
  /** Flushes and closes; later append/record throw. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export function makeRecorder(filePath: string, actor = "run", options: RecorderOptions = {}): Recorder {
  const writer = makeNdjsonWriter(filePath, options);
  const nowMs = options.nowMs ?? Date.now;

  function append(op: HistoryOp): void {
    writer.write(op);
  }

  function record<V>(type: OpType, f: string, value: V, opActor = actor): HistoryOp<V> {
    const op: HistoryOp<V> = { time: nowMs(), actor: opActor, type, f, value };
    writer.write(op);
    return op;
  }

  return {
    filePath,
    actor,
    append,
    record,
    flush: writer.flush,
    close: writer.close,
    [Symbol.asyncDispose]: writer.close,
  };
}
