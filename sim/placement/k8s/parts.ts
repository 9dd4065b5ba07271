// The parts' pods: the nodes and the fleet shards as StatefulSets (a node's name is an identity in the
// database, the faults and the history, so pod ordinal k is always node-(k+1); likewise fleet-(k+1)),
// each behind a headless Service that publishes every pod's DNS name before it is ready, and one
// NetworkPolicy: the agents and toxiproxy control APIs answer only the conductor; the run's own pods
// (nodes, fleet, k6 runners) reach the node APIs, polling endpoints, database links and fleet proxies.
import type { YamlValue } from "../../lib/yaml.ts";
import type { PodSize } from "../../plan/capacity.ts";
import { DATABASE_LINK_BASE_PORT, FLEET_PROXY_BASE_PORT, NODE_API_PORT, NODE_POLLING_PORT, TOXIPROXY_API_PORT } from "../../plan/ports.ts";
import { AGENT_PORT, LABELS, objectName, partLabels, selectorOf, type K8sRunIdentity } from "./names.ts";
import { agentContainer, podSecurityContext, tmpVolume, tokenVolume } from "./pod-spec.ts";

/** Database links: node n's proxy listens on its own pod at DATABASE_LINK_BASE_PORT + n; room for this many nodes. */
const MAX_NODES = 100;

export interface PartsInput {
  run: K8sRunIdentity;
  nodes: number;
  fleetShards: number;
  nodeSize: PodSize;
  fleetSize: PodSize;
}

function headlessService(run: K8sRunIdentity, part: string): YamlValue {
  return {
    apiVersion: "v1", kind: "Service",
    metadata: { name: objectName(run, part), namespace: run.namespace, labels: partLabels(run, part) },
    spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: selectorOf(run, part), ports: [{ name: "agent", port: AGENT_PORT, targetPort: AGENT_PORT, protocol: "TCP" }] },
  };
}

function statefulSet(run: K8sRunIdentity, part: string, replicas: number, size: PodSize, ports: { name: string; containerPort: number }[]): YamlValue {
  const name = objectName(run, part);
  return {
    apiVersion: "apps/v1", kind: "StatefulSet",
    metadata: { name, namespace: run.namespace, labels: partLabels(run, part) },
    spec: {
      serviceName: name, replicas, podManagementPolicy: "Parallel",
      selector: { matchLabels: selectorOf(run, part) },
      template: {
        metadata: { labels: partLabels(run, part) },
        spec: {
          automountServiceAccountToken: false, enableServiceLinks: false, terminationGracePeriodSeconds: 30,
          securityContext: podSecurityContext(),
          containers: [agentContainer(run.image, size, ports)],
          volumes: [tokenVolume(objectName(run, "token")), { name: "work", emptyDir: {} }, tmpVolume()],
        },
      },
    },
  };
}

export function renderNodes(i: PartsInput): YamlValue[] {
  return [headlessService(i.run, "node"), statefulSet(i.run, "node", i.nodes, i.nodeSize, [
    { name: "api", containerPort: NODE_API_PORT }, { name: "polling", containerPort: NODE_POLLING_PORT }, { name: "toxiproxy", containerPort: TOXIPROXY_API_PORT },
  ])];
}

export function renderFleet(i: PartsInput): YamlValue[] {
  return [headlessService(i.run, "fleet"), statefulSet(i.run, "fleet", i.fleetShards, i.fleetSize, [{ name: "toxiproxy", containerPort: TOXIPROXY_API_PORT }])];
}

export function renderNetworkPolicy(run: K8sRunIdentity): YamlValue {
  const tcp = (port: number, endPort?: number) => ({ protocol: "TCP", port, ...(endPort ? { endPort } : {}) });
  return {
    apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: { name: objectName(run, "parts"), namespace: run.namespace, labels: partLabels(run, "parts") },
    spec: {
      podSelector: { matchLabels: { [LABELS.run]: run.runId }, matchExpressions: [{ key: LABELS.part, operator: "In", values: ["node", "fleet"] }] },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ podSelector: { matchLabels: selectorOf(run, "conductor") } }] },
        {
          from: [{ podSelector: { matchLabels: { [LABELS.run]: run.runId } } }],
          ports: [tcp(NODE_API_PORT), tcp(NODE_POLLING_PORT), tcp(DATABASE_LINK_BASE_PORT, DATABASE_LINK_BASE_PORT + MAX_NODES), tcp(FLEET_PROXY_BASE_PORT, 65_535)],
        },
      ],
    },
  };
}
