// Resolves a scenario's target selector to concrete targets, seeded: the same seed and step always hit
// the same things. Tentacles are filtered (ids, segment, mode, role) then picked (all, one, count,
// fraction); nodes, fleet processes and node-to-database links are picked by name or the same picks.

import { seededRng } from "../contracts/rng.ts";
import type { FaultScope, FaultTargets } from "./fault.ts";

/** How many of the candidates: all, one, a count, a fraction (at least one), or these names. */
export type Pick = "all" | "one" | { count: number } | { fraction: number } | string[];

export interface TentacleFilter {
  ids?: string[];
  segment?: string;
  mode?: "listening" | "polling";
  role?: string;
  count?: number;
  fraction?: number;
}

export type TargetSelector =
  | "all" // every tentacle
  | "one" // one tentacle
  | "database" // every node's link to PostgreSQL
  | TentacleFilter
  | { nodes: Pick }
  | { fleets: Pick }
  | { database: Pick };

/** What a run has that faults can hit. */
export interface TargetUniverse {
  tentacles: readonly { id: string; roles: readonly string[]; mode?: string; segment?: string; proxyNames: readonly string[] }[];
  /** Nodes and the name of each one's Toxiproxy link to PostgreSQL (absent when nodes reach it directly). */
  nodes: readonly { name: string; databaseProxy?: string }[];
  fleets: readonly { name: string }[];
}

/** The scope a selector addresses, for checking it against a kind's `acts` before the run. */
export function selectorScope(selector: TargetSelector): "tentacles" | "nodes" | "fleets" | "database" {
  if (selector === "database" || (typeof selector === "object" && "database" in selector)) return "database";
  if (typeof selector === "object" && "nodes" in selector) return "nodes";
  if (typeof selector === "object" && "fleets" in selector) return "fleets";
  return "tentacles";
}

const FITS: Record<FaultScope, readonly string[]> = { links: ["tentacles", "database"], processes: ["nodes", "fleets"], nodes: ["nodes"] };

/** A problem when a kind cannot act on what the selector addresses, else undefined. */
export function selectorMismatch(kind: string, acts: FaultScope, selector: TargetSelector): string | undefined {
  const scope = selectorScope(selector);
  if (FITS[acts].includes(scope)) return undefined;
  const want = { links: "tentacles (all, one, {fraction}, {segment}...) or { database: ... }", processes: "{ nodes: ... } or { fleets: ... }", nodes: "{ nodes: ... }" }[acts];
  return `kind ${kind} acts on ${acts} and cannot target ${scope}; target ${want}`;
}

export function selectTargets(selector: TargetSelector, universe: TargetUniverse, seed: number, stepKey: string): FaultTargets {
  const pick = <T>(items: readonly T[], how: Pick, nameOf: (t: T) => string, what: string) => pickSeeded(items, how, nameOf, what, seed, stepKey);
  const scope = selectorScope(selector);
  if (scope === "nodes" || scope === "fleets") {
    const how = (selector as { nodes?: Pick; fleets?: Pick })[scope]!;
    const items: readonly { name: string }[] = scope === "nodes" ? universe.nodes : universe.fleets;
    const { chosen, description } = pick(items, how, (n) => n.name, scope === "nodes" ? "nodes" : "fleet processes");
    return { proxyNames: [], processNames: chosen.map((n) => n.name), description };
  }
  if (scope === "database") {
    const how = selector === "database" ? "all" : (selector as { database: Pick }).database;
    const { chosen, description } = pick(universe.nodes, how, (n) => n.name, "node-to-database links");
    const missing = chosen.filter((n) => !n.databaseProxy).map((n) => n.name);
    if (missing.length) throw new Error(`fault target database: nodes ${missing.join(", ")} have no database proxy in this run`);
    const names = Array.isArray(how) ? "" : ` (${chosen.map((n) => n.name).join(", ")})`;
    return { proxyNames: chosen.map((n) => n.databaseProxy!), processNames: [], description: `${description}${names}` };
  }
  const filter: TentacleFilter = selector === "all" || selector === "one" ? {} : (selector as TentacleFilter);
  const candidates = filterTentacles(universe.tentacles, filter);
  const how: Pick = selector === "one" ? "one" : filter.count !== undefined ? { count: filter.count } : filter.fraction !== undefined ? { fraction: filter.fraction } : "all";
  const picked = pick(candidates, how, (t) => t.id, describeFilter(filter));
  const onlyIds = filter.ids && Object.keys(filter).length === 1;
  const description = onlyIds ? `tentacles ${filter.ids!.slice(0, 5).join(", ")}${filter.ids!.length > 5 ? `, ... (${filter.ids!.length})` : ""}` : picked.description;
  return { proxyNames: picked.chosen.flatMap((t) => t.proxyNames), processNames: [], description };
}

