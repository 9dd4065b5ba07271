// Finds the `prometheus` binary a run with --prometheus starts: TASKSTORM_PROMETHEUS_BIN (strict: it
// must answer --version), else PATH (Debian's package puts it in /usr/bin). Not built by taskstorm: any
// release since MIN_PROMETHEUS_VERSION (the first with --web.enable-remote-write-receiver) will do.
import path from "node:path";
import { errors } from "../lib/errors.ts";
import { findOnPath, runProbe, versionAtLeast } from "./tools.ts";

export const PROMETHEUS_ENV_VAR = "TASKSTORM_PROMETHEUS_BIN";
export const MIN_PROMETHEUS_VERSION = "2.33.0";

export interface FoundPrometheus {
  path: string;
  /** "2.42.0" (distribution suffixes such as "+ds" dropped). */
  version: string;
  source: "env" | "path";
}

/** The ways to get it, for errors and the doctor. */
export const PROMETHEUS_WAYS = [
  "apt-get install prometheus (Debian, Ubuntu)",
  `a release from https://prometheus.io/download/ on PATH, or ${PROMETHEUS_ENV_VAR}=/path/to/prometheus`,
];

/** Version of a prometheus binary, or null with the reason. */
export async function prometheusVersion(file: string, env: NodeJS.ProcessEnv = process.env): Promise<{ version: string | null; detail: string }> {
  const probe = await runProbe(file, ["--version"], { env });
  const match = /^prometheus, version (\d+\.\d+\.\d+)/m.exec(probe.output);
  return match ? { version: match[1]!, detail: probe.output.split("\n")[0]!.trim() } : { version: null, detail: probe.error ?? `unrecognised --version output: ${JSON.stringify(probe.output.split("\n")[0]!.slice(0, 80))}` };
}

/** The binary to run, or null when there is none; throws when TASKSTORM_PROMETHEUS_BIN points at something that is not one. */
export async function findPrometheus(env: NodeJS.ProcessEnv = process.env): Promise<FoundPrometheus | null> {
  const fromEnv = env[PROMETHEUS_ENV_VAR];
  const candidates = fromEnv ? [path.resolve(fromEnv)] : await findOnPath("prometheus", env);
  for (const file of candidates) {
    const seen = await prometheusVersion(file, env);
    if (seen.version && versionAtLeast(seen.version, MIN_PROMETHEUS_VERSION)) return { path: file, version: seen.version, source: fromEnv ? "env" : "path" };
    if (fromEnv) {
      throw errors.toolMissing(`${PROMETHEUS_ENV_VAR}=${file}: expected prometheus >= ${MIN_PROMETHEUS_VERSION}, saw ${seen.version ?? seen.detail}, so prometheus`,
        [`point ${PROMETHEUS_ENV_VAR} at prometheus >= ${MIN_PROMETHEUS_VERSION}`, `unset ${PROMETHEUS_ENV_VAR} to use PATH`]);
    }
  }
  return null;
}

/** findPrometheus, or a tool-missing error naming the ways out. */
export async function requirePrometheus(env: NodeJS.ProcessEnv = process.env): Promise<FoundPrometheus> {
  const found = await findPrometheus(env);
  if (!found) throw errors.toolMissing(`prometheus >= ${MIN_PROMETHEUS_VERSION} (for --prometheus; ${PROMETHEUS_ENV_VAR} unset, none on PATH)`, PROMETHEUS_WAYS);
  return found;
}
