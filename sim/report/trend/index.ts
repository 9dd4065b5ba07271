// `taskstorm trend`: trend.html and trend.md from run summaries (run folders or summary.json files).
import { mkdir } from "node:fs/promises";
import { writeFileAtomic } from "../../lib/atomic-file.ts";
import path from "node:path";
import { renderTrendHtml } from "../html/trend-page.ts";
import { loadSummary } from "../load-summary.ts";
import { renderTrendMarkdown } from "./markdown.ts";
import { buildTrend, type TrendModel } from "./model.ts";

export { buildTrend, type TrendModel } from "./model.ts";

export async function writeTrend(sources: readonly string[], outDir: string): Promise<{ htmlPath: string; markdownPath: string; model: TrendModel }> {
  const model = buildTrend(await Promise.all(sources.map(async (label) => ({ label, summary: await loadSummary(label) }))));
  await mkdir(outDir, { recursive: true });
  const htmlPath = path.join(outDir, "trend.html");
  const markdownPath = path.join(outDir, "trend.md");
  await writeFileAtomic(htmlPath, renderTrendHtml(model));
  await writeFileAtomic(markdownPath, renderTrendMarkdown(model));
  return { htmlPath, markdownPath, model };
}
