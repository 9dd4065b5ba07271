// Forks a TypeScript module (under tsx) as a managed child that reports over IPC with ChildMessage:
// sends it its config as the first message (never argv), resolves on {type:"ready"}, rejects on
// {type:"fatal"}, early exit or timeout (with the child's stderr tail and exit code). The child is
// stopped by SIGTERM then SIGKILL after a grace period; disposable with `await using`.

import { fork, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { ChildMessage, ParentMessage } from "../contracts/index.ts";
import { errors } from "./errors.ts";
import { stopProcess } from "./stop-process.ts";

/** tsx's ESM loader as a file URL, so `--import` works whatever the child's cwd. */
const TSX_LOADER_URL = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const STDERR_TAIL_CHARS = 4096;
const DEFAULT_STOP_GRACE_MS = 5_000;

export interface ForkReadyOptions {
  /** Name used in errors and logs, e.g. "fleet-0" or "node-2". */
  name: string;
  /** Time allowed from fork to the ready message. */
  readyTimeoutMs: number;
  /** Child environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** When set, the child's stdout and stderr are appended to this file. */
  logFile?: string;
  /** Sent as the first IPC message {type:"config"} (lib/child-config.ts reads it in the child). */
  config?: unknown;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  pid: number;
  name: string;
  /** The `detail` of the child's ready message. */
  ready: Record<string, unknown>;
  /** Time from fork to the ready message, measured by the parent. */
  readyMs: number;
  /** Resolves when the child has exited, however that happened. */
  exited: Promise<ChildExit>;
  /** How it exited, or null while it runs. */
  exit(): ChildExit | null;
  /** The last few KiB the child wrote to stderr. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. Idempotent. */
  stop(graceMs?: number): Promise<ChildExit>;
  /** Closes the IPC channel, as a parent that goes away would (children shut down on it). */
  disconnect(): void;
  /** Sends a message over IPC (dropped when the channel is closed). */
  send(message: unknown): void;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function forkReady(modulePath: string, args: readonly string[], options: ForkReadyOptions): Promise<ManagedChild> {
  const { name, readyTimeoutMs } = options;
  const startedMs = performance.now();
  const child = fork(modulePath, [...args], {
    execArgv: ["--import", TSX_LOADER_URL],
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  let tail = "";
  child.stdout?.on("data", (chunk: Buffer) => log?.write(chunk));
  child.stderr?.on("data", (chunk: Buffer) => {
    log?.write(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<ChildExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.once("close", () => log?.end());
  const stderrTail = () => tail.trimEnd();
  if (options.config !== undefined) child.send({ type: "config", config: options.config } satisfies ParentMessage);
  const stop = (graceMs = DEFAULT_STOP_GRACE_MS) => stopProcess(child, { graceMs }).then(() => exited);

  try {
    const detail = await waitForReady(child, exited, name, readyTimeoutMs, stderrTail);
    return {
      pid: child.pid!,
      name,
      ready: detail,
      readyMs: performance.now() - startedMs,
      exited,
      stderrTail,
      stop,
      exit: () => (child.exitCode === null && child.signalCode === null ? null : { code: child.exitCode, signal: child.signalCode }),
      disconnect: () => child.connected && child.disconnect(),
      send: (message) => void (child.connected && child.send(message as never)),
      [Symbol.asyncDispose]: async () => void (await stop()),
    };
  } catch (err) {
    await stop(1_000);
    throw err;
  }
}

function waitForReady(
  child: ChildProcess,
  exited: Promise<ChildExit>,
  name: string,
  readyTimeoutMs: number,
  stderrTail: () => string,
): Promise<Record<string, unknown>> {
  const withTail = (text: string) => (stderrTail() ? `${text}; stderr tail:\n${stderrTail()}` : `${text}; stderr was empty`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(errors.timeout(`${name} to report ready`, readyTimeoutMs, withTail("no ready message"))), readyTimeoutMs);
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("error", onError);
    };
    const onMessage = (message: ChildMessage) => {
      if (message?.type === "ready") {
        settle();
        resolve(message.detail ?? {});
      } else if (message?.type === "fatal") {
        settle();
        // the child exits right after a fatal message: report how, briefly waiting for it
        void Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 2_000))]).then((exit) =>
          reject(errors.processFailed(name, withTail(`fatal before ready: ${message.message}${exit ? ` (exited with code ${exit.code}, signal ${exit.signal})` : ""}`))));
      }
    };
    const onError = (err: Error) => {
      settle();
      reject(errors.processFailed(name, withTail(`could not start: ${err.message}`)));
    };
    child.on("message", onMessage);
    child.once("error", onError);
    void exited.then(async ({ code, signal }) => {
      if (settled) return;
      settle();
      // Let stderr drain (bounded) so the tail holds the child's last words.
      await Promise.race([new Promise((r) => child.once("close", r)), new Promise((r) => setTimeout(r, 500))]);
      reject(errors.processFailed(name, withTail(`exited before ready (code ${code}, signal ${signal})`)));
    });
  });
}
