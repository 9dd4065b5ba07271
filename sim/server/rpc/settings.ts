// The node's RPC settings: the zod schema config.ts validates `rpc` with, and resolveRpcSettings,
// which fills absent optional fields. Absent timeouts get Halibut's production defaults (unscaled);
// absent `retry` and `pollingListen` mean off; an absent pooled-connection expiry keeps the
// skeleton's 4 s (below Node's default 5 s server keep-alive, so a reused socket is never half-closed).
import { z } from "zod";
import type { RpcSettings } from "../../contracts/index.ts";

const positiveMs = z.number().int().positive();
const nonNegativeMs = z.number().int().nonnegative();

export const rpcSettingsSchema = z.strictObject({
  connectTimeoutMs: positiveMs,
  receiveResponseTimeoutMs: positiveMs,
  statusPollInitialMs: positiveMs,
  statusPollBackoffFactor: z.number().min(1),
  statusPollMaxMs: positiveMs,
  maxPooledConnectionsPerTentacle: z.number().int().nonnegative(),
  sendTimeoutMs: positiveMs.optional(),
  receiveTimeoutMs: positiveMs.optional(),
  pooledConnectionTimeoutMs: positiveMs.optional(),
  connectRetry: z.strictObject({ countLimit: z.number().int().min(1), sleepMs: nonNegativeMs, timeoutMs: nonNegativeMs }).optional(),
  tcpKeepAliveIdleMs: nonNegativeMs.optional(),
  pollingQueueWaitTimeoutMs: positiveMs.optional(),
  pollingRequestQueueTimeoutMs: positiveMs.optional(),
  maxConnectionsPerPollingSubscription: z.number().int().nonnegative().optional(),
  pollingListen: z.strictObject({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }).optional(),
  retry: z.strictObject({ durationMs: nonNegativeMs, sleepStepMs: nonNegativeMs, sleepMaxSteps: z.number().int().min(1) }).optional(),
  startScriptWaitMs: nonNegativeMs.optional(),
  heartbeat: z.strictObject({ enabled: z.boolean(), sendTimeoutMs: positiveMs, receiveTimeoutMs: positiveMs }).optional(),
}) satisfies z.ZodType<RpcSettings>;

type Filled = "sendTimeoutMs" | "receiveTimeoutMs" | "pooledConnectionTimeoutMs" | "connectRetry" | "tcpKeepAliveIdleMs"
  | "pollingQueueWaitTimeoutMs" | "pollingRequestQueueTimeoutMs" | "maxConnectionsPerPollingSubscription" | "startScriptWaitMs";

export type ResolvedRpcSettings = RpcSettings & Required<Pick<RpcSettings, Filled>>;

/** Halibut's production defaults (HalibutTimeoutsAndLimits), in ms, for fields a config leaves out. */
const PRODUCTION_DEFAULTS: Required<Pick<RpcSettings, Filled>> = {
  sendTimeoutMs: 600_000,
  receiveTimeoutMs: 600_000,
  pooledConnectionTimeoutMs: 4_000,
  connectRetry: { countLimit: 5, sleepMs: 1_000, timeoutMs: 300_000 },
  tcpKeepAliveIdleMs: 15_000,
  pollingQueueWaitTimeoutMs: 30_000,
  pollingRequestQueueTimeoutMs: 120_000,
  maxConnectionsPerPollingSubscription: 0,
  startScriptWaitMs: 0,
};

export function resolveRpcSettings(settings: RpcSettings): ResolvedRpcSettings {
  const filled = { ...PRODUCTION_DEFAULTS };
  for (const key of Object.keys(filled) as Filled[]) {
    if (settings[key] !== undefined) (filled as Record<Filled, unknown>)[key] = settings[key];
  }
  return { ...settings, ...filled };
}
