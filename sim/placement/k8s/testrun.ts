// One column's load on Kubernetes: a ConfigMap holding the column's LoadPlan (k6-plan.json, without the
// API key) and the deployments script as a `k6 archive` made with that plan (archive.tar: an archive runs
// only with the files it captured, so the plan travels inside it), a Secret holding the column's API key
// (the runners' TASKSTORM_API_KEY), and the k6-operator TestRun running it on `instances` runners.
// Each runner's /tmp is its own folder of the results volume (load-<n>/<pod name>),
// where it writes its ops and summary for the conductor to read: the operator's initializer runs
// `k6 archive` with the same arguments and only /tmp is sure to be writable there. No scuttle (Istio
// helper) wrapper: the operator puts one in front of k6 unless told not to, and the image has none.
// The render and the conductor use the same documents.
import { API_KEY_ENV, type LoadPlanFile } from "../../contracts/index.ts";
import type { YamlValue } from "../../lib/yaml.ts";
import { LABELS, labelValue, loadName, partLabels, PATHS, type K8sRunIdentity } from "./names.ts";
import { containerSecurityContext, fieldEnv, homeEnv, podSecurityContext, resources } from "./pod-spec.ts";
import type { K8sRunFile } from "./run-file.ts";

export const ARCHIVE_KEY = "archive.tar";
export const PLAN_KEY = "k6-plan.json";
/** The key of the column's Secret holding its API key. */
export const API_KEY_KEY = "api-key";
/** Inside a runner: where the console ops and the summary go (its /tmp: its own folder of the results volume). */
export const RUNNER_OPS_FILE = `${PATHS.k6Out}/k6-ops.ndjson`;
export const RUNNER_SUMMARY_FILE = `${PATHS.k6Out}/k6-summary.json`;

export interface LoadColumn {
  /** 1-based. */
  index: number;
  label: string;
  instances: number;
}

/** The folder of the results volume a column's runners write under (one sub-folder per runner pod). */
export const columnResultsDir = (column: number): string => `load-${column}`;

const loadMetadata = (run: K8sRunIdentity, column: LoadColumn) =>
  ({ name: loadName(run, column.index), namespace: run.namespace, labels: { ...partLabels(run, "load"), [LABELS.column]: labelValue(column.label) } });

/** The plan has no API key (planFileOf): anyone who may read ConfigMaps could read it; it goes in loadSecret. */
export function loadConfigMap(run: K8sRunIdentity, column: LoadColumn, plan: LoadPlanFile, archiveBase64?: string): YamlValue {
  return {
    apiVersion: "v1", kind: "ConfigMap",
    metadata: loadMetadata(run, column),
    data: { [PLAN_KEY]: `${JSON.stringify(plan, null, 2)}\n` },
    ...(archiveBase64 ? { binaryData: { [ARCHIVE_KEY]: archiveBase64 } } : {}),
  };
}

/** The column's API key, for its runners' environment; made by the conductor at the load step, deleted with the column. */
export function loadSecret(run: K8sRunIdentity, column: LoadColumn, apiKey: string): YamlValue {
  return { apiVersion: "v1", kind: "Secret", metadata: loadMetadata(run, column), type: "Opaque", stringData: { [API_KEY_KEY]: apiKey } };
}

export function testRun(run: K8sRunFile, column: LoadColumn): YamlValue {
  const labels = { ...partLabels(run, "load"), [LABELS.column]: labelValue(column.label) };
  return {
    apiVersion: "k6.io/v1alpha1", kind: "TestRun",
    metadata: { name: loadName(run, column.index), namespace: run.namespace, labels },
    spec: {
      parallelism: column.instances,
      separate: false,
      script: { configMap: { name: loadName(run, column.index), file: ARCHIVE_KEY } },
      // flags `k6 archive` accepts too (the initializer passes them to it): no --no-usage-report, an env var instead
      arguments: ["--no-color", "--log-format=raw", `--console-output=${RUNNER_OPS_FILE}`, "--tag", `run=${run.runId}`, "--tag", `column=${labelValue(column.label)}`].join(" "),
      scuttle: { enabled: "false" },
      initializer: { image: run.image, imagePullPolicy: "IfNotPresent", metadata: { labels }, env: [homeEnv()] },
      runner: {
        image: run.image, imagePullPolicy: "IfNotPresent", automountServiceAccountToken: "false", // a string in the CRD
        metadata: { labels },
        env: [fieldEnv("POD_NAME", "metadata.name"), homeEnv(), { name: "K6_NO_USAGE_REPORT", value: "true" },
          { name: API_KEY_ENV, valueFrom: { secretKeyRef: { name: loadName(run, column.index), key: API_KEY_KEY } } }],
        resources: resources(run.k6.size),
        securityContext: podSecurityContext(),
        containerSecurityContext: containerSecurityContext(),
        volumes: [{ name: "k6-results", persistentVolumeClaim: { claimName: run.k6.claimName } }],
        volumeMounts: [{ name: "k6-results", mountPath: PATHS.k6Out, subPathExpr: `${columnResultsDir(column.index)}/$(POD_NAME)` }],
      },
    },
  };
}
