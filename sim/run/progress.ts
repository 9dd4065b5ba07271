// The live progress of a run, on stderr: on a terminal one line redrawn in place (column k of n,
// repeat i of N, ETA, phase, elapsed, tasks done, active faults); otherwise plain log lines, one per
// phase and one every few seconds.
import { positionText, type Eta, type RunPosition } from "./eta.ts";

export interface ProgressState {
  tasksDone?: number;
  tasksTotal?: number;
  activeFaults?: number;
}

export interface Progress {
  /** Starts a new phase, e.g. "optimistic: load + faults". */
  phase(name: string): void;
  update(state: ProgressState): void;
  /** A line that must stay visible (above the live line on a terminal). */
  log(line: string): void;
  /** Where the run is (column, repeat) for the ETA; optional so other progress sinks need not track it. */
  position?(next: Partial<RunPosition>): void;
  /** The ETA to show once positions come (set by whoever knows the scenario's length). */
  useEta?(eta: Eta): void;
  close(): void;
}

export function makeProgress(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 5_000): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let phase = "";
  let phaseStarted = Date.now();
  let state: ProgressState = {};
  let lastPlain = 0;
  let eta: Eta | undefined;
  const line = () => {
    const elapsedS = ((Date.now() - phaseStarted) / 1000).toFixed(0);
    const parts = [...(eta ? [positionText(eta.position(), eta.remainingMs())] : []), `${phase}`, `${elapsedS}s`];
    if (state.tasksDone !== undefined) parts.push(`tasks done ${state.tasksDone}${state.tasksTotal !== undefined ? `/${state.tasksTotal}` : ""}`);
    if (state.activeFaults !== undefined) parts.push(`faults active ${state.activeFaults}`);
    return parts.join(" | ");
  };
  const redraw = () => tty && stream.write(`\r\x1b[2K${line()}`);
  const timer = tty ? setInterval(redraw, 500) : undefined;
  timer?.unref();
  return {
    phase(name) {
      phase = name;
      phaseStarted = Date.now();
      state = {};
      if (tty) redraw();
      else stream.write(`[taskstorm] ${eta ? `${positionText(eta.position(), eta.remainingMs())} | ` : ""}${name}\n`);
    },
    position(next) {
      eta?.start(next);
    },
    useEta(next) {
      eta = next;
    },
    update(next) {
      state = { ...state, ...next };
      if (!tty && Date.now() - lastPlain >= plainEveryMs) {
        lastPlain = Date.now();
        stream.write(`[taskstorm] ${line()}\n`);
      }
    },
    log(text) {
      stream.write(tty ? `\r\x1b[2K${text}\n` : `[taskstorm] ${text}\n`);
      redraw();
    },
    close() {
      if (timer) clearInterval(timer);
      if (tty) stream.write("\r\x1b[2K");
    },
  };
}
