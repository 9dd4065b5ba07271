// Opens trend.html in a real headless Chromium (Debian's `chromium`, driven by playwright-core) over
// three synthetic nights: no console errors, every chart drew its lines, points and baseline band, the
// invalid night is greyed, the provenance change marked. Keeps a screenshot in reports/test-output/.
// Also measures the page for 30 nights (size, load-to-rendered time) for docs/nightly-ci.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../contracts/index.ts";
import { reportFromFolder } from "../run/run-report.ts";
import { CHROMIUM_ARGS, findChromium, openLocalPage } from "../testing/chromium.ts";
import { writeSyntheticRunFolder } from "../testing/synthetic-folder.ts";
import { syntheticNights } from "../testing/synthetic-nights.ts";
import { writeTrend } from "./trend/index.ts";

const OUTPUT_DIR = fileURLToPath(new URL("../../reports/test-output/", import.meta.url));
const executablePath = findChromium("trend.html");

let dir: string;
let browser: Browser | undefined;
let base: RunSummary;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-trend-"));
  await writeSyntheticRunFolder(path.join(dir, "run"), { strategies: ["pessimistic", "optimistic"], durationS: 40, tasksPerS: 3, nodes: 3 });
  base = (await reportFromFolder(path.join(dir, "run"))).summary;
  if (executablePath) browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes the nights as summary.json files and the trend of them; returns trend.html's path. */
async function trendOf(nights: RunSummary[], name: string): Promise<string> {
  const files = nights.map((n, i) => {
    const file = path.join(dir, name, `night-${i}`, "summary.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(n));
    return file;
  });
  return (await writeTrend(files.reverse(), path.join(dir, name))).htmlPath;
}

describe.skipIf(!executablePath)("trend.html in headless Chromium", () => {
  it("draws three nights: lines, bands, the invalid night greyed, the provenance change marked, no console errors", { timeout: 60_000 }, async () => {
    const htmlPath = await trendOf(syntheticNights(base, 3, { changeAt: 2, invalidAt: 1 }), "three");
    const md = fs.readFileSync(path.join(path.dirname(htmlPath), "trend.md"), "utf8");
    expect(md).toMatch(/measurement invalid in optimistic/);
    expect(md).toMatch(/provenance changed: CPU count: 2 \(before\) vs 4 \(now\)/);
    const { page, problems } = await openLocalPage(browser!, htmlPath);
    const charts = page.locator("svg.chart.trend");
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < (await charts.count()); i++) {
      const box = await charts.nth(i).locator("path.series").first().boundingBox();
      expect(box && box.width > 100, `chart ${i} drew a line across the nights`).toBe(true);
      expect(await charts.nth(i).locator("circle.point").count()).toBeGreaterThanOrEqual(5);
    }
    expect(await page.locator("svg.chart polygon.band").count()).toBeGreaterThan(0);
    expect(await page.locator("svg.chart rect.invalid-run").count()).toBe(await charts.count());
    expect(await page.locator("svg.chart circle.point.invalid").count()).toBe(await charts.count());
    expect(await page.locator("svg.chart line.prov-change").count()).toBe(await charts.count());
    expect(await page.locator("table.runs tbody tr").count()).toBe(3);
    expect(await page.locator("table.runs tr.invalid").count()).toBe(1);
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, "trend-html.png"), fullPage: true });
    expect(fs.statSync(path.join(OUTPUT_DIR, "trend-html.png")).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("measures the page for 30 nights", { timeout: 60_000 }, async () => {
    const htmlPath = await trendOf(syntheticNights(base, 30, { changeAt: 20, invalidAt: 11 }), "thirty");
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    const startedMs = performance.now();
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
    await page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"); // two frames: painted
    const renderMs = performance.now() - startedMs;
    const sizeBytes = fs.statSync(htmlPath).size;
    console.log(`trend.html for 30 nights: ${(sizeBytes / 1024).toFixed(1)} KiB, load to rendered ${renderMs.toFixed(0)} ms, ${await page.locator("svg.chart").count()} charts`);
    expect(sizeBytes).toBeLessThan(2 * 2 ** 20);
    expect(renderMs).toBeLessThan(10_000);
    await page.close();
  });
});
