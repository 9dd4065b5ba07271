import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRecorder } from "./recorder.ts";
import { readHistory } from "./reader.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taskstorm-recorder-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("makeRecorder", () => {
  it("stamps time and actor, keeps call order, and close() flushes everything", async () => {
    let now = 1000;
    const file = join(dir, "sub", "node-1.ndjson");
    const rec = makeRecorder(file, "node-1", { nowMs: () => now++ });
    rec.record("invoke", "rpc:start-script", { taskId: "ServerTasks-1", targetId: "Machines-1" });
    rec.append({ time: 5, actor: "other", type: "info", f: "note", value: null });
    rec.record("ok", "rpc:start-script", { taskId: "ServerTasks-1", targetId: "Machines-1" }, "node-1b");
    await rec.close();
    const ops = await readHistory(file);
    expect(ops).toEqual([
      { time: 1000, actor: "node-1", type: "invoke", f: "rpc:start-script", value: { taskId: "ServerTasks-1", targetId: "Machines-1" } },
      { time: 5, actor: "other", type: "info", f: "note", value: null },
      { time: 1001, actor: "node-1b", type: "ok", f: "rpc:start-script", value: { taskId: "ServerTasks-1", targetId: "Machines-1" } },
    ]);
  });

  it("flush() makes buffered ops visible without closing, and appends to an existing file", async () => {
    const file = join(dir, "h.ndjson");
    await writeFile(file, JSON.stringify({ time: 1, actor: "a", type: "ok", f: "x", value: 1 }) + "\n");
    await using rec = makeRecorder(file, "b");
    rec.record("info", "y", 2);
    await rec.flush();
    const ops = await readHistory(file);
    expect(ops.map((o) => o.f)).toEqual(["x", "y"]);
  });

  it("loses nothing when many callers interleave appends across buffer boundaries", async () => {
    const file = join(dir, "many.ndjson");
    const rec = makeRecorder(file, "fleet", { bufferBytes: 256 });
    await Promise.all(
      Array.from({ length: 20 }, async (_, caller) => {
        for (let i = 0; i < 200; i++) {
          rec.record("invoke", "script:run", { caller, i });
          if (i % 50 === 0) await new Promise((r) => setImmediate(r));
        }
      }),
    );
    await rec.close();
    const ops = await readHistory(file);
    expect(ops).toHaveLength(4000);
    const perCaller = new Map<number, number[]>();
    for (const op of ops) {
      const v = op.value as { caller: number; i: number };
      perCaller.set(v.caller, [...(perCaller.get(v.caller) ?? []), v.i]);
    }
    for (const seq of perCaller.values()) expect(seq).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("rejects writes after close, naming the file; close() is idempotent", async () => {
    const file = join(dir, "closed.ndjson");
    const rec = makeRecorder(file, "run");
    await rec.close();
    await rec.close();
    expect(() => rec.record("info", "late", null)).toThrow(/closed\.ndjson: write after close/);
  });

  it("surfaces a file it cannot write at the first op and on close, instead of losing ops silently", async () => {
    const rec = makeRecorder(dir, "run"); // a directory cannot be opened for append
    expect(() => rec.record("info", "x", null)).toThrow(/write failed/);
    await expect(rec.close()).rejects.toThrow(/write failed/);
  });
});
