// Starts the reference server's HA nodes, each as a real process on its host through the placement
// (they migrate the database on start), and seeds the deployment model through the first node's API.
import { API_KEY_HEADER, type FixtureSet, type ServerNodeConfig } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import type { Placement } from "./placement.ts";
import type { RestartableProcess, Startable } from "./restartable.ts";

export interface RunningNode {
  name: string;
  url: string;
  /** The node's process, restartable by faults on the same port with the same config; stop it with process.stop("SIGTERM"). */
  process: RestartableProcess<Startable>;
}

/** Starts every node in parallel; `onStarted` is called as each comes up, so the caller can register its stop. */
export async function startNodes(
  placement: Placement, configs: readonly ServerNodeConfig[], o: { logFileOf: (nodeName: string) => string; readyTimeoutMs: number }, onStarted: (node: RunningNode) => void,
): Promise<RunningNode[]> {
  return await Promise.all(configs.map(async (config) => {
    const process = await placement.startNode(config, { logFile: o.logFileOf(config.nodeName), readyTimeoutMs: o.readyTimeoutMs });
    const node: RunningNode = { name: config.nodeName, url: `http://${config.host}:${config.port}`, process };
    onStarted(node);
    return node;
  }));
}

export async function seedFixtures(nodeUrl: string, apiKey: string, fixtures: FixtureSet): Promise<void> {
  const res = await fetch(`${nodeUrl}/api/fixtures`, {
    method: "POST",
    headers: { "content-type": "application/json", [API_KEY_HEADER]: apiKey },
    body: JSON.stringify(fixtures),
    signal: AbortSignal.timeout(60_000),
  });
  if (res.status !== 201) throw errors.infraFailed("seeding fixtures", `POST ${nodeUrl}/api/fixtures answered ${res.status}: ${await res.text()}`);
}
