// End to end through the real CLI: a two-cell --quick matrix (the noop baseline and latency on tentacle
// links, pessimistic) runs each cell as a real short run and writes matrix.md/json and junit.xml whose
// links reach each cell's report; bad arguments exit 2 before anything starts; nothing survives.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkJson, CLI_RESULT_SCHEMAS, type MatrixResultJson } from "../contracts/index.ts";
import { spawnCli } from "../testing/cli.ts";
import { newMarker, processesWithMarker } from "../testing/leaks.ts";

const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-matrix-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

describe("taskstorm matrix", () => {
  it("rejects bad arguments with exit 2", async () => {
    for (const args of [["--seeds", "0"], ["--quick", "--seeds", "3"], ["--only", "no-such-cell"], ["smoke"]]) {
      const cli = spawnCli(["matrix", ...args, "--reports-dir", reportsDir], newMarker());
      expect(await cli.exited, `${args.join(" ")}: ${cli.output()}`).toBe(2);
    }
  });

  it("runs two cells for real and reports them, linked", async () => {
    const marker = newMarker();
    const cli = spawnCli(["matrix", "--quick", "--only", "noop.tentacle-links.short.pessimistic", "--only", "latency.tentacle-links.short.pessimistic", "--reports-dir", reportsDir, "--json"], marker);
    const code = await cli.exited;
    expect(code, cli.output()).toBe(0);
    const result = JSON.parse(cli.stdout().trim().split("\n").at(-1)!) as MatrixResultJson;
    expect(checkJson(CLI_RESULT_SCHEMAS.matrix, result)).toEqual([]);
    expect(result.totals).toMatchObject({ cells: 2, passed: 2 });
    expect(path.dirname(result.dir)).toBe(path.join(reportsDir, "matrix"));
    const matrix = JSON.parse(fs.readFileSync(result.files.json!, "utf8")) as { cells: { id: string; status: string; runDir: string }[] };
    expect(matrix.cells.map((c) => [c.id, c.status])).toEqual([["latency.tentacle-links.short.pessimistic.s42", "pass"], ["noop.tentacle-links.short.pessimistic.s42", "pass"]]);
    const md = fs.readFileSync(result.files.markdown!, "utf8");
    for (const link of md.matchAll(/\]\(([^)]+\/report\.md)\)/g)) expect(fs.existsSync(path.join(result.dir, decodeURI(link[1]!))), link[1]).toBe(true);
    expect([...md.matchAll(/\[pass\]\(/g)]).toHaveLength(2);
    expect(fs.readFileSync(result.files.junit!, "utf8").match(/<testcase /g)).toHaveLength(2);
    await expect.poll(() => processesWithMarker(marker), { timeout: 20_000, interval: 250 }).toEqual([]);
  }, 180_000);
});
