// What `k8s render` and `run --placement k8s` both take from their options, checked before anything
// is written or started: the scenario with every --set and --seed, its columns (--strategy), the run's
// identity (--run-id, --namespace, --image), the database URL, the storage class and the unit costs.
import { readFileSync } from "node:fs";
import { errors } from "../lib/errors.ts";
import { numberOption } from "./args.ts";

export interface K8sOptionValues {
  set?: string[];
  strategy?: string[];
  seed?: string;
  image?: string;
  namespace?: string;
  postgres?: string;
  "run-id"?: string;
  "storage-class"?: string;
  costs?: string;
}

export async function k8sRunInputs(scenario: string, values: K8sOptionValues) {
  const [{ loadScenario, parseSetOverride }, { preflight }, { chooseStrategies }, names, { readUnitCosts }, { parsePostgresSource }] = await Promise.all([
    import("../scenario/index.ts"), import("../run/preflight.ts"), import("../run/lifecycle.ts"), import("../placement/k8s/names.ts"),
    import("../plan/unit-costs.ts"), import("../infra/postgres-source.ts"),
  ]);
  const overrides = (values.set ?? []).map(parseSetOverride);
  const seed = numberOption("--seed", values.seed, "an integer", Number.isSafeInteger);
  if (seed !== undefined) overrides.push({ seed });
  const loaded = await loadScenario(scenario, overrides);
  preflight(loaded, "k8s", { strategies: values.strategy });
  const postgres = values.postgres === undefined ? undefined : parsePostgresSource(values.postgres);
  if (postgres && postgres.kind !== "url") throw errors.invalidArgument("--postgres", values.postgres, "a postgres:// URL of a server the cluster reaches (managed, or CloudNativePG): parts on Kubernetes have no embedded database");
  const run = {
    runId: values["run-id"] === undefined ? names.newRunId() : names.checkRunId(values["run-id"]),
    namespace: names.checkNamespace(values.namespace ?? "default"),
    image: values.image ?? `taskstorm:${packageVersion()}`,
    scenario: loaded.spec.name,
  };
  return {
    loaded,
    render: {
      run, variants: chooseStrategies(loaded, values.strategy), chosen: (values.strategy ?? []).length > 0,
      ...(postgres?.kind === "url" ? { postgresUrl: postgres.url } : {}),
      ...(values["storage-class"] ? { storageClass: values["storage-class"] } : {}),
      costs: readUnitCosts(values.costs),
    },
  };
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
