// The `fleet` section of a scenario: how many listening and polling tentacles, their segments (data
// centres), the deployment model they serve, and their behaviours, per fleet or per seeded group.
// Durations are PRODUCTION seconds (scaled by timeScale at run time).

import { z } from "zod";

const positiveInt = z.number().int().min(1);
const seconds = z.number().min(0);
const probability = z.number().min(0).max(1);

/** Behaviour fields a group may override (the fleet-level values are the default behaviour). */
const behaviourFields = {
  /** Script duration in production seconds, in [min, max]. */
  scriptDurationS: z.object({ min: seconds, max: seconds }).strict().refine((d) => d.min <= d.max, { message: "min must be <= max" }),
  /** uniform in [min, max], or lognormal (median = geometric mean, [min, max] = +/- 2 sigma, clamped). */
  scriptDurationShape: z.enum(["uniform", "lognormal"]),
  scriptFailureRate: probability,
  /** Probability a script never completes (until canceled or the tentacle crashes). */
  hangRate: probability,
  /** Production seconds to receive one MiB of a package (slow upload); 0 = instant. */
  uploadSPerMiB: seconds,
  /** Crash at seeded exponential intervals (mean meanIntervalS), down for downS each time. */
  crash: z.object({ meanIntervalS: z.number().gt(0), downS: seconds }).strict(),
  /** OctopusBypassDeploymentMutex: scripts on these tentacles skip the isolation mutex. */
  bypassDeploymentMutex: z.boolean(),
};

export const behaviourGroupSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "kebab-case"),
  /** Tentacles matching every filter given, then a seeded fraction or count of them (all when neither). */
  select: z.object({
    segment: z.string().min(1).optional(),
    role: z.string().min(1).optional(),
    mode: z.enum(["listening", "polling"]).optional(),
    fraction: z.number().gt(0).max(1).optional(),
    count: positiveInt.optional(),
  }).strict().refine((s) => s.fraction === undefined || s.count === undefined, { message: "give fraction or count, not both" }).default({}),
  ...z.object(behaviourFields).partial().shape,
}).strict();

export const fleetSchema = z.object({
  /** Listening tentacles (the server calls them through their proxy). */
  listening: z.number().int().min(0),
  /** Polling tentacles (they long-poll every node, each through its own proxy per node). */
  polling: z.number().int().min(0).default(0),
  /** Misconfiguration of domain.md scenario 8: `count` polling tentacles (seeded) poll only node `node` (1-based). */
  pollOneNode: z.object({ count: z.number().int().min(0), node: positiveInt }).strict().optional(),
  /** Data centres: machines are split into this many contiguous segments "dc-1".."dc-N". */
  segments: positiveInt.default(1),
  environments: positiveInt,
  projects: positiveInt,
  roles: z.array(z.string().min(1)).min(1),
  /** Steps per project, drawn uniformly from [min, max]. */
  stepsPerProject: z.object({ min: positiveInt, max: positiveInt }).strict(),
  /** Package uploaded to every target before a deployment's first step, MiB; 0 = none. */
  packageSizeMiB: seconds.default(0),
  scriptDurationS: behaviourFields.scriptDurationS,
  scriptDurationShape: behaviourFields.scriptDurationShape.default("uniform"),
  scriptFailureRate: probability,
  hangRate: probability.default(0),
  uploadSPerMiB: seconds.default(0),
  crash: behaviourFields.crash.optional(),
  bypassDeploymentMutex: z.boolean().default(false),
  /** Groups applied in order; a tentacle takes the fields of every group that selects it (later groups win). */
  behaviours: z.array(behaviourGroupSchema).default([]),
  /** Fleet processes to shard the tentacles over; default: as many as the open-file budget needs. */
  processes: positiveInt.optional(),
  /** toxiproxy-server processes to shard the proxies over; default: as many as the open-file budget needs. */
  proxyShards: positiveInt.optional(),
}).strict()
  .refine((f) => f.listening + f.polling >= 1, { message: "listening + polling must be at least 1" })
  .refine((f) => !f.pollOneNode || f.pollOneNode.count <= f.polling, { path: ["pollOneNode", "count"], message: "must be <= fleet.polling" });

export type FleetSpec = z.output<typeof fleetSchema>;
export type BehaviourGroup = z.output<typeof behaviourGroupSchema>;
