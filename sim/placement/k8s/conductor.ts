// The conductor's objects: a ServiceAccount with a least-privilege Role (create and delete its own
// TestRuns and their ConfigMaps and Secrets, read pods and logs for the runners' exits; nothing else), the Job running
// `taskstorm run --placement k8s` on the rendered scenario, its run description and scenario as
// ConfigMaps, the k6 results volume, and the Secrets (the agents' token, the database URL).
import type { YamlValue } from "../../lib/yaml.ts";
import type { PodSize } from "../../plan/capacity.ts";
import { K8S_RUN_ENV, objectName, partLabels, PATHS, type K8sRunIdentity } from "./names.ts";
import { containerSecurityContext, fieldEnv, homeEnv, podSecurityContext, resources, tmpVolume, tokenVolume } from "./pod-spec.ts";
import type { K8sRunFile } from "./run-file.ts";

/** How long the conductor keeps its run folder for `taskstorm run` to copy before it exits. */
export const HOLD_FOR_COLLECTION_S = 1_800;

const meta = (run: K8sRunIdentity, what: string, part: string) => ({ name: objectName(run, what), namespace: run.namespace, labels: partLabels(run, part) });

export function renderRbac(run: K8sRunIdentity): YamlValue[] {
  const name = objectName(run, "conductor");
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(run, "conductor", "conductor"), automountServiceAccountToken: false },
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(run, "conductor", "conductor"),
      rules: [
        { apiGroups: ["k6.io"], resources: ["testruns"], verbs: ["create", "get", "list", "watch", "delete"] },
        { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "get", "delete"] },
        { apiGroups: [""], resources: ["secrets"], verbs: ["create", "delete"] },
        { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta(run, "conductor", "conductor"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name, namespace: run.namespace }],
    },
  ];
}

export interface ConfigInput {
  run: K8sRunIdentity;
  runFile: K8sRunFile;
  /** The scenario as the conductor loads it: a module exporting the validated spec. */
  scenarioModule: string;
  storageClass?: string;
  k6Storage: string;
}

export function renderConfig(i: ConfigInput): YamlValue[] {
  return [
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta(i.run, "run", "conductor"), data: { "run.json": `${JSON.stringify(i.runFile, null, 2)}\n` } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta(i.run, "scenario", "conductor"), data: { [`${i.run.scenario}.ts`]: i.scenarioModule } },
    {
      apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: meta(i.run, "k6", "load"),
      spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: i.k6Storage } }, ...(i.storageClass ? { storageClassName: i.storageClass } : {}) },
    },
  ];
}

export function renderSecrets(run: K8sRunIdentity, token: string, postgresUrl: string | undefined): YamlValue[] {
  const secret = (what: string, key: string, value: string) => ({ apiVersion: "v1", kind: "Secret", metadata: meta(run, what, "secret"), type: "Opaque", stringData: { [key]: value } });
  return [secret("token", "token", token), ...(postgresUrl ? [secret("postgres", "url", postgresUrl)] : [])];
}

export interface JobInput {
  run: K8sRunIdentity;
  /** Column labels to run (empty: every column of the scenario). */
  strategies: readonly string[];
  size: PodSize;
}

export function renderConductorJob(i: JobInput): YamlValue {
  const { run } = i;
  return {
    apiVersion: "batch/v1", kind: "Job", metadata: meta(run, "conductor", "conductor"),
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels: partLabels(run, "conductor") },
        spec: {
          serviceAccountName: objectName(run, "conductor"), automountServiceAccountToken: true, enableServiceLinks: false, restartPolicy: "Never",
          securityContext: podSecurityContext(),
          containers: [{
            name: "conductor", image: run.image, imagePullPolicy: "IfNotPresent",
            args: [
              "run", `${PATHS.scenarioDir}/${run.scenario}.ts`, "--placement", "k8s", "--postgres", "$(TASKSTORM_POSTGRES_URL)", "--reports-dir", PATHS.runs,
              ...i.strategies.flatMap((s) => ["--strategy", s]),
            ],
            env: [
              { name: K8S_RUN_ENV, value: `${PATHS.runDir}/run.json` },
              { name: "TASKSTORM_POSTGRES_URL", valueFrom: { secretKeyRef: { name: objectName(run, "postgres"), key: "url" } } },
              { name: "TASKSTORM_K8S_HOLD_S", value: String(HOLD_FOR_COLLECTION_S) },
              { name: "NODE_EXTRA_CA_CERTS", value: PATHS.serviceAccountCa },
              fieldEnv("POD_NAMESPACE", "metadata.namespace"), homeEnv(),
            ],
            resources: resources(i.size),
            securityContext: containerSecurityContext(),
            volumeMounts: [
              { name: "token", mountPath: PATHS.tokenDir, readOnly: true }, { name: "run", mountPath: PATHS.runDir, readOnly: true },
              { name: "scenario", mountPath: PATHS.scenarioDir, readOnly: true }, { name: "k6-results", mountPath: PATHS.k6Results },
              { name: "runs", mountPath: PATHS.runs }, { name: "tmp", mountPath: "/tmp" },
            ],
          }],
          volumes: [
            tokenVolume(objectName(run, "token")), { name: "run", configMap: { name: objectName(run, "run") } }, { name: "scenario", configMap: { name: objectName(run, "scenario") } },
            { name: "k6-results", persistentVolumeClaim: { claimName: objectName(run, "k6") } }, { name: "runs", emptyDir: {} }, tmpVolume(),
          ],
        },
      },
    },
  };
}
