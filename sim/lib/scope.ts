// A stack of cleanups for everything a run starts: defer() as each thing starts, close() stops them
// in reverse order, each bounded in time, collecting (not throwing) failures so one stuck part
// never keeps the rest running.

import { withTimeout } from "./errors.ts";

export class Scope {
  private readonly cleanups: { name: string; fn: () => Promise<unknown> }[] = [];
  private closing: Promise<string[]> | undefined;

  constructor(private readonly log: (line: string) => void, private readonly stepTimeoutMs = 30_000) {}

  /** Registers a cleanup; returns `value` for chaining: `const x = scope.defer("x", await start(), x => x.stop())`. */
  defer<T>(name: string, value: T, stop: (value: T) => Promise<unknown>): T {
    this.cleanups.push({ name, fn: () => stop(value) });
    return value;
  }

  /** Runs every cleanup once, newest first; resolves to the failures (empty when all went well). */
  close(): Promise<string[]> {
    this.closing ??= (async () => {
      const failures: string[] = [];
      for (const { name, fn } of this.cleanups.splice(0).reverse()) {
        try {
          await withTimeout(`stopping ${name}`, this.stepTimeoutMs, fn());
        } catch (e) {
          failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
          this.log(`cleanup of ${name} failed: ${String(e)}`);
        }
      }
      return failures;
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
