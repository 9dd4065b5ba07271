// Which runs a flakiness campaign makes: every catalogue scenario that declares `expect` and a
// `shortened` run (as scenarios/catalogue-*.test.ts runs it: its shortened overrides as --set), N times,
// and the nightly scenario, whole, M times. Names narrow it; nothing is started here.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { errors } from "../../lib/errors.ts";
import { listScenarioNames, loadScenario, SCENARIOS_DIR } from "../../scenario/index.ts";

export const NIGHTLY = "nightly";

export interface PlannedScenario {
  scenario: string;
  /** The `--set path=value` overrides of its shortened run (none for nightly). */
  sets: string[];
  times: number;
  /** The expectations it states, for the table (empty for nightly). */
  expectations: string[];
}

export async function planCampaign(names: readonly string[], times: number, nightlyTimes: number): Promise<PlannedScenario[]> {
  const all = listScenarioNames();
  for (const n of names) if (!all.includes(n)) throw errors.invalidArgument("scenario", n, `one of ${all.join(", ")}`);
  const wanted = names.length ? names : all;
  const planned: PlannedScenario[] = [];
  for (const scenario of [...wanted].sort()) {
    const { spec } = await loadScenario(scenario);
    if (scenario === NIGHTLY) {
      if (nightlyTimes > 0) planned.push({ scenario, sets: [], times: nightlyTimes, expectations: spec.expect.map((e) => e.says) });
      continue;
    }
    const mod = (await import(pathToFileURL(path.join(SCENARIOS_DIR, `${scenario}.ts`)).href)) as { shortened?: Record<string, unknown> };
    if (spec.expect.length === 0 || !mod.shortened) {
      if (names.includes(scenario)) throw errors.invalidArgument("scenario", scenario, "a catalogue scenario with `expect` and a `shortened` run, or nightly");
      continue;
    }
    planned.push({ scenario, sets: Object.entries(mod.shortened).map(([k, v]) => `--set=${k}=${JSON.stringify(v)}`), times, expectations: spec.expect.map((e) => e.says) });
  }
  return planned;
}
