// Test helper: a real `taskstorm agent` process on a loopback address with a fresh token and folder,
// marked for the leak check; dispose kills it (and so everything it started, which it stops itself).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../infra/ports.ts";
import { pollUntil } from "../lib/poll.ts";
import { AgentClient } from "../placement/agent-client.ts";
import { MARKER_VAR } from "./leaks.ts";

const BIN = fileURLToPath(new URL("../../bin/taskstorm.js", import.meta.url));

export interface TestAgent extends AsyncDisposable {
  client: AgentClient;
  url: string;
  token: string;
  dir: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

export async function spawnTestAgent(o: { marker: string; leaseMs?: number; clockSkewMs?: number; host?: string; port?: number; token?: string }): Promise<TestAgent> {
  const host = o.host ?? "127.0.0.1";
  const port = o.port ?? (await freePort(host));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-agent-test-"));
  const token = o.token ?? randomBytes(24).toString("hex");
  const tokenFile = path.join(dir, "token");
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  const child = spawn(process.execPath, [
    BIN, "agent", "--listen", `${host}:${port}`, "--token-file", tokenFile, "--dir", path.join(dir, "agent"),
    "--lease-ms", String(o.leaseMs ?? 60_000), ...(o.clockSkewMs ? ["--clock-skew-ms", String(o.clockSkewMs)] : []),
  ], { env: { ...process.env, [MARKER_VAR]: o.marker }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://${host}:${port}`;
  const client = new AgentClient("test", url, token);
  await pollUntil(`the agent at ${url}`, 20_000, async () => {
    if (child.exitCode !== null) throw new Error(`agent exited ${child.exitCode}: ${out}`);
    return await client.clockMs().then(() => true, () => false);
  }, 100);
  return {
    client, url, token, dir, child, exited, output: () => out,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
