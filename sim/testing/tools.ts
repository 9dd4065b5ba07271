// Test helper: the path of a pinned tool (k6, toxiproxy-server) or a thrown error saying how to get it.
// Never skips: in CI (process.env.CI set) a missing tool is a CI setup bug, so the message says so.
import { errors } from "../lib/errors.ts";
import { TOOLS, cachedToolPath, findTool, waysToGet } from "../infra/tools.ts";
import type { ToolName } from "../infra/tools.ts";

export async function requireTool(name: ToolName): Promise<string> {
  const found = await findTool(name);
  if (found) return found.path;
  const spec = TOOLS[name];
  const where = `${spec.envVar} unset, not on PATH at ${spec.version}, not in ${cachedToolPath(spec)}`;
  const ci = process.env.CI ? "; CI is set and tests never skip in CI: build the tools before the tests (.ci/run does)" : "";
  throw errors.toolMissing(`${name} ${spec.version} (${where}${ci})`, waysToGet(spec));
}
