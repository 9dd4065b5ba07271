// The table of concurrency strategies, by the name a ServerNodeConfig uses. Adding a strategy =
// one file implementing Strategy + one entry here.
import { badConfig } from "../errors.ts";
import { makeOptimisticStrategy } from "./optimistic.ts";
import { makePessimisticStrategy } from "./pessimistic.ts";
import type { Strategy, StrategyDeps, StrategyFactory } from "./strategy.ts";

export const STRATEGIES: Readonly<Record<string, StrategyFactory>> = {
  pessimistic: makePessimisticStrategy,
  optimistic: makeOptimisticStrategy,
};

export const STRATEGY_NAMES: readonly string[] = Object.keys(STRATEGIES);

export function makeStrategy(name: string, deps: StrategyDeps): Strategy {
  const factory = STRATEGIES[name];
  if (!factory) throw badConfig(`unknown strategy "${name}": expected one of ${STRATEGY_NAMES.join(", ")}`, "strategy");
  return factory(deps);
}

export type { RpcGuard, Strategy, StrategyDeps, TaskMutation, UpdateOutcome } from "./strategy.ts";
export { hasRpcGuard } from "./strategy.ts";
export { withServerBugs } from "./with-bugs.ts";
