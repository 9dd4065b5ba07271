// The shared body of every toxic-based network fault: add one or more Toxiproxy toxics to each target
// proxy (a bounded number of calls in flight), remember what was added, remove it on stop. Kinds differ
// only in which toxics (type, stream, attributes) a step maps to. A hung control API stops the work at
// the first timeout; on heal it is recovered through the run (toxiproxy restart) when the run offers it.

import { Proxy, Toxic, type Toxiproxy, type ToxicType } from "toxiproxy-node-client";
import { TIMELINE_TOXIC_PREFIX } from "../contracts/index.ts";
import { forEachLimited } from "../lib/limit.ts";
import { messageOf, type Fault, type FaultDeps, type FaultStepInput, type FaultTargets } from "./fault.ts";

/** Control-API calls in flight at once while applying or healing a fault. */
const CONCURRENCY = 16;

export interface ToxicSpec {
  type: ToxicType;
  stream: "upstream" | "downstream";
  /** Toxiproxy's own attribute names and units (latency ms, rate KB/s, bytes). */
  attributes: Record<string, number>;
}

let serial = 0;

/** A proxy object for `name` without a GET round trip (only its name is used to build paths). */
export const proxyNamed = (client: Toxiproxy, name: string) => new Proxy(client, { name, listen: "", upstream: "", enabled: true, toxics: [] });

/** Deletes toxic `toxicName` of proxy `proxyName`; a toxic that is not there (404) counts as removed. */
async function removeToxic(client: Toxiproxy, proxyName: string, toxicName: string): Promise<void> {
  const toxic = new Toxic(client.api, proxyNamed(client, proxyName).getPath(), { name: toxicName, type: "latency", stream: "downstream", toxicity: 1, attributes: {} });
  await toxic.remove().catch((e: unknown) => {
    if (!/status code 404/.test(messageOf(e))) throw e; // the client reports the status only in its message
  });
}

/**
 * Runs `fn` over items with bounded concurrency; after the first failure no new item starts (a hung
 * control API must not cost one timeout per proxy) and that failure is rethrown once the rest settle.
 */
export async function forEachUntilFailure<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let failure: unknown;
  await forEachLimited(items, CONCURRENCY, async (item) => {
    if (failure !== undefined) return;
    await fn(item).catch((e: unknown) => void (failure ??= e));
  });
  if (failure !== undefined) throw failure;
}

/** Heals by recovering the whole Toxiproxy when the run can, else rethrows `error` with what was left. */
export async function recoverOrThrow(deps: FaultDeps, kind: string, error: unknown, left: number): Promise<void> {
  if (!deps.toxiproxy.recover) throw new Error(`fault ${kind}: heal failed with ${left} proxies still faulty: ${messageOf(error)}`, { cause: error });
  await deps.toxiproxy.recover(`heal of ${kind} failed: ${messageOf(error)}`);
}

export function makeToxicFault<A>(kind: string, toToxics: (attributes: A, step: FaultStepInput) => ToxicSpec[], deps: FaultDeps): Fault {
  /** Every toxic an add was attempted for, recorded before the call: a call that timed out may still have added it. */
  const attempted: { proxyName: string; toxicName: string }[] = [];
  const prefix = `${TIMELINE_TOXIC_PREFIX}${kind}-${++serial}`;
  let epoch = deps.toxiproxy.epoch?.() ?? 0;
  return {
    kind,
    async start(targets: FaultTargets, step: FaultStepInput) {
      const toxics = toToxics(step.attributes as A, step);
      epoch = deps.toxiproxy.epoch?.() ?? 0;
      await forEachUntilFailure(targets.proxyNames, async (proxyName) => {
        for (const toxic of toxics) {
          const toxicName = `${prefix}-${toxic.stream}`;
          attempted.push({ proxyName, toxicName });
          await deps.toxiproxy.call(`add ${toxic.type} toxic to ${proxyName}`, (c) =>
            proxyNamed(c, proxyName).addToxic<unknown>({ name: toxicName, type: toxic.type, stream: toxic.stream, toxicity: step.toxicity, attributes: toxic.attributes }),
          proxyName);
        }
      });
    },
    async stop() {
      const toRemove = attempted.splice(0);
      if (toRemove.length === 0 || (deps.toxiproxy.epoch?.() ?? 0) !== epoch) return; // a recovery already removed them
      try {
        await forEachUntilFailure(toRemove, ({ proxyName, toxicName }) => deps.toxiproxy.call(`remove toxic ${toxicName} from ${proxyName}`, (c) => removeToxic(c, proxyName, toxicName), proxyName));
      } catch (e) {
        await recoverOrThrow(deps, kind, e, toRemove.length);
      }
    },
  };
}
