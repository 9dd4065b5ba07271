// Test helper: the path of a pinned tool (k6, toxiproxy-server), or of prometheus and promtool, or a
// thrown error saying how to get it.
// Never skips: in CI (process.env.CI set) a missing tool is a CI setup bug, so the message says so.
import fs from "node:fs";
import path from "node:path";
import { errors } from "../lib/errors.ts";
import { PROMETHEUS_WAYS, requirePrometheus } from "../infra/prometheus-bin.ts";
import { TOOLS, cachedToolPath, findOnPath, findTool, waysToGet } from "../infra/tools.ts";
import type { ToolName } from "../infra/tools.ts";

export async function requireTool(name: ToolName): Promise<string> {
  const found = await findTool(name);
  if (found) return found.path;
  const spec = TOOLS[name];
  const where = `${spec.envVar} unset, not on PATH at ${spec.version}, not in ${cachedToolPath(spec)}`;
  const ci = process.env.CI ? "; CI is set and tests never skip in CI: build the tools before the tests (.ci/run does)" : "";
  throw errors.toolMissing(`${name} ${spec.version} (${where}${ci})`, waysToGet(spec));
}

/** prometheus (as a run finds it) and promtool (beside it, else on PATH); thrown error when either is missing. Never skips either. */
export async function requirePrometheusTools(): Promise<{ prometheus: string; promtool: string }> {
  const found = await requirePrometheus();
  const beside = path.join(path.dirname(found.path), "promtool");
  const promtool = fs.existsSync(beside) ? beside : (await findOnPath("promtool"))[0];
  if (!promtool) throw errors.toolMissing(`promtool (not beside ${found.path}, not on PATH)`, PROMETHEUS_WAYS);
  return { prometheus: found.path, promtool };
}
