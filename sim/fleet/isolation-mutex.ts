// A per-target reader/writer lock in the shape of Tentacle's ScriptIsolationMutex: FullIsolation
// holders exclude everyone, NoIsolation holders share. Strict FIFO: nobody passes an earlier waiter.

import type { ScriptIsolation } from "../contracts/index.ts";

/** Gives the lock back; calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  exclusive: boolean;
  grant: (release: Release) => void;
}

export class IsolationMutex {
  #sharedHolders = 0;
  #exclusiveHeld = false;
  #waiters: Waiter[] | undefined;

  /**
   * Queues a request; `grant` is called (synchronously when the lock is free) with the release
   * function. Returns `withdraw`, which removes a request still waiting and reports whether it did.
   */
  acquire(isolation: ScriptIsolation, grant: (release: Release) => void): () => boolean {
    const waiter: Waiter = { exclusive: isolation === "FullIsolation", grant };
    (this.#waiters ??= []).push(waiter);
    this.#grantWaiting();
    return () => {
      const index = this.#waiters?.indexOf(waiter) ?? -1;
      if (index < 0) return false;
      this.#waiters?.splice(index, 1);
      this.#grantWaiting();
      return true;
    };
  }

  /** Requests waiting for the lock. */
  get waiting(): number {
    return this.#waiters?.length ?? 0;
  }

  /** True while nobody holds or waits (the tentacle is idle). */
  get idle(): boolean {
    return this.#sharedHolders === 0 && !this.#exclusiveHeld && this.waiting === 0;
  }

  #grantWaiting(): void {
    const waiters = this.#waiters;
    while (waiters !== undefined && waiters.length > 0 && !this.#exclusiveHeld) {
      const head = waiters[0]!;
      if (head.exclusive && this.#sharedHolders > 0) break;
      waiters.shift();
      if (head.exclusive) this.#exclusiveHeld = true;
      else this.#sharedHolders++;
      head.grant(this.#releaseFor(head.exclusive));
    }
  }

  #releaseFor(exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.#exclusiveHeld = false;
      else this.#sharedHolders--;
      this.#grantWaiting();
    };
  }
}
