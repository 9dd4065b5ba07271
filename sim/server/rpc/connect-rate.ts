// Connects per second over a sliding one-second window (ten 100 ms buckets), and the peak since start:
// a reconnect storm shows as a peak, whatever the scrape interval. Time is injected.

const BUCKET_MS = 100;
const BUCKETS = 10;

export class ConnectRate {
  readonly #counts = new Array<number>(BUCKETS).fill(0);
  readonly #now: () => number;
  #bucket = -1;
  #peak = 0;

  constructor(nowMs: () => number = () => performance.now()) {
    this.#now = nowMs;
  }

  record(): void {
    this.#advance();
    this.#counts[this.#bucket % BUCKETS]!++;
    this.#peak = Math.max(this.#peak, this.current());
  }

  /** Connects in the last second. */
  current(): number {
    this.#advance();
    return this.#counts.reduce((a, b) => a + b, 0);
  }

  /** Highest connects-in-one-second seen. */
  peak(): number {
    return this.#peak;
  }

  #advance(): void {
    const bucket = Math.floor(this.#now() / BUCKET_MS);
    if (this.#bucket < 0) this.#bucket = bucket;
    for (let b = this.#bucket + 1; b <= Math.min(bucket, this.#bucket + BUCKETS); b++) this.#counts[b % BUCKETS] = 0;
    this.#bucket = Math.max(this.#bucket, bucket);
  }
}
