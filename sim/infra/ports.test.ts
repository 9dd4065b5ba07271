// Port allocation: freePorts gives distinct ports that can be bound once it returns.
import { describe, expect, it } from "vitest";
import { canBind, freePorts } from "./ports.ts";

describe("freePorts", () => {
  it("returns n distinct ports, each free to bind", async () => {
    const ports = await freePorts(64);
    expect(new Set(ports).size).toBe(64);
    for (const port of ports) expect(await canBind("127.0.0.1", port)).toBe(true);
  });
});
