// The pinned schemathesis: its version comes from tools/schemathesis/requirements.txt, and a cache
// without it is reported with the folder looked at and the way to install it (no network here).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findSchemathesis, SCHEMATHESIS_REQUIREMENTS, SCHEMATHESIS_VERSION, schemathesisVenvDir } from "./schemathesis.ts";

describe("pinned schemathesis", () => {
  it("pins every requirement exactly, schemathesis first", async () => {
    const pins = (await readFile(SCHEMATHESIS_REQUIREMENTS, "utf8")).split("\n").filter((line) => line && !line.startsWith("#"));
    expect(pins[0]).toBe(`schemathesis==${SCHEMATHESIS_VERSION}`);
    expect(pins.filter((line) => !/^[A-Za-z0-9_.-]+==[0-9][^\s]*$/.test(line))).toEqual([]);
  });

  it("reports an empty cache with the venv it looked for and the installer", async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), "schemathesis-cache-"));
    try {
      const env = { ...process.env, TASKSTORM_CACHE_DIR: cache };
      expect(schemathesisVenvDir(env)).toBe(path.join(cache, "tools", `schemathesis-${SCHEMATHESIS_VERSION}`));
      const found = await findSchemathesis(env);
      expect(found).toEqual({ missing: expect.stringContaining(schemathesisVenvDir(env)) });
      expect(found).toEqual({ missing: expect.stringContaining("tools/schemathesis/install.sh") });
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});
