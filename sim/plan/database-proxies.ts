// One Toxiproxy proxy per node in front of PostgreSQL ("db-node-2"), so a fault can slow or cut the
// link between ONE node and the database. Each node gets the database URL rewritten to its proxy.

import type { ProxySpec } from "./topology.ts";

export interface DatabaseProxies {
  proxies: ProxySpec[];
  /** The database URL node `nodeName` uses (through its proxy). */
  urlFor(nodeName: string): string;
  /** The proxy name of node `nodeName`'s database link. */
  proxyOf(nodeName: string): string;
}

export const databaseProxyName = (nodeName: string) => `db-${nodeName}`;

/** `listenByNode`: where each node's proxy listens (host:port, on the toxiproxy-server that holds it). */
export function planDatabaseProxies(databaseUrl: string, listenByNode: ReadonlyMap<string, string>): DatabaseProxies {
  const url = new URL(databaseUrl);
  const upstream = `${url.hostname}:${url.port || 5432}`;
  const nodeNames = [...listenByNode.keys()];
  const listenOf = (nodeName: string) => {
    const listen = listenByNode.get(nodeName);
    if (!listen) throw new Error(`no database proxy planned for node ${JSON.stringify(nodeName)} (planned: ${nodeNames.join(", ")})`);
    return listen;
  };
  return {
    proxies: nodeNames.map((name) => ({ name: databaseProxyName(name), listen: listenOf(name), upstream, enabled: true })),
    urlFor(nodeName) {
      const proxied = new URL(databaseUrl);
      proxied.host = listenOf(nodeName);
      return proxied.toString();
    },
    proxyOf: (nodeName) => (listenOf(nodeName), databaseProxyName(nodeName)),
  };
}
