// The layering of docs/architecture.md, enforced: every import of every source file (static, dynamic,
// type-only, re-export) is checked against what its folder may import. A violation fails with the
// file, the import and the rule. Tests (*.test.ts) may import anything; nothing else imports sim/testing
// but the benchmarks.
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** A folder's layer name: sim/<folder>, or a top-level folder (scenarios, fixtures). */
type Layer = string;

/** What each layer may import (besides itself). Order: bottom to top, as docs/architecture.md draws it. */
export const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  contracts: [],
  lib: ["contracts"],
  transport: ["contracts", "lib"],
  history: ["contracts", "lib"],
  server: ["contracts", "lib", "transport", "history"],
  fleet: ["contracts", "lib", "transport", "history"],
  infra: ["contracts", "lib"],
  scenario: ["contracts", "lib"],
  fixtures: ["contracts"],
  scenarios: ["contracts", "scenario"],
  faults: ["contracts", "lib", "history"],
  load: ["contracts", "lib", "history"],
  metrics: ["contracts", "lib", "history"],
  checks: ["contracts", "history"],
  report: ["contracts", "lib", "history", "checks"],
  plan: ["contracts", "lib", "scenario", "faults", "fixtures"],
  placement: ["contracts", "lib", "transport", "history", "infra", "scenario", "faults", "load", "metrics", "plan"],
  run: ["contracts", "lib", "history", "infra", "scenario", "fixtures", "faults", "load", "metrics", "checks", "report", "plan", "placement"],
  agent: ["contracts", "lib", "history", "infra", "load", "placement"],
  bench: ["contracts", "lib", "transport", "history", "infra", "scenario", "fixtures", "faults", "load", "metrics", "checks", "report", "plan", "placement", "run", "testing"],
  cli: ["contracts", "lib", "transport", "history", "infra", "scenario", "fixtures", "faults", "load", "metrics", "checks", "report", "plan", "placement", "run", "bench", "agent"],
  testing: ["contracts", "lib", "transport", "history", "server", "fleet", "infra", "scenario", "fixtures", "faults", "load", "metrics", "checks", "report", "plan", "placement", "run", "agent"],
};

/** Layers only reachable through import(): the CLI loads the benchmarks (and their devDependencies) on demand. */
export const LAZY_ONLY: Readonly<Record<Layer, readonly Layer[]>> = { cli: ["bench", "agent"] };

/** Layers whose code runs inside k6 or must stay loadable by it: no Node built-ins, no packages. */
export const NO_RUNTIME_IMPORTS: readonly string[] = ["sim/contracts/", "sim/load/scripts/"];

/** Layers that may import devDependencies (besides tests). */
export const DEV_DEPENDENCY_LAYERS: readonly Layer[] = ["bench", "testing"];

export interface Import {
  /** The specifier as written. */
  specifier: string;
  dynamic: boolean;
}

export interface SourceFile {
  /** Path relative to the repository root. */
  file: string;
  imports: Import[];
}

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE_DIRS = ["sim", "scenarios", "fixtures"];

export function layerOf(file: string): Layer | undefined {
  const parts = file.split("/");
  if (parts[0] === "sim") return parts.length > 2 ? parts[1] : undefined;
  return parts[0] === "scenarios" || parts[0] === "fixtures" ? parts[0] : undefined;
}

/** Every import of a TypeScript source: declarations, re-exports, and import() calls. */
export function importsOf(fileName: string, text: string): Import[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packageName = (specifier: string) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);
const isBuiltin = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(specifier);

