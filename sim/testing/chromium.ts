// Test helper: Debian's chromium for the browser tests (report.html, trend.html), driven by
// playwright-core with no browser download. Missing: the test skips, except in CI where it fails.
import fs from "node:fs";
import path from "node:path";

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
