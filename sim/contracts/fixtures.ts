// The deployment model a run seeds into the reference server (POST /api/fixtures): projects,
// environments and machines (deployment targets). Pure types, importable from k6.
import type { MachineMode } from "./rpc.ts";

export interface FixtureProject {
  /** e.g. "Projects-1". */
  id: string;
  name: string;
  /** Deploy steps run on machines that have this role. */
  targetRole: string;
  /** Step names, run in order; each step runs one script on every target. */
  stepNames: string[];
  /** Size of the package uploaded to every target before the first step; 0/absent = no upload. */
  packageSizeBytes?: number;
}

export interface FixtureEnvironment {
  /** e.g. "Environments-1". */
  id: string;
  name: string;
}

export interface FixtureMachine {
  /** e.g. "Machines-17"; the same id as the tentacle's TentacleSpec.id. */
  id: string;
  name: string;
  environmentId: string;
  roles: string[];
  /** Base URL the server calls for this machine's RPC, e.g. "http://127.21.0.5:10933" (its Toxiproxy proxy); "poll://Machines-17/" for a polling machine. */
  endpoint: string;
  /** listening (default) or polling; a polling machine's endpoint is pollingEndpoint(id). */
  mode?: MachineMode;
  /** Data centre the machine is in, e.g. "dc-2". */
  segment?: string;
}

/** Body of POST /api/fixtures. Rows are upserted by id, so seeding twice is harmless. */
export interface FixtureSet {
  projects: FixtureProject[];
  environments: FixtureEnvironment[];
  machines: FixtureMachine[];
}

/** Response of POST /api/fixtures (201): rows written per kind. */
export interface FixtureSeedResult {
  Projects: number;
  Environments: number;
  Machines: number;
}
