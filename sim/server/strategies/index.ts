// The table of concurrency strategies, by the name a ServerNodeConfig uses. Adding a strategy =
// one file implementing Strategy + one entry here + its name in contracts/server-config.ts STRATEGY_NAMES.
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from "../../contracts/index.ts";
import { badConfig } from "../errors.ts";
import { makeOptimisticStrategy } from "./optimistic.ts";
import { makePessimisticStrategy } from "./pessimistic.ts";
import type { Strategy, StrategyDeps, StrategyFactory } from "./strategy.ts";

export const STRATEGIES: Readonly<Record<StrategyName, StrategyFactory>> = {
  pessimistic: makePessimisticStrategy,
  optimistic: makeOptimisticStrategy,
};

export { STRATEGY_NAMES };

export function makeStrategy(name: string, deps: StrategyDeps): Strategy {
  if (!isStrategyName(name)) throw badConfig(`unknown strategy "${name}": expected one of ${STRATEGY_NAMES.join(", ")}`, "strategy");
  return STRATEGIES[name](deps);
}

export type { RpcGuard, Strategy, StrategyDeps, TaskMutation, UpdateOutcome } from "./strategy.ts";
export { hasRpcGuard } from "./strategy.ts";
export { withServerBugs } from "./with-bugs.ts";
