// Reads NDJSON histories line by line (each line parsed once, the string then dropped) and merges
// per-actor files into one history sorted by time. Blank lines are skipped; any other line that is
// not a valid HistoryOp is an error naming the file and the 1-based line number.
import { createReadStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import { markComplete, unmarkComplete } from "./complete-mark.ts";
import type { HistoryOp } from "../contracts/index.ts";

const OP_TYPES = new Set(["invoke", "ok", "fail", "info"]);

/** Parses one history line; throws `<file>:<line>: ...` when it is not a HistoryOp. */
export function parseOpLine(line: string, filePath: string, lineNo: number): HistoryOp {
  let op: unknown;
  try {
    op = JSON.parse(line);
  } catch (err) {
    throw new Error(`${filePath}:${lineNo}: corrupt history line (${(err as Error).message}): ${line.slice(0, 120)}`);
  }
  const problem = opProblem(op);
  if (problem) throw new Error(`${filePath}:${lineNo}: not a history op (${problem}): ${line.slice(0, 120)}`);
  return op as HistoryOp;
}

function opProblem(op: unknown): string | undefined {
  if (typeof op !== "object" || op === null || Array.isArray(op)) return "expected a JSON object";
  const o = op as Record<string, unknown>;
  if (typeof o.time !== "number" || !Number.isFinite(o.time)) return `time: expected a finite number, got ${JSON.stringify(o.time)}`;
  if (typeof o.actor !== "string") return `actor: expected a string, got ${JSON.stringify(o.actor)}`;
  if (typeof o.type !== "string" || !OP_TYPES.has(o.type)) return `type: expected invoke|ok|fail|info, got ${JSON.stringify(o.type)}`;
  if (typeof o.f !== "string") return `f: expected a string, got ${JSON.stringify(o.f)}`;
  if (!("value" in o)) return "value: missing";
  return undefined;
}

/** Yields the ops of one NDJSON history file in file order. */
export async function* streamHistory(filePath: string): AsyncGenerator<HistoryOp> {
  const input = createReadStream(filePath, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      yield parseOpLine(line, filePath, lineNo);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** All ops of one history file, in file order. */
export async function readHistory(filePath: string): Promise<HistoryOp[]> {
  const ops: HistoryOp[] = [];
  for await (const op of streamHistory(filePath)) ops.push(op);
  return ops;
}

/** Ops of several files sorted by time; ties keep input order (file order, then line order). */
export async function readHistories(inputPaths: readonly string[]): Promise<HistoryOp[]> {
  const ops: HistoryOp[] = [];
  for (const path of inputPaths) {
    for await (const op of streamHistory(path)) ops.push(op);
  }
  return ops.sort((a, b) => a.time - b.time); // Array.prototype.sort is stable (ES2019).
}

/** Merges per-actor history files into `outPath` (replaced), sorted by time, stable. Returns the op count. */
export async function mergeHistories(inputPaths: readonly string[], outPath: string): Promise<number> {
  const ops = await readHistories(inputPaths);
  await writeHistory(outPath, ops);
  return ops.length;
}

/** Writes ops as NDJSON to `outPath` (replaced atomically, in chunks), then marks it complete. */
export async function writeHistory(outPath: string, ops: readonly HistoryOp[]): Promise<void> {
  mkdirSync(dirname(outPath), { recursive: true });
  unmarkComplete(outPath);
  const chunkOps = 2000;
  function* chunks(): Generator<string> {
    for (let i = 0; i < ops.length; i += chunkOps) {
      let chunk = "";
      for (const op of ops.slice(i, i + chunkOps)) chunk += JSON.stringify(op) + "\n";
      yield chunk;
    }
  }
  await writeFileAtomic(outPath, chunks());
  markComplete(outPath);
}
