// Whether a column's planned size fits where it runs, from arithmetic on the scenario before anything is
// planned or started: loopback addresses, proxy ports, open files per process (`ulimit -n`), the
// conductor's heap for the plan itself, then (once the model exists) the parts' memory from measured unit costs.
import { getHeapStatistics } from "node:v8";
import type { DeploymentModel } from "../../fixtures/generate.ts";
import { LOOPBACK_ADDRESSES_PER_BLOCK } from "../infra/ports.ts";
import { machineInfo, openFilesLimit } from "../lib/machine.ts";
import { machineBudget, machinesPerHostByPorts, planCapacity, targetOf } from "../plan/capacity.ts";
import { fleetDescriptors, shardCount } from "../plan/fleet-plan.ts";
import type { UnitCosts } from "../plan/unit-costs.ts";
import type { ScenarioSpec } from "../scenario/index.ts";

/** What this machine allows a run. */
export interface MachineLimits {
  /** Soft open-file limit every part inherits (`ulimit -n`); Infinity when unlimited or unknown. */
  openFiles: number;
  /** Physical memory, bytes. */
  memoryBytes: number;
  /** The conductor's V8 heap limit, bytes: a plan that does not fit in it aborts the process (exit 134). */
  heapLimitBytes: number;
}

/** Descriptors a fleet or toxiproxy process keeps for itself (runtime, logs, IPC, metrics) besides tentacles and proxies. */
export const FD_HEADROOM_PER_PROCESS = 256;
/**
 * Conductor heap per machine while planning a column (deployment model, topology, fleet configs,
 * fixtures), bytes: measured 1.0 KB retained and 2.2 KB at the peak for 60,000 machines (Node 24,
 * 2026-12-05), doubled for the copies sent to nodes and fleets.
 */
export const CONDUCTOR_BYTES_PER_MACHINE = 4096;

export function machineLimits(): MachineLimits {
  return { openFiles: openFilesLimit()?.soft ?? Number.POSITIVE_INFINITY, memoryBytes: machineInfo().memoryBytes, heapLimitBytes: getHeapStatistics().heap_size_limit };
}

const MIB = 1 << 20;
const fleetField = (spec: ScenarioSpec) => (spec.fleet.polling > 0 ? "fleet.listening + fleet.polling" : "fleet.listening");

/** Problems of a column's size that need no plan: addresses or ports, open files, the conductor's heap. Empty when it fits. */
export function sizeProblems(spec: ScenarioSpec, placement: string, limits: MachineLimits): string[] {
  const machines = spec.fleet.listening + spec.fleet.polling;
  const field = fleetField(spec);
  const problems: string[] = [];
  const heapNeed = machines * CONDUCTOR_BYTES_PER_MACHINE;
  if (heapNeed > limits.heapLimitBytes) {
    problems.push(`${field}: got ${machines}, expected at most ${Math.floor(limits.heapLimitBytes / CONDUCTOR_BYTES_PER_MACHINE)} tentacles: planning them needs about ${Math.ceil(heapNeed / MIB)} MiB of the conductor's heap, its limit is ${Math.floor(limits.heapLimitBytes / MIB)} MiB (NODE_OPTIONS=--max-old-space-size raises it)`);
    return problems; // nothing else about a size this far out is worth computing
  }
  if (machines > LOOPBACK_ADDRESSES_PER_BLOCK) { // every placement: tentacles listen on loopback addresses by machine index (local.ts, agent-placement.ts)
    const why = placement === "local" ? "each tentacle and each proxy takes an address of its own /16 loopback block" : "each tentacle listens on an address of its own in its host's /16 loopback block";
    problems.push(`${field}: got ${machines}, expected at most ${LOOPBACK_ADDRESSES_PER_BLOCK} tentacles (${why})`);
  }
  const shards = shardCount(spec, spec.fleet.listening, spec.fleet.polling);
  if (placement !== "local") {
    const perHost = machinesPerHostByPorts(spec.server.nodes);
    const perShard = Math.ceil(machines / shards);
    if (perShard > perHost) {
      problems.push(`fleet.processes: got ${shards} shards of ${perShard} tentacles, expected at most ${perHost} tentacles per shard with ${spec.server.nodes} nodes (one proxy port each per link on its host): set fleet.processes to at least ${Math.ceil(machines / perHost)}`);
    }
  }
  if (placement !== "k8s") { // pods raise their own limit to the hard one (k8s/pod-spec.ts)
    const { fleetFds, proxyFds } = fleetDescriptors(spec, spec.fleet.listening, spec.fleet.polling);
    const perProcess = Math.ceil(fleetFds / shards);
    const perProxyServer = Math.ceil(proxyFds / shards);
    const need = Math.max(perProcess, perProxyServer) + FD_HEADROOM_PER_PROCESS;
    if (need > limits.openFiles) {
      const room = limits.openFiles - FD_HEADROOM_PER_PROCESS;
      const shardsNeeded = room > 0 ? `, or set fleet.processes to at least ${Math.ceil(Math.max(fleetFds, proxyFds) / room)}` : "";
      problems.push(`${field}: got ${machines}, expected a fleet whose processes fit \`ulimit -n\` ${limits.openFiles}: one ${perProxyServer >= perProcess ? "toxiproxy-server" : "fleet process"} of ${shards} shards needs ${need} open files (${FD_HEADROOM_PER_PROCESS} of them its own); raise \`ulimit -n\` to ${need}${shardsNeeded}`);
    }
  }
  return problems;
}

/** Whether every part of the column fits this machine's memory at the measured unit costs (not for k8s: pods are sized apart). */
export function memoryProblems(spec: ScenarioSpec, model: DeploymentModel, placement: string, limits: MachineLimits, costs: UnitCosts): string[] {
  if (placement === "k8s") return [];
  const plan = planCapacity({ ...targetOf(spec, model), fleetPods: shardCount(spec, spec.fleet.listening, spec.fleet.polling) }, costs, machineBudget(costs));
  const need = plan.totals.memoryBytes;
  if (need <= limits.memoryBytes) return [];
  const machines = spec.fleet.listening + spec.fleet.polling;
  const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
  return [
    `${fleetField(spec)}: got ${machines}, expected a column that fits this machine's ${gib(limits.memoryBytes)} GiB of memory: its parts need about ${gib(need)} GiB `
    + `(fleet ${plan.fleet.pods} x ${gib(plan.fleet.memoryBytes)}, nodes ${plan.nodes.pods} x ${gib(plan.nodes.memoryBytes)}, k6 ${plan.k6.instances} x ${gib(plan.k6.memoryBytes)} GiB; unit costs of ${plan.costs.measuredAt})`,
  ];
}
