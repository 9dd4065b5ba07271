// The `server.rpc` section of a scenario: a Halibut preset ("default" | "recommended") and
// per-setting overrides by name (every setting of contracts/halibut.ts HalibutSettings, production units).

import { z } from "zod";
import type { HalibutSettings } from "../contracts/index.ts";

const seconds = z.number().min(0);
const count = z.number().int().min(0);

const overridesSchema = z.object({
  connectTimeoutS: seconds,
  sendTimeoutS: seconds,
  receiveTimeoutS: seconds,
  receiveResponseTimeoutS: seconds,
  pollingReceiveRequestTimeoutS: seconds,
  heartbeatEnabled: z.boolean(),
  heartbeatSendTimeoutS: seconds,
  heartbeatReceiveTimeoutS: seconds,
  listeningNextRequestIdleTimeoutS: seconds,
  pooledConnectionTimeoutS: seconds,
  pollingQueueWaitTimeoutS: seconds,
  pollingRequestQueueTimeoutS: seconds,
  retryCountLimit: count,
  retryListeningSleepIntervalS: seconds,
  connectionErrorRetryTimeoutS: seconds,
  tcpKeepAliveEnabled: z.boolean(),
  tcpKeepAliveIdleS: seconds,
  tcpKeepAliveIntervalS: seconds,
  tcpKeepAliveProbes: count,
  maxConnectionsPerPollingSubscription: count,
  pollingConnectionCount: z.number().int().min(1).max(512),
  pollingReconnect: z.enum(["immediate", "randomized-backoff"]),
  pollingReconnectMinS: seconds,
  pollingReconnectMaxS: seconds,
  rpcRetryEnabled: z.boolean(),
  rpcRetryDurationS: seconds,
  rpcRetrySleepStepS: seconds,
  rpcRetrySleepMaxSteps: count,
  startScriptWaitS: seconds,
  statusPollInitialS: seconds,
  statusPollMaxS: seconds,
} satisfies { [K in keyof HalibutSettings]: z.ZodType<HalibutSettings[K]> });

export const rpcSchema = z.object({
  /** Halibut settings: "default" (production defaults) or "recommended" (domain.md (b)). */
  preset: z.enum(["default", "recommended"]),
  /** Per-setting overrides by name, in production units, e.g. { receiveResponseTimeoutS: 30, rpcRetryEnabled: false }. */
  overrides: overridesSchema.partial().strict(),
  maxPooledConnectionsPerTentacle: z.number().int().min(1),
}).strict();
