// The node's RPC settings: the zod schema config.ts validates `rpc` with, and resolveRpcSettings,
// which fills absent optional fields from Halibut's production defaults (sim/contracts/halibut.ts,
// unscaled), but for two harness choices named below; absent `retry` and `pollingListen` mean off.
import { z } from "zod";
import { HALIBUT_DEFAULTS, nodeRpcSettings, type RpcSettings } from "../../contracts/index.ts";

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

const production = nodeRpcSettings(HALIBUT_DEFAULTS, 1, 0);

/** What a config that leaves a field out runs with. */
const FALLBACKS: Required<Pick<RpcSettings, Filled>> = {
  sendTimeoutMs: production.sendTimeoutMs!,
  receiveTimeoutMs: production.receiveTimeoutMs!,
  // Not Halibut's 9 min: below a test peer's Node default 5 s server keep-alive, so a reused socket is never half-closed.
  pooledConnectionTimeoutMs: 4_000,
  connectRetry: production.connectRetry!,
  tcpKeepAliveIdleMs: production.tcpKeepAliveIdleMs!,
  pollingQueueWaitTimeoutMs: production.pollingQueueWaitTimeoutMs!,
  pollingRequestQueueTimeoutMs: production.pollingRequestQueueTimeoutMs!,
  maxConnectionsPerPollingSubscription: production.maxConnectionsPerPollingSubscription!,
  // Not Halibut's 5 s: StartScript answers at once unless a config asks it to wait (every scenario does).
  startScriptWaitMs: 0,
};

export function resolveRpcSettings(settings: RpcSettings): ResolvedRpcSettings {
  const filled = { ...FALLBACKS };
  for (const key of Object.keys(filled) as Filled[]) {
    if (settings[key] !== undefined) (filled as Record<Filled, unknown>)[key] = settings[key];
  }
  return { ...settings, ...filled };
}
