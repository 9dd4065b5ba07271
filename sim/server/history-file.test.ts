// The node's history file: ops appended in order as HistoryOp lines, each turn's ops on disk once the
// turn ends, nothing lost on close, a path that cannot be opened named in the error.
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openHistoryFile } from "./history-file.ts";

describe("history file", () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), "history-file-"))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const lines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));

  it("writes a turn's ops when the turn ends, in order, and appends to an existing file", async () => {
    const file = path.join(dir, "node.ndjson");
    const errors: Error[] = [];
    const history = await openHistoryFile(file, "node-1", (e) => errors.push(e));
    history.append("invoke", "rpc:start-script", { n: 1 });
    history.append("ok", "rpc:start-script", { n: 1 });
    expect(readFileSync(file, "utf8")).toBe(""); // still the same turn
    await nextTurn();
    expect((await lines(file)).map((op) => [op.actor, op.type, op.f, op.value.n])).toEqual([
      ["node-1", "invoke", "rpc:start-script", 1], ["node-1", "ok", "rpc:start-script", 1],
    ]);
    history.append("invoke", "rpc:get-status", { n: 2 });
    await history.close(); // flushes the open turn
    history.append("invoke", "rpc:get-status", { n: 3 }); // after close: dropped
    const again = await openHistoryFile(file, "node-1", (e) => errors.push(e));
    again.append("info", "node:start", { n: 4 });
    await again.close();
    expect((await lines(file)).map((op) => op.value.n)).toEqual([1, 1, 2, 4]);
    expect(errors).toEqual([]);
  });

  it("rejects a path it cannot open, naming it", async () => {
    const notADirectory = path.join(dir, "plain-file");
    await writeFile(notADirectory, "");
    const file = path.join(notADirectory, "node.ndjson");
    await expect(openHistoryFile(file, "node-1", () => {})).rejects.toThrow(`cannot open historyFile "${file}"`);
  });
});
