// Test helper: a stand-in for the Kubernetes API and k6-operator, enough for the conductor's k8s load
// (no cluster exists here). It stores ConfigMaps, Secrets and TestRuns; a TestRun's runners are real k6 processes
// run as the operator runs them (`k6 run --quiet <segment> <arguments> <archive> --address --paused
// --tag instance_id --tag testrun_name`, from the ConfigMap's archive), each in a mount namespace of its
// own whose /tmp is its folder of the results directory (as the runner pod's volume is), released
// together through their REST APIs, with the runner's env (values and secretKeyRefs resolved as the
// kubelet does; a missing Secret fails the TestRun); pods, their exits and logs are listed; DELETE stops runners.
// Needs root (unshare -m). Every request must carry the bearer token.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { freePort } from "../infra/ports.ts";
import { runK6Instances } from "../load/k6-instances.ts";
import { segmentArgs } from "../load/k6-segments.ts";
import type { K6Result, StartedK6 } from "../load/k6-runner.ts";
import { stopProcess } from "../lib/stop-process.ts";

interface Runner { pod: string; job: string; exitCode?: number; log: string; stop?: () => Promise<void> }
type Json = Record<string, any>;

export interface FakeKube extends AsyncDisposable {
  baseUrl: string;
  /** Every request, "METHOD path". */
  requests: string[];
  /** Every object created, in order (the stores below hold only those not deleted yet). */
  created: Json[];
  configMaps: Map<string, Json>;
  secrets: Map<string, Json>;
  testRuns: Map<string, Json>;
}

/** A runner's container env as the kubelet gives it: plain values and secretKeyRefs (fieldRefs are left out). */
function runnerEnv(env: Json[], secrets: Map<string, Json>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env) {
    const ref = e.valueFrom?.secretKeyRef as { name: string; key: string } | undefined;
    if (ref) {
      const secret = secrets.get(ref.name);
      const value = secret?.stringData?.[ref.key] ?? (secret?.data?.[ref.key] === undefined ? undefined : Buffer.from(secret.data[ref.key], "base64").toString());
      if (value === undefined) throw new Error(`CreateContainerConfigError: secret "${ref.name}" key "${ref.key}" not found`);
      out[e.name] = value;
    } else if (typeof e.value === "string") out[e.name] = e.value;
  }
  return out;
}

export async function startFakeKube(o: { token: string; k6Path: string; resultsDir: string; workDir: string; marker: string }): Promise<FakeKube> {
  const configMaps = new Map<string, Json>();
  const secrets = new Map<string, Json>();
  const created: Json[] = [];
  const testRuns = new Map<string, Json>();
  const runners = new Map<string, Runner[]>();
  const requests: string[] = [];
  const operate = (run: Json) => {
    const name = run.metadata.name as string;
    const count = run.spec.parallelism as number;
    const archive = Buffer.from(configMaps.get(run.spec.script.configMap.name)!.binaryData[run.spec.script.configMap.file], "base64");
    const mount = (run.spec.runner.volumeMounts as Json[]).find((m) => m.mountPath === "/tmp")!;
    const list: Runner[] = Array.from({ length: count }, (_, i) => ({ pod: `${name}-${i + 1}-fake${i}`, job: `${name}-${i + 1}`, log: "" }));
    runners.set(name, list);
    let env: Record<string, string>;
    try {
      env = runnerEnv(run.spec.runner.env ?? [], secrets);
    } catch (e) {
      run.status = { stage: "error", message: (e as Error).message };
      return;
    }
    run.status = { stage: "started" };
    const start = async ({ index }: { index: number; count: number }): Promise<StartedK6> => {
      const runner = list[index]!;
      const dir = path.join(o.resultsDir, String(mount.subPathExpr).replace("$(POD_NAME)", runner.pod));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "archive.tar"), archive);
      const port = await freePort("127.0.0.1");
      const args = ["run", "--quiet", ...segmentArgs({ index, count }), ...String(run.spec.arguments).split(" "), "/tmp/archive.tar", `--address=127.0.0.1:${port}`, "--paused",
        "--tag", `instance_id=${index + 1}`, "--tag", `testrun_name=${name}`];
      const child = spawn("unshare", ["-m", "--propagation", "private", "sh", "-c", 'mount --bind "$0" /tmp && exec "$@"', dir, o.k6Path, ...args], {
        env: { ...process.env, ...env, TASKSTORM_TEST_MARKER: o.marker }, stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d: Buffer) => void (runner.log += d.toString()));
      child.stderr!.on("data", (d: Buffer) => void (runner.log += d.toString()));
      const result = new Promise<K6Result>((resolve) => child.once("close", (code) => {
        runner.exitCode = code ?? 137;
        resolve({ pid: child.pid!, exitCode: runner.exitCode, signal: null, thresholdsFailed: code === 99, aborted: false, exitMeaning: "", planFile: "", summaryFile: path.join(dir, "k6-summary.json"), opsFile: "", logFile: "", durationMs: 0 });
      }));
      runner.stop = async () => void (await stopProcess(child, { graceMs: 5_000 }));
      return { pid: child.pid!, restUrl: `http://127.0.0.1:${port}`, result, stop: runner.stop };
    };
    runK6Instances(count, (segment) => start(segment), { summaryFile: path.join(o.workDir, `${name}-merged.json`) })
      .then(() => void (run.status = { stage: "finished" }), (e: Error) => void (run.status = { stage: "error", message: e.message }));
  };

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => void (body += d.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      requests.push(`${req.method} ${url.pathname}`);
      const reply = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(typeof value === "string" ? value : JSON.stringify(value));
      if (req.headers.authorization !== `Bearer ${o.token}`) return reply(401, { message: "Unauthorized" });
      const m = /^\/(?:api\/v1|apis\/k6\.io\/v1alpha1)\/namespaces\/[^/]+\/(configmaps|secrets|testruns|pods)(?:\/([^/]+))?(?:\/(log))?$/.exec(url.pathname);
      if (!m) return reply(404, { message: `no route ${url.pathname}` });
      const [, kind, name, log] = m;
      const store = kind === "configmaps" ? configMaps : kind === "secrets" ? secrets : testRuns;
      if (req.method === "POST") {
        const obj = JSON.parse(body) as Json;
        store.set(obj.metadata.name, obj);
        created.push(obj);
        if (kind === "testruns") operate(obj);
        return reply(201, obj);
      }
      if (req.method === "DELETE" && name) {
        for (const r of runners.get(name) ?? []) void r.stop?.();
        return store.delete(name) ? reply(200, {}) : reply(404, { message: "not found" });
      }
      if (kind === "pods" && log) return reply(200, [...runners.values()].flat().find((r) => r.pod === name)?.log ?? "");
      if (kind === "pods") {
        const cr = /k6_cr=([^,]+)/.exec(url.searchParams.get("labelSelector") ?? "")?.[1] ?? "";
        return reply(200, { items: (runners.get(cr) ?? []).map((r) => ({
          metadata: { name: r.pod, labels: { app: "k6", k6_cr: cr, runner: "true", "job-name": r.job } },
          status: { containerStatuses: [{ name: "k6", state: r.exitCode === undefined ? { running: {} } : { terminated: { exitCode: r.exitCode } } }] },
        })) });
      }
      const obj = name ? store.get(name) : undefined;
      return obj ? reply(200, obj) : reply(404, { message: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`, requests, created, configMaps, secrets, testRuns,
    async [Symbol.asyncDispose]() {
      await Promise.all([...runners.values()].flat().map((r) => r.stop?.()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
