// Contract test: the pinned schemathesis fuzzes a real node process (fresh database; fixtures, two
// running and one queued task on the test's tentacle) from sim/server/openapi.json, with a fixed seed and
// a bounded number of examples, checking every response (status, content type, headers, body schema) and
// that invalid input, missing auth and undocumented methods are refused. Fails with schemathesis's report.
// Without schemathesis (tools/schemathesis/install.sh) it skips saying why, except in CI, where it fails.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_HEADER, type TaskResource } from "../../contracts/index.ts";
import { findSchemathesis, SCHEMATHESIS_VERSION } from "../../infra/schemathesis.ts";
import { repoRoot } from "../../infra/tools.ts";
import { errors } from "../../lib/errors.ts";
import { clusterFixtures } from "../../testing/cluster.ts";
import { makeTestDatabase, type TestDatabase } from "../../testing/database.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";
import type { ManagedChild } from "../../lib/child-process.ts";
import { pollUntil } from "../../lib/poll.ts";
import { nodeUrlOf, startNodeProcess } from "../../placement/node-process.ts";
import { runSchemathesis } from "../../testing/schemathesis.ts";
import { testNodeConfig } from "../../testing/server-support.ts";
import { startTestTentacle, type TestTentacle } from "../../testing/tentacle.ts";
import { apiRoutes } from "./api-server.ts";
import type { ApiDeps } from "./api-deps.ts";

const API_KEY = "API-TEST";
const SPEC = path.join(repoRoot, "sim/server/openapi.json");
const CONFIG = fileURLToPath(new URL("./openapi.schemathesis.toml", import.meta.url));
const SEED = 20261204;
/** Test cases per operation and phase: ~5,000 requests, ~80 s on an idle 2-core machine (~150 s under load). */
const MAX_EXAMPLES = 300;
const RUN_LIMIT_MS = 300_000;
const CHECKS = [
  "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
  "response_headers_conformance", "negative_data_rejection", "positive_data_acceptance", "missing_required_header",
  "ignored_auth", "unsupported_method", "allow_header_conformance", "use_after_free", "ensure_resource_availability",
];
const OPERATIONS = apiRoutes({} as ApiDeps).length; // routes capture deps only to handle requests

/** The parts of schemathesis's JSON run report the test reads. */
interface RunReport {
  operations: { tested: number };
  phases: Record<string, { status: string }>;
  test_cases: { generated: number };
}

const found = await findSchemathesis();
const python = "python" in found ? found.python : null;
const missing = "missing" in found ? found.missing : "";
if (!python && !process.env.CI) console.warn(`openapi.schemathesis.test.ts skipped: ${missing}`);
const marker = newMarker();
let db: TestDatabase;
let tentacle: TestTentacle;
let node: ManagedChild;
let baseUrl: string;
let dir: string;

const api = (route: string, body?: unknown) => fetch(`${baseUrl}${route}`, {
  method: body === undefined ? "GET" : "POST", headers: { "content-type": "application/json", [API_KEY_HEADER]: API_KEY }, body: JSON.stringify(body),
});

beforeAll(async () => {
  if (!python) return;
  db = await makeTestDatabase();
  tentacle = await startTestTentacle({ hold: true }); // scripts run until cancelled, so tasks stay Executing
  dir = await mkdtemp(path.join(os.tmpdir(), "openapi-schemathesis-"));
  node = await startNodeProcess(testNodeConfig({ databaseUrl: db.url, historyFile: path.join(dir, "history.ndjson") }), { env: { [MARKER_VAR]: marker } });
  baseUrl = nodeUrlOf(node);
  expect((await api("/api/fixtures", clusterFixtures(tentacle.endpoint, 1, 2))).status).toBe(201);
  // ServerTasks-1 and -2 run (one per environment's concurrency tag); ServerTasks-3 waits behind -1.
  for (const environment of [1, 2, 1]) expect((await api("/api/deployments", { ProjectId: "Projects-1", EnvironmentId: `Environments-${environment}` })).status).toBe(201);
  for (const id of ["ServerTasks-1", "ServerTasks-2"]) {
    await pollUntil(`${id} Executing`, 15_000, async () => ((await (await api(`/api/tasks/${id}`)).json()) as TaskResource).State === "Executing" || undefined);
  }
}, 60_000);

afterAll(async () => {
  await node?.stop();
  await tentacle?.[Symbol.asyncDispose]();
  await db?.[Symbol.asyncDispose]();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(processesWithMarker(marker)).toEqual([]);
});

describe(`the API against its OpenAPI document (schemathesis ${SCHEMATHESIS_VERSION})`, () => {
  it.skipIf(!python && !process.env.CI)("keeps the contract under schemathesis", async () => {
    if (!python) throw errors.toolMissing(`schemathesis (${missing}; CI is set and this test never skips in CI)`, ["bash tools/schemathesis/install.sh (.ci/run does)"]);
    const run = await runSchemathesis(python, ["--config-file", CONFIG], [
      SPEC, "--url", baseUrl, "--header", `${API_KEY_HEADER}: ${API_KEY}`, "--checks", CHECKS.join(","),
      "--max-examples", String(MAX_EXAMPLES), "--seed", String(SEED), "--generation-database", "none",
      // One worker: CPython 3.11 before 3.11.8 can fail ast.parse under threads ("AST constructor recursion depth mismatch").
      "--workers", "1", "--suppress-health-check", "all", "--no-color",
      "--continue-on-failure", // report every failure of an operation, not only its first
    ], { dir, env: { ...process.env, [MARKER_VAR]: marker }, limitMs: RUN_LIMIT_MS });
    const report = run.report as RunReport | null;
    console.log(`schemathesis ${SCHEMATHESIS_VERSION}: exit ${run.code} after ${(run.wallMs / 1000).toFixed(1)} s, ` +
      `${report?.test_cases.generated} test cases, ${CHECKS.length} checks\n${run.output.slice(run.output.lastIndexOf("SUMMARY"))}`);
    expect(run.code, run.output).toBe(0);
    // A run that tested less than it should have must not pass: every operation, every phase, enough cases.
    expect(report?.operations.tested, run.output).toBe(OPERATIONS);
    expect(Object.entries(report?.phases ?? {}).map(([phase, { status }]) => `${phase} ${status}`))
      .toEqual(["examples success", "coverage success", "fuzzing success", "stateful success"]);
    expect(report?.test_cases.generated).toBeGreaterThan((MAX_EXAMPLES * OPERATIONS) / 2);
  }, RUN_LIMIT_MS + 30_000);
});
