// Port allocation: freePorts gives distinct ports that can be bound once it returns; loopback blocks
// stay reserved (across processes too: the reservation is a bound socket) until released.
import { describe, expect, it } from "vitest";
import { allocateLoopbackBlocks, canBind, freePorts, loopbackAddress, RESERVATION_PORT, type LoopbackBlocks } from "./ports.ts";

describe("freePorts", () => {
  it("returns n distinct ports, each free to bind", async () => {
    const ports = await freePorts(64);
    expect(new Set(ports).size).toBe(64);
    for (const port of ports) expect(await canBind("127.0.0.1", port)).toBe(true);
  });
});

/** A fresh rand that repeats `values`: two of them make two allocations pick the same blocks in the same order. */
const sequence = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};
const PORT = 10933;
// [0.3, 0.3, 0.6, ...]: both allocations try the block of 0.3 first; the loser moves on
const VALUES = [0.3, 0.3, 0.6, 0.9, 0.1, 0.45, 0.75, 0.05, 0.2, 0.55, 0.85, 0.65];

describe("allocateLoopbackBlocks", () => {
  it("never gives two concurrent allocations the same block while both are held, and a released block can be allocated again", async () => {
    const [a, b] = await Promise.all([allocateLoopbackBlocks(PORT, sequence(VALUES)), allocateLoopbackBlocks(PORT, sequence(VALUES))]);
    const held: LoopbackBlocks[] = [a, b];
    try {
      const blocks = [a.tentacleBlock, a.proxyBlock, b.tentacleBlock, b.proxyBlock];
      expect(new Set(blocks).size, `blocks ${blocks.join(", ")}`).toBe(4);
      for (const r of [a, b]) expect(r.proxyBlock).toBe(r.tentacleBlock + 1);
      // held: the reservation address cannot be bound by anyone else
      expect(await canBind(loopbackAddress(a.tentacleBlock, 0), RESERVATION_PORT)).toBe(false);
      expect(await canBind(loopbackAddress(b.proxyBlock, 0), RESERVATION_PORT)).toBe(false);

      const blockOfA = a.tentacleBlock;
      await a.release();
      await a.release(); // idempotent
      held.shift();
      expect(await canBind(loopbackAddress(blockOfA, 0), RESERVATION_PORT)).toBe(true);
      // the same sequence again: its first pick that is still free is a's block, now released
      await using again = await allocateLoopbackBlocks(PORT, sequence(VALUES));
      expect(again.tentacleBlock).toBe(blockOfA);
      expect(again.tentacleBlock).not.toBe(b.tentacleBlock);
    } finally {
      await Promise.all(held.map((r) => r.release()));
    }
  });

  it("fails with a message naming the port when every pick is held", async () => {
    await using held = await allocateLoopbackBlocks(PORT);
    const onlyHeld = () => ((held.tentacleBlock - 16) / 2 + 0.5) / 112; // always picks the held pair
    await expect(allocateLoopbackBlocks(PORT, onlyHeld)).rejects.toThrow(`no free loopback /16 block pair found for port ${PORT} after 50 attempts`);
  });
});
