// One Toxiproxy proxy per node in front of PostgreSQL ("db-node-2"), so a fault can slow or cut the
// link between ONE node and the database. Each node gets the database URL rewritten to its proxy.

import type { ProxySpec } from "./topology.ts";
import { freePort } from "../infra/ports.ts";

export interface DatabaseProxies {
  proxies: ProxySpec[];
  /** The database URL node `nodeName` uses (through its proxy). */
  urlFor(nodeName: string): string;
  /** The proxy name of node `nodeName`'s database link. */
  proxyOf(nodeName: string): string;
}

export const databaseProxyName = (nodeName: string) => `db-${nodeName}`;

export async function planDatabaseProxies(databaseUrl: string, nodeNames: readonly string[]): Promise<DatabaseProxies> {
  const url = new URL(databaseUrl);
  const upstream = `${url.hostname}:${url.port || 5432}`;
  const listenByNode = new Map<string, string>();
  for (const name of nodeNames) listenByNode.set(name, `127.0.0.1:${await freePort()}`);
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
