// The outer half of `taskstorm run --placement netns`: makes the run's hosts (removing a killed run's
// leftovers first), runs the conductor — this same command — inside the "ctl" host, passes it Ctrl-C
// and SIGTERM, and removes every namespace, link and process of the run when it ends, however it ends.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { errors } from "../../lib/errors.ts";
import { shardCount } from "../../plan/fleet-plan.ts";
import type { ScenarioSpec } from "../../scenario/index.ts";
import { createNetnsHosts, netnsUnavailable, planNetnsHosts, removeLeftoverHosts, removeNetnsHosts, type NetnsHosts } from "./hosts.ts";

const BIN = fileURLToPath(new URL("../../../bin/taskstorm.js", import.meta.url));
/** Set for the conductor inside the ctl host: the file describing the run's hosts. */
export const NETNS_HOSTS_ENV = "TASKSTORM_NETNS_HOSTS";

export interface SuperviseOptions {
  /** Hosts besides the conductor's "ctl": db, node-1.., fleet-1.., load. */
  hostNames: readonly string[];
  /** The taskstorm command line to run inside ctl (e.g. ["run", "smoke", "--placement", "netns"]). */
  args: readonly string[];
  log: (line: string) => void;
}

export async function superviseNetnsRun(o: SuperviseOptions): Promise<number> {
  const why = await netnsUnavailable();
  if (why) throw errors.invalidArgument("--placement", "netns", `network-namespace hosts cannot be made here: ${why}`);
  const leftovers = await removeLeftoverHosts();
  if (leftovers.length) o.log(`netns: removed the hosts left by killed runs (owner pids ${leftovers.join(", ")})`);
  const hosts = planNetnsHosts(process.pid, ["ctl", ...o.hostNames]);
  const setupStartedMs = performance.now();
  await createNetnsHosts(hosts);
  o.log(`netns: ${hosts.hosts.length} hosts (${hosts.hosts.map((h) => `${h.name} ${h.address}`).join(", ")}) on a switch of their own, set up in ${Math.round(performance.now() - setupStartedMs)} ms`);
  const hostsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-netns-")), "hosts.json");
  try {
    fs.writeFileSync(hostsFile, JSON.stringify(hosts), { mode: 0o600 });
    return await runInside(hosts, hostsFile, o.args);
  } finally {
    const teardownStartedMs = performance.now();
    const problems = await removeNetnsHosts(hosts);
    fs.rmSync(path.dirname(hostsFile), { recursive: true, force: true });
    o.log(`netns: hosts removed in ${Math.round(performance.now() - teardownStartedMs)} ms${problems.length ? `; problems: ${problems.join("; ")}` : ""}`);
  }
}

/** Runs taskstorm `args` in the ctl host with the hosts file; resolves to its exit code (128 + signal when killed). */
function runInside(hosts: NetnsHosts, hostsFile: string, args: readonly string[]): Promise<number> {
  const ctl = hosts.hosts.find((h) => h.name === "ctl")!;
  const child = spawn("ip", ["netns", "exec", ctl.netns, process.execPath, BIN, ...args], { stdio: "inherit", env: { ...process.env, [NETNS_HOSTS_ENV]: hostsFile } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** The hosts the conductor inside ctl was started with. */
export function readNetnsHosts(file: string): NetnsHosts {
  return JSON.parse(fs.readFileSync(file, "utf8")) as NetnsHosts;
}

/** The hosts a run of these columns needs besides ctl: the database, every node, every fleet shard, the load. */
export function netnsHostNames(specs: readonly ScenarioSpec[]): string[] {
  const nodes = Math.max(...specs.map((s) => s.server.nodes));
  const shards = Math.max(...specs.map((s) => shardCount(s, s.fleet.listening, s.fleet.polling)));
  return ["db", ...Array.from({ length: nodes }, (_, i) => `node-${i + 1}`), ...Array.from({ length: shards }, (_, i) => `fleet-${i + 1}`), "load"];
}
