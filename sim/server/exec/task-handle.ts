// One running task as its owning node's executor sees it: the last known copy of its row, a log
// buffer, an AbortSignal that fires on shutdown, cancel, fencing or a lost write, and the writes the
// executor makes (progress stamps, the final transition), each fenced: a node writes only a task it
// still owns and that is still running. Database errors do not lose the task: its writes (and its
// executor's reads) are retried under the node's dbRetry policy, a write whose outcome is unknown makes
// the next attempt start from a fresh read, and unwritten log lines are kept. Bug switches replace the
// fenced writes with blind ones; a blind save that overwrote writes it never saw is recorded in the
// node's history.
import type { InterruptionFlagWriteValue, ServerBugs } from "../../contracts/index.ts";
import { retryDb, type DbRetryPolicy } from "../db-retry.ts";
import type { HistoryFile } from "../history-file.ts";
import type { Log } from "../log.ts";
import { insertTaskLogLines, type LogCategory, type TaskLogLine } from "../sql/insertTaskLogLines.ts";
import { saveTaskSnapshot } from "../sql/saveTaskSnapshot.ts";
import { selectTaskVersion } from "../sql/selectTaskVersion.ts";
import { updateTaskProgress } from "../sql/updateTaskProgress.ts";
import type { Strategy } from "../strategies/index.ts";
import type { ServerTaskRecord, TaskVersion } from "../task-record.ts";
import { STALE, type TransitionDeps } from "../transitions.ts";
import type pg from "pg";
import { finishTask, type FinishOutcome, type FinishResult } from "./finish-task.ts";

/** Why an execution was stopped early. */
export type AbortReason = "shutdown" | "canceled" | "fenced" | "conflict";

export interface TaskHandleDeps extends TransitionDeps {
  pool: pg.Pool;
  strategy: Strategy;
  bugs: ServerBugs;
  log: Log;
  /** Where stale saves are recorded (`task:interruption-flag`, writer progress). */
  history: HistoryFile;
  /** How the task's writes and its executor's reads ride out database errors. */
  dbRetry: DbRetryPolicy;
}

export class TaskHandle {
  readonly task: ServerTaskRecord;
  readonly #deps: TaskHandleDeps;
  readonly #abort = new AbortController();
  /** Fires on shutdown, cancel, fencing or a lost write (read once: AbortController's getter is a runtime call). */
  readonly signal: AbortSignal = this.#abort.signal;
  #abortReason: AbortReason | null = null;
  /** Last copy of the row this node read or wrote; null when it may be stale (after a lost write). */
  #known: TaskVersion | null;
  /** The state the executor believes the task is in (what the noFencingOnResume bug writes from). */
  #believedState: TaskVersion["state"];
  /** staleSnapshotWrites: the copy read at the previous progress write, saved blindly at the next. */
  #snapshot: TaskVersion;
  #paused = false;
  #lines: TaskLogLine[] = [];
  #progressInFlight: Promise<void> | null = null;
  #detach: () => void = () => {};
  /** The node's shutdown: the final write stops retrying. */
  readonly #shutdown: AbortSignal;
  /** Fires when the final write begins (a progress write stops retrying and leaves the way to it). */
  readonly #finishing = new AbortController();
  readonly #progressStop: AbortSignal;
  /** A final write threw: it may have landed, so a later attempt that finds its own result counts it written. */
  #finishMayHaveLanded = false;

  constructor(deps: TaskHandleDeps, task: ServerTaskRecord, shutdown: AbortSignal) {
    this.#deps = deps;
    this.task = task;
    this.#shutdown = shutdown;
    this.#progressStop = AbortSignal.any([this.signal, this.#finishing.signal]);
    this.#known = { id: task.id, state: task.state, version: task.version, serverNode: task.serverNode, hasPendingInterruptions: task.hasPendingInterruptions };
    this.#snapshot = this.#known;
    this.#believedState = task.state;
    if (shutdown.aborted) this.abort("shutdown");
    else {
      const onShutdown = () => this.abort("shutdown");
      shutdown.addEventListener("abort", onShutdown, { once: true });
      this.#detach = () => shutdown.removeEventListener("abort", onShutdown);
    }
  }

  /** Stops listening for the node's shutdown (the execution is over). */
  dispose(): void {
    this.#detach();
  }

  get abortReason(): AbortReason | null {
    return this.#abortReason;
  }

  /** A manual intervention is pending: the executor waits before its next step. */
  get paused(): boolean {
    return this.#paused;
  }

