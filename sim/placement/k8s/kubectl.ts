// kubectl as `taskstorm run --placement k8s` uses it from the user's machine: found at TASKSTORM_KUBECTL
// or on PATH, run with a deadline and its output captured, or followed line by line (logs -f); and the
// checks that come before anything is created: a cluster answers, the namespace exists, k6-operator's
// TestRun CRD is installed. A missing piece is bad input (exit 2) naming what is missing.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findOnPath } from "../../infra/tools.ts";
import { errors } from "../../lib/errors.ts";

export const KUBECTL_ENV = "TASKSTORM_KUBECTL";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Kubectl {
  readonly bin: string;
  readonly namespace: string;
  readonly children = new Set<ChildProcess>();

  constructor(bin: string, namespace: string) {
    this.bin = bin;
    this.namespace = namespace;
  }

  /** Runs `kubectl -n <ns> args...`; resolves with its exit code and output (never rejects on a non-zero exit). */
  run(args: readonly string[], timeoutMs = 120_000): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, ["-n", this.namespace, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      this.children.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d: Buffer) => void (stdout += d.toString()));
      child.stderr!.on("data", (d: Buffer) => void (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.once("error", (e) => (clearTimeout(timer), this.children.delete(child), reject(errors.processFailed("kubectl", `could not run ${this.bin}: ${e.message}`))));
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        resolve({ code: code ?? 128, stdout, stderr: signal ? `${stderr}(killed by ${signal} after ${timeoutMs} ms)` : stderr });
      });
    });
  }

  /** Like run(), but a non-zero exit is an infrastructure failure naming the command and kubectl's words. */
  async must(args: readonly string[], timeoutMs?: number): Promise<string> {
    const r = await this.run(args, timeoutMs);
    if (r.code !== 0) throw errors.infraFailed(`kubectl ${args.join(" ")}`, `exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 1000)}`);
    return r.stdout;
  }

  /** Follows `kubectl args` (e.g. logs -f), handing each line to onLine; resolves with its exit code. */
  follow(args: readonly string[], onLine: (line: string) => void): { done: Promise<number>; stop(): void } {
    const child = spawn(this.bin, ["-n", this.namespace, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.children.add(child);
    let pending = "";
    const take = (d: Buffer) => {
      const lines = (pending + d.toString()).split("\n");
      pending = lines.pop()!;
      for (const line of lines) onLine(line);
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    const done = new Promise<number>((resolve) => child.once("close", (code) => (pending && onLine(pending), this.children.delete(child), resolve(code ?? 128))));
    child.once("error", () => undefined);
    return { done, stop: () => void child.kill("SIGTERM") };
  }

  /** Ends every kubectl this object started and that still runs. */
  stopAll(): void {
    for (const child of this.children) child.kill("SIGTERM");
  }
}

/** kubectl at TASKSTORM_KUBECTL, else the first on PATH; exit 2 naming both when there is none. */
export async function findKubectl(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[KUBECTL_ENV];
  if (fromEnv) {
    const file = path.resolve(fromEnv);
    if (!fs.existsSync(file)) throw errors.invalidArgument(KUBECTL_ENV, fromEnv, "the path of a kubectl binary (nothing is there)");
    return file;
  }
  const [onPath] = await findOnPath("kubectl", env);
  if (!onPath) throw errors.invalidArgument("--placement", "k8s", `kubectl, which was not found (${KUBECTL_ENV} is unset and there is no kubectl on PATH): install kubectl and point it at a cluster`);
  return onPath;
}

/** Before anything is created: a cluster answers, the namespace exists, k6-operator's TestRun CRD is installed. */
export async function checkCluster(k: Kubectl): Promise<void> {
  const version = await k.run(["version", "-o", "json", "--request-timeout=15s"], 30_000);
  if (version.code !== 0 || !/"serverVersion"/.test(version.stdout)) {
    throw errors.invalidArgument("--placement", "k8s", `a Kubernetes cluster that kubectl (${k.bin}) reaches, and none answered: ${firstLine(version.stderr || version.stdout)}`);
  }
  const ns = await k.run(["get", "namespace", k.namespace, "-o", "name"]);
  if (ns.code !== 0) throw errors.invalidArgument("--namespace", k.namespace, `an existing namespace (kubectl create namespace ${k.namespace}): ${firstLine(ns.stderr)}`);
  const crd = await k.run(["get", "crd", "testruns.k6.io", "-o", "name"]);
  if (crd.code !== 0) throw errors.invalidArgument("--placement", "k8s", `k6-operator installed in the cluster (its CRD testruns.k6.io is missing: ${firstLine(crd.stderr)}); see docs/running-on-kubernetes.md`);
}

const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";
