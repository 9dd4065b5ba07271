// actionlint (pinned in tools/go/actionlint, built with Go into the tool cache like k6) on every
// workflow file under .github/workflows. Skips only outside CI when neither actionlint nor Go is there;
// in CI a missing tool fails the test.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureTool, findGo, findTool, repoRoot } from "./tools.ts";

const WORKFLOWS = path.join(repoRoot, ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(WORKFLOWS, f));
const available = (await findTool("actionlint")) !== null || (await findGo()) !== null;
if (!available) {
  const message = "actionlint test: no actionlint v1.7.12 and no Go to build it (install Go >= 1.25, or set TASKSTORM_ACTIONLINT_BIN)";
  if (process.env.CI) throw new Error(`${message}; CI is set and this test never skips in CI`);
  console.warn(`SKIPPED: ${message}`);
}

describe.skipIf(!available)("GitHub workflows", () => {
  it("has the nightly workflow and the reusable one", () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual(expect.arrayContaining(["nightly.yml", "taskstorm.yml"]));
  });

  it("passes actionlint, every file", { timeout: 600_000 }, async () => {
    const tool = await ensureTool("actionlint", { log: (line) => console.log(line) });
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(tool.path, ["-no-color", ...files], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
      });
    });
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});
