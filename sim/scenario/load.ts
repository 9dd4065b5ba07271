// Loads a scenario by name (scenarios/<name>.ts) or path, merges it over the base scenario and any
// overrides, and validates it before anything starts: every problem names field, value, expectation.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { z } from "zod";
import { errors } from "../lib/errors.ts";
import { baseScenario } from "./base.ts";
import { deepMerge } from "./merge.ts";
import { scenarioSchema, type ScenarioInput, type ScenarioSpec, type StrategyChoice } from "./schema.ts";

export const SCENARIOS_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** A validated scenario plus where it came from. */
export interface LoadedScenario {
  spec: ScenarioSpec;
  source: string;
}

export function resolveScenarioPath(nameOrPath: string): string {
  const asPath = path.resolve(nameOrPath);
  if (/\.[cm]?[jt]s$/.test(nameOrPath) && fs.existsSync(asPath)) return asPath;
  const named = path.join(SCENARIOS_DIR, `${nameOrPath}.ts`);
  if (fs.existsSync(named)) return named;
  throw errors.invalidArgument("scenario", nameOrPath, `a scenario name (one of: ${listScenarioNames().join(", ")}) or a path to a .ts file`);
}

export function listScenarioNames(): string[] {
  return fs.readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith(".ts") && !f.includes(".test.")).map((f) => f.slice(0, -3)).sort();
}

export async function loadScenario(nameOrPath: string, overrides: object[] = []): Promise<LoadedScenario> {
  const source = resolveScenarioPath(nameOrPath);
  const mod = (await importScenarioFile(source)) as { default?: ScenarioInput };
  if (!mod.default || typeof mod.default !== "object") {
    throw errors.invalidScenario(source, ["the file must `export default` a scenario object"]);
  }
  return { spec: validateScenario(mod.default, source, overrides), source };
}

/** Imports a scenario file; a file that does not compile or throws while loading is bad input (exit 2), named with its error. */
async function importScenarioFile(source: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(source).href);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const what = error instanceof SyntaxError || /^Transform failed|\[PARSE_ERROR\]/.test(message) ? "syntax error" : "could not be loaded"; // tsx (esbuild), vite (oxc)
    const detail = what === "syntax error" ? message.replace(/^Transform failed with \d+ errors?:\n/, "").trim() : message.split("\n")[0]; // not Node's require stack
    throw errors.invalidScenario(source, [`(file): ${what}: ${detail}`]);
  }
}

/** Merges `input` over the base scenario and `overrides` over that, then validates. */
export function validateScenario(input: ScenarioInput, source: string, overrides: object[] = []): ScenarioSpec {
  const merged = overrides.reduce<unknown>((acc, o) => deepMerge(acc, o), deepMerge(baseScenario, input));
  const result = scenarioSchema.safeParse(merged);
  if (!result.success) throw errors.invalidScenario(source, result.error.issues.map((issue) => describeIssue(issue, merged)));
  variantsOf(result.data, source); // every column's overrides are checked before anything starts
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const fieldPath = issue.path.map(String).join(".") || "(root)";
  if (issue.code === "unrecognized_keys") return `${fieldPath}: unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  const value = issue.path.reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined), input);
  return `${fieldPath}: got ${value === undefined ? "nothing" : JSON.stringify(value)}, expected ${issue.message.replace(/^Invalid input: expected /, "")}`;
}

/** One column of a run: a strategy with its options and the scenario as that column runs it. */
export interface Variant {
  name: string;
  label: string;
  options: StrategyChoice["options"];
  /** The scenario with this column's overrides merged in (validated). */
  spec: ScenarioSpec;
}

/**
 * The columns a run makes: the scenario's, or the `wanted` labels or names (a strategy name the
 * scenario lacks runs with default options; preflight checks that it names a known strategy).
 */
export function chooseVariants(loaded: LoadedScenario, wanted: readonly string[] | undefined): Variant[] {
  const all = variantsOf(loaded.spec, loaded.source);
  if (!wanted || wanted.length === 0) return all;
  return wanted.map((w) => all.find((s) => s.label === w) ?? all.find((s) => s.name === w) ?? { name: w, label: w, options: {}, spec: loaded.spec });
}

/** The columns of a scenario (a bare strategy name is shorthand for {name, label: name}); labels are unique. */
export function variantsOf(spec: ScenarioSpec, source = spec.name): Variant[] {
  const labels = new Set<string>();
  return spec.strategies.map((choice, i) => {
    const s = typeof choice === "string" ? { name: choice, label: choice, options: {}, overrides: {} } : { ...choice, label: choice.label ?? choice.name };
    if (labels.has(s.label)) throw errors.invalidScenario(source, [`strategies: label ${JSON.stringify(s.label)} appears twice; give each variant its own label`]);
    labels.add(s.label);
    const merged = deepMerge(spec, s.overrides);
    const result = scenarioSchema.safeParse(merged);
    if (!result.success) {
      throw errors.invalidScenario(source, result.error.issues.map((issue) => `strategies.${i}.overrides: ${describeIssue(issue, merged)}`));
    }
    return { name: s.name, label: s.label, options: s.options, spec: result.data };
  });
}
