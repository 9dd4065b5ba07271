// What this machine is and how busy it is: CPU model and count, memory, kernel, open-file limits,
// load averages (os), and the machine-wide CPU time counters of /proc/stat, whose differences give the busy ratio.
import { readFileSync } from "node:fs";
import os from "node:os";

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryBytes: number;
  kernel: string;
  arch: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return { cpuModel: cpus[0]?.model.trim() ?? "unknown", cpus: cpus.length, memoryBytes: os.totalmem(), kernel: os.release(), arch: os.arch() };
}

/** This process's open-file limits (`ulimit -n` soft and hard; children inherit them); Infinity when unlimited, null when unreadable (off Linux). */
export function openFilesLimit(limitsText?: string): { soft: number; hard: number } | null {
  let text = limitsText;
  try {
    text ??= readFileSync("/proc/self/limits", "utf8");
  } catch {
    return null;
  }
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!match) return null;
  const value = (s: string) => (s === "unlimited" ? Number.POSITIVE_INFINITY : Number(s));
  return { soft: value(match[1]!), hard: value(match[2]!) };
}

/** 1, 5 and 15 minute load averages, two decimals. */
export function loadAverage(): number[] {
  return os.loadavg().map((v) => Math.round(v * 100) / 100);
}

/** Machine-wide CPU time in clock ticks: all of it, and the idle part (idle + iowait). */
export interface CpuTicks {
  total: number;
  idle: number;
}

/** Parses the aggregate "cpu" line of /proc/stat. */
export function parseProcStat(text: string): CpuTicks | null {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const fields = v.slice(0, 8);
  if (fields.length < 5 || fields.some((x) => !Number.isFinite(x))) return null;
  return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3]! + fields[4]! };
}

/** The machine's CPU ticks now, or null off Linux. */
export function readCpuTicks(): CpuTicks | null {
  try {
    return parseProcStat(readFileSync("/proc/stat", "utf8"));
  } catch {
    return null;
  }
}

/** Busy share of all CPUs between two readings, in [0, 1] (null when no time passed). */
export function busyRatio(from: CpuTicks, to: CpuTicks): number | null {
  const total = to.total - from.total;
  return total > 0 ? Math.min(1, Math.max(0, 1 - (to.idle - from.idle) / total)) : null;
}
