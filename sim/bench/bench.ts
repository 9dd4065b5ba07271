// The Bench interface: one benchmark per file, each printing its figures and returning them as JSON
// for reports/bench/<name>.json. Figures are medians over repeats within one run (the machine is
// shared and noisy), never asserted by tests.

export interface BenchContext {
  /** Where figures go: reports/bench/. */
  outDir: string;
  log: (line: string) => void;
  signal: AbortSignal;
  /** `--quick`: smaller sizes, for a smoke check of the benchmark itself. */
  quick: boolean;
}

export interface Bench {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Record<string, unknown>>;
}
