// Bug switches that live at the strategy boundary, applied over any strategy. pickupWithoutLock is
// the 2023.3 incident: the queue is read with no lock (no cluster mutex, no row locks) and the
// tasks read are marked Executing without compare-and-swap, so two nodes polling together both
// claim, and both execute, the same task.
import type { ServerBugs } from "../../contracts/index.ts";
import { withTransaction } from "../db.ts";
import { selectClaimableTasks } from "../sql/selectClaimableTasks.ts";
import { claimSelected } from "./claim-selected.ts";
import type { Strategy, StrategyDeps } from "./strategy.ts";

export function withServerBugs(strategy: Strategy, deps: StrategyDeps, bugs: ServerBugs): Strategy {
  if (!bugs.pickupWithoutLock) return strategy;
  return {
    ...strategy,
    async claimTasks(limit) {
      const claimed = [];
      // Each task is marked in its own transaction, as the unlocked code path did.
      for (const row of await selectClaimableTasks(deps.pool, limit, "none")) {
        claimed.push(...await withTransaction(deps.pool, (client) => claimSelected(deps, client, [row], true)));
      }
      return claimed;
    },
  };
}
