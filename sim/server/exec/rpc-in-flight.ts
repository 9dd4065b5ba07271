// Counts a node's tentacle RPCs in flight (sim_rpc_in_flight{service}) around any RpcClient.
import type { ServerMetrics } from "../metrics.ts";
import type { RpcClient } from "./rpc-client.ts";

export function countingInFlight(rpc: RpcClient, metrics: ServerMetrics): RpcClient {
  return {
    ...rpc,
    async call(call, signal) {
      metrics.rpcInFlight.inc({ service: call.service });
      try {
        return await rpc.call(call, signal);
      } finally {
        metrics.rpcInFlight.dec({ service: call.service });
      }
    },
  } as RpcClient;
}
