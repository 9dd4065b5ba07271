// bench report: report generation for a nightly-sized synthetic run folder (2 strategies x 15 min,
// 4 nodes, 10 deployments/s, node scrapes padded like prom-client's default metrics): the time of
// `taskstorm report <runDir>` (read files, checks, summary, every report) and the size of report.html.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { quantile } from "../contracts/index.ts";
import { reportFromFolder } from "../run/run-report.ts";
import { writeSyntheticRunFolder } from "../testing/synthetic-folder.ts";
import type { Bench } from "./bench.ts";

export const reportBench: Bench = {
  name: "report",
  description: "taskstorm report on a nightly-sized synthetic run folder (2 x 15 min, 4 nodes, 10 tasks/s): time and report.html size",
  async run({ log, quick, signal }) {
    const shape = { strategies: ["pessimistic", "optimistic"], durationS: quick ? 180 : 900, tasksPerS: 10, nodes: 4, paddingSamples: 150 };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-bench-report-"));
    try {
      await writeSyntheticRunFolder(dir, shape, { during: { maxQueueWaitP95Ms: 2000 }, maxTimeToRecoverS: 60 });
      const inputBytes = folderBytes(dir);
      const timesMs: number[] = [];
      let htmlBytes = 0;
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        signal.throwIfAborted();
        fs.rmSync(path.join(dir, "results.json"), { force: true }); // re-run the checks each time
        const t0 = performance.now();
        const written = await reportFromFolder(dir);
        timesMs.push(performance.now() - t0);
        htmlBytes = fs.statSync(written.htmlPath).size;
        log(`run ${i + 1}: ${Math.round(timesMs.at(-1)!)} ms, report.html ${htmlBytes} bytes`);
      }
      return {
        shape,
        inputBytes,
        tasks: shape.strategies.length * shape.durationS * shape.tasksPerS,
        reportMs: Math.round(quantile(timesMs, 0.5) ?? 0),
        htmlBytes,
        markdownBytes: fs.statSync(path.join(dir, "report.md")).size,
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
