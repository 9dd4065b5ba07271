// Configuration handed to one fleet process (sim/fleet/main.ts) as JSON in argv[2], and the
// description of each tentacle it hosts. The same seed gives the same behaviour on every run.

export interface TentacleSpec {
  /** Machine id, e.g. "Machines-17"; also the tentacle's actor name in the history. */
  id: string;
  /** Address the tentacle itself listens on (its own loopback address). */
  listenHost: string;
  listenPort: number;
}

export interface FleetConfig {
  /** Actor-name prefix and seed for this fleet process. */
  fleetName: string;
  seed: number;
  tentacles: TentacleSpec[];
  /** Script duration is drawn uniformly from [min, max] per script, seeded by ticket. */
  scriptDurationMs: { min: number; max: number };
  /** Probability a script exits non-zero. */
  scriptFailureRate: number;
  /** NDJSON file the fleet appends its journal (script:run ops) to. */
  historyFile: string;
}
