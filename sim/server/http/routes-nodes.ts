// Node routes: list the cluster's nodes (liveness, leader, running tasks), change one node's task cap
// and drain (IsInMaintenanceMode), and the per-node ping a load balancer reads (503 while draining).
import { z } from "zod";
import type { ServerNodeResource, UpdateServerNodeRequest } from "../../contracts/index.ts";
import { notFound } from "../errors.ts";
import { selectNodes, type NodeRecord } from "../sql/selectNodes.ts";
import { updateNodeSettings } from "../sql/updateNodeSettings.ts";
import type { ApiDeps } from "./api-deps.ts";
import { isNodeName } from "./query.ts";
import { readJsonBody } from "./read-json.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";
import { validateBody } from "./validate.ts";

const BODY_LIMIT_BYTES = 16 * 1024;
const MAX_TASK_CAP = 10_000;

const updateNodeSchema = z.strictObject({
  MaxConcurrentTasks: z.number().int().min(0).max(MAX_TASK_CAP).optional(),
  IsInMaintenanceMode: z.boolean().optional(),
}) satisfies z.ZodType<UpdateServerNodeRequest>;

function toNodeResource(node: NodeRecord): ServerNodeResource {
  return {
    Name: node.name, Rank: node.rank, LastSeen: node.lastSeen.toISOString(), MaxConcurrentTasks: node.maxConcurrentTasks,
    IsInMaintenanceMode: node.isDraining, IsOffline: node.isOffline, IsLeader: node.isLeader, ActiveTasks: node.activeTasks,
  };
}

export function nodeRoutes(deps: ApiDeps): Route[] {
  const nodeOr404 = async (name: string): Promise<NodeRecord> => {
    const [node] = isNodeName(name) ? await selectNodes(deps.pool, deps.offlineAfterMs, name) : [];
    if (!node) throw notFound(`no server node named "${name.slice(0, 100)}"`);
    return node;
  };
  return [
    {
      method: "GET", path: "/api/nodes", requiresApiKey: true,
      handle: async () => jsonReply(200, (await selectNodes(deps.pool, deps.offlineAfterMs)).map(toNodeResource)),
    },
    {
      method: "GET", path: "/api/nodes/:name", requiresApiKey: true,
      handle: async ({ params }) => jsonReply(200, toNodeResource(await nodeOr404(params.name!))),
    },
    {
      method: "PUT", path: "/api/nodes/:name", requiresApiKey: true,
      async handle({ params, req }) {
        const body = validateBody(updateNodeSchema, await readJsonBody(req, BODY_LIMIT_BYTES));
        const name = params.name!;
        const updated = isNodeName(name) && await updateNodeSettings(deps.pool, name, {
          maxConcurrentTasks: body.MaxConcurrentTasks ?? null, isDraining: body.IsInMaintenanceMode ?? null,
        });
        if (!updated) throw notFound(`no server node named "${name.slice(0, 100)}"`);
        return jsonReply(200, toNodeResource(await nodeOr404(name)));
      },
    },
    {
      method: "GET", path: "/api/octopusservernodes/ping", requiresApiKey: false,
      async handle() {
        const node = await nodeOr404(deps.nodeName);
        return node.isDraining
          ? jsonReply(503, { ErrorMessage: `node ${deps.nodeName} is draining` })
          : jsonReply(200, { Node: deps.nodeName, Status: "OK" });
      },
    },
  ];
}
