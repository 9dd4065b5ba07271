// Readiness by observation: poll a condition until it holds or a deadline passes (never a bare sleep).

import { errors } from "./errors.ts";

/** Calls `probe` every `intervalMs` until it returns true; rejects with a timeout error naming `what`. A probe that throws aborts the wait. */
export async function pollUntil(what: string, timeoutMs: number, probe: () => Promise<boolean> | boolean, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() >= deadline) throw errors.timeout(`waiting for ${what}`, timeoutMs);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
