// Hosts made of Linux network namespaces on this machine: one namespace per host, each joined by a
// veth pair to a bridge in a switch namespace of its own, addressed in 198.18.0.0/16 (RFC 2544's
// benchmarking range). The switch has no link to the root namespace, so no packet of the run leaves
// these hosts, and nothing here touches the root namespace's interfaces or routes. Namespaces are named
// `tsn-<owner pid>-<host>`, so a later run can find and remove the leftovers of a killed one.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { errors } from "../../lib/errors.ts";

const run = promisify(execFile);

export const NETNS_PREFIX = "tsn-";
/** The hosts' network; 198.18.0.0/15 is reserved for benchmarking, never routed. */
export const NETNS_SUBNET = "198.18.0.0/16";

export interface NetnsHost {
  /** "ctl", "db", "node-1", "fleet-1", "load". */
  name: string;
  netns: string;
  address: string;
  /** The veth end in the switch namespace: setting it down partitions the host. */
  link: string;
}

export interface NetnsHosts {
  /** PID of the process that owns them (its death makes them leftovers). */
  ownerPid: number;
  switchNetns: string;
  hosts: NetnsHost[];
}

/** The hosts for `names` (in order), owned by `ownerPid`; nothing is created yet. */
export function planNetnsHosts(ownerPid: number, names: readonly string[]): NetnsHosts {
  if (new Set(names).size !== names.length) throw errors.invalidArgument("netns hosts", names, "distinct host names");
  const hosts = names.map((name, i) => {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(name)) throw errors.invalidArgument("netns host", name, "lowercase letters, digits and '-'");
    const n = i + 1; // 198.18.0.1 onwards; .0.0 is the network
    return { name, netns: `${NETNS_PREFIX}${ownerPid}-${name}`, address: `198.18.${n >> 8}.${n & 255}`, link: `v${i}` };
  });
  return { ownerPid, switchNetns: `${NETNS_PREFIX}${ownerPid}-sw`, hosts };
}

/** Why namespace hosts cannot be made here, or undefined when they can (root, `ip` present, a namespace can be added). */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "network namespaces need root (ip netns add); run as root, or use --placement local";
  const probe = `${NETNS_PREFIX}${process.pid}-probe`;
  try {
    await run("ip", ["netns", "add", probe]);
  } catch (error) {
    return `\`ip netns add\` failed (${(error as Error).message.split("\n")[0]}): is iproute2 installed and are namespaces allowed here? Use --placement local`;
  }
  await run("ip", ["netns", "del", probe]).catch(() => undefined);
  return undefined;
}

/** Creates every namespace, the switch, the veth pairs and addresses; removes what it made if any step fails. */
export async function createNetnsHosts(h: NetnsHosts): Promise<void> {
  try {
    await batch(undefined, [h.switchNetns, ...h.hosts.map((x) => x.netns)].map((ns) => `netns add ${ns}`));
    await batch(h.switchNetns, [
      "link add br0 type bridge", "link set br0 up", "link set lo up",
      ...h.hosts.flatMap((x) => [`link add ${x.link} type veth peer name eth0 netns ${x.netns}`, `link set ${x.link} master br0`, `link set ${x.link} up`]),
    ]);
    for (const x of h.hosts) await batch(x.netns, ["link set lo up", `addr add ${x.address}/16 dev eth0`, "link set eth0 up"]);
  } catch (error) {
    await removeNetnsHosts(h);
    throw errors.infraFailed("creating network-namespace hosts", (error as Error).message, error);
  }
}

/** Kills every process left in the hosts' namespaces and deletes them, checking by a fresh listing that
 * none is left (a second pass for stragglers); never throws, returns the problems. */
export async function removeNetnsHosts(h: Pick<NetnsHosts, "ownerPid">): Promise<string[]> {
  const ownerPrefix = `${NETNS_PREFIX}${h.ownerPid}-`;
  const mine = async () => (await listNetnsOrError()).filter((ns) => ns.startsWith(ownerPrefix));
  const problems: string[] = [];
  for (let pass = 1; pass <= 2; pass++) {
    let left: string[];
    try {
      left = await mine();
    } catch (error) {
      problems.push(`ip netns list: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    if (left.length === 0) return problems;
    for (const ns of left) for (const pid of await pidsIn(ns)) killQuietly(pid);
    for (const ns of left) await run("ip", ["netns", "del", ns]).catch((e: Error) => void problems.push(`ip netns del ${ns}: ${e.message.split("\n")[0]}`));
  }
  const stillLeft = await mine().catch(() => []);
  return stillLeft.length ? [...problems, `left after two passes: ${stillLeft.join(", ")}`] : problems;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

/** Removes the namespaces of owners that are no longer alive (a killed conductor's); returns their owner PIDs. */
export async function removeLeftoverHosts(): Promise<number[]> {
  const owners = new Set<number>();
  for (const ns of await listNetns()) {
    const owner = Number(new RegExp(`^${NETNS_PREFIX}(\\d+)-`).exec(ns)?.[1]);
    if (Number.isInteger(owner) && !alive(owner)) owners.add(owner);
  }
  for (const ownerPid of owners) await removeNetnsHosts({ ownerPid });
  return [...owners];
}

/** Names of every network namespace on this machine. */
export async function listNetns(): Promise<string[]> {
  return listNetnsOrError().catch(() => []);
}

async function listNetnsOrError(): Promise<string[]> {
  const { stdout } = await run("ip", ["netns", "list"]);
  return stdout.split("\n").map((line) => line.split(" ")[0]!).filter(Boolean);
}

async function pidsIn(netns: string): Promise<number[]> {
  const { stdout } = await run("ip", ["netns", "pids", netns]).catch(() => ({ stdout: "" }));
  return stdout.split("\n").map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** Runs `ip` commands in one process (`ip -batch -`), in a namespace when given. */
function batch(netns: string | undefined, commands: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ip", [...(netns ? ["-n", netns] : []), "-batch", "-"], { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`ip ${netns ? `-n ${netns} ` : ""}-batch failed (exit ${code}): ${stderr.trim()}`))));
    child.stdin!.end(`${commands.join("\n")}\n`);
  });
}

/** Sets a host's link up or down at the switch: down, the host sends and receives nothing. */
export async function setHostLink(h: NetnsHosts, host: NetnsHost, up: boolean): Promise<void> {
  await batch(h.switchNetns, [`link set ${host.link} ${up ? "up" : "down"}`]);
}

/** Two halves of NETNS_SUBNET: more specific than the link's own route, so they win over it. */
const SUBNET_HALVES = ["198.18.0.0/17", "198.18.128.0/17"];

/** Drops (or stops dropping) every packet a host sends to the other hosts; what they send still arrives. */
export async function setHostOutboundDrop(host: NetnsHost, dropping: boolean): Promise<void> {
  await batch(host.netns, SUBNET_HALVES.map((half) => `route ${dropping ? "add" : "del"} blackhole ${half}`));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
