import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HistoryOp } from "../contracts/index.ts";
import { mergeHistories, readHistory } from "./reader.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taskstorm-reader-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const op = (time: number, actor: string, f = "x"): HistoryOp => ({ time, actor, type: "ok", f, value: { n: time } });
const ndjson = (ops: unknown[]) => ops.map((o) => JSON.stringify(o)).join("\n") + "\n";

describe("readHistory", () => {
  it("reads ops in file order and skips blank lines", async () => {
    const file = join(dir, "a.ndjson");
    await writeFile(file, JSON.stringify(op(2, "a")) + "\n\n" + JSON.stringify(op(1, "a")) + "\r\n");
    expect(await readHistory(file)).toEqual([op(2, "a"), op(1, "a")]);
  });

  it("names the file and line of a corrupt line", async () => {
    const file = join(dir, "bad.ndjson");
    await writeFile(file, JSON.stringify(op(1, "a")) + "\n" + JSON.stringify(op(2, "a")) + "\n" + '{"time":3,"act' + "\n");
    await expect(readHistory(file)).rejects.toThrow(`${file}:3: corrupt history line`);
  });

  it("names the field of a line that parses but is not an op", async () => {
    const file = join(dir, "shape.ndjson");
    await writeFile(file, ndjson([op(1, "a"), { time: 2, actor: "a", type: "done", f: "x", value: 1 }]));
    await expect(readHistory(file)).rejects.toThrow(`${file}:2: not a history op (type: expected invoke|ok|fail|info, got "done")`);
  });

  it("fails clearly on a missing file", async () => {
    await expect(readHistory(join(dir, "nope.ndjson"))).rejects.toThrow(/ENOENT.*nope\.ndjson/);
  });
});

describe("mergeHistories", () => {
  it("merges per-actor files by time, ties in input order, and returns the count", async () => {
    const a = join(dir, "a.ndjson");
    const b = join(dir, "b.ndjson");
    const out = join(dir, "out", "history.ndjson");
    await writeFile(a, ndjson([op(10, "a", "a1"), op(30, "a", "a2"), op(30, "a", "a3")]));
    await writeFile(b, ndjson([op(5, "b", "b1"), op(30, "b", "b2"), op(40, "b", "b3")]));
    expect(await mergeHistories([a, b], out)).toBe(6);
    const merged = await readHistory(out);
    expect(merged.map((o) => o.f)).toEqual(["b1", "a1", "a2", "a3", "b2", "b3"]);
  });

  it("replaces an existing output and writes an empty file for empty inputs", async () => {
    const a = join(dir, "empty.ndjson");
    const out = join(dir, "history.ndjson");
    await writeFile(a, "");
    await writeFile(out, "stale\n");
    expect(await mergeHistories([a], out)).toBe(0);
    expect(await readFile(out, "utf8")).toBe("");
  });

  it("keeps every op of a larger history in time order", async () => {
    const files = [0, 1, 2].map((k) => join(dir, `p${k}.ndjson`));
    await Promise.all(files.map((f, k) => writeFile(f, ndjson(Array.from({ length: 5000 }, (_, i) => op(i * 3 + k, `p${k}`))))));
    const out = join(dir, "history.ndjson");
    expect(await mergeHistories(files, out)).toBe(15000);
    const merged = await readHistory(out);
    expect(merged.map((o) => o.time)).toEqual(Array.from({ length: 15000 }, (_, i) => i));
  });
});
