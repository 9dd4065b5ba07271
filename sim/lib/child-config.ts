// How a child process entry point (a node, a fleet) gets its config: the first IPC message
// {type:"config"} when the harness started it (never argv: configs hold the API key and database
// password, and argv is visible in `ps`), or argv[2] as inline JSON when a person runs it by hand.
import type { ParentMessage } from "../contracts/index.ts";

/** The config JSON text; rejects after timeoutMs when neither argv nor IPC brings one. */
export function receiveConfig(usage: string, timeoutMs = 30_000): Promise<string> {
  const inline = process.argv[2];
  if (inline !== undefined) return Promise.resolve(inline);
  if (!process.send) return Promise.reject(new Error(`no config: ${usage}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no config message from the parent within ${timeoutMs} ms (${usage})`)), timeoutMs);
    timer.unref();
    const onMessage = (message: ParentMessage) => {
      if (message?.type !== "config") return;
      clearTimeout(timer);
      process.off("message", onMessage);
      resolve(typeof message.config === "string" ? message.config : JSON.stringify(message.config));
    };
    process.on("message", onMessage);
  });
}
