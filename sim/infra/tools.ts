// Pinned tool bootstrap: finds k6, toxiproxy-server, toxiproxy-cli (a run's tools, the last optional)
// and actionlint (the workflow test's) at their pinned versions (env var, then PATH, then the user
// cache) and builds a missing one with Go from the pinned module in tools/go/<slug> into the cache
// (temp file + atomic rename, so concurrent runs never see half a binary).
import { execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { constants, promises as fs, readdirSync, readFileSync, type Dirent } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { errors } from "../lib/errors.ts";

export type ToolName = "k6" | "toxiproxy-server" | "toxiproxy-cli" | "k8s-validate" | "actionlint";
export type ToolSource = "env" | "path" | "cache";

export interface ToolSpec {
  name: ToolName;
  /** Pinned version with its leading "v", as the tool reports it once normalised. */
  version: string;
  /** Env var that may point at a binary; it must report exactly `version`. */
  envVar: string;
  /** File name of the binary, on PATH and in the cache. */
  binary: string;
  /** Folder (relative to the repo root) whose go.mod/go.sum pin the version. */
  moduleDir: string;
  /** Cache folder is tools/<cacheSlug>-<version>/. */
  cacheSlug: string;
  /** Go package of the main program, built from `moduleDir`. */
  goPackage: string;
  /** Extra `go build -ldflags` ("" for none). */
  ldflags: string;
  /** Arguments that make the binary print its version. */
  versionArgs: string[];
  /** Captures "x.y.z" from the version output. */
  versionPattern: RegExp;
  /** "run": a run needs it (doctor fails without it); "optional": doctor warns, `taskstorm tools` builds it; "test": only the tests need it (doctor and `taskstorm tools` leave it out). Default "run". */
  need?: "run" | "optional" | "test";
}

export const TOOLS: Record<ToolName, ToolSpec> = {
  k6: {
    name: "k6", version: "v2.2.0", envVar: "TASKSTORM_K6_BIN", binary: "k6",
    moduleDir: "tools/go/k6", cacheSlug: "k6", goPackage: "go.k6.io/k6/v2", ldflags: "",
    versionArgs: ["version"], versionPattern: /\bk6 v(\d+\.\d+\.\d+)/,
  },
  "toxiproxy-server": {
    name: "toxiproxy-server", version: "v2.12.0", envVar: "TASKSTORM_TOXIPROXY_BIN",
    binary: "toxiproxy-server", moduleDir: "tools/go/toxiproxy", cacheSlug: "toxiproxy",
    goPackage: "github.com/Shopify/toxiproxy/v2/cmd/server",
    ldflags: "-X github.com/Shopify/toxiproxy/v2.Version=2.12.0",
    versionArgs: ["-version"], versionPattern: /\bversion v?(\d+\.\d+\.\d+)/,
  },
  actionlint: {
    name: "actionlint", version: "v1.7.12", envVar: "TASKSTORM_ACTIONLINT_BIN", binary: "actionlint", moduleDir: "tools/go/actionlint",
    cacheSlug: "actionlint", goPackage: "github.com/rhysd/actionlint/cmd/actionlint", ldflags: "-X github.com/rhysd/actionlint.version=1.7.12",
    versionArgs: ["-version"], versionPattern: /^v?(\d+\.\d+\.\d+)$/m, need: "test",
  },
  /** Not needed by a run: for poking a running one by hand (docs/live-view.md). */
  "toxiproxy-cli": {
    name: "toxiproxy-cli", version: "v2.12.0", envVar: "TASKSTORM_TOXIPROXY_CLI_BIN",
    binary: "toxiproxy-cli", moduleDir: "tools/go/toxiproxy", cacheSlug: "toxiproxy",
    goPackage: "github.com/Shopify/toxiproxy/v2/cmd/cli",
    ldflags: "-X github.com/Shopify/toxiproxy/v2.Version=2.12.0",
    versionArgs: ["--version"], versionPattern: /\bversion v?(\d+\.\d+\.\d+)/, need: "optional",
  },
  // Our own program (taskstorm k8s validate), not needed by a run; its version carries a digest of its
  // sources, so any change to them builds a new binary into a new cache folder. Needs Go >= 1.26 (k8s.io/api v0.37).
  "k8s-validate": {
    name: "k8s-validate", get version() { return `v0.1.0-${sourceDigest("tools/go/k8s-validate")}`; }, envVar: "TASKSTORM_K8S_VALIDATE_BIN",
    binary: "taskstorm-k8s-validate", moduleDir: "tools/go/k8s-validate", cacheSlug: "k8s-validate", goPackage: ".",
    get ldflags() { return `-X main.version=${this.version.slice(1)}`; },
    versionArgs: ["--version"], versionPattern: /\btaskstorm-k8s-validate v(\d+\.\d+\.\d+-[0-9a-f]+)/, need: "optional",
  },
};
/** The tools of a run, needed or optional (doctor checks them, `taskstorm tools` builds them); the tests' own are left out. */
export const TOOL_NAMES = (Object.keys(TOOLS) as ToolName[]).filter((name) => TOOLS[name].need !== "test");
export const MIN_GO_VERSION = "1.25";

export interface FoundTool { name: ToolName; path: string; version: string; source: ToolSource }
export interface ToolOptions {
  /** Environment to resolve against (PATH, TASKSTORM_*, HOME); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}
export interface EnsureToolOptions extends ToolOptions {
  /** Receives progress lines; defaults to stderr. */
  log?: (line: string) => void;
  /** Upper bound for one `go build`; default 15 min. */
  buildTimeoutMs?: number;
}

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

const digests = new Map<string, string>();
/** First 12 hex digits of the SHA-256 of every file under a repo folder (names and contents, sorted). */
export function sourceDigest(dir: string): string {
  let digest = digests.get(dir);
  if (!digest) {
    const hash = createHash("sha256");
    const files = (readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((e) => e.isFile()).map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name))).sort();
    for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(repoRoot, file))).update("\0");
    digest = hash.digest("hex").slice(0, 12);
    digests.set(dir, digest);
  }
  return digest;
}
const versionProbeTimeoutMs = 10_000;

