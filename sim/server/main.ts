// Entry point of one reference-server node process. The harness forks it and sends the config as the
// first IPC message (lib/child-config.ts); by hand: node --import tsx sim/server/main.ts '<ServerNodeConfig JSON>'.
// Sends {type:"ready"} over IPC once serving; exits 0 after SIGTERM/SIGINT or when the parent's IPC
// channel closes; a bad config or failed start exits 2/1 with the reason on stderr (and a "fatal" message).
import type { ChildMessage } from "../contracts/index.ts";
import { receiveConfig } from "../lib/child-config.ts";
import { parseServerNodeConfig } from "./config.ts";
import { coerceError, ServerError } from "./errors.ts";
import { startServerNode, type RunningServerNode } from "./node.ts";

/** Longest a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

function send(message: ChildMessage): void {
  if (process.send && process.connected) process.send(message);
}

function fail(error: unknown, exitCode: number): void {
  const message = coerceError(error).message;
  process.stderr.write(`taskstorm server: ${message}\n`);
  send({ type: "fatal", message });
  process.exitCode = exitCode;
  if (process.connected) process.disconnect();
}

async function main(): Promise<void> {
  let node: RunningServerNode;
  try {
    node = await startServerNode(parseServerNodeConfig(await receiveConfig("main.ts '<ServerNodeConfig JSON>'")));
  } catch (error) {
    return fail(error, error instanceof ServerError && error.kind === "config" ? 2 : 1);
  }
  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    node.log("info", "node:stopping", { why });
    const deadline = setTimeout(() => {
      node.log("error", "node:stop:deadline", { deadlineMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    void node.stop().then(() => {
      node.log("info", "node:stopped", {});
      process.exitCode = 0;
      if (process.connected) process.disconnect();
    });
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  if (process.send) process.once("disconnect", () => shutdown("parent disconnected"));
  send({ type: "ready", detail: { url: node.url, pid: process.pid } });
}

void main();
