// Public surface of sim/history: the append-only NDJSON recorder, the reader/merger, and derived views.
export { makeNdjsonWriter, type NdjsonWriter, type NdjsonWriterOptions } from "./ndjson-writer.ts";
export { makeRecorder, type Recorder, type RecorderOptions } from "./recorder.ts";
export { mergeHistories, parseOpLine, readHistories, readHistory, streamHistory, writeHistory } from "./reader.ts";
export { acceptedTaskIds, faultWindows, type FaultWindow } from "./queries.ts";
export { completeMarkOf, fileEvidence, markComplete, unmarkComplete, type FileEvidence } from "./complete-mark.ts";
