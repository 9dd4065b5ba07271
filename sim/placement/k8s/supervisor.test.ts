// `taskstorm run --placement k8s` from the user's side, the real CLI against a stand-in kubectl (a shell
// script that records its calls; no cluster exists here): without kubectl, without a cluster or without
// k6-operator it exits 2 naming what is missing and creates nothing; with them it applies the rendered
// run, follows the conductor, copies its run folder back and returns its exit code; and it deletes
// everything of the run by its label after success, after a failure and on Ctrl-C.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../lib/poll.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";

const BIN = fileURLToPath(new URL("../../../bin/taskstorm.js", import.meta.url));
const root = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-k8s-cli-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const FAKE_KUBECTL = `#!/bin/bash
# a stand-in for kubectl: records each call, answers as a cluster would (FAKE_MODE picks a failure)
PATH=/usr/bin:/bin
echo "$*" >> "$FAKE_LOG"
shift 2 # -n <namespace>
case "$1 $2" in
  "version -o")
    if [ "$FAKE_MODE" = nocluster ]; then echo "The connection to the server localhost:8080 was refused - did you specify the right host or port?" >&2; exit 1; fi
    echo '{"clientVersion":{"gitVersion":"v1.33.0"},"serverVersion":{"gitVersion":"v1.33.0"}}' ;;
  "get namespace") echo "namespace/$3" ;;
  "get crd")
    if [ "$FAKE_MODE" = nocrd ]; then echo 'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "testruns.k6.io" not found' >&2; exit 1; fi
    echo "customresourcedefinition.apiextensions.k8s.io/testruns.k6.io" ;;
  "apply -f")
    if [ "$FAKE_MODE" = applyfail ]; then echo 'error: the server could not find the requested resource' >&2; exit 1; fi
    cp -r "$3" "$FAKE_DIR/applied" ;;
  "get pods") echo '{"items":[{"metadata":{"name":"ts-clitest-conductor-x1"},"status":{"phase":"Running","containerStatuses":[{"state":{"running":{}}}]}}]}' ;;
  "logs -f")
    echo "conductor: run folder: /runs/smoke/2026-12-04T00-00-00-000Z"
    if [ "$FAKE_MODE" = hang ]; then exec sleep 60; fi
    echo "taskstorm-k8s: finished exit=1 run=/runs/smoke/2026-12-04T00-00-00-000Z" ;;
  cp*) mkdir -p "$3" && echo '{"schemaVersion":1}' > "$3/summary.json" ;;
  exec*) ;;
  delete*) ;;
  *) echo "fake kubectl: unexpected $*" >&2; exit 3 ;;
esac
`;

interface CliRun {
  code: number | null;
  stderr: string;
  calls: string[];
  dir: string;
}

