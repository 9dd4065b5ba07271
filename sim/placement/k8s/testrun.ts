// One column's load on Kubernetes: a ConfigMap holding the column's LoadPlan (k6-plan.json) and the
// deployments script as a `k6 archive` made with that plan (archive.tar: an archive runs only with the
// files it captured, so the plan travels inside it), and the k6-operator TestRun running it on
// `instances` runners. Each runner writes its ops and summary into its own folder of the results volume
// (load-<n>/<pod name>), which the conductor reads. The render and the conductor use the same documents.
import type { LoadPlan } from "../../contracts/index.ts";
import type { YamlValue } from "../../lib/yaml.ts";
import { LABELS, labelValue, loadName, partLabels, PATHS, type K8sRunIdentity } from "./names.ts";
import { containerSecurityContext, fieldEnv, homeEnv, podSecurityContext, resources, tmpVolume } from "./pod-spec.ts";
import type { K8sRunFile } from "./run-file.ts";

export const ARCHIVE_KEY = "archive.tar";
export const PLAN_KEY = "k6-plan.json";
/** Inside a runner: where the console ops and the summary go (its own folder of the results volume). */
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

export function loadConfigMap(run: K8sRunIdentity, column: LoadColumn, plan: LoadPlan, archiveBase64?: string): YamlValue {
  return {
    apiVersion: "v1", kind: "ConfigMap",
    metadata: { name: loadName(run, column.index), namespace: run.namespace, labels: { ...partLabels(run, "load"), [LABELS.column]: labelValue(column.label) } },
    data: { [PLAN_KEY]: `${JSON.stringify(plan, null, 2)}\n` },
    ...(archiveBase64 ? { binaryData: { [ARCHIVE_KEY]: archiveBase64 } } : {}),
  };
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
      arguments: [
        "--no-usage-report", "--no-color", "--log-format=raw", `--console-output=${RUNNER_OPS_FILE}`, "--tag", `run=${run.runId}`, "--tag", `column=${labelValue(column.label)}`,
      ].join(" "),
      runner: {
        image: run.image, imagePullPolicy: "IfNotPresent", automountServiceAccountToken: "false", // a string in the CRD
        metadata: { labels },
        env: [fieldEnv("POD_NAME", "metadata.name"), homeEnv(), { name: "K6_NO_USAGE_REPORT", value: "true" }],
        resources: resources(run.k6.size),
        securityContext: podSecurityContext(),
        containerSecurityContext: containerSecurityContext(),
        volumes: [{ name: "k6-results", persistentVolumeClaim: { claimName: run.k6.claimName } }, tmpVolume()],
        volumeMounts: [
          { name: "k6-results", mountPath: PATHS.k6Out, subPathExpr: `${columnResultsDir(column.index)}/$(POD_NAME)` },
          { name: "tmp", mountPath: "/tmp" },
        ],
      },
    },
  };
}
