// When a polling connection fails, how long to wait before reconnecting (Halibut's RetryPolicy used by
// PollingClient): `immediate` retries at once (the pre-2020 bug behind socket exhaustion);
// `randomized-backoff` waits elapsed x (1 + rand[0,1)) clamped to [minMs, maxMs], where elapsed runs
// from the first failure since the last success. Pure: time and randomness are injected.

import type { Rng, TentacleHalibutSettings } from "../contracts/index.ts";

export interface ReconnectPolicy {
  /** Records a failure; returns the delay before the next attempt, ms. */
  failed(): number;
  /** A poll exchange worked (Halibut resets after identification). */
  succeeded(): void;
}

export type ReconnectSettings = Pick<TentacleHalibutSettings, "reconnect" | "reconnectMinMs" | "reconnectMaxMs">;

export function makeReconnectPolicy(settings: ReconnectSettings, rng: Rng, nowMs: () => number): ReconnectPolicy {
  let firstFailureMs: number | undefined;
  return {
    failed() {
      if (settings.reconnect === "immediate") return 0;
      const now = nowMs();
      firstFailureMs ??= now;
      const elapsedMs = now - firstFailureMs;
      return Math.min(settings.reconnectMaxMs, Math.max(settings.reconnectMinMs, Math.round(elapsedMs * (1 + rng()))));
    },
    succeeded() {
      firstFailureMs = undefined;
    },
  };
}
