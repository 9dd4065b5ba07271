// Runs the real taskstorm CLI as a child process (the way a user or CI does), marked for the leak
// check, capturing its output; `waitForOutput` observes progress instead of sleeping.

import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { pollUntil } from "../lib/poll.ts";
import { MARKER_VAR } from "./leaks.ts";

const BIN = fileURLToPath(new URL("../../bin/taskstorm.js", import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** What it wrote on stdout alone (a --json result). */
  stdout(): string;
  /** Resolves with the exit code (or 128 + signal number when killed by a signal). */
  exited: Promise<number>;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
}

export function spawnCli(args: string[], marker: string, env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env, [MARKER_VAR]: marker, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => ((out += d.toString()), (stdout += d.toString())));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? 128 + (signal === "SIGKILL" ? 9 : 15))));
  return {
    child,
    output: () => out,
    stdout: () => stdout,
    exited,
    waitForOutput: async (pattern, timeoutMs) => {
      await pollUntil(`CLI output matching ${pattern}`, timeoutMs, () => {
        if (child.exitCode !== null) throw new Error(`CLI exited (${child.exitCode}) before printing ${pattern}:\n${out}`);
        return pattern.test(out);
      }, 200);
    },
  };
}
