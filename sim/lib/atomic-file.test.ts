import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic, writeFileAtomicSync } from "./atomic-file.ts";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-atomic-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("replaces the file by rename: a reader holding the old file (a hard link) still sees it whole", async () => {
    const file = path.join(dir, "summary.json");
    fs.writeFileSync(file, "old\n");
    fs.linkSync(file, path.join(dir, "held"));
    await writeFileAtomic(file, "new\n");
    writeFileAtomicSync(path.join(dir, "other.json"), "x");
    expect(fs.readFileSync(file, "utf8")).toBe("new\n");
    expect(fs.readFileSync(path.join(dir, "held"), "utf8")).toBe("old\n"); // an in-place write would have changed it
    expect(fs.readdirSync(dir).sort()).toEqual(["held", "other.json", "summary.json"]);
  });

  it("writes chunks in order, and a failure midway leaves the old file and no temporary one", async () => {
    const file = path.join(dir, "history.ndjson");
    await writeFileAtomic(file, ["a\n", "b\n"]);
    expect(fs.readFileSync(file, "utf8")).toBe("a\nb\n");
    async function* failing() {
      yield "c\n";
      throw new Error("disk on fire");
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow("disk on fire");
    expect(fs.readFileSync(file, "utf8")).toBe("a\nb\n");
    expect(fs.readdirSync(dir)).toEqual(["history.ndjson"]);
  });

  it("keeps a mode asked for (secret files)", async () => {
    const file = path.join(dir, "token");
    await writeFileAtomic(file, "s", { mode: 0o600 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
