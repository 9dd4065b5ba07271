// The table of taskstorm commands: name, usage and summary (cheap to print: `--help` loads nothing
// else), and the module that runs it, imported only when the command runs (a command's dependencies,
// PostgreSQL drivers, zod schemas or the benchmarks' graphile-worker, cost nothing to the others).

/** What a command module exports. */
export interface CommandModule {
  run(args: string[], out: (line: string) => void): Promise<number>;
}

export interface Command {
  name: string;
  /** Usage lines, each starting with `taskstorm <name>`. */
  usage: string[];
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: "run",
    usage: [
      "taskstorm run <scenario|file.ts> [--strategy NAME]... [--seed N] [--set path=value]... [--postgres embedded|container|URL] [--reports-dir DIR]",
      "              [--baseline SUMMARY|RUNDIR [--tolerance 0.1] [--allow-different-machines]] [--repeat N] [--invalid-measurement fail|warn] [--json]",
      "              [--placement local|netns] [--prometheus | --prometheus-url URL]   (live view: docs/live-view.md)",
      "              [--placement k8s --postgres URL [--namespace NS] [--image REF] [--run-id ID] [--storage-class NAME]]",
    ],
    summary: "run a scenario's columns on fresh infrastructure and write the report (exit 1 when a check fails)",
    load: () => import("./run.ts"),
  },
  {
    name: "validate",
    usage: ["taskstorm validate <scenario|file.ts> [--set path=value]... [--strategy NAME]... [--seed N] [--placement local|netns|k8s] [--json]"],
    summary: "every check run makes before it starts anything (scenario file, fields, strategies, fault times and targets, the fleet against this machine's limits); starts nothing (exit 2 when invalid)",
    load: () => import("./validate.ts"),
  },
  {
    name: "report",
    usage: ["taskstorm report <runDir> [--recheck] [--json]"],
    summary: "re-render summary/results/junit/report.md/report.html of a run folder",
    load: () => import("./report.ts"),
  },
  {
    name: "compare",
    usage: ["taskstorm compare <baseline> <candidate> [--tolerance 0.1] [--allow-different-machines] [--json]"],
    summary: "regressions between two runs (exit 1 on any)",
    load: () => import("./compare.ts"),
  },
  {
    name: "trend",
    usage: ["taskstorm trend <runDir|summary.json>... [--out DIR]"],
    summary: "trend.html and trend.md across runs: headline metrics per column, baseline bands, checks, provenance changes, invalid runs greyed",
    load: () => import("./trend.ts"),
  },
  {
    name: "flakiness",
    usage: ["taskstorm flakiness [SCENARIO]... [--times 5] [--nightly-times 3] [--postgres embedded|container|URL] [--reports-dir DIR]"],
    summary: "run each catalogue scenario's shortened run N times (and nightly M times) and tabulate every expectation's passes (exit 1 when any is below N)",
    load: () => import("./flakiness.ts"),
  },
  {
    name: "matrix",
    usage: ["taskstorm matrix [--quick] [--seeds N] [--only TEXT]... [--postgres embedded|container|URL] [--reports-dir DIR] [--json]"],
    summary: "every fault kind on every target it accepts, short and long windows, per strategy and seed, one short run each; matrix.md/json, junit.xml (exit 1 when a correct cell fails; docs/fault-matrix.md)",
    load: () => import("./matrix.ts"),
  },
  {
    name: "scenarios",
    usage: ["taskstorm scenarios [--json]"],
    summary: "list the scenario catalogue",
    load: () => import("./scenarios.ts"),
  },
  {
    name: "doctor",
    usage: ["taskstorm doctor"],
    summary: "check tools, Go, Node, PostgreSQL, limits",
    load: () => import("./doctor.ts"),
  },
  {
    name: "tools",
    usage: ["taskstorm tools [k6|toxiproxy-server|toxiproxy-cli|k8s-validate]..."],
    summary: "build or locate the pinned k6, toxiproxy-server, toxiproxy-cli and the k8s manifest validator (all unless names are given)",
    load: () => import("./tools.ts"),
  },
  {
    name: "agent",
    usage: ["taskstorm agent --listen HOST:PORT --token-file FILE --dir DIR [--lease-ms 15000] [--clock-skew-ms 0]"],
    summary: "the per-host service of a run spread over hosts: starts, signals and serves that host's parts for the conductor",
    load: () => import("./agent.ts"),
  },
  {
    name: "k8s",
    usage: [
      "taskstorm k8s render <scenario|file.ts> --out DIR [--set path=value]... [--strategy NAME]... [--image REF] [--namespace NS] [--postgres URL] [--run-id ID] [--storage-class NAME]",
      "taskstorm k8s validate DIR...",
    ],
    summary: "a run's Kubernetes manifests as plain YAML, and their offline strict validation (k8s.io/api types, k6-operator's TestRun CRD)",
    load: () => import("./k8s.ts"),
  },
  {
    name: "plan",
    usage: ["taskstorm plan --tentacles N --polling N --rate R --nodes N [--scenario S] [--here] [--costs FILE] [--json]"],
    summary: "the parts a target size needs (fleet pods, toxiproxy shards, k6 instances, node pods; cores and memory each) from measured unit costs",
    load: () => import("./plan.ts"),
  },
  {
    name: "bench",
    usage: ["taskstorm bench [NAME]... [--quick] [--reports-dir DIR]"],
    summary: "benchmarks; figures printed and written to DIR/bench/ (default reports/bench/)",
    load: () => import("./bench.ts"),
  },
];

/** The usage of every command (or of one), as printed by --help: usage lines, then the summary. */
export function usageText(only?: Command): string {
  const lines = (only ? [only] : COMMANDS).flatMap((c) => [...c.usage.map((u) => `  ${u}`), `      ${c.summary}`]);
  const footer = only ? [] : ["", "  taskstorm <command> --help    the usage of one command", "  taskstorm --version"];
  return ["usage:", ...lines, ...footer].join("\n");
}
