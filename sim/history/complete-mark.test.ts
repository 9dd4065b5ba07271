import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileEvidence, makeNdjsonWriter, writeHistory } from "./index.ts";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-complete-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const op = (time: number) => ({ time, actor: "run", type: "ok" as const, f: "x", value: null });

describe("complete marks", () => {
  it("a streamed file is complete only after its writer closed it; reopening it unmarks it", async () => {
    const file = path.join(dir, "metrics.ndjson");
    const writer = makeNdjsonWriter(file);
    writer.write({ a: 1 });
    await writer.flush();
    expect(fileEvidence(file)).toMatchObject({ state: "incomplete" }); // a writer killed here leaves this
    await writer.close();
    expect(fileEvidence(file)).toEqual({ state: "complete" });
    const again = makeNdjsonWriter(file);
    expect(fileEvidence(file)).toMatchObject({ state: "incomplete" });
    await again.close();
    expect(fileEvidence(file)).toEqual({ state: "complete" });
  });

  it("a merged history cut at a line boundary is told from a short one", async () => {
    const file = path.join(dir, "history.ndjson");
    await writeHistory(file, [op(1), op(2), op(3)]);
    expect(fileEvidence(file)).toEqual({ state: "complete" });
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.slice(0, text.indexOf("\n") + 1)); // one whole line: parses fine
    expect(fileEvidence(file)).toEqual({ state: "incomplete", detail: expect.stringMatching(/cut since/) });
    expect(fileEvidence(path.join(dir, "nothing.ndjson"))).toEqual({ state: "missing" });
    fs.writeFileSync(`${file}.complete`, "{garbage");
    expect(fileEvidence(file)).toEqual({ state: "incomplete", detail: "its .complete mark is damaged: {garbage" });
  });
});
