// The k8s placement, inside the conductor's pod: every part on a pod of its run's StatefulSets (node-N,
// fleet-N), driven through the pod's agent exactly as netns hosts are (agent-placement.ts). The agents
// were started by Kubernetes: the conductor finds each by its pod's DNS name, waits until it answers
// with the run's token, and uses the pod's address from then on. A node's database link lives in its own
// pod (its toxiproxy-server, started by its agent); PostgreSQL is a server the cluster reaches (a fresh
// database per column); the load is a k6-operator TestRun per column (load.ts).
import { lookup } from "node:dns/promises";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPostgres, type PostgresSource } from "../../infra/postgres-source.ts";
import { errors } from "../../lib/errors.ts";
import { pollUntil } from "../../lib/poll.ts";
import { AgentClient, keepLeases } from "../agent-client.ts";
import { makeAgentPlacement, type AgentHost } from "../agent-placement.ts";
import type { Placement } from "../placement.ts";
import { KubeApi } from "./kube-api.ts";
import { runK8sLoad } from "./load.ts";
import type { K8sRunFile } from "./run-file.ts";

export interface K8sPlacementOptions {
  runFile: K8sRunFile;
  runDir: string;
  k6Path: string;
  api?: KubeApi;
  /** Time allowed for every pod's agent to answer (images pulled, pods scheduled); default 15 min. */
  agentsTimeoutMs?: number;
  /** Where the k6 results volume is mounted (default: the rendered path). */
  resultsDir?: string;
}

/** The pod of a part: node-N and fleet-N are pods; node N's database link ("db/link-node-N") is in node N's pod. */
export function k8sHostNameOf(part: string): string {
  const link = /^db\/link-(node-\d+)$/.exec(part);
  return link ? link[1]! : part.split("/")[0]!;
}

export async function makeK8sPlacement(o: K8sPlacementOptions): Promise<Placement> {
  const token = fs.readFileSync(o.runFile.tokenFile, "utf8").trim();
  const hosts: AgentHost[] = await Promise.all(o.runFile.hosts.map(async ({ name, dns }) => {
    let found: AgentHost | undefined;
    await pollUntil(`the agent of ${name} (${dns}:${o.runFile.agentPort})`, o.agentsTimeoutMs ?? 15 * 60_000, async () => {
      const address = (await lookup(dns).catch(() => undefined))?.address;
      if (!address) return false;
      const client = new AgentClient(name, `http://${address.includes(":") ? `[${address}]` : address}:${o.runFile.agentPort}`, token);
      if (!(await client.clockMs().then(() => true, () => false))) return false;
      found = { name, address, roles: [name.replace(/-\d+$/, "")], client };
      return true;
    }, 1_000);
    return found!;
  }));
  const stopLeases = keepLeases(hosts.map((h) => h.client));
  const api = o.api ?? new KubeApi({ namespace: o.runFile.namespace });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-k8s-load-"));
  const columns = new Map<string, number>();
  return makeAgentPlacement({
    kind: "k8s", runDir: o.runDir, hosts, recordHosts: hosts, hostNameOf: k8sHostNameOf,
    startPostgres(source: PostgresSource) {
      if (source.kind !== "url") throw errors.invalidArgument("--postgres", source.kind, "a postgres:// URL with --placement k8s: the parts run in pods, so the database is a server the cluster reaches");
      return startPostgres(source);
    },
    runLoad(l) {
      const label = path.basename(l.runDir);
      const index = columns.get(label) ?? columns.size + 1;
      columns.set(label, index);
      return runK8sLoad({ api, runFile: o.runFile, k6Path: o.k6Path, workDir, ...(o.resultsDir ? { resultsDir: o.resultsDir } : {}) }, { index, label, instances: l.instances }, l);
    },
    async stopAgents() {
      stopLeases();
      await Promise.all(hosts.map((h) => h.client.shutdown().catch(() => undefined)));
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  });
}
