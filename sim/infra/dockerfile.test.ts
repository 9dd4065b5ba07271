// The Dockerfile cannot be built here (no Docker engine), so it is held to what it must be by reading
// it: stages and their bases (Go only in the build stage, a Node 24 LTS final image), the tools built by
// the same bootstrap as on a laptop, a non-root user and the postgres user, every COPY source present
// in the build context and not dropped by .dockerignore, which leaves out what the image never needs;
// and hadolint (pinned, tools/hadolint/install.sh) finds nothing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toolCacheRoot } from "./tools.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const HADOLINT = path.join(toolCacheRoot(), "hadolint-2.15.1", "hadolint");
const hasHadolint = fs.existsSync(HADOLINT);
if (!hasHadolint && process.env.CI) throw new Error(`CI is set and tests never skip in CI: ${HADOLINT} is missing (bash tools/hadolint/install.sh)`);

interface Instruction { op: string; args: string; line: number }
interface Stage { from: string; name?: string; instructions: Instruction[] }

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith("\\")) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const [, op = "", args = ""] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === "FROM") {
      const [, from = "", name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args.trim()) ?? [];
      stages.push({ from, ...(name ? { name } : {}), instructions: [] });
    } else stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args, line: start + 1 });
  }
  return stages;
}

const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
const stages = stagesOf(dockerfile);
const final = stages.at(-1)!;
const ignored = fs.readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

describe("Dockerfile", () => {
  it("builds in stages: Go only in the build stage, production dependencies in their own, a Node 24 LTS final image", () => {
    expect(stages.map((s) => s.name ?? "(final)")).toEqual(["tools", "deps", "(final)"]);
    expect(stages.map((s) => s.from)).toEqual(["node:24-bookworm", "node:24-bookworm-slim", "node:24-bookworm-slim"]);
    const goIn = stages.filter((s) => s.instructions.some((i) => /golang|\/usr\/local\/go/.test(i.args)) || /golang/.test(s.from)).map((s) => s.name);
    expect(goIn).toEqual(["tools"]);
    expect(stages.find((s) => s.name === "deps")!.instructions.map((i) => i.args)).toContain("npm ci --omit=dev --no-audit --no-fund");
  });

  it("builds the pinned tools through the same bootstrap as a laptop and puts them on the final image's PATH", () => {
    const build = stages[0]!.instructions.find((i) => i.op === "RUN" && i.args.includes("taskstorm.js tools"))!;
    expect(build.args).toMatch(/^node bin\/taskstorm\.js tools k6 toxiproxy-server /);
    expect(final.instructions).toContainEqual(expect.objectContaining({ op: "COPY", args: "--from=tools /out/k6 /out/toxiproxy-server /usr/local/bin/" }));
  });

  it("runs as a non-root user, with the postgres user embedded PostgreSQL needs when run as root", () => {
    const users = final.instructions.filter((i) => i.op === "USER");
    expect(users.map((u) => u.args)).toEqual(["10001:10001"]);
    const setup = final.instructions.find((i) => i.op === "RUN" && i.args.includes("useradd"))!.args;
    expect(setup).toMatch(/useradd --system --uid 10001 --gid taskstorm .* taskstorm/);
    expect(setup).toMatch(/useradd --system --no-create-home --shell \/usr\/sbin\/nologin postgres/);
    const entry = final.instructions.findIndex((i) => i.op === "ENTRYPOINT");
    expect(final.instructions.findIndex((i) => i.op === "USER")).toBeLessThan(entry);
  });

  it("copies only what exists in the build context and is not ignored; ignores what the image never needs", () => {
    const sources = stages.flatMap((s) => s.instructions.filter((i) => i.op === "COPY" && !i.args.startsWith("--from")).flatMap((i) => i.args.split(/\s+/).slice(0, -1)));
    expect(sources.length).toBeGreaterThan(8);
    for (const source of sources) {
      expect(fs.existsSync(path.join(root, source)), source).toBe(true);
      expect(ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)), `${source} is in .dockerignore`).toBe(false);
    }
    expect(ignored).toEqual(expect.arrayContaining([".git", "node_modules", "reports", ".scratch", ".cache"]));
  });

  it.skipIf(!hasHadolint)(`passes hadolint 2.15.1${hasHadolint ? "" : " (skipped: run bash tools/hadolint/install.sh)"}`, () => {
    expect(execFileSync(HADOLINT, ["--no-color", path.join(root, "Dockerfile")], { encoding: "utf8" })).toBe("");
  });
});
