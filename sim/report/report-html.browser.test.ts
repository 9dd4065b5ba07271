// Opens report.html in a real headless Chromium (Debian's `chromium`, driven by playwright-core; no
// browser download): no console errors or page errors, every chart drew its lines, the fault windows
// and timelines are there. Keeps a screenshot in reports/test-output/report-html.png.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, findChromium, openLocalPage } from "../testing/chromium.ts";
import { syntheticRun } from "../testing/synthetic-run.ts";
import { makeScrapeDigester } from "./timeseries/scrape-series.ts";
import { axisOf } from "./html-input.ts";
import { writeReport } from "./write-report.ts";
import type { StrategyRunInput } from "./summary.ts";

const OUTPUT_DIR = fileURLToPath(new URL("../../reports/test-output/", import.meta.url));

const executablePath = findChromium("report.html");

let dir: string;
let browser: Browser | undefined;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-html-"));
  if (executablePath) browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!executablePath)("report.html in headless Chromium", () => {
  it("renders its charts, timelines and tables with no console errors", { timeout: 60_000 }, async () => {
    const runs: StrategyRunInput[] = syntheticRun({ strategies: ["pessimistic", "optimistic"], durationS: 90, tasksPerS: 3, nodes: 3 }).map((s) => {
      const run: StrategyRunInput = { name: s.name, history: s.history, finalState: { tasks: s.tasks, events: s.events, capturedAtMs: s.endMs }, checks: {}, loadStartMs: s.loadStartMs, endMs: s.endMs };
      const digester = makeScrapeDigester(axisOf(run));
      for (const line of s.scrapes) digester.add(line);
      return { ...run, scrape: digester.finish(), checks: { "no-double-claim": { valid: false, summary: "1 of 270 claimed tasks were moved into Executing more than once", evidence: [{ taskId: "ServerTasks-90", nodes: ["node-1", "node-2"], claims: [{ node: "node-1", timeMs: s.loadStartMs + 30_000 }, { node: "node-2", timeMs: s.loadStartMs + 30_001 }] }] } } };
    });
    const { htmlPath } = await writeReport(dir, { scenario: "synthetic", seed: 7, startedAt: new Date(runs[0]!.loadStartMs).toISOString(), durationMs: 200_000, strategies: runs, hungTaskBoundMs: 5_000, slos: { during: { maxQueueWaitP95Ms: 1500 } } });

    const { page, problems } = await openLocalPage(browser!, htmlPath);

    const charts = page.locator("svg.chart");
    const chartCount = await charts.count();
    expect(chartCount).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < chartCount; i++) {
      const lines = charts.nth(i).locator("path.series");
      expect(await lines.count(), `chart ${i} has a line per strategy`).toBe(2);
      const box = await lines.first().boundingBox();
      expect(box && box.width > 100, `chart ${i} drew across the plot`).toBe(true);
    }
    expect(await page.locator("svg.chart rect.fault").count()).toBeGreaterThan(0);
    expect(await page.locator("svg.timeline rect").count()).toBeGreaterThan(20);
    expect(await page.locator("table.matrix td div.violated").count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".verdict").textContent()).toContain("Verdict: FAIL");
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, "report-html.png"), fullPage: true });
    expect(fs.statSync(path.join(OUTPUT_DIR, "report-html.png")).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  });
});
