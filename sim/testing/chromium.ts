// Test helper: Debian's chromium for the browser tests (report.html, trend.html), driven by
// playwright-core with no browser download. Missing: the test skips, except in CI where it fails.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";

/** The chromium to launch: TASKSTORM_CHROMIUM, else chromium or chromium-browser on PATH; undefined when none. */
export function findChromium(what: string): string | undefined {
  const candidates = [process.env.TASKSTORM_CHROMIUM, ...(process.env.PATH ?? "").split(":").flatMap((d) => ["chromium", "chromium-browser"].map((n) => path.join(d, n)))];
  const found = candidates.find((c): c is string => c !== undefined && c !== "" && fs.existsSync(c));
  if (!found) {
    const message = `${what} browser test: Debian chromium not found (apt-get install chromium, or set TASKSTORM_CHROMIUM)`;
    if (process.env.CI) throw new Error(`${message}; CI is set and this test never skips in CI: .ci/run installs it`);
    console.warn(`SKIPPED: ${message}`);
  }
  return found;
}

/** Launch arguments for chromium in a container as root. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];

/** Opens a local HTML file in a new page, collecting what a self-contained page must not do: console
 * errors and warnings, page errors, requests to anything but file: URLs. */
export async function openLocalPage(browser: Browser, htmlPath: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`network request: ${r.url()}`); });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  return { page, problems };
}
