// A toxiproxy-server whose API port another toxiproxy-server already holds stays up without an API
// (v2.12.0 logs the bind error and keeps running), and /version on that address is answered by the
// other one: startToxiproxy must not take that server for its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listensOn } from "../lib/proc.ts";
import { requireTool } from "../testing/tools.ts";
import { startToxiproxy } from "./toxiproxy.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-toxiproxy-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("startToxiproxy", () => {
  it("refuses an API port another process answers on, and is ready only when its own child listens", async () => {
    const binPath = await requireTool("toxiproxy-server");
    await using first = await startToxiproxy({ binPath, logFile: path.join(dir, "first.log") });
    const port = Number(new URL(first.apiUrl).port);
    expect(listensOn(first.pid, port)).toBe(true);
    await expect(startToxiproxy({ binPath, logFile: path.join(dir, "second.log"), port })).rejects.toThrow(/its API address http:\/\/127\.0\.0\.1:\d+ is taken by another process/);
    expect(fs.readFileSync(path.join(dir, "second.log"), "utf8")).toContain("bind: address already in use"); // the child saw it, and was stopped
    expect(listensOn(process.pid, port)).toBe(false);
  });
});
