// One tentacle's services, whatever its transport: idempotent start by ticket (optionally waiting for
// the script to finish), status, cancel; package upload idempotent by file id, taking the time its
// size needs; crash (running scripts die) and restart. Scripts wait on the target's isolation mutex
// (unless the deployment mutex is bypassed), then "run" for a seeded duration or hang. Journals
// script:run ops when a script starts and ends; remembers the tickets a previous process of its fleet
// journaled (script-memory.ts). Holds no timer while idle.

import type {
  HistoryOp, ScriptRunValue, ScriptState, ScriptStatusResponse, StartScriptRequest, TentacleBehaviour, UploadFileRequest, UploadFileResponse,
} from "../contracts/index.ts";
import { IsolationMutex, type Release } from "./isolation-mutex.ts";
import { CANCELED_EXIT_CODE, CRASHED_EXIT_CODE, scriptOutcome } from "./script-outcome.ts";
import type { RememberedScript } from "./script-memory.ts";

/** What every tentacle of one fleet shares (one object per fleet, not per tentacle). */
export interface TentacleDeps {
  seed: number;
  /** Receives every script:run op (and tentacle:crash / tentacle:restart events). */
  journal: (op: HistoryOp) => void;
  nowMs: () => number;
}

interface Script {
  request: Omit<StartScriptRequest, "isolation" | "waitForCompletionMs">;
  state: ScriptState;
  exitCode: number | null;
  timer?: NodeJS.Timeout;
  release?: Release;
  withdraw?: () => boolean;
  /** Callers waiting for Complete (StartScript with a wait). */
  waiters?: Array<() => void>;
}

const MIB = 1 << 20;

export class Tentacle {
  readonly id: string;
  readonly behaviour: TentacleBehaviour;
  readonly #deps: TentacleDeps;
  #mutex = new IsolationMutex();
  #scripts: Map<string, Script> | undefined;
  #uploads: Map<string, Promise<UploadFileResponse>> | undefined;
  #down = false;

  constructor(id: string, deps: TentacleDeps, behaviour: TentacleBehaviour) {
    this.id = id;
    this.#deps = deps;
    this.behaviour = behaviour;
  }

  /** True between crash() and restart(). */
  get down(): boolean {
    return this.#down;
  }

  /** Starts the script unless its ticket is known; either way returns the ticket's current status. */
  start(request: StartScriptRequest): ScriptStatusResponse {
    const scripts = (this.#scripts ??= new Map());
    const known = scripts.get(request.ticket);
    if (known) return statusOf(known);
    const script: Script = { request, state: "Pending", exitCode: null };
    scripts.set(request.ticket, script);
    const isolation = this.behaviour.bypassDeploymentMutex ? "NoIsolation" : request.isolation;
    script.withdraw = this.#mutex.acquire(isolation, (release) => this.#run(script, release));
    return statusOf(script);
  }

  /** Restores a ticket a previous process of this fleet started (script-memory.ts), Complete with its exit
   * code; one that was running when that process was killed died with it (137, journaled now as info). */
  remember(r: RememberedScript): void {
    const script: Script = { request: r.value, state: "Complete", exitCode: r.exitCode ?? CRASHED_EXIT_CODE };
    (this.#scripts ??= new Map()).set(r.value.ticket, script);
    if (!r.ended) this.#journal("info", script, { error: "the fleet process was killed while the script ran", exitCode: CRASHED_EXIT_CODE });
  }

  /** start(), then holds the answer until the script completes or request.waitForCompletionMs pass. */
  async startAndWait(request: StartScriptRequest): Promise<ScriptStatusResponse> {
    const status = this.start(request);
    const waitMs = request.waitForCompletionMs ?? 0;
    const script = this.#scripts!.get(request.ticket)!;
    if (waitMs <= 0 || status.state === "Complete") return status;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      (script.waiters ??= []).push(done);
    });
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
    if (script.state === "Pending" && script.withdraw?.()) this.#complete(script, CANCELED_EXIT_CODE);
    else if (script.state === "Running") this.#finish(script, CANCELED_EXIT_CODE);
    return statusOf(script);
  }

  /** Receives a package: takes sizeBytes / MiB x uploadMsPerMiB the first time, nothing for a known fileId. */
  upload(request: UploadFileRequest): Promise<UploadFileResponse> {
    const uploads: Map<string, Promise<UploadFileResponse>> = (this.#uploads ??= new Map());
    const known = uploads.get(request.fileId);
    if (known) return known.then((r) => ({ ...r, receiveMs: 0 }));
    const receiveMs = Math.round((request.sizeBytes / MIB) * (this.behaviour.uploadMsPerMiB ?? 0));
    const received = new Promise<UploadFileResponse>((resolve) => {
      setTimeout(() => resolve({ fileId: request.fileId, sizeBytes: request.sizeBytes, receiveMs }), receiveMs);
    });
    uploads.set(request.fileId, received);
    return received;
  }

  /** The tentacle process dies: running scripts end with exit code 137 (journaled as info), waiting ones never ran. */
  crash(reason: string): void {
    if (this.#down) return;
    this.#down = true;
    for (const script of this.#scripts?.values() ?? []) {
      if (script.state === "Running") {
        clearTimeout(script.timer);
        this.#journal("info", script, { error: reason, exitCode: CRASHED_EXIT_CODE });
      }
      if (script.state !== "Complete") this.#complete(script, CRASHED_EXIT_CODE);
    }
    this.#mutex = new IsolationMutex();
    this.#uploads?.clear();
    this.#event("tentacle:crash", { reason });
  }

  restart(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#event("tentacle:restart", {});
  }

  /** Stops every running script without an outcome (journaled as info): the fleet is going away. */
  halt(reason: string): void {
    for (const script of this.#scripts?.values() ?? []) {
      if (script.state !== "Running") continue;
      clearTimeout(script.timer);
      script.state = "Complete";
      this.#journal("info", script, { error: reason });
      this.#wake(script);
    }
  }

  #run(script: Script, release: Release): void {
    script.state = "Running";
    script.release = release;
    this.#journal("invoke", script);
    const { durationMs, exitCode, hangs } = scriptOutcome(this.#deps.seed, script.request.ticket, this.behaviour);
    if (!hangs) script.timer = setTimeout(() => this.#finish(script, exitCode), durationMs);
  }

  #finish(script: Script, exitCode: number): void {
    clearTimeout(script.timer);
    script.timer = undefined;
    this.#journal(exitCode === 0 ? "ok" : "fail", script, { exitCode });
    this.#complete(script, exitCode);
    script.release?.();
    script.release = undefined;
  }

  #complete(script: Script, exitCode: number): void {
    script.state = "Complete";
    script.exitCode = exitCode;
    this.#wake(script);
  }

  #wake(script: Script): void {
    for (const wake of script.waiters?.splice(0) ?? []) wake();
  }

  #journal(type: HistoryOp["type"], script: Script, extra: Partial<ScriptRunValue> = {}): void {
    const { ticket, taskId, stepName, targetId, node } = script.request;
    const value: ScriptRunValue = { ticket, taskId, stepName, targetId, node, ...extra };
    this.#deps.journal({ time: this.#deps.nowMs(), actor: this.id, type, f: "script:run", value });
  }

  #event(f: string, value: Record<string, unknown>): void {
    this.#deps.journal({ time: this.#deps.nowMs(), actor: this.id, type: "info", f, value: { targetId: this.id, ...value } });
  }
}

function statusOf(script: Script): ScriptStatusResponse {
  return { ticket: script.request.ticket, state: script.state, exitCode: script.exitCode };
}
