// Unit costs of taskstorm's parts as `taskstorm bench units` measures them on real processes (its
// output, reports/bench/units.json, is this format), and the copy kept in the repo with the date and
// machine it came from (sim/plan/unit-costs.json), which `taskstorm plan` and `k8s render` size from.
import fs from "node:fs";
import { z } from "zod";
import { errors } from "../lib/errors.ts";

const perPart = z.strictObject({ nodes: z.number().nonnegative(), fleet: z.number().nonnegative(), toxiproxy: z.number().nonnegative(), postgres: z.number().nonnegative(), k6: z.number().nonnegative() });

export const unitCostsSchema = z.strictObject({
  bench: z.literal("units"),
  /** ISO time the figures were measured. */
  measuredAt: z.string().min(1),
  machine: z.strictObject({
    hostname: z.string(), cpus: z.number().int().positive(), cpuModel: z.string(), memoryBytes: z.number().positive(),
    loadAverage1m: z.number().nonnegative(), node: z.string(), openFilesLimit: z.number().int().positive(),
  }),
  /** What was measured: the system's size and the load it carried. */
  setup: z.strictObject({
    tentacles: z.number().int().positive(), pollingTentacles: z.number().int().nonnegative(), nodes: z.number().int().positive(),
    deployments: z.number().int().positive(), scriptRunsPerDeployment: z.number().positive(), rpcs: z.number().int().positive(), timeScale: z.number().positive(),
  }),
  costs: z.strictObject({
    /** CPU per second of one idle tentacle at timeScale 1 (its fleet process and its proxy), microseconds. */
    idleCpuUsPerTentacleS: z.number().nonnegative(),
    /** CPU per second a node spends on one idle tentacle at timeScale 1 (polls, pools), microseconds; per node. */
    nodeIdleCpuUsPerTentacleS: z.number().nonnegative(),
    /** CPU of one RPC through a proxy, microseconds: in the fleet process and in its toxiproxy-server. */
    cpuUsPerRpc: z.strictObject({ fleet: z.number().nonnegative(), toxiproxy: z.number().nonnegative() }),
    /** CPU of one deployment (at the bench's script runs per deployment), milliseconds, per part. */
    cpuMsPerDeployment: perPart,
    /** Resident memory: a process's own at its size, and what each tentacle or proxy adds, bytes. */
    rssBytes: z.strictObject({
      fleetBase: z.number().nonnegative(), perTentacle: z.number().nonnegative(), toxiproxyBase: z.number().nonnegative(), perProxy: z.number().nonnegative(),
      nodeBase: z.number().nonnegative(), nodePerTentacle: z.number().nonnegative(), k6: z.number().nonnegative(),
    }),
    /** Open file descriptors: a proxy's listener and each connection through it; a tentacle's listener and each connection to it. */
    fds: z.strictObject({
      perProxyListener: z.number().nonnegative(), perProxiedConnection: z.number().nonnegative(),
      perTentacleListener: z.number().nonnegative(), perTentacleConnection: z.number().nonnegative(),
    }),
  }),
});

export type UnitCosts = z.infer<typeof unitCostsSchema>;

/** The unit costs kept in the repo (measured by `npm run bench -- units` and copied here). */
export const UNIT_COSTS_FILE = new URL("./unit-costs.json", import.meta.url);

/** Reads and checks a unit-cost file (the repo's, or a `bench units` output); a problem names the field. */
export function readUnitCosts(file: string | URL = UNIT_COSTS_FILE): UnitCosts {
  const where = typeof file === "string" ? file : file.pathname;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw errors.invalidArgument("unit costs", where, `a readable JSON file written by \`taskstorm bench units\` (${(error as Error).message})`);
  }
  const parsed = unitCostsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw errors.invalidArgument(`unit costs ${where}: ${issue.path.join(".") || "(root)"}`, issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k as PropertyKey], raw), issue.message);
  }
  return parsed.data;
}
