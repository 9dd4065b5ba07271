// Readiness by observation: poll a condition until it holds or a deadline passes (never a bare sleep).

import { errors } from "./errors.ts";

/**
 * Calls `probe` every `intervalMs` until it returns something other than `undefined` or `false`, and
 * resolves to that (true for a boolean probe); rejects with a timeout error naming `what` after
 * `timeoutMs`. A probe that throws ends the wait with its error.
 */
export async function pollUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw errors.timeout(`waiting for ${what}`, timeoutMs);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
