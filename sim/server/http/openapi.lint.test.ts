// Lint of the OpenAPI document with the pinned Redocly CLI and the repo's redocly.yaml: no error and no
// warning. A copy with a rule broken must fail the same lint, so a lint that checks nothing cannot pass.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../infra/tools.ts";

const REDOCLY_CLI = path.join(path.dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js");
const SPEC = path.join(repoRoot, "sim/server/openapi.json");
const CONFIG = path.join(repoRoot, "redocly.yaml");

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  version: string;
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
}

/** `redocly lint --format=json` of one file; exits non-zero on errors, so the report is read either way. */
async function lint(file: string): Promise<LintReport> {
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
  const run = promisify(execFile)(process.execPath, [REDOCLY_CLI, "lint", "--config", CONFIG, "--format=json", file], { env, cwd: repoRoot, timeout: 60_000 });
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`redocly lint printed no report: ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  return JSON.parse(stdout) as LintReport;
}

const summary = (report: LintReport) => report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

describe("openapi.json lint (Redocly)", () => {
  it("has no error and no warning", async () => {
    const report = await lint(SPEC);
    expect(summary(report)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  }, 60_000);

  it("fails a copy whose operation lost its summary and whose example breaks its schema", async () => {
    const doc = JSON.parse(await readFile(SPEC, "utf8"));
    delete doc.paths["/api/tasks/{id}"].get.summary;
    doc.paths["/api/tasks/{id}"].get.responses["200"].content["application/json"].example.Version = "three";
    const dir = await mkdtemp(path.join(os.tmpdir(), "openapi-lint-"));
    try {
      await writeFile(path.join(dir, "openapi.json"), JSON.stringify(doc));
      const report = await lint(path.join(dir, "openapi.json"));
      expect(report.problems.map((p) => p.ruleId).sort()).toEqual(["no-invalid-media-type-examples", "operation-summary"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
