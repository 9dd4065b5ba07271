// Prometheus file-based service discovery: a targets file (a JSON array of {targets, labels}) that
// Prometheus re-reads when it changes. Written atomically (temp file + rename), so Prometheus never
// reads half a file (lib/atomic-file.ts); one group per target, since each target carries its own labels and path.

import { writeFileAtomicSync } from "../lib/atomic-file.ts";

/** One scrape target: `host:port`, its labels (process, column, ...) and its path when not /metrics. */
export interface DiscoveredTarget {
  address: string;
  labels: Record<string, string>;
  metricsPath?: string;
}

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

export function targetGroups(targets: readonly DiscoveredTarget[]): TargetGroup[] {
  return targets.map((t) => ({
    targets: [t.address],
    labels: { ...t.labels, ...(t.metricsPath && t.metricsPath !== "/metrics" ? { __metrics_path__: t.metricsPath } : {}) },
  }));
}

/** Replaces `file` with the groups of `targets`. */
export function writeTargetsFile(file: string, targets: readonly DiscoveredTarget[]): void {
  writeJsonAtomically(file, targetGroups(targets));
}

/** Writes JSON over `file` whole (lib/atomic-file.ts). */
export function writeJsonAtomically(file: string, value: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** `http://host:port/path` -> its address and path, as a target. */
export function targetOf(url: string, labels: Record<string, string>): DiscoveredTarget {
  const u = new URL(url);
  return { address: u.host, labels, metricsPath: u.pathname === "/" ? "/metrics" : u.pathname };
}
