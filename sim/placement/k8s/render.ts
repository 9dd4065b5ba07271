// `taskstorm k8s render`: plain, reviewable YAML for a scenario's columns, from the plan layer so the
// parts match what a run starts (node names, fleet shards, ports): RBAC, config and Secrets, the nodes'
// and fleet's StatefulSets, the NetworkPolicy, the conductor's Job, and under load/ each column's
// TestRun with its ConfigMap (the conductor creates those at the column's load step; kubectl apply of
// the folder leaves load/ alone). Deterministic for the same inputs but secrets.yaml's token.
import fs from "node:fs";
import path from "node:path";
import { planFileOf } from "../../contracts/index.ts";
import { errors } from "../../lib/errors.ts";
import { toYamlDocuments, type YamlValue } from "../../lib/yaml.ts";
import { planCapacity, targetOf, type PodSize } from "../../plan/capacity.ts";
import { modelOf, shardCount } from "../../plan/fleet-plan.ts";
import { loadPlanOf } from "../../plan/load-plan.ts";
import { nodeNames } from "../../plan/node-config.ts";
import { NODE_API_PORT } from "../../plan/ports.ts";
import type { UnitCosts } from "../../plan/unit-costs.ts";
import type { LoadedScenario, Variant } from "../../scenario/index.ts";
import { renderConductorJob, renderConfig, renderRbac, renderSecrets } from "./conductor.ts";
import { AGENT_PORT, objectName, PATHS, podOf, type K8sRunIdentity } from "./names.ts";
import { renderFleet, renderNetworkPolicy, renderNodes } from "./parts.ts";
import type { K8sRunFile } from "./run-file.ts";
import { loadConfigMap, RUNNER_SUMMARY_FILE, testRun } from "./testrun.ts";

export interface RenderOptions {
  run: K8sRunIdentity;
  /** The columns to render (every column of the scenario, or those --strategy chose). */
  variants: readonly Variant[];
  /** Whether the columns are a choice (the conductor then runs exactly these). */
  chosen: boolean;
  /** The agents' token (secrets.yaml). */
  token: string;
  /** The database server (each column gets a fresh database on it); absent: secrets.yaml leaves it out. */
  postgresUrl?: string;
  storageClass?: string;
  costs: UnitCosts;
}

export interface RenderedFile {
  /** Relative to the render folder. */
  path: string;
  text: string;
  /** Holds secrets: written 0600. */
  secret?: boolean;
}

const MIB = 1 << 20;
const maxSize = (sizes: PodSize[]): PodSize => ({ cpuCores: Math.max(...sizes.map((s) => s.cpuCores)), memoryBytes: Math.max(...sizes.map((s) => s.memoryBytes)) });
/** The conductor's size is not measured: a core, and memory for merging histories (1 GiB + 16 KiB per tentacle). */
const conductorSize = (tentacles: number): PodSize => ({ cpuCores: 1, memoryBytes: Math.ceil((1024 * MIB + tentacles * 16_384) / (64 * MIB)) * 64 * MIB });

