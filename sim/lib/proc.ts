// What Linux /proc says of a process on this host (no IPC needed): its resident memory and CPU time
// (fleet RSS, idle CPU, per-host figures), its state letter (a paused process is "T"), and whether it
// listens on a port.

import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";

export interface ProcessUsage {
  rssBytes: number;
  /** User + system CPU time since the process started, ms. */
  cpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every Linux we run on). */
const CLOCK_TICKS_PER_S = 100;

export async function processUsage(pid: number): Promise<ProcessUsage | null> {
  try {
    const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, "utf8"), readFile(`/proc/${pid}/stat`, "utf8")]);
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (!Number.isFinite(rssKb) || !Number.isFinite(ticks)) return null;
    return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_S };
  } catch {
    return null;
  }
}

/** The process state letter from /proc/<pid>/stat ("T" = stopped), or undefined when it is gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

/** Summed CPU time and resident memory of every process in this process's network namespace (one "host"). */
export async function networkNamespaceUsage(): Promise<ProcessUsage> {
  const own = netnsOf("self");
  const total: ProcessUsage = { rssBytes: 0, cpuMs: 0 };
  if (!own) return total;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || netnsOf(entry) !== own) continue;
    const usage = await processUsage(Number(entry));
    if (usage) {
      total.rssBytes += usage.rssBytes;
      total.cpuMs += usage.cpuMs;
    }
  }
  return total;
}

function netnsOf(pid: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

/** /proc/net/tcp state code of a listening socket. */
const TCP_LISTEN = "0A";

/**
 * Whether process `pid` itself holds a socket listening on TCP `port`: its fds' socket inodes against the
 * listeners of its own network namespace (/proc/<pid>/net/tcp*). Tells a server that bound its port from
 * one that lost it to another process answering on the same address.
 */
export function listensOn(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // the fd closed while we looked
      }
    }
  } catch {
    return false; // gone, or not ours to read
  }
  for (const file of ["tcp", "tcp6"]) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === TCP_LISTEN && local && parseInt(local.split(":")[1]!, 16) === port && inodes.has(inode!)) return true;
    }
  }
  return false;
}
