// Doctor on this machine (real tools in the cache, real embedded PostgreSQL package) and its formatting.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDoctorLines, runDoctor } from "./doctor.ts";

describe("runDoctor", () => {
  it("reports ok on this machine and finds both pinned tools", async () => {
    const logged: string[] = [];
    const result = await runDoctor({ log: (l) => logged.push(l) });
    const byCheck = new Map(result.lines.map((l) => [l.check, l]));
    expect(result.lines.filter((l) => l.status === "missing")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(byCheck.get("k6")).toMatchObject({ status: "ok", detail: expect.stringMatching(/\/k6 v2\.2\.0 \((env|path|cache)\)$/) });
    expect(byCheck.get("toxiproxy-server")).toMatchObject({ status: "ok", detail: expect.stringMatching(/toxiproxy-server v2\.12\.0 \(/) });
    expect(byCheck.get("node")?.status).toBe("ok");
    expect(byCheck.get("open-files")?.detail).toMatch(/^ulimit -n soft \d+/);
    expect(byCheck.has("docker")).toBe(true);
    expect(logged.at(-1)).toBe("doctor: ready to run");
    expect(logged).toHaveLength(result.lines.length + 1);
  }, 30_000);

  it("fails when a tool is missing and no go can build it", async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), "taskstorm-doctor-"));
    try {
      const result = await runDoctor({ log: () => {}, env: { PATH: empty, HOME: empty, TASKSTORM_CACHE_DIR: empty } });
      const k6 = result.lines.find((l) => l.check === "k6");
      expect(result.ok).toBe(false);
      expect(k6).toMatchObject({ status: "missing", detail: expect.stringContaining("TASKSTORM_K6_BIN") });
      expect(result.lines.find((l) => l.check === "go")?.status).toBe("missing");
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  }, 30_000);
});

describe("formatDoctorLines", () => {
  it("aligns status, check and detail columns", () => {
    expect(formatDoctorLines([
      { status: "ok", check: "node", detail: "v20.20.2" },
      { status: "missing", check: "toxiproxy-server", detail: "x" },
    ])).toEqual([
      "ok      node              v20.20.2",
      "missing toxiproxy-server  x",
    ]);
  });
});
