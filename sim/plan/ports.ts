// The port each part listens on. Every part has an address of its own on its host (a loopback address
// of the run's service block locally, the host's own address elsewhere), so ports can be the same on
// every placement and need no probing: nothing else listens on a run's addresses.

/** A node's REST API. */
export const NODE_API_PORT = 8080;
/** A node's polling endpoint (Halibut's polling port). */
export const NODE_POLLING_PORT = 10943;
/** Node n's proxy to the database listens on this port + n (they may share a host). */
export const DATABASE_LINK_BASE_PORT = 15432;
/** A fleet process's GET /metrics (the port exporters commonly use). */
export const FLEET_METRICS_PORT = 9464;
/** A toxiproxy-server's control API, where it has a host (or pod) address of its own. */
export const TOXIPROXY_API_PORT = 8474;
/** Where fleet shards have hosts of their own, their proxies listen from this port on, one per machine and link. */
export const FLEET_PROXY_BASE_PORT = 20_000;

/** Part names: `<node>` (its API), `<node>/polling`, `db/link-<node>`, `<fleet>/metrics`. */
export function portOf(part: string): number {
  if (/^fleet-\d+\/metrics$/.test(part)) return FLEET_METRICS_PORT;
  const link = /^db\/link-node-(\d+)$/.exec(part);
  if (link) return DATABASE_LINK_BASE_PORT + Number(link[1]);
  if (/^node-\d+\/polling$/.test(part)) return NODE_POLLING_PORT;
  if (/^node-\d+$/.test(part)) return NODE_API_PORT;
  throw new Error(`portOf: no port for part ${JSON.stringify(part)} (expected node-N, node-N/polling, db/link-node-N or fleet-N/metrics)`);
}