/** `${TASKSTORM_CACHE_DIR ?? XDG_CACHE_HOME/taskstorm ?? ~/.cache/taskstorm}/tools`. */
export function toolCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TASKSTORM_CACHE_DIR) return path.join(env.TASKSTORM_CACHE_DIR, "tools");
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, "taskstorm", "tools");
  return path.join(env.HOME || os.homedir(), ".cache", "taskstorm", "tools");
}

export function cachedToolPath(spec: ToolSpec, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheRoot(env), `${spec.cacheSlug}-${spec.version}`, spec.binary);
}

/** The ways to get a tool, for error messages and the doctor. */
export function waysToGet(spec: ToolSpec): string[] {
  return [
    `set ${spec.envVar}=/path/to/${spec.binary} (a ${spec.version} binary)`,
    `put ${spec.binary} ${spec.version} on PATH`,
    `install Go >= ${MIN_GO_VERSION} and run \`npm run tools\` (builds it into the cache)`,
    "use docker-compose.yml (Docker)",
  ];
}

export interface ProbeResult { ok: boolean; output: string; error?: string }

/** Runs a short command with a timeout; never rejects. */
export function runProbe(
  file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? versionProbeTimeoutMs;
  return new Promise((resolve) => {
    execFile(file, args, { env: opts.env ?? process.env, cwd: opts.cwd, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!err) return resolve({ ok: true, output });
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        const error = e.killed ? `timed out after ${timeoutMs} ms` : e.code === "ENOENT" ? `${file} not found`
          : firstLine(output) || firstLine(e.message);
        resolve({ ok: false, output, error });
      });
  });
}

const probeMemo = new Map<string, { key: string; version: string | null; detail: string }>();

/** Runs the binary's version command; version is "vX.Y.Z" or null (detail says why). */
export async function probeVersion(spec: ToolSpec, file: string, env: NodeJS.ProcessEnv = process.env) {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return { version: null, detail: "no such file" };
  const key = `${stat.mtimeMs}:${stat.size}`;
  const memo = probeMemo.get(file);
  if (memo?.key === key) return memo;
  const probe = await runProbe(file, spec.versionArgs, { env });
  const match = spec.versionPattern.exec(probe.output);
  const result = match ? { key, version: `v${match[1]}`, detail: firstLine(probe.output) }
    : { key, version: null, detail: probe.error ?? `unrecognised version output: ${JSON.stringify(firstLine(probe.output))}` };
  if (probe.ok) probeMemo.set(file, result);
  return result;
}

/** Executable files named `binary` in env.PATH, in PATH order. */
export async function findOnPath(binary: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const dirs = [...new Set((env.PATH ?? "").split(path.delimiter).filter(Boolean))];
  const hits = await Promise.all(dirs.map(async (dir) => {
    const file = path.resolve(dir, binary);
    return (await isExecutableFile(file)) ? file : null;
  }));
  return hits.filter((f): f is string => f !== null);
}

/** The first working `go` on PATH and its version ("1.26.8"), or null. */
export async function findGo(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; version: string } | null> {
  for (const candidate of await findOnPath("go", env)) {
    const probe = await runProbe(candidate, ["version"], { env, cwd: os.tmpdir() });
    const match = /go version go(\d+\.\d+(?:\.\d+)?)/.exec(probe.output);
    if (match?.[1]) return { path: candidate, version: match[1] };
  }
  return null;
}

