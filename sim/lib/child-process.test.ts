// Integration: forkReady against small real child modules written to a temp dir.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forkReady } from "./child-process.ts";
import { isAlive } from "../testing/processes.ts";

let dir: string;
const CHILDREN: Record<string, string> = {
  "ready.ts": `const detail: Record<string, unknown> = { args: process.argv.slice(2) };
process.send!({ type: "ready", detail });
process.on("disconnect", () => process.exit(0));`,
  "stubborn.ts": `process.on("SIGTERM", () => process.stderr.write("ignoring SIGTERM\\n"));
process.send!({ type: "ready" });
setInterval(() => undefined, 1000);`,
  "silent.ts": `import { writeFileSync } from "node:fs";
writeFileSync(process.argv[2]!, String(process.pid));
process.stderr.write("starting slowly\\n");
setInterval(() => undefined, 1000);`,
  "crash.ts": `process.stderr.write("cannot open the thing\\n");
process.exit(3);`,
  "fatal.ts": `process.send!({ type: "fatal", message: "port 1 is taken" }, () => process.exit(1));`,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "child-process-test-"));
  for (const [file, source] of Object.entries(CHILDREN)) await writeFile(join(dir, file), source);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("forkReady", () => {
  it("resolves with the ready detail and stops the child on dispose", async () => {
    let pid = 0;
    {
      await using child = await forkReady(join(dir, "ready.ts"), ["a", "b"], { name: "ready-child", readyTimeoutMs: 15_000 });
      pid = child.pid;
      expect(child.ready).toEqual({ args: ["a", "b"] });
      expect(child.readyMs).toBeGreaterThan(0);
      expect(isAlive(pid)).toBe(true);
    }
    expect(isAlive(pid)).toBe(false);
  }, 30_000);

  it("escalates to SIGKILL when the child ignores SIGTERM past the grace period", async () => {
    const child = await forkReady(join(dir, "stubborn.ts"), [], { name: "stubborn", readyTimeoutMs: 15_000 });
    const started = performance.now();
    expect(await child.stop(300)).toEqual({ code: null, signal: "SIGKILL" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(child.stderrTail()).toMatch(/ignoring SIGTERM/);
  }, 30_000);

  it("rejects on timeout with the stderr tail, and kills the child", async () => {
    const pidFile = join(dir, "silent.pid");
    await expect(forkReady(join(dir, "silent.ts"), [pidFile], { name: "silent", readyTimeoutMs: 1_500 })).rejects.toThrow(
      /silent to report ready did not finish within 1500 ms: no ready message; stderr tail:\nstarting slowly/,
    );
    expect(isAlive(Number(await readFile(pidFile, "utf8")))).toBe(false);
  }, 30_000);

  it("rejects when the child exits before ready, with its exit code and last words", async () => {
    await expect(forkReady(join(dir, "crash.ts"), [], { name: "crasher", readyTimeoutMs: 15_000 })).rejects.toThrow(
      /crasher failed: exited before ready \(code 3, signal null\); stderr tail:\ncannot open the thing/,
    );
  }, 30_000);

  it("rejects on a fatal message with the child's message", async () => {
    await expect(forkReady(join(dir, "fatal.ts"), [], { name: "fataler", readyTimeoutMs: 15_000 })).rejects.toThrow(
      /fataler failed: fatal before ready: port 1 is taken/,
    );
  }, 30_000);
});
