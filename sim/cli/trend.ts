// `taskstorm trend <runDir|summary.json>... [--out DIR]`: trend.html and trend.md across runs, in time
// order (default DIR: reports/trend/).
import path from "node:path";
import { errors } from "../lib/errors.ts";
import { writeTrend } from "../report/trend/index.ts";
import { REPORTS_DIR } from "../run/store.ts";
import { parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("trend", args, { out: { type: "string" } });
  if (positionals.length === 0) throw errors.invalidArgument("trend", positionals, "one or more run folders or summary.json files");
  const written = await writeTrend(positionals, values.out ?? path.join(REPORTS_DIR, "trend"));
  out(`trend: ${written.htmlPath}\nmarkdown: ${written.markdownPath}\nruns: ${written.model.runs.length}`);
  return EXIT.ok;
}
