// Names, labels, ports and paths of a run on Kubernetes: every object is named ts-<run id>-<what> and
// carries the labels that select its run (taskstorm.io/run) and its part, so one label selector deletes
// a run; a part of the plan ("node-2", "fleet-1") is the pod of ordinal N-1 of its StatefulSet.
import { randomBytes } from "node:crypto";
import { errors } from "../../lib/errors.ts";

export const LABELS = { run: "taskstorm.io/run", part: "taskstorm.io/part", column: "taskstorm.io/column", scenario: "taskstorm.io/scenario" } as const;
/** The agent of every part's pod listens on its pod address at this port. */
export const AGENT_PORT = 7070;
/** The image's non-root user (Dockerfile). */
export const RUN_AS_USER = 10001;

/** Where things are inside the pods. */
export const PATHS = {
  tokenDir: "/var/run/taskstorm/token",
  runDir: "/etc/taskstorm/run",
  scenarioDir: "/etc/taskstorm/scenario",
  /** The conductor's reports folder (--reports-dir). */
  runs: "/runs",
  /** The k6 results volume as the conductor mounts it; each runner sees its own folder of it as its /tmp. */
  k6Results: "/k6-out",
  k6Out: "/tmp",
  agentDir: "/work",
  serviceAccountCa: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
} as const;

/** Env var naming the run description (run.json) for the conductor inside the cluster. */
export const K8S_RUN_ENV = "TASKSTORM_K8S_RUN";

export interface K8sRunIdentity {
  runId: string;
  namespace: string;
  image: string;
  scenario: string;
}

const RUN_ID = /^[a-z][a-z0-9]{2,11}$/;

/** A fresh run id: 8 characters, a letter then lowercase letters and digits (fits every name and label). */
export function newRunId(): string {
  const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(8);
  return [...bytes].map((b, i) => chars[i === 0 ? b % 26 : b % 36]).join("");
}

export function checkRunId(id: string): string {
  if (!RUN_ID.test(id)) throw errors.invalidArgument("--run-id", id, "3 to 12 lowercase letters and digits, starting with a letter");
  return id;
}

export function checkNamespace(ns: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) throw errors.invalidArgument("--namespace", ns, "a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)");
  return ns;
}

export const objectName = (run: Pick<K8sRunIdentity, "runId">, what: string): string => `ts-${run.runId}-${what}`;

/** A label value from any text: at most 63 of [A-Za-z0-9._-], starting and ending with a letter or digit. */
export function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "") || "x";
}

export function runLabels(run: K8sRunIdentity): Record<string, string> {
  return { "app.kubernetes.io/name": "taskstorm", "app.kubernetes.io/managed-by": "taskstorm", [LABELS.run]: run.runId, [LABELS.scenario]: labelValue(run.scenario) };
}

export const partLabels = (run: K8sRunIdentity, part: string): Record<string, string> => ({ ...runLabels(run), [LABELS.part]: part });

/** The labels a part's pods are selected by. */
export const selectorOf = (run: K8sRunIdentity, part: string): Record<string, string> => ({ [LABELS.run]: run.runId, [LABELS.part]: part });

/** The StatefulSet, pod and DNS name of a part of the plan: "node-2" -> ts-<id>-node-1.ts-<id>-node.<ns>.svc.cluster.local. */
export function podOf(run: K8sRunIdentity, part: string): { statefulSet: string; pod: string; dns: string } {
  const match = /^(node|fleet)-(\d+)$/.exec(part);
  if (!match) throw errors.invalidArgument("part", part, "node-N or fleet-N");
  const statefulSet = objectName(run, match[1]!);
  const pod = `${statefulSet}-${Number(match[2]) - 1}`;
  return { statefulSet, pod, dns: `${pod}.${statefulSet}.${run.namespace}.svc.cluster.local` };
}

/** Name of column n's (1-based) TestRun and its ConfigMap. */
export const loadName = (run: Pick<K8sRunIdentity, "runId">, column: number): string => objectName(run, `load-${column}`);
