// The Fault interface (STYLE rule 1): one kind per file, `start` on concrete targets, `stop` to heal.
// A fault kind also declares the schema of its attributes, so scenarios are checked before a run.

import type { z } from "zod";
import type { Toxiproxy } from "toxiproxy-node-client";

/** What a fault acts on, resolved from a scenario's target selector before it starts. */
export interface FaultTargets {
  /** Toxiproxy proxy names (one per tentacle: the machine id). */
  proxyNames: string[];
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

/** The Toxiproxy control a network fault uses: the client, and a wrapper bounding each call in time. */
export interface ToxiproxyControl {
  client: Toxiproxy;
  call<T>(what: string, fn: (client: Toxiproxy) => Promise<T>): Promise<T>;
}

export interface FaultDeps {
  toxiproxy: ToxiproxyControl;
}

export interface FaultKind {
  kind: string;
  /** One line for `taskstorm faults` and the docs. */
  description: string;
  /** Attributes as scenarios write them (units in names); validated before the run. */
  attributes: z.ZodType;
  make(deps: FaultDeps): Fault;
}
