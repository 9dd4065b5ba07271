// Tells a whole streamed file from a cut one: a writer that closes its file cleanly writes the mark
// `<file>.complete` ({bytes}); one that opens it to write removes the mark first. A file without its mark,
// or of another length than the mark says, is incomplete: the reader says so and does not guess.
import fs from "node:fs";
import { writeFileAtomicSync } from "../lib/atomic-file.ts";

/** What the files of a run folder hold: whole, absent, or cut (the detail says how we know). */
export type FileEvidence = { state: "complete" } | { state: "missing" } | { state: "incomplete"; detail: string };

/** The mark's path beside `file`. */
export function completeMarkOf(file: string): string {
  return `${file}.complete`;
}

/** Before writing `file`: it is no longer known to be whole. */
export function unmarkComplete(file: string): void {
  fs.rmSync(completeMarkOf(file), { force: true });
}

/** After `file` was written, synced and closed: records its length as the whole of it. */
export function markComplete(file: string): void {
  writeFileAtomicSync(completeMarkOf(file), `${JSON.stringify({ bytes: fs.statSync(file).size })}\n`);
}

/** Whether `file` is there and whole (its mark is there and names its length). */
export function fileEvidence(file: string): FileEvidence {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing" };
    throw e;
  }
  let mark: string;
  try {
    mark = fs.readFileSync(completeMarkOf(file), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: "incomplete", detail: "its writer never finished it (no .complete mark)" };
    throw e;
  }
  let bytes: unknown;
  try {
    bytes = (JSON.parse(mark) as { bytes?: unknown } | null)?.bytes;
  } catch {
    bytes = undefined;
  }
  if (typeof bytes !== "number") return { state: "incomplete", detail: `its .complete mark is damaged: ${mark.trim().slice(0, 80)}` };
  if (bytes !== size) return { state: "incomplete", detail: `${size} bytes where its writer finished ${bytes} (${size < bytes ? "cut" : "appended to"} since)` };
  return { state: "complete" };
}
