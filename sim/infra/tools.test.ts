// Unit tests of the pinned-tool resolution and bootstrap, with fake binaries (shell scripts) and a fake `go`.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HarnessError } from "../lib/errors.ts";
import { cachedToolPath, ensureTool, findTool, TOOLS } from "./tools.ts";

let root: string;
let binDir: string;
let cacheDir: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "taskstorm-tools-"));
  binDir = path.join(root, "bin");
  cacheDir = path.join(root, "cache");
  await fs.mkdir(binDir);
  await fs.mkdir(cacheDir);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function script(file: string, body: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}
const fakeK6 = (file: string, version: string) => script(file, `echo "k6 ${version} (go1.26.8, linux/amd64)"`);
const env = (extra: Record<string, string> = {}) => ({ PATH: binDir, HOME: root, TASKSTORM_CACHE_DIR: cacheDir, ...extra });
const cacheEnv = () => env();

describe("findTool", () => {
  it("prefers the env var over the cache", async () => {
    await fakeK6(cachedToolPath(TOOLS.k6, cacheEnv()), "v2.2.0");
    const fromEnv = await fakeK6(path.join(root, "elsewhere", "k6"), "v2.2.0");
    const found = await findTool("k6", { env: env({ TASKSTORM_K6_BIN: fromEnv }) });
    expect(found).toEqual({ name: "k6", path: fromEnv, version: "v2.2.0", source: "env" });
  });

  it("rejects a wrong-version binary in the env var, naming the var, path, seen and expected versions", async () => {
    const wrong = await fakeK6(path.join(root, "old", "k6"), "v0.0.1");
    const found = findTool("k6", { env: env({ TASKSTORM_K6_BIN: wrong }) });
    await expect(found).rejects.toThrow(HarnessError);
    await expect(found).rejects.toThrow(`TASKSTORM_K6_BIN=${wrong}: expected k6 v2.2.0, saw v0.0.1`);
  });

  it("rejects an env var pointing at nothing", async () => {
    const missing = path.join(root, "nope", "k6");
    await expect(findTool("k6", { env: env({ TASKSTORM_K6_BIN: missing }) })).rejects.toThrow(/no such file/);
  });

  it("skips a wrong-version binary on PATH and falls back to the cache", async () => {
    await fakeK6(path.join(binDir, "k6"), "v1.0.0");
    const cached = await fakeK6(cachedToolPath(TOOLS.k6, cacheEnv()), "v2.2.0");
    expect(await findTool("k6", { env: env() })).toMatchObject({ path: cached, source: "cache" });
  });

  it("takes a matching binary on PATH", async () => {
    const onPath = await script(path.join(binDir, "toxiproxy-server"), 'echo "toxiproxy-server version 2.12.0"');
    expect(await findTool("toxiproxy-server", { env: env() })).toEqual({
      name: "toxiproxy-server", path: onPath, version: "v2.12.0", source: "path",
    });
  });

  it("returns null when nothing is found", async () => {
    expect(await findTool("k6", { env: env() })).toBeNull();
    expect(await findTool("toxiproxy-server", { env: env() })).toBeNull();
  });

  it("uses XDG_CACHE_HOME/taskstorm when TASKSTORM_CACHE_DIR is unset", async () => {
    const xdgEnv = { PATH: binDir, HOME: root, XDG_CACHE_HOME: path.join(root, "xdg") };
    const cached = await fakeK6(path.join(root, "xdg", "taskstorm", "tools", "k6-v2.2.0", "k6"), "v2.2.0");
    expect(await findTool("k6", { env: xdgEnv })).toMatchObject({ path: cached, source: "cache" });
  });
});

describe("ensureTool", () => {
  it("without go and without a binary, names the ways out", async () => {
    const ensured = ensureTool("k6", { env: env(), log: () => {} });
    await expect(ensured).rejects.toMatchObject({ kind: "tool-missing" });
    await expect(ensured).rejects.toThrow(/TASKSTORM_K6_BIN[^]*k6 v2\.2\.0 on PATH[^]*Go >= 1\.25[^]*docker-compose\.yml/);
  });

  it("builds into the cache with go, atomically, logging progress (fake go)", async () => {
    await script(path.join(binDir, "go"), [
      'if [ "$1" = version ]; then echo "go version go1.26.8 linux/amd64"; exit 0; fi',
      'prev=""; for a in "$@"; do if [ "$prev" = "-o" ]; then out="$a"; fi; prev="$a"; done',
      'printf \'#!/bin/sh\\necho "${0##*/} v2.2.0 (fake, prints its argv[0] like k6)"\\n\' > "$out"; /bin/chmod +x "$out"',
    ].join("\n"));
    const lines: string[] = [];
    const [a, b] = await Promise.all([
      ensureTool("k6", { env: env(), log: (l) => lines.push(l) }),
      ensureTool("k6", { env: env(), log: (l) => lines.push(l) }),
    ]);
    const expected = cachedToolPath(TOOLS.k6, cacheEnv());
    expect(a).toEqual({ name: "k6", path: expected, version: "v2.2.0", source: "cache" });
    expect(b.path).toBe(expected);
    expect(lines.some((l) => l.startsWith("building k6 v2.2.0 with go 1.26.8"))).toBe(true);
    expect(lines.some((l) => /^built k6 v2\.2\.0 in \d+\.\d s -> /.test(l))).toBe(true);
    expect(await fs.readdir(path.dirname(expected))).toEqual(["k6"]); // no temp files left behind
    expect(await findTool("k6", { env: env() })).toMatchObject({ source: "cache" });
  });

  it("reports the tail of go's output when the build fails (fake go)", async () => {
    await script(path.join(binDir, "go"), [
      'if [ "$1" = version ]; then echo "go version go1.26.8 linux/amd64"; exit 0; fi',
      'echo "go: downloading something"; echo "go: loading deprecation: unreachable host" >&2; exit 1',
    ].join("\n"));
    const ensured = ensureTool("toxiproxy-server", { env: env(), log: () => {} });
    await expect(ensured).rejects.toMatchObject({ kind: "tool-build-failed" });
    await expect(ensured).rejects.toThrow(/building toxiproxy-server v2\.12\.0 failed:\n.*exited with code 1; last lines of go's output:\n.*\n.*unreachable host/);
    expect(await fs.readdir(path.dirname(cachedToolPath(TOOLS["toxiproxy-server"], cacheEnv())))).toEqual([]);
  });
});
