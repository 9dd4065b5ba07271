// The agents of a run's network-namespace hosts: one `taskstorm agent` per host (but the conductor's),
// started inside the host's namespace and tied to the conductor (they die with it), bound to the host's
// address, sharing one token (a 0600 file), kept alive by a lease the conductor renews.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { errors } from "../../lib/errors.ts";
import { pollUntil } from "../../lib/poll.ts";
import { spawnTied } from "../../lib/spawn-tied.ts";
import { hasExited, stopProcess } from "../../lib/stop-process.ts";
import { AgentClient, keepLeases, LEASE_TTL_MS } from "../agent-client.ts";
import type { NetnsHost } from "./hosts.ts";

const BIN = fileURLToPath(new URL("../../../bin/taskstorm.js", import.meta.url));
export const AGENT_PORT = 7070;

export interface HostAgents {
  clients: ReadonlyMap<string, AgentClient>;
  /** The agent folder of a host (on the conductor's view of the disk: only for cleanup). */
  folderOf(host: string): string;
  /** Shuts every agent down (each stops what it started), then makes sure the processes are gone. */
  stop(): Promise<void>;
}

export interface StartAgentsOptions {
  hosts: readonly NetnsHost[];
  /** Private folder for the token file and the agents' folders. */
  workDir: string;
  logsDir: string;
  /** Clock skew per host name (tests of the clock correction). */
  clockSkewMs?: Readonly<Record<string, number>>;
}

export async function startHostAgents(o: StartAgentsOptions): Promise<HostAgents> {
  fs.mkdirSync(o.workDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(o.logsDir, { recursive: true });
  const token = randomBytes(24).toString("hex");
  const tokenFile = path.join(o.workDir, "token");
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  const folderOf = (host: string) => path.join(o.workDir, "agents", host);
  const children = o.hosts.map((host) => {
    const log = fs.openSync(path.join(o.logsDir, `agent-${host.name}.log`), "a");
    const skew = o.clockSkewMs?.[host.name];
    const child = spawnTied("ip", [
      "netns", "exec", host.netns, process.execPath, BIN, "agent", "--listen", `${host.address}:${AGENT_PORT}`, "--token-file", tokenFile,
      "--dir", folderOf(host.name), "--lease-ms", String(LEASE_TTL_MS), ...(skew ? ["--clock-skew-ms", String(skew)] : []),
    ], { stdio: ["ignore", log, log] });
    fs.closeSync(log);
    return { host, child };
  });
  const clients = new Map(o.hosts.map((h) => [h.name, new AgentClient(h.name, `http://${h.address}:${AGENT_PORT}`, token)] as const));
  const killAll = async () => void (await Promise.all(children.map(({ child }) => stopProcess(child, { graceMs: 10_000 }))));
  try {
    await Promise.all(children.map(({ host, child }) => pollUntil(`the agent on ${host.name} (${host.address})`, 30_000, async () => {
      if (hasExited(child)) throw errors.processFailed(`agent on ${host.name}`, `exited (${child.exitCode ?? child.signalCode}); see ${path.join(o.logsDir, `agent-${host.name}.log`)}`);
      return await clients.get(host.name)!.clockMs().then(() => true, () => false);
    }, 100)));
  } catch (error) {
    await killAll();
    throw error;
  }
  const stopLeases = keepLeases(clients.values());
  return {
    clients,
    folderOf,
    async stop() {
      stopLeases();
      await Promise.all([...clients.values()].map((c) => c.shutdown().catch(() => undefined)));
      await killAll();
    },
  };
}