function filterTentacles(tentacles: TargetUniverse["tentacles"], f: TentacleFilter): TargetUniverse["tentacles"] {
  let out = tentacles;
  if (f.ids) {
    const known = new Set(tentacles.map((t) => t.id));
    const unknown = f.ids.filter((id) => !known.has(id));
    if (unknown.length) throw new Error(`fault target ids not in the fleet: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", ..." : ""}`);
    const wanted = new Set(f.ids);
    out = out.filter((t) => wanted.has(t.id));
  }
  for (const field of ["segment", "mode"] as const) {
    const value = f[field];
    if (value === undefined) continue;
    const present = [...new Set(tentacles.map((t) => t[field]).filter((v) => v !== undefined))];
    if (present.length === 0) throw new Error(`fault target ${field}: the fleet model has no ${field} on its machines (FixtureMachine.${field} is not set), so it cannot select ${field} ${JSON.stringify(value)}`);
    if (!present.includes(value)) throw new Error(`fault target ${field}: no tentacle has ${field} ${JSON.stringify(value)}; the fleet has ${present.join(", ")}`);
    out = out.filter((t) => t[field] === value);
  }
  if (f.role !== undefined) {
    const roles = [...new Set(tentacles.flatMap((t) => t.roles))];
    if (!roles.includes(f.role)) throw new Error(`fault target role: no tentacle has role ${JSON.stringify(f.role)}; the fleet has ${roles.join(", ")}`);
    out = out.filter((t) => t.roles.includes(f.role!));
  }
  return out;
}

function describeFilter(f: TentacleFilter): string {
  const parts = [f.ids && `${f.ids.length} named`, f.segment && `segment ${f.segment}`, f.mode, f.role && `role ${f.role}`].filter(Boolean);
  return parts.length ? `tentacles (${parts.join(", ")})` : "tentacles";
}

/** Picks from `items` as `how` says, in a seeded shuffle so the same seed and step pick the same ones. */
function pickSeeded<T>(items: readonly T[], how: Pick, nameOf: (t: T) => string, what: string, seed: number, stepKey: string): { chosen: T[]; description: string } {
  const total = items.length;
  if (total === 0) throw new Error(`fault target: no ${what} to choose from`);
  if (Array.isArray(how)) {
    const byName = new Map(items.map((t) => [nameOf(t), t]));
    const unknown = how.filter((n) => !byName.has(n));
    if (unknown.length) throw new Error(`fault target: ${unknown.join(", ")} not among the ${what} (${[...byName.keys()].slice(0, 8).join(", ")}${total > 8 ? ", ..." : ""})`);
    return { chosen: how.map((n) => byName.get(n)!), description: `${what} ${how.slice(0, 5).join(", ")}${how.length > 5 ? `, ... (${how.length})` : ""}` };
  }
  if (how === "all") return { chosen: [...items], description: `all ${total} ${what}` };
  if (typeof how === "object" && "count" in how && how.count > total) throw new Error(`fault target count: got ${how.count}, expected at most ${total} (the ${what} this column has)`);
  const wanted = how === "one" ? 1 : "count" in how ? how.count : Math.max(1, Math.round(total * how.fraction));
  const rng = seededRng(seed, stepKey);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const label = how === "one" ? "one" : "count" in how ? `count ${how.count}` : `fraction ${how.fraction}`;
  return { chosen: shuffled.slice(0, wanted), description: `${wanted} of ${total} ${what} (${label})` };
}
