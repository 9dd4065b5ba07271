// `taskstorm plan --tentacles N --polling N --rate R --nodes N [--scenario S] [--here] [--json]`: the
// parts a target size needs and the cores and memory of each, from the unit costs `bench units`
// measured (sim/plan/unit-costs.json unless --costs). A scenario fills in what the flags leave out
// (its time scale, polling connections, script runs per deployment, pool size); flags override it.
import { errors } from "../lib/errors.ts";
import { isNonNegative, isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("plan", args, {
    tentacles: { type: "string" }, polling: { type: "string" }, rate: { type: "string" }, nodes: { type: "string" },
    scenario: { type: "string" }, costs: { type: "string" }, here: { type: "boolean", default: false }, json: { type: "boolean", default: false },
  });
  if (positionals.length > 0) throw errors.invalidArgument("plan", positionals, "options only (see taskstorm plan --help)");
  const [{ planCapacity, targetOf, KUBERNETES_BUDGET, machineBudget }, { readUnitCosts }, { formatPlan }] = await Promise.all([
    import("../plan/capacity.ts"), import("../plan/unit-costs.ts"), import("./plan-format.ts"),
  ]);
  const costs = readUnitCosts(values.costs);
  const base = values.scenario ? targetOf((await (await import("../scenario/index.ts")).loadScenario(values.scenario)).spec) : undefined;
  const tentacles = numberOption("--tentacles", values.tentacles, "an integer >= 1", isPositiveInteger) ?? base?.tentacles;
  const nodes = numberOption("--nodes", values.nodes, "an integer >= 1", isPositiveInteger) ?? base?.nodes;
  const rateRps = numberOption("--rate", values.rate, "deployments per second, a number >= 0", isNonNegative) ?? base?.rateRps;
  const polling = numberOption("--polling", values.polling, "an integer >= 0 (how many of the tentacles poll)", (n) => Number.isInteger(n) && n >= 0) ?? base?.polling ?? 0;
  if (tentacles === undefined || nodes === undefined || rateRps === undefined) {
    throw errors.invalidArgument("plan", args, "--tentacles, --nodes and --rate (or --scenario to take them from)");
  }
  if (polling > tentacles) throw errors.invalidArgument("--polling", polling, `at most --tentacles (${tentacles})`);
  const target = {
    timeScale: 1, pollingConnectionCount: 1, dbPoolSize: 20, minK6Instances: 1, ...base,
    tentacles, polling, nodes, rateRps,
  };
  const plan = planCapacity(target, costs, values.here ? machineBudget(costs) : KUBERNETES_BUDGET);
  if (values.json) out(JSON.stringify(plan, null, 2));
  else for (const line of formatPlan(plan, values.here ? "this machine" : "Kubernetes pods")) out(line);
  return EXIT.ok;
}
