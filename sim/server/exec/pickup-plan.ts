// How many queued tasks a node picks up in one poll (HA doc, "How tasks are distributed"): none
// while draining or at its task cap; otherwise it picks while its workload ratio
// (active on node / node cap) is not above the prospective cluster workload ratio
// ((active in cluster + pending) / cluster cap), computed once per poll. Pure.

export interface ClusterLoad {
  /** Tasks this node is executing now. */
  nodeActive: number;
  /** This node's task cap (MaxConcurrentTasks). */
  nodeCap: number;
  draining: boolean;
  /** Executing + Cancelling tasks in the whole cluster. */
  clusterActive: number;
  /** Queued tasks not past their QueueTimeExpiry. */
  pending: number;
  /** Sum of the task caps of the nodes online and not draining. */
  clusterCap: number;
}

/** The prospective cluster workload ratio; Infinity when the cluster has no capacity. */
export function clusterRatio(load: Pick<ClusterLoad, "clusterActive" | "pending" | "clusterCap">): number {
  return load.clusterCap > 0 ? (load.clusterActive + load.pending) / load.clusterCap : Infinity;
}

export function tasksToPick(load: ClusterLoad): number {
  if (load.draining || load.nodeCap <= 0) return 0;
  const ratio = clusterRatio(load);
  let active = load.nodeActive;
  let picked = 0;
  while (picked < load.pending && active < load.nodeCap && active / load.nodeCap <= ratio) {
    active++;
    picked++;
  }
  return picked;
}