async function runCli(mode: string, o: { kubectl?: boolean; interruptWhen?: RegExp } = {}): Promise<CliRun> {
  const dir = fs.mkdtempSync(path.join(root, `${mode}-`));
  const log = path.join(dir, "calls.log");
  fs.writeFileSync(log, "");
  const kubectl = path.join(dir, "kubectl");
  fs.writeFileSync(kubectl, FAKE_KUBECTL, { mode: 0o755 });
  const marker = newMarker();
  const { TASKSTORM_KUBECTL: _, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, "run", "smoke", "--placement", "k8s", "--namespace", "perf", "--image", "registry.example/taskstorm:0.1.0",
    "--postgres", "postgres://taskstorm:secret@db.example:5432/taskstorm", "--run-id", "clitest", "--reports-dir", path.join(dir, "reports")], {
    env: { ...env, PATH: path.dirname(process.execPath), FAKE_LOG: log, FAKE_DIR: dir, FAKE_MODE: mode, [MARKER_VAR]: marker, ...(o.kubectl === false ? {} : { TASKSTORM_KUBECTL: kubectl }) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => void (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  if (o.interruptWhen) {
    await pollUntil("the CLI to follow the conductor", 60_000, async () => o.interruptWhen!.test(fs.readFileSync(log, "utf8")), 100);
    child.kill("SIGINT");
  }
  const code = await exited;
  expect(processesWithMarker(marker)).toEqual([]);
  return { code, stderr, calls: fs.readFileSync(log, "utf8").split("\n").filter(Boolean), dir };
}

const deleteByLabel = "-n perf delete jobs,statefulsets,services,configmaps,secrets,networkpolicies,roles,rolebindings,serviceaccounts,persistentvolumeclaims,testruns.k6.io,pods -l taskstorm.io/run=clitest --ignore-not-found --wait=false";

describe("taskstorm run --placement k8s (stand-in kubectl)", () => {
  it("exits 2 naming what is missing, creating nothing: kubectl, a cluster, k6-operator", async () => {
    const none = await runCli("none", { kubectl: false });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/kubectl, which was not found \(TASKSTORM_KUBECTL is unset and there is no kubectl on PATH\)/);
    const noCluster = await runCli("nocluster");
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/a Kubernetes cluster that kubectl \(.*\) reaches, and none answered: The connection to the server localhost:8080 was refused/);
    expect(noCluster.calls).toEqual([expect.stringMatching(/^-n perf version -o json/)]);
    const noOperator = await runCli("nocrd");
    expect(noOperator.code).toBe(2);
    expect(noOperator.stderr).toMatch(/k6-operator installed in the cluster \(its CRD testruns\.k6\.io is missing/);
    expect(noOperator.calls.some((c) => /apply|delete/.test(c))).toBe(false);
  }, 120_000);

  it("applies the run, follows the conductor, copies its run folder back with the manifests, returns its exit code, and deletes the run by label", async () => {
    const r = await runCli("ok");
    expect(r.code).toBe(1); // the conductor's
    expect(r.calls.map((c) => c.split(" ").slice(2, 4).join(" "))).toEqual(["version -o", "get namespace", "get crd", "apply -f", "get pods", "logs -f", "cp ts-clitest-conductor-x1:/runs/smoke/2026-12-04T00-00-00-000Z", "exec ts-clitest-conductor-x1", "delete jobs,statefulsets,services,configmaps,secrets,networkpolicies,roles,rolebindings,serviceaccounts,persistentvolumeclaims,testruns.k6.io,pods"]);
    expect(r.calls.at(-1)).toBe(deleteByLabel);
    expect(r.calls).toContain("-n perf exec ts-clitest-conductor-x1 -- touch /runs/.collected");
    const applied = fs.readdirSync(path.join(r.dir, "applied")).filter((f) => !f.startsWith(".")).sort();
    expect(applied).toEqual(["00-rbac.yaml", "01-secrets.yaml", "10-config.yaml", "20-nodes.yaml", "30-fleet.yaml", "40-network-policy.yaml", "50-conductor.yaml", "load"]);
    const runDir = path.join(r.dir, "reports", "smoke", "2026-12-04T00-00-00-000Z");
    expect(fs.existsSync(path.join(runDir, "summary.json"))).toBe(true);
    expect(fs.readdirSync(path.join(runDir, "k8s")).sort()).toEqual(["00-rbac.yaml", "10-config.yaml", "20-nodes.yaml", "30-fleet.yaml", "40-network-policy.yaml", "50-conductor.yaml", "load"]);
    expect(fs.readlinkSync(path.join(r.dir, "reports", "smoke", "latest"))).toBe("2026-12-04T00-00-00-000Z");
    expect(r.stderr).toMatch(/conductor: run folder/);
  }, 120_000);

  it("deletes the run by label when applying fails (exit 3) and on Ctrl-C while the conductor runs (exit 130)", async () => {
    const failed = await runCli("applyfail");
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/kubectl apply -f .*: exited 1: error: the server could not find the requested resource/);
    expect(failed.calls.at(-1)).toBe(deleteByLabel);
    const interrupted = await runCli("hang", { interruptWhen: /logs -f/ });
    expect(interrupted.code).toBe(130);
    expect(interrupted.calls.at(-1)).toBe(deleteByLabel);
    expect(interrupted.stderr).toMatch(/SIGINT: deleting everything of run clitest/);
  }, 120_000);
});
