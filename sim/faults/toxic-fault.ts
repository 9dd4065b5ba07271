// The shared body of every network fault: add one Toxiproxy toxic to each target proxy (a bounded
// number of calls in flight), remember what was added, remove it on stop. Kinds differ only in the
// toxic type and how scenario attributes map to toxic attributes.

import type { Toxic, ToxicType } from "toxiproxy-node-client";
import { forEachLimited } from "../infra/limit.ts";
import type { Fault, FaultDeps, FaultStepInput, FaultTargets } from "./fault.ts";

/** Control-API calls in flight at once while applying or healing a fault. */
const CONCURRENCY = 16;

export function makeToxicFault<A>(
  kind: string,
  toxicType: ToxicType,
  toToxicAttributes: (attributes: A) => Record<string, number>,
  deps: FaultDeps,
): Fault {
  const applied: Toxic<unknown>[] = [];
  const name = `taskstorm-${kind}`;
  return {
    kind,
    async start(targets: FaultTargets, step: FaultStepInput) {
      const attributes = toToxicAttributes(step.attributes as A);
      await forEachLimited(targets.proxyNames, CONCURRENCY, async (proxyName) => {
        const proxy = await deps.toxiproxy.call(`get proxy ${proxyName}`, (c) => c.get(proxyName));
        const toxic = await deps.toxiproxy.call(`add ${toxicType} toxic to ${proxyName}`, () =>
          proxy.addToxic({ name, type: toxicType, stream: step.stream, toxicity: step.toxicity, attributes: attributes as never }),
        );
        applied.push(toxic);
      });
    },
    async stop() {
      const toRemove = applied.splice(0);
      await forEachLimited(toRemove, CONCURRENCY, (toxic) => deps.toxiproxy.call(`remove toxic ${toxic.name}`, () => toxic.remove()));
    },
  };
}