/** Numeric dotted-version comparison: versionAtLeast("1.26.8", "1.25") === true. */
export function versionAtLeast(seen: string, min: string): boolean {
  const a = seen.replace(/^v/, "").split(".").map(Number);
  const b = min.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** Resolves a pinned tool: env var (strict), PATH (version must match), cache; null when absent. */
export async function findTool(name: ToolName, opts: ToolOptions = {}): Promise<FoundTool | null> {
  const spec = TOOLS[name];
  const env = opts.env ?? process.env;
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    const file = path.resolve(fromEnv);
    const seen = await probeVersion(spec, file, env);
    if (seen.version !== spec.version) {
      throw errors.toolMissing(`${spec.envVar}=${file}: expected ${spec.name} ${spec.version}, saw ` +
        `${seen.version ?? `no version (${seen.detail})`}, so ${spec.name} ${spec.version}`,
        [`point ${spec.envVar} at ${spec.name} ${spec.version}`, `unset ${spec.envVar} to use PATH or the cache`]);
    }
    return { name, path: file, version: spec.version, source: "env" };
  }
  for (const file of await findOnPath(spec.binary, env)) {
    if ((await probeVersion(spec, file, env)).version === spec.version) return { name, path: file, version: spec.version, source: "path" };
  }
  const cached = cachedToolPath(spec, env);
  if ((await probeVersion(spec, cached, env)).version === spec.version) return { name, path: cached, version: spec.version, source: "cache" };
  return null;
}

/** findTool, else builds the tool with Go into the cache, logging progress. */
export async function ensureTool(name: ToolName, opts: EnsureToolOptions = {}): Promise<FoundTool> {
  const found = await findTool(name, opts);
  if (found) return found;
  const spec = TOOLS[name];
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const go = await findGo(env);
  if (!go) {
    throw errors.toolMissing(`${spec.name} ${spec.version} (${spec.envVar} unset, not on PATH at that version, ` +
      `not in ${cachedToolPath(spec, env)}, and no \`go\` on PATH to build it)`, waysToGet(spec));
  }
  const out = cachedToolPath(spec, env);
  await fs.mkdir(path.dirname(out), { recursive: true });
  // Same folder (same filesystem, so the rename is atomic); same file name, since k6 prints its argv[0].
  const tmpDir = path.join(path.dirname(out), `.build-${process.pid}-${randomBytes(4).toString("hex")}`);
  const tmp = path.join(tmpDir, spec.binary);
  await fs.mkdir(tmpDir);
  const startedMs = Date.now();
  log(`building ${spec.name} ${spec.version} with go ${go.version} from ${spec.moduleDir} (first run only, ~1-3 min)...`);
  try {
    await goBuild(spec, go.path, tmp, env, log, opts.buildTimeoutMs ?? 15 * 60_000);
    const seen = await probeVersion(spec, tmp, env);
    if (seen.version !== spec.version) {
      throw errors.toolBuildFailed(`${spec.name} ${spec.version}`, `the built binary reports ${seen.version ?? seen.detail}, expected ${spec.version}`);
    }
    await fs.rename(tmp, out); // atomic; a concurrent build of the same pinned source renames an identical file
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
  log(`built ${spec.name} ${spec.version} in ${((Date.now() - startedMs) / 1000).toFixed(1)} s -> ${out}`);
  return { name, path: out, version: spec.version, source: "cache" };
}

/** ensureTool for each name, one after another (builds are CPU-bound). */
export async function ensureTools(names: ToolName[], opts: EnsureToolOptions = {}): Promise<FoundTool[]> {
  const result: FoundTool[] = [];
  for (const name of names) result.push(await ensureTool(name, opts));
  return result;
}

function goBuild(spec: ToolSpec, goPath: string, outFile: string, env: NodeJS.ProcessEnv,
  log: (line: string) => void, timeoutMs: number): Promise<void> {
  const args = ["build", "-mod=mod", ...(spec.ldflags ? ["-ldflags", spec.ldflags] : []), "-o", outFile, spec.goPackage];
  const cwd = path.join(repoRoot, spec.moduleDir);
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(goPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-16_384); };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const startedMs = Date.now();
    const heartbeat = setInterval(() => log(`  still building ${spec.name} (${Math.round((Date.now() - startedMs) / 1000)} s)...`), 20_000);
    const timer = setTimeout(() => { child.kill("SIGKILL"); }, timeoutMs);
    const fail = (why: string) => {
      const tail = output.trimEnd().split("\n").slice(-20).join("\n");
      reject(errors.toolBuildFailed(`${spec.name} ${spec.version}`,
        `\`go ${args.join(" ")}\` in ${cwd} ${why}; last lines of go's output:\n${tail || "(no output)"}`));
    };
    child.on("error", (err) => { clearInterval(heartbeat); clearTimeout(timer); fail(`could not start (${err.message})`); });
    child.on("close", (code, signal) => {
      clearInterval(heartbeat);
      clearTimeout(timer);
      if (code === 0) return resolve();
      fail(signal ? `was killed by ${signal}${Date.now() - startedMs >= timeoutMs ? ` after the ${timeoutMs} ms limit` : ""}` : `exited with code ${code}`);
    });
  });
}

async function isExecutableFile(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  return !!stat?.isFile() && (await fs.access(file, constants.X_OK).then(() => true, () => false));
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
