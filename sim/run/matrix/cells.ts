// The cells of a fault matrix, as data (nothing starts here): every fault kind of the registry on every
// matrix target its declared `acts` accepts, for a short and a long window, per strategy and seed; and
// the documented --quick subset. A kind the placement cannot serve is listed as skipped, not run.
import { FAULT_KINDS, selectorMismatch, type FaultKind, type TargetSelector } from "../../faults/index.ts";
import { PLACEMENT_ABILITIES } from "../preflight.ts";

/** A kind of thing a fault can hit, and the selector a cell uses for it. */
export interface MatrixTarget {
  name: "tentacle-links" | "node-db-link" | "database" | "fleet-process" | "node";
  selector: TargetSelector;
  says: string;
}

/** Order matters for --quick (see quickTargetOf): within a scope, the first target goes to the first kind. */
export const MATRIX_TARGETS: readonly MatrixTarget[] = [
  { name: "tentacle-links", selector: { fraction: 0.2 }, says: "the links of a fifth of the tentacles" },
  { name: "node-db-link", selector: { database: "one" }, says: "one node's link to PostgreSQL" },
  { name: "database", selector: "database", says: "every node's link to PostgreSQL: the database itself, as the nodes see it" },
  { name: "fleet-process", selector: { fleets: "one" }, says: "one fleet process (its tentacles with it)" },
  { name: "node", selector: { nodes: "one" }, says: "one server node" },
];

/** A fault window in run seconds after load start. */
export interface MatrixWindow {
  name: "short" | "long";
  atS: number;
  forS: number;
}

/**
 * Short: 1 s, inside the RPC retry span of the base scenario (150 production s x timeScale 1/60 = 2.5 s), so
 * a process back from a kill meets the retries of the calls it lost. Long: 8 s, beyond it: those calls gave up.
 */
export const MATRIX_WINDOWS: readonly MatrixWindow[] = [
  { name: "short", atS: 2, forS: 1 },
  { name: "long", atS: 2, forS: 8 },
];

/** A column of the matrix: a strategy (or a variant of one); `expected` says whether it must pass. */
export interface MatrixStrategy {
  label: string;
  name: "pessimistic" | "optimistic";
  options: { holdLockAcrossRpc?: boolean; maxRetries?: number };
  /** "pass": a correct strategy, its failures fail the matrix. "observe": a naive variant, shown only. */
  expected: "pass" | "observe";
}

export const MATRIX_STRATEGIES: readonly MatrixStrategy[] = [
  { label: "pessimistic", name: "pessimistic", options: {}, expected: "pass" },
  { label: "optimistic", name: "optimistic", options: {}, expected: "pass" },
  { label: "pessimistic-lock-across-rpc", name: "pessimistic", options: { holdLockAcrossRpc: true }, expected: "observe" },
  { label: "optimistic-no-retries", name: "optimistic", options: { maxRetries: 0 }, expected: "observe" },
];

/**
 * Attributes of the kinds whose schema needs some (every other kind runs with its defaults, `{}`): strong
 * enough to hurt. A test checks every registered kind's attributes against its schema.
 */
export const MATRIX_ATTRIBUTES: Readonly<Record<string, Record<string, unknown>>> = {
  latency: { latencyMs: 500 },
  bandwidth: { rateKBps: 1 },
  "slow-close": { delayMs: 1000 },
  "data-limit": { limitBytes: 200 },
  "pool-squeeze": { stuckConnections: 10 }, // the base scenario's dbPoolSize: the pool exhausted
};

/** The first seed of a matrix (smoke's); seeds N runs FIRST_SEED .. FIRST_SEED + N - 1. */
export const FIRST_SEED = 42;
/** The seeds of a full matrix unless --seeds says otherwise. */
export const DEFAULT_SEEDS = 3;

export interface MatrixCell {
  /** Unique, file-name safe: kind.target.window.strategy.sSEED */
  id: string;
  kind: string;
  target: MatrixTarget["name"];
  window: MatrixWindow;
  strategy: MatrixStrategy;
  seed: number;
  /** The one fault step of the cell's run. */
  step: { atS: number; forS: number; kind: string; target: TargetSelector; attributes: Record<string, unknown> };
}

export interface SkippedKind {
  kind: string;
  why: string;
}

export interface MatrixPlan {
  quick: boolean;
  seeds: number[];
  cells: MatrixCell[];
  skipped: SkippedKind[];
}

