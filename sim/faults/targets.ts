// Resolves a scenario's target selector to concrete tentacle ids, seeded: the same seed and step
// always hit the same tentacles.

import { seededRng } from "../contracts/rng.ts";
import type { FaultTargets } from "./fault.ts";

export type TargetSelector = "all" | { fraction: number } | { count: number } | { ids: string[] };

export function selectTargets(selector: TargetSelector, tentacleIds: string[], seed: number, stepKey: string): FaultTargets {
  const total = tentacleIds.length;
  if (selector === "all") return { proxyNames: [...tentacleIds], description: `all ${total} tentacles` };
  if ("ids" in selector) {
    const known = new Set(tentacleIds);
    const unknown = selector.ids.filter((id) => !known.has(id));
    if (unknown.length) throw new Error(`fault target ids not in the fleet: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", ..." : ""}`);
    return { proxyNames: [...selector.ids], description: `${selector.ids.length} named tentacles` };
  }
  const wanted = "count" in selector ? Math.min(selector.count, total) : Math.max(1, Math.round(total * selector.fraction));
  const rng = seededRng(seed, stepKey);
  const shuffled = [...tentacleIds];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const how = "count" in selector ? `count ${selector.count}` : `fraction ${selector.fraction}`;
  return { proxyNames: shuffled.slice(0, wanted), description: `${wanted} of ${total} tentacles (${how})` };
}
