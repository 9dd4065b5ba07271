// One listening tentacle's script service: idempotent start by ticket, status, cancel; scripts wait
// on the target's isolation mutex, then "run" for a seeded duration. Journals script:run ops when a
// script actually starts and when it ends. Holds no timer while idle.

import type { HistoryOp, ScriptRunValue, ScriptState, ScriptStatusResponse, StartScriptRequest } from "../contracts/index.ts";
import { IsolationMutex, type Release } from "./isolation-mutex.ts";
import { CANCELED_EXIT_CODE, scriptOutcome, type ScriptBehaviour } from "./script-outcome.ts";

/** What every tentacle of one fleet shares (one object per fleet, not per tentacle). */
export interface TentacleDeps extends ScriptBehaviour {
  seed: number;
  /** Receives every script:run op. */
  journal: (op: HistoryOp<ScriptRunValue>) => void;
  nowMs: () => number;
}

interface Script {
  request: StartScriptRequest;
  state: ScriptState;
  exitCode: number | null;
  timer?: NodeJS.Timeout;
  release?: Release;
  withdraw?: () => boolean;
}

export class Tentacle {
  readonly id: string;
  readonly #deps: TentacleDeps;
  readonly #mutex = new IsolationMutex();
  #scripts: Map<string, Script> | undefined;

  constructor(id: string, deps: TentacleDeps) {
    this.id = id;
    this.#deps = deps;
  }

  /** Starts the script unless its ticket is known; either way returns the ticket's current status. */
  start(request: StartScriptRequest): ScriptStatusResponse {
    const scripts = (this.#scripts ??= new Map());
    const known = scripts.get(request.ticket);
    if (known) return statusOf(known);
    const script: Script = { request, state: "Pending", exitCode: null };
    scripts.set(request.ticket, script);
    script.withdraw = this.#mutex.acquire(request.isolation, (release) => this.#run(script, release));
    return statusOf(script);
  }

  /** Status of a known ticket; undefined when the ticket was never started here. */
  status(ticket: string): ScriptStatusResponse | undefined {
    const script = this.#scripts?.get(ticket);
    return script && statusOf(script);
  }

  /** Completes a pending or running script with exit code 130 (a pending one never ran, so it is not journaled); undefined for an unknown ticket. */
  cancel(ticket: string): ScriptStatusResponse | undefined {
    const script = this.#scripts?.get(ticket);
    if (!script) return undefined;
    if (script.state === "Pending" && script.withdraw?.()) {
      script.state = "Complete";
      script.exitCode = CANCELED_EXIT_CODE;
    } else if (script.state === "Running") {
      this.#finish(script, CANCELED_EXIT_CODE);
    }
    return statusOf(script);
  }

  /** Stops every running script without an outcome (journaled as info): the fleet is going away. */
  halt(reason: string): void {
    for (const script of this.#scripts?.values() ?? []) {
      if (script.state !== "Running") continue;
      clearTimeout(script.timer);
      script.state = "Complete";
      this.#journal("info", script, { error: reason });
    }
  }

  #run(script: Script, release: Release): void {
    script.state = "Running";
    script.release = release;
    this.#journal("invoke", script);
    const { durationMs, exitCode } = scriptOutcome(this.#deps.seed, script.request.ticket, this.#deps);
    script.timer = setTimeout(() => this.#finish(script, exitCode), durationMs);
  }

  #finish(script: Script, exitCode: number): void {
    clearTimeout(script.timer);
    script.timer = undefined;
    script.state = "Complete";
    script.exitCode = exitCode;
    this.#journal(exitCode === 0 ? "ok" : "fail", script, { exitCode });
    script.release?.();
    script.release = undefined;
  }

  #journal(type: HistoryOp["type"], script: Script, extra: Partial<ScriptRunValue> = {}): void {
    const { ticket, taskId, stepName, targetId, node } = script.request;
    this.#deps.journal({
      time: this.#deps.nowMs(),
      actor: this.id,
      type,
      f: "script:run",
      value: { ticket, taskId, stepName, targetId, node, ...extra },
    });
  }
}

function statusOf(script: Script): ScriptStatusResponse {
  return { ticket: script.request.ticket, state: script.state, exitCode: script.exitCode };
}