export interface PlanOptions {
  quick: boolean;
  /** How many seeds (full default DEFAULT_SEEDS; --quick always 1). */
  seeds?: number;
  /** The placement the cells run on (default local): kinds needing what it does not offer are skipped. */
  placement?: string;
  kinds?: Readonly<Record<string, FaultKind>>;
}

/** The targets a kind accepts, from its declared `acts`. The noop kind is the baseline: one target. */
export function acceptedTargets(kind: FaultKind): MatrixTarget[] {
  const fits = MATRIX_TARGETS.filter((t) => selectorMismatch(kind.kind, kind.acts, t.selector) === undefined);
  return kind.kind === "noop" ? fits.slice(0, 1) : fits;
}

/**
 * --quick: one seed, the short window, the correct strategies, and one target per kind: the kinds acting on
 * the same scope take their accepted targets in turn (registry order), so every target appears across
 * kinds while each kind runs once per strategy.
 */
export function quickTargetOf(kind: FaultKind, kinds: readonly FaultKind[]): MatrixTarget {
  const targets = acceptedTargets(kind);
  const peers = kinds.filter((k) => k.acts === kind.acts && k.kind !== "noop");
  const turn = Math.max(0, peers.findIndex((k) => k.kind === kind.kind));
  return targets[turn % targets.length]!;
}

export function planMatrix(o: PlanOptions): MatrixPlan {
  const registry = Object.values(o.kinds ?? FAULT_KINDS);
  const offered = PLACEMENT_ABILITIES[o.placement ?? "local"] ?? [];
  const seeds = Array.from({ length: o.quick ? 1 : (o.seeds ?? DEFAULT_SEEDS) }, (_, i) => FIRST_SEED + i);
  const strategies = MATRIX_STRATEGIES.filter((s) => !o.quick || s.expected === "pass");
  const skipped: SkippedKind[] = [];
  const runnable = registry.filter((k) => {
    const missing = (k.requires ?? []).filter((need) => !offered.includes(need));
    if (missing.length) skipped.push({ kind: k.kind, why: `needs ${missing.join(", ")}, which the ${o.placement ?? "local"} placement does not offer` });
    return missing.length === 0;
  });
  const cells: MatrixCell[] = [];
  for (const kind of runnable) {
    const targets = o.quick ? [quickTargetOf(kind, runnable)] : acceptedTargets(kind);
    const windows = o.quick || kind.kind === "noop" ? MATRIX_WINDOWS.slice(0, 1) : MATRIX_WINDOWS;
    for (const target of targets) {
      for (const window of windows) {
        for (const strategy of strategies) {
          for (const seed of seeds) {
            cells.push({
              id: `${kind.kind}.${target.name}.${window.name}.${strategy.label}.s${seed}`,
              kind: kind.kind, target: target.name, window, strategy, seed,
              step: { atS: window.atS, forS: window.forS, kind: kind.kind, target: target.selector, attributes: MATRIX_ATTRIBUTES[kind.kind] ?? {} },
            });
          }
        }
      }
    }
  }
  return { quick: o.quick, seeds, cells, skipped };
}

/** The scenario every cell runs: smoke, with a short load, one column, the cell's one fault. */
export const MATRIX_BASE = {
  scenario: "smoke",
  loadDurationS: 10,
  rateRps: 2,
  drainTimeoutS: 30,
  /** Checked on top of the scenario's invariants. */
  extraInvariants: ["failures-explained"],
} as const;

/** The `taskstorm run` arguments of a cell (before --reports-dir and --json); `invariants` are smoke's. */
export function cellRunArgs(cell: MatrixCell, invariants: readonly string[]): string[] {
  const strategy = { name: cell.strategy.name, label: cell.strategy.label, options: cell.strategy.options };
  const set = (path: string, value: unknown) => `--set=${path}=${JSON.stringify(value)}`;
  return [
    MATRIX_BASE.scenario,
    `--seed=${cell.seed}`,
    set("strategies", [strategy]),
    set("load.stages", [{ rateRps: MATRIX_BASE.rateRps, durationS: MATRIX_BASE.loadDurationS }]),
    set("faults", [cell.step]),
    set("drain.timeoutS", MATRIX_BASE.drainTimeoutS),
    set("invariants", [...new Set([...invariants, ...MATRIX_BASE.extraInvariants])]),
  ];
}
