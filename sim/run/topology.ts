// Where everything of one strategy pass lives on loopback: tentacle k listens on its own address in
// the run's tentacle /16 on port 10933, its Toxiproxy proxy on the matching address of the proxy /16,
// and the server reaches machine k through that proxy (its endpoint).

import type { FixtureMachine, FixtureSet, TentacleSpec } from "../contracts/index.ts";
import type { DeploymentModel } from "../../fixtures/generate.ts";
import { loopbackAddress } from "../infra/ports.ts";

/** The production listening-tentacle port. */
export const TENTACLE_PORT = 10933;

export interface ProxySpec {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export interface Topology {
  tentacles: TentacleSpec[];
  proxies: ProxySpec[];
  fixtures: FixtureSet;
}

export function buildTopology(model: DeploymentModel, blocks: { tentacleBlock: number; proxyBlock: number }): Topology {
  const tentacles: TentacleSpec[] = [];
  const proxies: ProxySpec[] = [];
  const machines: FixtureMachine[] = model.machines.map((machine, i) => {
    const tentacleHost = loopbackAddress(blocks.tentacleBlock, i);
    const proxyHost = loopbackAddress(blocks.proxyBlock, i);
    tentacles.push({ id: machine.id, listenHost: tentacleHost, listenPort: TENTACLE_PORT });
    proxies.push({ name: machine.id, listen: `${proxyHost}:${TENTACLE_PORT}`, upstream: `${tentacleHost}:${TENTACLE_PORT}`, enabled: true });
    return { ...machine, endpoint: `http://${proxyHost}:${TENTACLE_PORT}` };
  });
  return { tentacles, proxies, fixtures: { projects: model.projects, environments: model.environments, machines } };
}