export function renderRun(loaded: LoadedScenario, o: RenderOptions): RenderedFile[] {
  const { run } = o;
  const specs = o.variants.map((v) => v.spec);
  const nodes = Math.max(...specs.map((s) => s.server.nodes));
  const shards = Math.max(...specs.map((s) => shardCount(s, s.fleet.listening, s.fleet.polling)));
  const plans = specs.map((s) => planCapacity({ ...targetOf(s), fleetPods: shardCount(s, s.fleet.listening, s.fleet.polling) }, o.costs));
  const k6Size = maxSize(plans.map((p) => p.k6));
  const hosts = [...Array.from({ length: nodes }, (_, i) => `node-${i + 1}`), ...Array.from({ length: shards }, (_, i) => `fleet-${i + 1}`)];
  const runFile: K8sRunFile = {
    ...run, hosts: hosts.map((name) => ({ name, dns: podOf(run, name).dns })), agentPort: AGENT_PORT, tokenFile: `${PATHS.tokenDir}/token`,
    k6: { claimName: objectName(run, "k6"), size: k6Size },
  };
  const parts = { run, nodes, fleetShards: shards, nodeSize: maxSize(plans.map((p) => p.nodes)), fleetSize: maxSize(plans.map((p) => p.fleet)) };
  const header = (what: string) => `taskstorm k8s render: ${what}\nscenario ${run.scenario} (${path.basename(loaded.source)}), run ${run.runId}, namespace ${run.namespace}, image ${run.image}\nselect everything of this run: -l taskstorm.io/run=${run.runId}`;
  const file = (name: string, what: string, docs: YamlValue[], secret = false): RenderedFile => ({ path: name, text: toYamlDocuments(docs, header(what)), ...(secret ? { secret } : {}) });
  const scenarioModule = `// The scenario run ${run.runId} was rendered from (${path.basename(loaded.source)}), validated, every --set applied.\nexport default ${JSON.stringify(loaded.spec, null, 2)};\n`;
  const files = [
    file("00-rbac.yaml", "the conductor's ServiceAccount and least-privilege Role", renderRbac(run)),
    file("01-secrets.yaml", `the agents' token${o.postgresUrl ? " and the database URL" : `; create the database URL's Secret: kubectl -n ${run.namespace} create secret generic ${objectName(run, "postgres")} --from-literal=url=postgres://...`}`, renderSecrets(run, o.token, o.postgresUrl), true),
    file("10-config.yaml", "the run description and scenario for the conductor, and the k6 results volume (ReadWriteMany)", renderConfig({ run, runFile, scenarioModule, k6Storage: "1Gi", ...(o.storageClass ? { storageClass: o.storageClass } : {}) })),
    file("20-nodes.yaml", `${nodes} nodes (node-1..node-${nodes} = pods ${objectName(run, "node")}-0..${nodes - 1}), each with its database link's toxiproxy-server`, renderNodes(parts)),
    file("30-fleet.yaml", `${shards} fleet shards (fleet process + its toxiproxy-server per pod, proxies on the pod address)`, renderFleet(parts)),
    file("40-network-policy.yaml", "agents and toxiproxy control APIs answer only the conductor", [renderNetworkPolicy(run)]),
    file("50-conductor.yaml", "the conductor: taskstorm run --placement k8s", [renderConductorJob({ run, strategies: o.chosen ? o.variants.map((v) => v.label) : [], size: conductorSize(Math.max(...specs.map((s) => s.fleet.listening + s.fleet.polling))) })]),
    ...o.variants.map((v, i) => {
      const column = { index: i + 1, label: v.label, instances: v.spec.load.instances };
      const plan = planFileOf(loadPlanOf(v.spec, nodeNames(v.spec).map((n) => ({ url: `http://${podOf(run, n).dns}:${NODE_API_PORT}` })), "", modelOf(v.spec), RUNNER_SUMMARY_FILE));
      return file(`load/${column.index}-${column.label}.yaml`,
        `column ${column.index} (${v.label}): created by the conductor at this column's load step, not by kubectl apply.\nThere archive.tar (binaryData) gets the deployments script as \`k6 archive\` made with this plan (an archive runs only\nwith the files it captured), and a Secret of the same name the column's API key, which the runners read from their env.`,
        [loadConfigMap(run, column, plan), testRun(runFile, column)]);
    }),
  ];
  return files;
}

const MARKER = ".taskstorm-render";

/** Writes a render into `dir`, replacing an earlier render there; refuses a folder holding anything else. */
export function writeRender(dir: string, files: readonly RenderedFile[]): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!fs.existsSync(path.join(dir, MARKER))) throw errors.invalidArgument("--out", dir, "a new or empty folder, or one an earlier `taskstorm k8s render` wrote");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(dir, "load"), { recursive: true });
  fs.writeFileSync(path.join(dir, MARKER), "written by taskstorm k8s render; the folder is replaced by the next render into it\n");
  for (const f of files) fs.writeFileSync(path.join(dir, f.path), f.text, { mode: f.secret ? 0o600 : 0o644 });
}
