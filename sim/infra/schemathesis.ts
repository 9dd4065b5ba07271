// Pinned schemathesis (the OpenAPI fuzzer of the API contract test): found in, or installed into, a
// Python venv in the user cache, <tool cache>/schemathesis-<version>, from tools/schemathesis/requirements.txt
// (every dependency pinned, installed --no-deps). Built in a temp folder and renamed into place, so a
// reader never sees half a venv; it is run as `<venv>/bin/python -m schemathesis.cli`, which survives the rename.
import { randomBytes } from "node:crypto";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { errors } from "../lib/errors.ts";
import { repoRoot, runProbe, toolCacheRoot } from "./tools.ts";

export const SCHEMATHESIS_REQUIREMENTS = path.join(repoRoot, "tools", "schemathesis", "requirements.txt");
/** Python versions schemathesis accepts (its Requires-Python). */
const MIN_PYTHON = [3, 11] as const;
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** The pinned version, read from the requirements file's `schemathesis==X.Y.Z` line. */
export const SCHEMATHESIS_VERSION: string = (() => {
  const match = /^schemathesis==(\S+)$/m.exec(readFileSync(SCHEMATHESIS_REQUIREMENTS, "utf8"));
  if (!match?.[1]) throw errors.invalidArgument(SCHEMATHESIS_REQUIREMENTS, "no schemathesis==<version> line", "a pinned schemathesis");
  return match[1];
})();

export interface FoundSchemathesis {
  /** The venv's python; run `python -m schemathesis.cli …`. */
  python: string;
  version: string;
}

export function schemathesisVenvDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheRoot(env), `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/** The cached venv when it runs schemathesis at the pinned version; null (with why) otherwise. */
export async function findSchemathesis(env: NodeJS.ProcessEnv = process.env): Promise<FoundSchemathesis | { missing: string }> {
  const python = path.join(schemathesisVenvDir(env), "bin", "python");
  const probe = await runProbe(python, ["-m", "schemathesis.cli", "--version"], { env, timeoutMs: 30_000 });
  const seen = /version (\d+\.\d+\.\d+\S*)/.exec(probe.output)?.[1];
  if (seen === SCHEMATHESIS_VERSION) return { python, version: seen };
  return { missing: `schemathesis ${SCHEMATHESIS_VERSION} is not in ${path.dirname(path.dirname(python))} (${seen ? `found ${seen}` : probe.error ?? "no version"}); install it with tools/schemathesis/install.sh` };
}

/** findSchemathesis, else a new venv from the first Python >= 3.11 (TASKSTORM_PYTHON, python3, python3.1x). */
export async function ensureSchemathesis(opts: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<FoundSchemathesis> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const found = await findSchemathesis(env);
  if ("python" in found) return found;
  const basePython = await findPython(env);
  const venv = schemathesisVenvDir(env);
  const tmp = `${venv}.build-${process.pid}-${randomBytes(4).toString("hex")}`;
  await fs.mkdir(path.dirname(venv), { recursive: true });
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} with ${basePython} into ${venv} (first run only)...`);
  try {
    await mustRun(basePython, ["-m", "venv", tmp], env);
    const pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--no-deps", "-r", SCHEMATHESIS_REQUIREMENTS];
    await mustRun(path.join(tmp, "bin", "python"), pip, env);
    await fs.rm(venv, { recursive: true, force: true }); // a broken venv at the pinned version
    await fs.rename(tmp, venv);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
  const installed = await findSchemathesis(env);
  if (!("python" in installed)) throw errors.toolBuildFailed(`schemathesis ${SCHEMATHESIS_VERSION}`, installed.missing);
  log(`installed schemathesis ${installed.version} -> ${venv}`);
  return installed;
}

async function findPython(env: NodeJS.ProcessEnv): Promise<string> {
  const candidates = [env.TASKSTORM_PYTHON, "python3", "python3.11", "python3.12", "python3.13"].filter((c): c is string => !!c);
  const seen: string[] = [];
  for (const candidate of candidates) {
    const probe = await runProbe(candidate, ["-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], { env });
    const [major = 0, minor = 0] = probe.output.trim().split(".").map(Number);
    if (probe.ok && (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]))) return candidate;
    seen.push(`${candidate}: ${probe.ok ? probe.output.trim() : probe.error}`);
  }
  throw errors.toolMissing(`Python >= ${MIN_PYTHON.join(".")} with venv (for schemathesis; saw ${seen.join("; ")})`,
    ["install python3 (>= 3.11) and python3-venv", "set TASKSTORM_PYTHON=/path/to/python3.11"]);
}

async function mustRun(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runProbe(file, args, { env, timeoutMs: INSTALL_TIMEOUT_MS });
  if (!result.ok) {
    throw errors.toolBuildFailed(`schemathesis ${SCHEMATHESIS_VERSION}`, `\`${file} ${args.join(" ")}\` failed (${result.error}):\n${result.output.slice(-4000)}`);
  }
}
