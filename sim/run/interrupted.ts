// A run a signal stopped after it wrote the report of the columns it finished: the lifecycle (and
// --repeat's evidence) throws this instead of the bare abort reason, so the CLI can still say where
// that report is (`run --json` prints it with exit 130 / 143).
import type { WrittenReport } from "../report/index.ts";

export class RunInterrupted extends Error {
  /** `written`: the report of what finished (its folder is the run's). */
  constructor(readonly signalReason: unknown, readonly written: WrittenReport) {
    super(signalReason instanceof Error ? signalReason.message : String(signalReason), { cause: signalReason });
    this.name = "RunInterrupted";
  }
}