/** The rules one source file breaks, each naming the file, the import and the rule. */
export function violations(source: SourceFile, devDependencies: ReadonlySet<string>): string[] {
  const { file } = source;
  if (file.endsWith(".test.ts")) return [];
  const layer = layerOf(file);
  if (layer === undefined) return [];
  const may = MAY_IMPORT[layer];
  if (!may) return [`${file}: folder "${layer}" is not in the layer table (sim/architecture.test.ts, docs/architecture.md): add it with what it may import`];
  const found: string[] = [];
  for (const { specifier, dynamic } of source.imports) {
    const where = `${file}: imports "${specifier}"${dynamic ? " (dynamic)" : ""}`;
    if (specifier.startsWith(".")) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const targetLayer = layerOf(target);
      if (NO_RUNTIME_IMPORTS.some((prefix) => file.startsWith(prefix)) && !target.startsWith("sim/contracts/") && !target.startsWith(path.posix.dirname(file))) {
        found.push(`${where}: rule: code loadable by k6 imports only sim/contracts`);
      }
      if (targetLayer === undefined || targetLayer === layer) continue;
      if (!may.includes(targetLayer)) {
        found.push(`${where} (layer ${targetLayer}): rule: ${layer} may import only ${may.join(", ") || "nothing"}`);
      } else if ((LAZY_ONLY[layer] ?? []).includes(targetLayer) && !dynamic) {
        found.push(`${where} (layer ${targetLayer}): rule: ${layer} loads ${targetLayer} only with import(), so other commands never load it`);
      }
      continue;
    }
    if (NO_RUNTIME_IMPORTS.some((prefix) => file.startsWith(prefix)) && !specifier.startsWith("k6")) {
      found.push(`${where}: rule: code loadable by k6 imports no Node built-in and no package`);
    } else if (!isBuiltin(specifier) && devDependencies.has(packageName(specifier)) && !DEV_DEPENDENCY_LAYERS.includes(layer)) {
      found.push(`${where}: rule: ${packageName(specifier)} is a devDependency; only ${DEV_DEPENDENCY_LAYERS.join(", ")} and tests may import it (npm ci --omit=dev leaves it out)`);
    }
  }
  return found;
}

function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push({ file: rel, imports: importsOf(rel, fs.readFileSync(path.join(ROOT, rel), "utf8")) });
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files;
}

const devDependencies = new Set(Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies));

describe("architecture: the layering of docs/architecture.md", () => {
  it("every import of every source file keeps to its layer's rules", () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => violations(f, devDependencies))).toEqual([]);
  });

  it("the rules can fail: each kind of violation is named with the file, the import and the rule", () => {
    const check = (file: string, specifier: string, dynamic = false) => violations({ file, imports: [{ specifier, dynamic }] }, new Set(["graphile-worker"]));
    expect(check("sim/server/exec/x.ts", "../../placement/nodes.ts")).toEqual([
      'sim/server/exec/x.ts: imports "../../placement/nodes.ts" (layer placement): rule: server may import only contracts, lib, transport, history',
    ]);
    expect(check("sim/cli/x.ts", "../bench/index.ts")).toEqual([
      'sim/cli/x.ts: imports "../bench/index.ts" (layer bench): rule: cli loads bench only with import(), so other commands never load it',
    ]);
    expect(check("sim/cli/x.ts", "../bench/index.ts", true)).toEqual([]);
    expect(check("sim/run/x.ts", "../testing/cluster.ts")[0]).toMatch(/rule: run may import only/);
    expect(check("sim/contracts/x.ts", "node:fs")).toEqual(['sim/contracts/x.ts: imports "node:fs": rule: code loadable by k6 imports no Node built-in and no package']);
    expect(check("sim/load/scripts/x.ts", "../../lib/poll.ts")).toEqual(['sim/load/scripts/x.ts: imports "../../lib/poll.ts": rule: code loadable by k6 imports only sim/contracts']);
    expect(check("sim/run/x.ts", "graphile-worker")[0]).toMatch(/graphile-worker is a devDependency/);
    expect(check("sim/bench/x.ts", "graphile-worker")).toEqual([]);
    expect(check("sim/newfolder/x.ts", "../contracts/index.ts")[0]).toMatch(/folder "newfolder" is not in the layer table/);
    expect(check("sim/run/x.test.ts", "../testing/cluster.ts")).toEqual([]);
  });

  it("sees static, type-only, re-export and dynamic imports", () => {
    const text = 'import a from "./a.ts"; import type { B } from "../b.ts"; export * from "./d.ts"; const c = await import("./c.ts");';
    expect(importsOf("x.ts", text)).toEqual([
      { specifier: "./a.ts", dynamic: false }, { specifier: "../b.ts", dynamic: false }, { specifier: "./d.ts", dynamic: false }, { specifier: "./c.ts", dynamic: true },
    ]);
  });
});
