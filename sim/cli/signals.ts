// SIGINT / SIGTERM -> one AbortController for a long command (run, bench): the first signal aborts
// (everything started is stopped by its owner), later ones are ignored while the bounded cleanup runs.
import { HarnessError } from "../lib/errors.ts";
import { EXIT } from "./exit.ts";

export interface SignalScope extends Disposable {
  signal: AbortSignal;
  /** The exit code the signal received asks for (130 / 143), or undefined when none came. */
  exitCode(): number | undefined;
}

export function abortOnSignals(what: string, onSignal: (signal: NodeJS.Signals) => void = () => {}): SignalScope {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return; // already stopping; cleanup is bounded
    exitCode = signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm;
    onSignal(signal);
    controller.abort(new HarnessError("process-failed", `${what} interrupted by ${signal}`));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    exitCode: () => exitCode,
    [Symbol.dispose]() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
