// Parses and validates the ServerNodeConfig JSON a node gets in argv[2]. Every problem is reported
// with the field path, the value seen and what was expected; unknown fields are refused.
import { z } from "zod";
import type { ServerNodeConfig } from "../contracts/index.ts";
import type { DbRetryPolicy } from "./db-retry.ts";
import { badConfig } from "./errors.ts";
import { rpcSettingsSchema } from "./rpc/settings.ts";
import { STRATEGY_NAMES } from "./strategies/index.ts";
import { dottedPath, issuePath } from "./zod-issue.ts";

const positiveMs = z.number().int().positive();
const nonNegativeMs = z.number().int().nonnegative();

/** The `rpc` section is defined with the RPC code (sim/server/rpc/settings.ts). */
const rpcSchema = rpcSettingsSchema;

const configSchema = z.strictObject({
  nodeName: z.string().regex(/^[A-Za-z0-9._-]+$/, "expected letters, digits, '.', '_' or '-'"),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "expected a postgres:// URL"),
  strategy: z.string().refine((name) => (STRATEGY_NAMES as readonly string[]).includes(name), {
    message: `expected one of the known strategies: ${STRATEGY_NAMES.join(", ")}`,
  }),
  strategyOptions: z.strictObject({
    holdLockAcrossRpc: z.boolean().optional(),
    maxRetries: z.number().int().nonnegative().optional(),
  }),
  apiKey: z.string().min(1),
  taskCap: z.number().int().nonnegative(),
  pollIntervalMs: positiveMs,
  heartbeatIntervalMs: positiveMs,
  dbPoolSize: z.number().int().positive(),
  dbAcquireTimeoutMs: nonNegativeMs.optional(),
  rpc: rpcSchema,
  historyFile: z.string().min(1),
  offlineAfterMs: positiveMs.optional(),
  reclaimAfterMs: positiveMs.optional(),
  progressIntervalMs: positiveMs.optional(),
  healthCheckIntervalMs: nonNegativeMs.optional(),
  hungTaskAfterMs: positiveMs.optional(),
  dbRetryForMs: nonNegativeMs.optional(),
  dbRetryMaxDelayMs: positiveMs.optional(),
  failHungTaskAfterMs: positiveMs.optional(),
  maxParallelism: z.number().int().positive().optional(),
  bugs: z.strictObject({
    pickupWithoutLock: z.boolean().optional(),
    noFencingOnResume: z.boolean().optional(),
    staleSnapshotWrites: z.boolean().optional(),
  }).optional(),
}) satisfies z.ZodType<ServerNodeConfig>;

/** The optional timings of a ServerNodeConfig with their defaults filled in (see server-config.ts). */
export interface NodeTimings {
  offlineAfterMs: number;
  reclaimAfterMs: number;
  progressIntervalMs: number;
  healthCheckIntervalMs: number;
  hungTaskAfterMs: number;
  failHungTaskAfterMs: number;
  maxParallelism: number;
  /** How a task's writes and its executor's reads ride out database errors. */
  dbRetry: DbRetryPolicy;
}

/** Octopus.Action.MaxParallelism's default. */
const DEFAULT_MAX_PARALLELISM = 10;
/** First pause of a retried database operation (then doubled, up to dbRetryMaxDelayMs). */
const DB_RETRY_INITIAL_DELAY_MS = 50;

export function nodeTimings(config: ServerNodeConfig): NodeTimings {
  const progressIntervalMs = config.progressIntervalMs ?? config.pollIntervalMs;
  const hungTaskAfterMs = config.hungTaskAfterMs ?? 10 * progressIntervalMs;
  const maxDelayMs = config.dbRetryMaxDelayMs ?? progressIntervalMs;
  return {
    offlineAfterMs: config.offlineAfterMs ?? 10 * config.heartbeatIntervalMs,
    reclaimAfterMs: config.reclaimAfterMs ?? 120 * config.heartbeatIntervalMs,
    progressIntervalMs,
    healthCheckIntervalMs: config.healthCheckIntervalMs ?? 0,
    hungTaskAfterMs,
    failHungTaskAfterMs: config.failHungTaskAfterMs ?? hungTaskAfterMs,
    maxParallelism: config.maxParallelism ?? DEFAULT_MAX_PARALLELISM,
    dbRetry: { retryForMs: config.dbRetryForMs ?? hungTaskAfterMs, initialDelayMs: Math.min(DB_RETRY_INITIAL_DELAY_MS, maxDelayMs), maxDelayMs },
  };
}

/** Parses argv[2]; throws a ServerError of kind "config" naming the first bad field. */
export function parseServerNodeConfig(json: string | undefined): ServerNodeConfig {
  if (json === undefined) throw badConfig("missing argument: expected ServerNodeConfig JSON as argv[2]");
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw badConfig(`argv[2] is not valid JSON (${(error as Error).message}); expected ServerNodeConfig JSON`);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issuePath(issue);
  const field = dottedPath(path) || "(root)";
  const value = valueAt(raw, path);
  throw badConfig(`invalid ServerNodeConfig field "${field}": got ${describe(value)}; ${issue.message}`, field);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
