// The scenario spec: data, not code (STYLE rule 4). One zod schema is the single source of the type
// and of its validation. Time units: `server`, `fleet` and `rpc` durations are PRODUCTION seconds,
// scaled by `timeScale` at run time; `load`, `faults` and `drain` durations are RUN (wall-clock) seconds.

import { z } from "zod";

const positiveInt = z.number().int().min(1);
const seconds = z.number().min(0);

export const strategySchema = z.object({
  /** A strategy file in sim/server/strategies/. */
  name: z.string().min(1),
  /** Column name in reports; defaults to `name`. Lets one scenario compare variants of one strategy. */
  label: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "kebab-case").optional(),
  options: z.object({ holdLockAcrossRpc: z.boolean().optional(), maxRetries: z.number().int().min(0).optional() }).strict().default({}),
  /**
   * What differs for this column, merged over the scenario (e.g. { server: { rpc: { preset: "recommended" } } }).
   * Seed, load and faults cannot differ: every column runs the same workload and fault schedule.
   */
  overrides: z.record(z.string(), z.unknown())
    .refine((o) => !["name", "description", "seed", "strategies", "load", "faults"].some((k) => k in o), {
      message: "overrides may not change name, description, seed, strategies, load or faults (every column runs the same workload and faults)",
    })
    .default({}),
});

export const rpcSchema = z.object({
  /** Halibut timeouts: "default" (production defaults) or "recommended" (domain.md (b)). */
  preset: z.enum(["default", "recommended"]),
  /** Per-setting overrides in production seconds, e.g. { receiveResponseTimeoutS: 30 }. */
  overrides: z.object({
    connectTimeoutS: seconds.optional(),
    receiveResponseTimeoutS: seconds.optional(),
    statusPollInitialS: seconds.optional(),
    statusPollMaxS: seconds.optional(),
  }).strict(),
  maxPooledConnectionsPerTentacle: positiveInt,
}).strict();

export const targetSchema = z.union([
  z.literal("all"),
  z.object({ fraction: z.number().gt(0).max(1) }).strict(),
  z.object({ count: positiveInt }).strict(),
  z.object({ ids: z.array(z.string().min(1)).min(1) }).strict(),
]);

export const faultStepSchema = z.object({
  /** Run seconds after load start when the fault is applied. */
  atS: seconds,
  /** How long it stays; healed after (and always at the end of the run). */
  forS: z.number().gt(0),
  kind: z.string().min(1),
  /** Which tentacles: all, a seeded fraction or count, or explicit machine ids. */
  target: targetSchema,
  stream: z.enum(["upstream", "downstream"]).default("downstream"),
  toxicity: z.number().min(0).max(1).default(1),
  attributes: z.record(z.string(), z.unknown()).default({}),
}).strict();

export const expectationSchema = z.object({
  /** What the expectation states, for people: "pickup without the lock runs a task twice". */
  says: z.string().min(1),
  /** Column label whose summary is read. */
  strategy: z.string().min(1),
  /** Path into that column's summary: "checks.no-double-execution.valid", "queueWaitMs.p95", "failed". */
  metric: z.string().min(1),
  op: z.enum(["==", "!=", ">", ">=", "<", "<="]),
  /** Compare with a fixed value... */
  value: z.union([z.number(), z.boolean(), z.string()]).optional(),
  /** ...or with the same metric of another column, times `factor` (default 1). */
  than: z.string().min(1).optional(),
  factor: z.number().gt(0).optional(),
}).strict().refine((e) => (e.value === undefined) !== (e.than === undefined), { message: "give exactly one of value or than" });

export const loadStageSchema = z.object({ rateRps: z.number().min(0), durationS: z.number().gt(0) }).strict();

export const scenarioSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "kebab-case"),
  description: z.string().min(1),
  seed: z.number().int().min(0),
  /** Production time to run time, e.g. 1/60: a 20 s poll interval runs every 333 ms. */
  timeScale: z.number().gt(0).max(1),
  strategies: z.array(z.union([z.string().min(1), strategySchema])).min(1),
  server: z.object({
    nodes: z.number().int().min(1).max(16),
    taskCap: positiveInt,
    pollIntervalS: z.number().gt(0),
    heartbeatIntervalS: z.number().gt(0),
    dbPoolSize: positiveInt,
    rpc: rpcSchema,
  }).strict(),
  fleet: z.object({
    listening: positiveInt,
    environments: positiveInt,
    projects: positiveInt,
    roles: z.array(z.string().min(1)).min(1),
    /** Steps per project, drawn uniformly from [min, max]. */
    stepsPerProject: z.object({ min: positiveInt, max: positiveInt }).strict(),
    /** Script duration in production seconds, uniform in [min, max]. */
    scriptDurationS: z.object({ min: seconds, max: seconds }).strict(),
    scriptFailureRate: z.number().min(0).max(1),
  }).strict(),
  load: z.object({
    startRateRps: z.number().min(0),
    stages: z.array(loadStageSchema).min(1),
    preAllocatedVUs: positiveInt,
    maxVUs: positiveInt,
    thresholds: z.record(z.string(), z.array(z.string())),
    /** Operators cancelling: cancels per second, each of a task found in one of these states. */
    cancels: z.object({ ratePerS: z.number().gt(0), states: z.array(z.enum(["Queued", "Executing"])).min(1) }).strict().optional(),
    /** Dashboard pollers: VUs each listing tasks every intervalS. */
    dashboards: z.object({ vus: positiveInt, intervalS: z.number().gt(0) }).strict().optional(),
  }).strict(),
  faults: z.array(faultStepSchema),
  invariants: z.array(z.string().min(1)),
  /** The symptom this scenario exists to show (and its absence under the fix), checked after the run. */
  expect: z.array(expectationSchema),
  drain: z.object({ timeoutS: z.number().gt(0) }).strict(),
}).strict()
  .refine((s) => s.fleet.scriptDurationS.min <= s.fleet.scriptDurationS.max, { path: ["fleet", "scriptDurationS"], message: "min must be <= max" })
  .refine((s) => s.fleet.stepsPerProject.min <= s.fleet.stepsPerProject.max, { path: ["fleet", "stepsPerProject"], message: "min must be <= max" })
  .refine((s) => s.load.preAllocatedVUs <= s.load.maxVUs, { path: ["load", "preAllocatedVUs"], message: "must be <= load.maxVUs" });

/** A scenario as validated (defaults filled in). */
export type ScenarioSpec = z.output<typeof scenarioSchema>;
export type FaultStep = z.output<typeof faultStepSchema>;
export type FaultTarget = z.output<typeof targetSchema>;
export type StrategyChoice = z.output<typeof strategySchema>;
export type Expectation = z.output<typeof expectationSchema>;

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/** What a scenario file exports: any part of a spec; the rest comes from the base scenario. */
export type ScenarioInput = DeepPartial<z.input<typeof scenarioSchema>> & { name: string; description: string };
