// The table of benchmarks run by `taskstorm bench [name...]` (npm run bench runs them all), and the
// runner that writes each one's figures to reports/bench/<name>.json.

import fs from "node:fs";
import path from "node:path";
import { errors } from "../lib/errors.ts";
import type { Bench, BenchContext } from "./bench.ts";
import { checksBench } from "./checks.ts";
import { engineBench } from "./engine.ts";
import { reportBench } from "./report.ts";
import { fleetBench } from "./fleet.ts";
import { rpcBench } from "./rpc.ts";
import { unitsBench } from "./units.ts";

export const BENCHES: readonly Bench[] = [checksBench, fleetBench, reportBench, rpcBench, engineBench, unitsBench];

export async function runBenches(names: string[], ctx: BenchContext): Promise<Record<string, Record<string, unknown>>> {
  const chosen = names.length === 0 ? BENCHES : names.map((n) => BENCHES.find((b) => b.name === n) ?? unknownBench(n));
  fs.mkdirSync(ctx.outDir, { recursive: true });
  const all: Record<string, Record<string, unknown>> = {};
  for (const bench of chosen) {
    ctx.signal.throwIfAborted();
    ctx.log(`== bench ${bench.name}: ${bench.description}`);
    const figures = await bench.run(ctx);
    fs.writeFileSync(path.join(ctx.outDir, `${bench.name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    all[bench.name] = figures;
  }
  return all;
}

function unknownBench(name: string): never {
  throw errors.invalidArgument("bench", name, `one of ${BENCHES.map((b) => b.name).join(", ")}`);
}

export type { Bench, BenchContext } from "./bench.ts";
