// Test-only: spawns a real server node process (node --import tsx sim/server/main.ts '<config>') with
// IPC, collects its stderr, and exposes its first IPC message and its exit.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ServerNodeConfig } from "../contracts/index.ts";

const MAIN = fileURLToPath(new URL("../server/main.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface NodeProcess extends AsyncDisposable {
  child: ChildProcess;
  /** First IPC message (ready or fatal). */
  firstMessage: Promise<ChildMessage>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function spawnNodeProcess(config: ServerNodeConfig | string, env: Record<string, string> = {}): NodeProcess {
  const arg = typeof config === "string" ? config : JSON.stringify(config);
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, arg], {
    cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe", "ipc"], env: { ...process.env, ...env },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })));
  const firstMessage = new Promise<ChildMessage>((resolve, reject) => {
    child.once("message", (message) => resolve(message as ChildMessage));
    void exited.then(({ code }) => reject(new Error(`node exited (code ${code}) before any IPC message: ${stderr.slice(-2000)}`)));
  });
  firstMessage.catch(() => {});
  return {
    child, firstMessage, exited, stderr: () => stderr,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

/** Resolves with the value of `promise`, or rejects after timeoutMs naming `what`. */
export async function within<T>(what: string, timeoutMs: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
