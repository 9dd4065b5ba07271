// `taskstorm tools`: builds (once per machine, with Go) or locates the pinned k6, toxiproxy-server and
// toxiproxy-cli (the last only for poking a running run by hand: docs/live-view.md).
import { TOOL_NAMES, ensureTools } from "../infra/tools.ts";
import { EXIT } from "./exit.ts";

export async function run(_args: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const tool of await ensureTools(TOOL_NAMES, { log: err })) err(`${tool.name} ${tool.version}: ${tool.path} (${tool.source})`);
  return EXIT.ok;
}
