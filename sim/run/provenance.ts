// Collects a run's provenance (contracts/provenance.ts): taskstorm's version and git commit, Node, the
// PostgreSQL a pass reached, the pinned tools' versions, the machine and its load at start and end,
// and the placement kind. Nothing here may fail a run: what cannot be read is null.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Provenance } from "../contracts/index.ts";
import type { PostgresSource } from "../infra/postgres-source.ts";
import { repoRoot } from "../infra/tools.ts";
import { loadAverage, machineInfo } from "../lib/machine.ts";

export interface ProvenanceStart {
  postgres: PostgresSource;
  tools: { k6: string | null; toxiproxy: string | null };
  placementKind: string;
}

/** Provenance at the start of a run (loadAverage.end null, PostgreSQL version unknown until a pass reads it). */
export async function startProvenance(o: ProvenanceStart): Promise<Provenance> {
  return {
    taskstorm: { version: packageVersion(), commit: await gitCommit() },
    node: process.version,
    postgres: { version: null, source: o.postgres.kind },
    tools: o.tools,
    machine: machineInfo(),
    loadAverage: { start: loadAverage(), end: null },
    placement: { kind: o.placementKind },
  };
}

/** The same provenance at the end of the run: the load average now and the PostgreSQL version a pass saw. */
export function finishProvenance(p: Provenance, postgresVersion: string | null | undefined): Provenance {
  return { ...p, postgres: { ...p.postgres, version: postgresVersion ?? p.postgres.version }, loadAverage: { ...p.loadAverage, end: loadAverage() } };
}

/** server_version of the database a client is connected to (null when the query fails). */
export async function postgresVersion(client: { query(sql: string): Promise<{ rows: Record<string, unknown>[] }> }): Promise<string | null> {
  try {
    const value = (await client.query("show server_version")).rows[0]?.server_version;
    return typeof value === "string" ? value.split(" ")[0]! : null;
  } catch {
    return null;
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

function gitCommit(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", ["rev-parse", "HEAD"], { cwd: repoRoot, timeout: 5_000 }, (err, stdout) => {
      const sha = stdout?.trim();
      resolve(!err && /^[0-9a-f]{40}$/.test(sha) ? sha : (process.env.GITHUB_SHA ?? null));
    });
  });
}
