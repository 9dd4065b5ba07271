// Plans one pass on the placement's hosts before anything starts: the fleet's addresses (held until
// released), each node's API and polling ports and its database link's listen address, the fleet
// plan, and the fault steps with concrete targets (a selector that matches nothing fails here).
import type { TimelineStep } from "../faults/index.ts";
import { planColumnFaults } from "../plan/fault-plan.ts";
import { planPassFleet, type PassFleet } from "../plan/fleet-plan.ts";
import { nodeNames } from "../plan/node-config.ts";
import type { FleetAddresses } from "../plan/topology.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import { portOf } from "../plan/ports.ts";
import type { Placement } from "./placement.ts";

export interface PassPlan {
  /** Where the fleet listens; release() once everything listening there has stopped. */
  addresses: FleetAddresses;
  fleet: PassFleet;
  /** Each node's API port on its host. */
  apiPorts: ReadonlyMap<string, number>;
  /** Each node's polling endpoint port (absent when no machine polls). */
  pollingPorts?: ReadonlyMap<string, number>;
  /** Where each node's proxy to the database listens (host:port). */
  databaseLinks: ReadonlyMap<string, string>;
  faultSteps: TimelineStep[];
}

export async function planPass(placement: Placement, spec: ScenarioSpec, historyDir: string): Promise<PassPlan> {
  const names = nodeNames(spec);
  const linkPart = (name: string) => `db/link-${name}`;
  const pollingPorts = spec.fleet.polling > 0 ? new Map(names.map((n) => [n, portOf(`${n}/polling`)] as const)) : undefined;
  const pollingNodes = [...(pollingPorts ?? [])].map(([name, port]) => ({ name, url: `http://${placement.hostOf(name).address}:${port}` }));
  const addresses = await placement.reserveFleetAddresses({ nodes: names.length });
  try {
    const fleet = planPassFleet(spec, historyDir, addresses, pollingNodes);
    return {
      addresses, fleet, faultSteps: planColumnFaults(spec, fleet.plan),
      apiPorts: new Map(names.map((n) => [n, portOf(n)] as const)),
      databaseLinks: new Map(names.map((n) => [n, `${placement.hostOf(linkPart(n)).address}:${portOf(linkPart(n))}`] as const)),
      ...(pollingPorts ? { pollingPorts } : {}),
    };
  } catch (error) {
    await addresses.release();
    throw error;
  }
}
