// `taskstorm tools`: builds (once per machine, with Go) or locates the pinned k6 and toxiproxy-server, and
// builds the manifest validator of `taskstorm k8s validate` (tools/go/k8s-validate).
import { ensureTools } from "../infra/tools.ts";
import { EXIT } from "./exit.ts";

export async function run(_args: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const tool of await ensureTools(["k6", "toxiproxy-server", "k8s-validate"], { log: err })) err(`${tool.name} ${tool.version}: ${tool.path} (${tool.source})`);
  return EXIT.ok;
}
