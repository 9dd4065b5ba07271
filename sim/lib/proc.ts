// What Linux /proc says of a process on this host (no IPC needed): its resident memory and CPU time
// (fleet RSS, idle CPU, per-host figures), and its state letter (a paused process is "T").

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
