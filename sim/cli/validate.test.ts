// Issue 17 §2, through the real CLI: each bad input exits 2 within seconds naming the field, and nothing
// was started (no process ever appeared under the CLI while it ran, no run folder); `validate` says the
// same (--json held to its schema) and takes scenario files from a folder outside the project.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkJson, CLI_RESULT_SCHEMAS, type ValidateResultJson } from "../contracts/index.ts";
import { spawnCli } from "../testing/cli.ts";
import { newMarker, processesWithMarker } from "../testing/leaks.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const outside = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-validate-"));
afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));
// a user's own repository: a CommonJS package.json, scenarios importing the project by a relative path
fs.writeFileSync(path.join(outside, "package.json"), JSON.stringify({ name: "my-scenarios" }));
const project = path.relative(outside, ROOT);
const files = {
  plain: 'export default { name: "plain", description: "no imports", strategies: ["optimistic"], server: { nodes: 2 } };\n',
  typed: `import type { ScenarioInput } from "${project}/sim/scenario/index.ts";\nconst s: ScenarioInput = { name: "typed", description: "type import", fleet: { listening: 20 } };\nexport default s;\n`,
  valued: `import { RPC_PRESETS, type ScenarioInput } from "${project}/sim/scenario/index.ts";\nconst s: ScenarioInput = { name: "valued", description: \`\${Object.keys(RPC_PRESETS).length} presets\`, server: { rpc: { preset: "recommended" } } };\nexport default s;\n`,
  broken: 'export default { name: "broken", description: "x", strategies: ["optimistic" };\n',
};
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(outside, `${name}.ts`), text);

/** The TypeScript loader's compiler (tsx starts it to transform files not yet in its cache): part of the CLI, not of a run. */
const TSX_COMPILER = /\/esbuild --service=/;

/**
 * Runs the CLI, sampling every 25 ms whether anything besides the CLI itself carries its marker. A child
 * caught between fork and exec still shows the CLI's own command line: it is judged by what it becomes,
 * the last command seen for its pid.
 */
async function runCli(args: string[]) {
  const marker = newMarker();
  const startedMs = performance.now();
  const cli = spawnCli(args, marker);
  const seen = new Map<number, string>();
  let cliCommand: string | undefined;
  const sampler = setInterval(() => {
    for (const p of processesWithMarker(marker)) {
      if (p.pid === cli.child.pid) cliCommand = p.command;
      else seen.set(p.pid, p.command);
    }
  }, 25);
  const code = await cli.exited;
  clearInterval(sampler);
  const started = [...new Set(seen.values())].filter((command) => command !== cliCommand && !TSX_COMPILER.test(command));
  return { code, tookMs: performance.now() - startedMs, output: cli.output(), stdout: cli.stdout(), started, left: processesWithMarker(marker) };
}

const fault = (step: object) => `faults=${JSON.stringify([{ forS: 2, attributes: {}, ...step }])}`;
const BAD: readonly [string, string[], RegExp][] = [
  ["an unknown strategy", ["smoke", "--strategy", "nonexistent"], /--strategy: got "nonexistent", expected a column of smoke/],
  ["a fleet of 1e9", ["smoke", "--set", "fleet.listening=1e9"], /fleet\.listening: got 1000000000, expected at most \d+ tentacles: planning them needs/],
  ["a fleet of 100000", ["smoke", "--set", "fleet.listening=100000"], /fleet\.listening: got 100000, expected at most 65534 tentacles \(each tentacle and each proxy takes an address of its own \/16 loopback block\)/],
  ["a fault after the load", ["smoke", "--set", fault({ atS: 900, kind: "latency", target: "all", attributes: { latencyMs: 5 } })], /faults\.0\.atS: got 900, expected < 30 \(the load lasts 30 s/],
  ["9 of 3 nodes", ["smoke", "--set", fault({ atS: 2, kind: "kill", target: { nodes: { count: 9 } } })], /faults\.0\.target: fault target count: got 9, expected at most 3 \(the nodes/],
  ["a file with a syntax error", [path.join(outside, "broken.ts")], /\(file\): syntax error: .*broken\.ts:1:\d+: ERROR: Expected "\]"/],
];

describe("bad input is refused before anything starts", () => {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-validate-runs-"));
  afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

  it.each(BAD)("run with %s exits 2 naming the field; no process started, no run folder", async (_what, args, message) => {
    const r = await runCli(["run", ...args, "--reports-dir", reportsDir]);
    expect(r.code, r.output).toBe(2);
    expect(r.output).toMatch(message);
    expect(r.started).toEqual([]);
    expect(r.left).toEqual([]);
    expect(fs.readdirSync(reportsDir)).toEqual([]);
    expect(r.tookMs).toBeLessThan(10_000); // about 0.7 s on an idle machine; before: 15 s (exit 3), 3 min (exit 134)
  }, 30_000);

  it.each(BAD)("validate --json with %s exits 2 with the problem, as its schema says", async (_what, args, message) => {
    const r = await runCli(["validate", ...args, "--json"]);
    expect(r.code, r.output).toBe(2);
    expect(r.started).toEqual([]);
    const result = JSON.parse(r.stdout) as ValidateResultJson;
    expect(checkJson(CLI_RESULT_SCHEMAS.validate, result)).toEqual([]);
    expect(result).toMatchObject({ command: "validate", exitCode: 2, ok: false });
    expect(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toMatch(message);
  }, 30_000);
});

describe("validate takes scenario files from outside the project", () => {
  it.each(["plain", "typed", "valued"])("%s.ts in a temporary folder validates (exit 0), nothing started", async (name) => {
    const r = await runCli(["validate", path.join(outside, `${name}.ts`)]);
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${path.join(outside, name)}\\.ts is valid: \\d column\\(s\\)`));
    expect(r.started).toEqual([]);
  }, 30_000);

  it("--json of a valid file lists no problems", async () => {
    const r = await runCli(["validate", path.join(outside, "typed.ts"), "--strategy", "optimistic", "--json"]);
    expect(r.code, r.output).toBe(0);
    const result = JSON.parse(r.stdout) as ValidateResultJson;
    expect(checkJson(CLI_RESULT_SCHEMAS.validate, result)).toEqual([]);
    expect(result).toEqual({ command: "validate", exitCode: 0, scenario: path.join(outside, "typed.ts"), ok: true, problems: [] });
  }, 30_000);
});
