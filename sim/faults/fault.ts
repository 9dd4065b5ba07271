// The Fault interface (STYLE rule 1): one kind per file, `start` on concrete targets, `stop` to heal.
// A fault kind also declares the schema of its attributes and what it acts on, so scenarios are
// checked before a run. The run hands faults their dependencies (FaultDeps); faults never import sim/run.

import type { z } from "zod";
import type { Toxiproxy } from "toxiproxy-node-client";

/** What a fault acts on, resolved from a scenario's target selector before it starts. */
export interface FaultTargets {
  /** Toxiproxy proxy names (network links): tentacle proxies, or node-to-database proxies. */
  proxyNames: string[];
  /** Process names (nodes "node-2", fleet processes "fleet-1") for process and database faults. */
  processNames: string[];
  /** For people: e.g. "12 of 60 tentacles (fraction 0.2)". */
  description: string;
}

/** The part of a timeline step a fault reads. */
export interface FaultStepInput {
  stream: "upstream" | "downstream";
  toxicity: number;
  attributes: Record<string, unknown>;
}

export interface Fault {
  readonly kind: string;
  start(targets: FaultTargets, step: FaultStepInput): Promise<void>;
  /** Heals what start did; safe to call when start failed half-way or never ran. */
  stop(): Promise<void>;
}

/** The Toxiproxy control a network fault uses: every call bounded in time, and a way out of a hung API. */
export interface ToxiproxyControl {
  /**
   * Runs one control-API call with a deadline; a hang becomes a timeout error naming `what`. A run may
   * shard proxies over several servers: `proxyName` routes the call to the server holding that proxy.
   */
  call<T>(what: string, fn: (client: Toxiproxy) => Promise<T>, proxyName?: string): Promise<T>;
  /** Optional: removes every toxic and enables every proxy on every server (default: one /reset via call). */
  resetAll?(): Promise<void>;
  /**
   * Optional: restarts toxiproxy-server and recreates every proxy enabled and without toxics (the way
   * out of a hung control API, Shopify/toxiproxy#558). Heals every network fault at once.
   */
  recover?(why: string): Promise<void>;
  /** Optional: how many times recover() has run; a fault applied in an older epoch is already healed. */
  epoch?(): number;
}

/** A node or fleet process the run manages, which a fault may stop, start or signal. */
export interface ManagedProcess {
  readonly name: string;
  /** PID of the running process, or undefined while it is down. */
  pid(): number | undefined;
  /** Ends the process (SIGTERM with a grace period, or SIGKILL at once); resolves once it has exited. No-op when down. */
  stop(signal: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again with the same config and name; resolves once ready. No-op when running. */
  start(): Promise<void>;
  /** SIGSTOPs the running process where it runs, resolves once its kernel reports it stopped, to its pid. Throws when down. */
  suspend(): Promise<number>;
  /** SIGCONTs process `pid` if it is still the current one (a restart meanwhile replaced it: nothing to resume). */
  resume(pid: number): Promise<void>;
}

/** PostgreSQL as the run sees it (a superuser URL straight to the server, not through a node's proxy). */
export interface DatabaseControl {
  url: string;
}

/** The hosts of a run whose parts live on hosts of their own: their links to the rest of the run. */
export interface HostControl {
  /** Cuts the host of `part` (a node or fleet name) off: "both" ways, or its "outbound" packets only. */
  partition(part: string, direction: "both" | "outbound"): Promise<void>;
  heal(part: string, direction: "both" | "outbound"): Promise<void>;
}

export interface FaultDeps {
  toxiproxy: ToxiproxyControl;
  /** Node and fleet processes by name; absent where a test has no processes. */
  processes?: ReadonlyMap<string, ManagedProcess>;
  database?: DatabaseControl;
  /** Present where parts have hosts of their own (--placement netns). */
  hosts?: HostControl;
}

/** What a placement may offer a fault kind (placement.ts says which it offers). */
export type PlacementAbility = "hosts" | "local-database";

/** What a kind acts on: network links (proxies), processes (nodes or fleets), or nodes only. */
export type FaultScope = "links" | "processes" | "nodes";

export interface FaultKind {
  kind: string;
  /** One line for `taskstorm faults` and the docs. */
  description: string;
  acts: FaultScope;
  /** What the run's placement must offer: hosts of their own (host faults), or PostgreSQL on the conductor's machine. */
  requires?: readonly PlacementAbility[];
  /** Attributes as scenarios write them (units in names); validated before the run. */
  attributes: z.ZodType;
  make(deps: FaultDeps): Fault;
}

/** The message of anything thrown (without the class-name prefix String(error) adds). */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The process named `name`, or a clear error when the run gave none by that name. */
export function processOf(deps: FaultDeps, kind: string, name: string): ManagedProcess {
  const found = deps.processes?.get(name);
  if (!found) {
    const known = [...(deps.processes?.keys() ?? [])];
    throw new Error(`fault ${kind}: no process named ${JSON.stringify(name)} (the run manages: ${known.join(", ") || "none"})`);
  }
  return found;
}
