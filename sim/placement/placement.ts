// Where the parts of a run live, and the one interface through which the run lifecycle starts,
// signals and reads them (docs/architecture.md). `local` puts every part on this machine's loopback;
// other kinds put each part on a host of its own. The lifecycle never asks which kind it has.
import type { FleetConfig, ServerNodeConfig } from "../contracts/index.ts";
import type { HostControl } from "../faults/index.ts";
import type { PostgresSource } from "../infra/postgres-source.ts";
import type { RunningPostgres } from "../infra/postgres.ts";
import type { LoadResult } from "../load/k6-instances.ts";
import type { RunK6Options } from "../load/k6-runner.ts";
import type { FleetAddresses } from "../plan/topology.ts";
import type { RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import type { RestartableProcess, Startable } from "./restartable.ts";

export type PlacementKind = "local" | "netns" | "k8s";

/** A host of the run: its name, the address its parts listen on and are reached at, what it runs. */
export interface Host {
  name: string;
  address: string;
  roles: string[];
}

/** A host's clock against the conductor's (Cristian): host minus conductor, known to within boundMs. */
export interface ClockOffset {
  offsetMs: number;
  boundMs: number;
}

/** A host's clock against the conductor's, measured at the start and at the end of the run. */
export interface HostClock {
  start: ClockOffset;
  end?: ClockOffset;
}

/** What summary.json records of a placement. */
export interface PlacementRecord {
  kind: PlacementKind;
  hosts: Host[];
  /** Per host (not the conductor's): its clock's offset and bound; histories were corrected by them. */
  clocks?: Record<string, HostClock>;
}

/** CPU and memory of everything on one host, as its agent reads /proc. */
export interface HostUsage {
  cpuMs: number;
  rssBytes: number;
}

export interface LoadOptions extends Pick<RunK6Options, "scriptPath" | "plan" | "runDir" | "signal" | "tags" | "args" | "env"> {
  instances: number;
}

export interface Placement {
  readonly kind: PlacementKind;
  record(): PlacementRecord;
  /**
   * The host of a part: "db", a node name ("node-2"), a fleet name ("fleet-1"), "load"; a part may
   * name something on that host after a slash ("node-2/polling", "db/link-node-1").
   */
  hostOf(part: string): Host;
  /** PostgreSQL for one pass, on the database host (or the server a URL names). */
  startPostgres(source: PostgresSource): Promise<RunningPostgres>;
  /** A toxiproxy-server on the host of `part`, recoverable when its control API hangs. */
  startToxiproxy(part: string, o: { logFile: string; seed: number; onRecover?: (why: string, tookMs: number) => void }): Promise<RecoverableToxiproxy>;
  /** A node process on its host, ready, restartable by faults under the same name and config. */
  startNode(config: ServerNodeConfig, o: { logFile: string; readyTimeoutMs?: number }): Promise<RestartableProcess<Startable>>;
  /** A fleet process on its host, ready, restartable by faults. */
  startFleet(config: FleetConfig, o: { logFile: string }): Promise<RestartableProcess<Startable>>;
  /** Runs the load as `instances` k6 processes (execution segments) on the load host until it ends or the signal stops it. */
  runLoad(o: LoadOptions): Promise<LoadResult>;
  /** Addresses a pass's fleet listens on (tentacles and their proxies, for `nodes` polled nodes), held until released. */
  reserveFleetAddresses(o: { nodes: number }): Promise<FleetAddresses>;
  /** Brings into `dir` (in the run folder) what the parts wrote under it on their hosts; histories corrected to the conductor's clock. */
  collect(dir: string): Promise<void>;
  /** What each host's processes have used so far (empty where hosts are not separate). */
  hostUsage(): Promise<Record<string, HostUsage>>;
  /** The largest bound of any host's clock offset: checkers comparing times across hosts allow this much. */
  clockToleranceMs(): number;
  /** The hosts' links, where parts have hosts of their own (host faults); absent on one machine. */
  readonly hosts?: HostControl;
  /** Releases what the placement holds for the run (addresses, hosts); after every part has stopped. */
  close(): Promise<void>;
}
