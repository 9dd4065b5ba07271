// The restartable process under faults, on real child processes: stop and start are serialized and
// idempotent, SIGTERM reaches a paused process, an exit on its own is noticed, afterExit runs after
// every exit, onStart listeners hear every restart; and trimTornTail cuts a line torn by SIGKILL so appends stay parseable.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exited, stopProcess } from "../lib/stop-process.ts";
import { startRestartable, trimTornTail, type Startable } from "./restartable.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-restartable-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real child that idles until signalled (or exits after exitAfterMs). */
async function idleChild(exitAfterMs?: number): Promise<Startable> {
  const code = exitAfterMs === undefined ? "setInterval(() => {}, 1000)" : `setTimeout(() => {}, ${exitAfterMs})`;
  const child = spawn(process.execPath, ["-e", code], { stdio: "ignore" });
  await new Promise((r) => child.once("spawn", r));
  return { pid: child.pid!, exited: exited(child), stop: () => stopProcess(child, { graceMs: 2_000 }) };
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

describe("startRestartable", () => {
  it("stops (SIGKILL or SIGTERM, even when paused), starts again once, and runs afterExit after each exit", async () => {
    let exits = 0;
    const p = await startRestartable("idle", () => idleChild(), { afterExit: () => exits++ });
    const first = p.pid()!;
    await Promise.all([p.stop("SIGKILL"), p.stop("SIGKILL")]);
    expect(p.pid()).toBeUndefined();
    expect(alive(first)).toBe(false);
    await Promise.all([p.start(), p.start()]);
    expect(p.starts()).toBe(2);
    const second = p.pid()!;
    process.kill(second, "SIGSTOP");
    const started = performance.now();
    await p.stop("SIGTERM");
    expect(performance.now() - started).toBeLessThan(1_500); // resumed, so SIGTERM acted before the grace ran out
    expect(alive(second)).toBe(false);
    expect(exits).toBe(3); // after the kill, before the start, after the stop
  });

  it("tells onStart listeners about every restart, with the new process, until they unsubscribe", async () => {
    const p = await startRestartable("heard", () => idleChild());
    const heard: number[] = [];
    const off = p.onStart((c) => heard.push(c.pid));
    await p.stop("SIGTERM");
    await p.start();
    expect(heard).toEqual([p.pid()]);
    off();
    await p.stop("SIGTERM");
    await p.start();
    expect(heard).toHaveLength(1);
    await p.stop("SIGTERM");
  });

  it("notices a process that exited on its own and starts a new one", async () => {
    let starts = 0;
    const p = await startRestartable("short", () => idleChild(starts++ === 0 ? 50 : undefined));
    await expect.poll(() => p.pid(), { timeout: 3_000 }).toBeUndefined();
    await p.start();
    expect(p.pid()).toBeGreaterThan(0);
    await p.stop("SIGTERM");
  });
});

describe("trimTornTail", () => {
  it("cuts a trailing partial line and leaves whole lines alone", () => {
    const file = path.join(dir, "torn.ndjson");
    fs.writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":');
    trimTornTail(file);
    expect(fs.readFileSync(file, "utf8")).toBe('{"a":1}\n{"b":2}\n');
    trimTornTail(file);
    expect(fs.readFileSync(file, "utf8")).toBe('{"a":1}\n{"b":2}\n');
    fs.writeFileSync(file, '{"only":');
    trimTornTail(file);
    expect(fs.readFileSync(file, "utf8")).toBe("");
    trimTornTail(path.join(dir, "missing.ndjson"));
  });
});
