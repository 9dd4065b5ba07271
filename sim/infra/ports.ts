// Loopback port and address allocation, so two runs on one machine never collide.

import net from "node:net";

/** Asks the kernel for a free TCP port on `host` (bind to 0, read, close). Callers retry on EADDRINUSE. */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** n distinct free ports on `host`: all are bound at once before any is released, so none repeats. */
export async function freePorts(n: number, host = "127.0.0.1"): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, host, resolve);
      });
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => (server.listening ? server.close(resolve) : resolve(undefined)))));
  }
}

/** True when `host:port` can be bound right now. */
export async function canBind(host: string, port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * The n-th address of a /16 block in 127/8: block b gives 127.b.(i>>8).(i&255), skipping .0 and .255
 * host bytes is unnecessary on loopback, but index 0 maps to .0.1 so no address ends in .0.0.
 */
export function loopbackAddress(block: number, index: number): string {
  const n = index + 1;
  if (block < 1 || block > 254) throw new RangeError(`loopback block must be 1..254, got ${block}`);
  if (n > 65_534) throw new RangeError(`loopback index must be < 65534, got ${index}`);
  return `127.${block}.${n >> 8}.${n & 255}`;
}

/**
 * Picks a pair of free /16 loopback blocks for one run (tentacles, proxies): tries random blocks in
 * 16..239 and keeps the first pair whose first address binds on `port`. `rand` is injected for tests.
 */
export async function allocateLoopbackBlocks(port: number, rand: () => number = Math.random): Promise<{ tentacleBlock: number; proxyBlock: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tentacleBlock = 16 + 2 * Math.floor(rand() * 112);
    const proxyBlock = tentacleBlock + 1;
    if ((await canBind(loopbackAddress(tentacleBlock, 0), port)) && (await canBind(loopbackAddress(proxyBlock, 0), port))) {
      return { tentacleBlock, proxyBlock };
    }
  }
  throw new Error(`no free loopback /16 block pair found for port ${port} after 50 attempts`);
}
