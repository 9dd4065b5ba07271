// The processes below a pid on this host, from /proc: pid, parent, command name and CPU time. A
// sampler turns successive readings into CPU use per part; a process gone between reads is skipped.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The kernel's command name (at most 15 characters, e.g. "toxiproxy-serv"). */
  comm: string;
  /** User + system CPU time since it started, s. */
  cpuS: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every Linux we run on). */
const CLOCK_TICKS_PER_S = 100;

export function parseStat(text: string): ProcessEntry | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  // after ")": state(3) ppid(4) ... utime(14) stime(15)
  const fields = text.slice(close + 2).split(" ");
  const pid = Number(text.slice(0, open).trim());
  const ppid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (![pid, ppid, ticks].every(Number.isFinite)) return null;
  return { pid, ppid, comm: text.slice(open + 1, close), cpuS: ticks / CLOCK_TICKS_PER_S };
}

/** `root` and every live process below it (empty off Linux). */
export function processTree(root: number = process.pid): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const all: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const entry = parseStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      if (entry) all.push(entry);
    } catch {
      // gone meanwhile
    }
  }
  const children = new Map<number, ProcessEntry[]>();
  for (const e of all) children.set(e.ppid, [...(children.get(e.ppid) ?? []), e]);
  const out: ProcessEntry[] = [];
  const stack = all.filter((e) => e.pid === root);
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    stack.push(...(children.get(e.pid) ?? []));
  }
  return out;
}
