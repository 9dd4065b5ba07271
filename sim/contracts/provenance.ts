// Where and with what a run ran (summary.json `provenance`): the harness and tool versions, the
// database, the machine, its load around the run and the placement. Compare and --baseline read it to
// tell whether two runs' timings can be compared at all. Pure types.

export interface Provenance {
  taskstorm: {
    /** package.json version. */
    version: string;
    /** Git commit of the working tree (GITHUB_SHA in CI when git is absent); null when unknown. */
    commit: string | null;
  };
  /** process.version of the conductor, e.g. "v24.22.3". */
  node: string;
  postgres: {
    /** server_version as the server reports it, e.g. "18.1"; null when no pass reached it. */
    version: string | null;
    /** How it was provided: "embedded", "container" or "url". */
    source: string;
  };
  /** Versions of the pinned tools the run used, e.g. "v2.2.0". */
  tools: { k6: string | null; toxiproxy: string | null };
  machine: {
    cpuModel: string;
    /** Logical CPUs the OS reports. */
    cpus: number;
    memoryBytes: number;
    /** os.release(), e.g. "6.12.48+deb13-amd64". */
    kernel: string;
    arch: string;
  };
  /** 1, 5 and 15 minute load averages when the run started and when it ended (null: not yet ended). */
  loadAverage: { start: number[]; end: number[] | null };
  /** Where the parts ran; grows with the placement kinds (hosts, ...). */
  placement: { kind: string };
}

/** What comparing two runs' provenance found (compare, --baseline). */
export interface ProvenanceCheck {
  /** Differences that make timing figures incomparable, one line each ("CPU: 2 x A vs 8 x B"). */
  differences: string[];
  /** Whether timing metrics were judged (no difference, or --allow-different-machines). */
  timingJudged: boolean;
  /** Why timing was or was not judged, one line. */
  note: string;
}
