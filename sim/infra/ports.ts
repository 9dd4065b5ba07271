// Loopback port and address allocation, so two runs on one machine never collide.
//
// Contract: freePort/freePorts give ports on one host that the kernel reports free; callers bind them
// soon and retry on EADDRINUSE. allocateLoopbackBlocks gives a run its own pair of /16 blocks in 127/8
// and is atomic across processes: it returns a reservation that keeps a listening socket bound on
// each block's first address at RESERVATION_PORT (a port no tentacle or proxy uses) until release().
// A second run (or test file) that picks a held block fails to bind and picks another; the kernel
// frees the reservation when the holder dies, even by SIGKILL, so no stale lock outlives a run.
// Everything stays at ports >= 1024 so a non-root user can run it.

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

/** Addresses a /16 block gives (index 0..65533): locally, the most tentacles (and proxies) a column can have. */
export const LOOPBACK_ADDRESSES_PER_BLOCK = 65_534;

/**
 * The n-th address of a /16 block in 127/8: block b gives 127.b.(i>>8).(i&255), skipping .0 and .255
 * host bytes is unnecessary on loopback, but index 0 maps to .0.1 so no address ends in .0.0.
 */
export function loopbackAddress(block: number, index: number): string {
  const n = index + 1;
  if (block < 1 || block > 254) throw new RangeError(`loopback block must be 1..254, got ${block}`);
  if (n > LOOPBACK_ADDRESSES_PER_BLOCK) throw new RangeError(`loopback index must be < ${LOOPBACK_ADDRESSES_PER_BLOCK}, got ${index}`);
  return `127.${block}.${n >> 8}.${n & 255}`;
}

/** Port a run's reservation listens on, at the first address of each of its blocks; below TENTACLE_PORT (10933) and the polling proxy ports (10943 + node index), so nothing else in a run binds it. */
export const RESERVATION_PORT = 10932;
const ALLOCATION_ATTEMPTS = 50;

/** A run's pair of loopback /16 blocks, held until release(): nobody else allocates them meanwhile. */
export interface LoopbackBlocks extends AsyncDisposable {
  tentacleBlock: number;
  proxyBlock: number;
  /** Closes the reservation sockets, so the blocks can be allocated again. Idempotent. */
  release(): Promise<void>;
}

/** One loopback /16 block held until release(). */
export interface LoopbackBlock extends AsyncDisposable {
  block: number;
  release(): Promise<void>;
}

/**
 * Reserves a pair of free /16 loopback blocks for one run (tentacles, proxies): tries random even
 * blocks in 16..238 (the proxy block is the next one), binds a reservation socket on each block's
 * first address at `reservationPort`, and keeps the pair if both bind and that address is also free
 * on `port` (nothing unreserved, such as an older run, still listens there). `rand` is injected for
 * tests. The caller must release() the result when the run stops, however it stops.
 */
export async function allocateLoopbackBlocks(port: number, rand: () => number = Math.random, reservationPort = RESERVATION_PORT): Promise<LoopbackBlocks> {
  const { blocks, release } = await reserveBlocks(2, port, rand, reservationPort);
  return { tentacleBlock: blocks[0]!, proxyBlock: blocks[1]!, release, [Symbol.asyncDispose]: release };
}

/** Reserves one free /16 loopback block (any of 16..239), as allocateLoopbackBlocks does a pair. */
export async function allocateLoopbackBlock(port: number, rand: () => number = Math.random, reservationPort = RESERVATION_PORT): Promise<LoopbackBlock> {
  const { blocks, release } = await reserveBlocks(1, port, rand, reservationPort);
  return { block: blocks[0]!, release, [Symbol.asyncDispose]: release };
}

async function reserveBlocks(count: number, port: number, rand: () => number, reservationPort: number): Promise<{ blocks: number[]; release: () => Promise<void> }> {
  for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
    const first = 16 + count * Math.floor(rand() * Math.floor(224 / count));
    const blocks = Array.from({ length: count }, (_, i) => first + i);
    const held: net.Server[] = [];
    try {
      for (const block of blocks) {
        const server = await tryListen(loopbackAddress(block, 0), reservationPort);
        if (!server) break;
        held.push(server);
      }
      if (held.length === count && (await everyBindable(blocks, port))) {
        let released: Promise<void> | undefined;
        return { blocks, release: () => (released ??= closeAll(held)) };
      }
    } catch (error) {
      await closeAll(held);
      throw error;
    }
    await closeAll(held);
  }
  const what = count === 2 ? "block pair" : count === 1 ? "block" : `run of ${count} blocks`;
  throw new Error(`no free loopback /16 ${what} found for port ${port} after ${ALLOCATION_ATTEMPTS} attempts (reservation port ${reservationPort}: is another program listening on it on every address?)`);
}

async function everyBindable(blocks: readonly number[], port: number): Promise<boolean> {
  for (const block of blocks) if (!(await canBind(loopbackAddress(block, 0), port))) return false;
  return true;
}

/**
 * A listening server on `host:port` that does not keep the process alive and drops any connection,
 * or undefined when the address is in use. Other bind errors (e.g. EADDRNOTAVAIL) are thrown.
 */
async function tryListen(host: string, port: number): Promise<net.Server | undefined> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(undefined) : reject(error)));
    server.listen({ host, port, exclusive: true }, () => {
      server.unref();
      resolve(server);
    });
  });
}

async function closeAll(servers: readonly net.Server[]): Promise<void> {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
}