  abort(reason: AbortReason): void {
    if (this.#abortReason) return;
    this.#abortReason = reason;
    this.#abort.abort(new Error(`task ${this.task.id} execution stopped: ${reason}`));
  }

  log(message: string, category: LogCategory = "Info"): void {
    this.#lines.push({ time: new Date(), category, message });
  }

  /** Progress write: stamps LastUpdatedTime, flushes log lines, and reacts to what the row says now. */
  progress(): Promise<void> {
    this.#progressInFlight ??= this.#progress().finally(() => (this.#progressInFlight = null));
    return this.#progressInFlight;
  }

  /**
   * Writes the final state for `outcome` (fenced); says what was written, or why nothing was. With
   * `retry` a database error is retried under the node's policy until the node shuts down; a throw
   * means the database kept failing (the outcome may have landed: a later finish() recognises it).
   */
  async finish(outcome: FinishOutcome, retry = true): Promise<FinishResult> {
    this.#finishing.abort();
    await this.#progressInFlight;
    const attempt = async () => {
      const lines = this.#lines.splice(0);
      const blindFrom = this.#deps.bugs.noFencingOnResume ? { ...(this.#known ?? this.#snapshot), state: this.#believedState } : null;
      try {
        const result = await finishTask(this.#deps, this.task.id, outcome, lines, this.#known ?? undefined, blindFrom, this.#finishMayHaveLanded);
        if ("unwritten" in result && result.unwritten === "conflict") this.#unwritten(lines); // stale: a next attempt starts from a fresh read
        return result;
      } catch (error) {
        this.#finishMayHaveLanded = true;
        this.#unwritten(lines);
        throw error;
      }
    };
    return retry ? this.retrying("final write", attempt, this.#shutdown) : attempt();
  }

  /** Runs a database operation of this execution under the node's retry policy, until `stop` (default: the execution is stopped). */
  retrying<T>(what: string, fn: () => Promise<T>, stop: AbortSignal = this.signal): Promise<T> {
    return retryDb(this.#deps.dbRetry, fn, {
      stop,
      onError: (error, attempt, willRetry) => {
        if (attempt === 1 || !willRetry) this.#deps.log("warn", willRetry ? "task:db:retrying" : "task:db:gave-up", { taskId: this.task.id, what, attempt, error });
      },
    });
  }

  async #progress(): Promise<void> {
    const deps = this.#deps;
    const lines = this.#lines.splice(0);
    try {
      if (deps.bugs.staleSnapshotWrites) return await this.#saveStaleSnapshot(lines);
      const outcome = await this.retrying("progress", () => this.#writeProgress(lines), this.#progressStop);
      if (!outcome.ok) return this.#lost(outcome.reason, lines);
      if (outcome.value.kind === "fenced") return this.#fence(outcome.value.row);
      this.#observe(outcome.value.row);
    } catch (error) {
      this.#lines.unshift(...lines);
      deps.log("warn", "task:progress:error", { taskId: this.task.id, error });
    }
  }

  /** One progress write: stamps the row (compare-and-swap on its version) unless it is no longer this node's running task. */
  async #writeProgress(lines: TaskLogLine[]) {
    const deps = this.#deps;
    const unfenced = deps.bugs.noFencingOnResume === true;
    try {
      return await deps.strategy.updateTask(this.task.id, "progress", async (db, current) => {
        if (!unfenced && !this.#owns(current)) return { kind: "fenced", row: current } as const;
        const row = await updateTaskProgress(db, current.id, unfenced ? null : current.version, { node: deps.nodeName, lines });
        return row ? ({ kind: "written", row } as const) : STALE;
      }, this.#known ?? undefined);
    } catch (error) {
      this.#known = null; // the write may have landed: the next attempt reads the row afresh
      throw error;
    }
  }

  /** A final write that did not land: its lines go back, and the next attempt reads the row afresh. */
  #unwritten(lines: TaskLogLine[]): void {
    this.#known = null;
    this.#lines.unshift(...lines);
  }

  /** THE staleSnapshotWrites BUG: save the copy read last time, then read the copy to save next time. */
  async #saveStaleSnapshot(lines: TaskLogLine[]): Promise<void> {
    const { pool, nodeName, history } = this.#deps;
    const seen = this.#snapshot;
    const saved = await saveTaskSnapshot(pool, seen);
    if (saved && saved.version - 1 > seen.version) {
      history.append<InterruptionFlagWriteValue>("info", "task:interruption-flag", {
        taskId: saved.id, pending: saved.hasPendingInterruptions, version: saved.version, seenVersion: seen.version, writer: "progress",
      });
    }
    await insertTaskLogLines(pool, this.task.id, nodeName, lines);
    const fresh = await selectTaskVersion(pool, this.task.id);
    if (!fresh) return this.abort("fenced");
    this.#snapshot = fresh;
    this.#known = null;
    if (!this.#owns(fresh) && !this.#deps.bugs.noFencingOnResume) return this.#fence(fresh);
    this.#observe(fresh);
  }

  #owns(current: TaskVersion): boolean {
    return current.serverNode === this.#deps.nodeName && (current.state === "Executing" || current.state === "Cancelling");
  }

  #observe(row: TaskVersion): void {
    this.#known = row;
    this.#paused = row.hasPendingInterruptions;
    if (row.state === "Cancelling" && this.#believedState !== "Cancelling") {
      this.#believedState = "Cancelling";
      this.abort("canceled");
    }
  }

  #fence(row: TaskVersion): void {
    this.#deps.log("warn", "task:fenced", { taskId: this.task.id, state: row.state, owner: row.serverNode });
    this.#known = row;
    this.abort("fenced");
  }

  #lost(reason: "missing" | "conflict", lines: TaskLogLine[]): void {
    this.#known = null;
    this.#lines.unshift(...lines);
    this.abort(reason === "missing" ? "fenced" : "conflict");
  }
}
