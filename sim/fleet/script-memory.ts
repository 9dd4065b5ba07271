// What a fleet process remembers of its tentacles' scripts across its own restart: a Tentacle keeps its
// script tickets in its workspace on disk, so a StartScript retried after the process came back is
// answered from the ticket, not run again. Read from the fleet's own history file before it reopens it.
import fs from "node:fs";
import type { HistoryOp, ScriptRunValue } from "../contracts/index.ts";

/** A ticket a previous process of this fleet started, and how it ended: its exit code, or none journaled
 * (`ended` false: it was running when that process was killed; true without exitCode: halted by a stop). */
export interface RememberedScript {
  value: ScriptRunValue;
  ended: boolean;
  exitCode?: number;
}

/** Every ticket in `historyFile`'s script:run ops, per tentacle, with its outcome; empty when the file does not exist. */
export function readScriptMemory(historyFile: string): Map<string, Map<string, RememberedScript>> {
  const memory = new Map<string, Map<string, RememberedScript>>();
  let text: string;
  try {
    text = fs.readFileSync(historyFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return memory;
    throw error;
  }
  for (const line of text.split("\n")) {
    if (!line.includes('"script:run"')) continue;
    let op: HistoryOp<ScriptRunValue>;
    try {
      op = JSON.parse(line) as HistoryOp<ScriptRunValue>;
    } catch {
      continue; // a line the killed process was writing
    }
    if (op.f !== "script:run") continue;
    const tickets = memory.get(op.actor) ?? new Map<string, RememberedScript>();
    memory.set(op.actor, tickets);
    const { exitCode, error: _error, ...value } = op.value;
    if (op.type === "invoke") tickets.set(value.ticket, { value, ended: false });
    else tickets.set(value.ticket, { value, ended: true, ...(exitCode === undefined ? {} : { exitCode }) });
  }
  return memory;
}
