// The scenario spec: data, not code (STYLE rule 4). One zod schema is the single source of the type
// and of its validation. Time units: `server`, `fleet` and `rpc` durations are PRODUCTION seconds,
// scaled by `timeScale` at run time; `load`, `faults` and `drain` durations are RUN (wall-clock) seconds.

import { z } from "zod";
import { fleetSchema } from "./fleet-schema.ts";
import { rpcSchema } from "./rpc-schema.ts";
import { sloSchema } from "./slo-schema.ts";
import { SATURABLE_PARTS } from "../contracts/index.ts";

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

/** How many of the candidates: all, one, a seeded count or fraction (at least one), or these names. */
const pickSchema = z.union([
  z.literal("all"),
  z.literal("one"),
  z.object({ count: positiveInt }).strict(),
  z.object({ fraction: z.number().gt(0).max(1) }).strict(),
  z.array(z.string().min(1)).min(1),
]);

/** Tentacles filtered by ids, segment, mode, role (all must hold), then a seeded count or fraction of them. */
const tentacleFilterSchema = z.object({
  ids: z.array(z.string().min(1)).min(1).optional(),
  segment: z.string().min(1).optional(),
  mode: z.enum(["listening", "polling"]).optional(),
  role: z.string().min(1).optional(),
  count: positiveInt.optional(),
  fraction: z.number().gt(0).max(1).optional(),
}).strict()
  .refine((f) => Object.keys(f).length > 0, { message: "a tentacle filter with at least one of ids, segment, mode, role, count, fraction (or \"all\")" })
  .refine((f) => f.count === undefined || f.fraction === undefined, { message: "count or fraction, not both" });

/** See sim/faults/targets.ts and docs/writing-a-fault.md. */
export const targetSchema = z.union([
  z.literal("all"),
  z.literal("one"),
  z.literal("database"),
  z.object({ nodes: pickSchema }).strict(),
  z.object({ fleets: pickSchema }).strict(),
  z.object({ database: pickSchema }).strict(),
  tentacleFilterSchema,
]);

export const faultStepSchema = z.object({
  /** Run seconds after load start when the fault is applied. */
  atS: seconds,
  /** How long it stays; healed after (and always at the end of the run). */
  forS: z.number().gt(0),
  kind: z.string().min(1),
  /**
   * What it hits: tentacles ("all", "one", { fraction }, { count }, { ids }, { segment }, { mode }, { role }, combinable),
   * { nodes: pick }, { fleets: pick }, or the node-to-database links ("database", { database: pick }).
   */
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

/** A column that saturates a harness part by design (contracts/validity.ts ExpectedSaturation): noted, not held against the run. */
export const expectedSaturationSchema = z.object({
  /** Column label. */
  strategy: z.string().min(1),
  parts: z.array(z.enum(SATURABLE_PARTS)).min(1),
  /** Why that saturation does not undermine what the scenario measures (shown in the report). */
  why: z.string().min(10),
}).strict();

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
    /** A node not seen for this long is offline: not leader, no capacity (not public; [I] 5 min). */
    offlineAfterS: z.number().gt(0).default(300),
    /** The leader fails the running tasks of a node not seen for this long (HA doc: 1 hour). */
    reclaimAfterS: z.number().gt(0).default(3600),
    /** Each running task's progress write: LastUpdatedTime, log flush, cancel and interruption check ([I] 20 s). */
    progressIntervalS: z.number().gt(0).default(20),
    /** The leader queues a Health task touching every tentacle this often; 0 = never (production machine policy: 3600). */
    healthCheckIntervalS: seconds.default(0),
    /** Targets a step runs on at once (Octopus.Action.MaxParallelism). */
    maxParallelism: positiveInt.default(10),
    /** Production bugs to reproduce, all off by default (ServerBugs in sim/contracts/server-config.ts). */
    bugs: z.object({
      pickupWithoutLock: z.boolean().optional(),
      noFencingOnResume: z.boolean().optional(),
      staleSnapshotWrites: z.boolean().optional(),
    }).strict().default({}),
  }).strict(),
  fleet: fleetSchema,
  load: z.object({
    startRateRps: z.number().min(0),
    stages: z.array(loadStageSchema).min(1),
    preAllocatedVUs: positiveInt,
    maxVUs: positiveInt,
    thresholds: z.record(z.string(), z.array(z.string())),
    /** Operators cancelling: cancels per second, each of a task found in one of these states. */
    cancels: z.object({ ratePerS: z.number().gt(0), states: z.array(z.enum(["Queued", "Executing"])).min(1) }).strict().optional(),
    /** Manual interventions: per second, a running task's interruption flag is set, then cleared after holdS. */
    interruptions: z.object({ ratePerS: z.number().gt(0), holdS: z.number().gt(0) }).strict().optional(),
    /** Dashboard pollers: VUs each listing tasks every intervalS. */
    dashboards: z.object({ vus: positiveInt, intervalS: z.number().gt(0) }).strict().optional(),
    /** k6 processes sharing the load by execution segments (as k6-operator's parallelism); thresholds hold per instance. */
    instances: z.number().int().min(1).max(64).default(1),
  }).strict(),
  faults: z.array(faultStepSchema),
  invariants: z.array(z.string().min(1)),
  /** The symptom this scenario exists to show (and its absence under the fix), checked after the run. */
  expect: z.array(expectationSchema),
  /** Harness parts a column saturates by design (e.g. an immediate-reconnect storm spinning the fleet). */
  expectedSaturation: z.array(expectedSaturationSchema).default([]),
  /** Service-level objectives per phase and the hung-task bound (slo-schema.ts). */
  slos: sloSchema,
  drain: z.object({ timeoutS: z.number().gt(0) }).strict(),
}).strict()
  .refine((s) => s.fleet.scriptDurationS.min <= s.fleet.scriptDurationS.max, { path: ["fleet", "scriptDurationS"], message: "min must be <= max" })
  .refine((s) => s.fleet.stepsPerProject.min <= s.fleet.stepsPerProject.max, { path: ["fleet", "stepsPerProject"], message: "min must be <= max" })
  .refine((s) => s.load.preAllocatedVUs <= s.load.maxVUs, { path: ["load", "preAllocatedVUs"], message: "must be <= load.maxVUs" })
  .refine((s) => !s.fleet.pollOneNode || s.fleet.pollOneNode.node <= s.server.nodes, { path: ["fleet", "pollOneNode", "node"], message: "must be <= server.nodes" })
  .superRefine((s, ctx) => {
    const labels = s.strategies.map((c) => (typeof c === "string" ? c : c.label ?? c.name));
    for (const [i, e] of s.expectedSaturation.entries()) {
      if (!labels.includes(e.strategy)) ctx.addIssue({ code: "custom", path: ["expectedSaturation", i, "strategy"], message: `a column label (${labels.join(", ")})` });
    }
  });

/** A scenario as validated (defaults filled in). */
export type ScenarioSpec = z.output<typeof scenarioSchema>;
export type FaultStep = z.output<typeof faultStepSchema>;
export type FaultTarget = z.output<typeof targetSchema>;
export type StrategyChoice = z.output<typeof strategySchema>;
export type Expectation = z.output<typeof expectationSchema>;
export { rpcSchema };

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/** What a scenario file exports: any part of a spec; the rest comes from the base scenario. */
export type ScenarioInput = DeepPartial<z.input<typeof scenarioSchema>> & { name: string; description: string };
