// What `taskstorm <command> --json` prints on stdout: exactly one JSON object per invocation, the
// command's result (progress and logs stay on stderr). Types and their JSON Schemas (json-schema.ts),
// one pair per command: run, compare, report, validate, matrix; and the error any of them prints instead.

import type { JsonSchema } from "./json-schema.ts";
import type { ColumnFailure, RunInterruption } from "./summary.ts";

/** Fields every result has. */
export interface CliResultBase {
  command: "run" | "compare" | "report" | "validate" | "matrix";
  /** The process exit code (0 ok, 1 verdict failed, 2 bad input, 3 harness failed, 130/143 interrupted). */
  exitCode: number;
}

export interface RunResultJson extends CliResultBase {
  command: "run";
  scenario: string;
  runDir: string;
  files: { summary: string; report: string; html: string; junit: string; results: string };
  verdict: { ok: boolean; reasons: string[] };
  /** Columns whose measurement was invalid (the harness saturated); empty when every column is trusted. */
  invalidColumns: string[];
  /** Columns with no figures: infrastructure failed or evidence missing or damaged (summary.json failedColumns); empty when none. */
  failedColumns: ColumnFailure[];
  columns: string[];
  repeats: number;
  /** With --baseline: the regressions found and whether timing was judged. */
  baseline?: { path: string; regressions: string[]; timingJudged: boolean; note: string };
  /** A signal stopped the run (exit 130 / 143): the files report the columns finished before it. */
  interrupted?: RunInterruption;
}

export interface CompareResultJson extends CliResultBase {
  command: "compare";
  baseline: string;
  candidate: string;
  tolerance: number;
  regressions: string[];
  timingJudged: boolean;
  /** Provenance differences that invalidate timing comparisons. */
  provenanceDifferences: string[];
  note: string;
  deltas: { strategy: string; metric: string; baseline: number | null; candidate: number | null; relative: number | null; outcome: string }[];
}

export interface ReportResultJson extends CliResultBase {
  command: "report";
  runDir: string;
  files: { summary: string; report: string; html: string; junit: string; results: string };
  verdict: { ok: boolean; reasons: string[] };
  invalidColumns: string[];
  failedColumns: ColumnFailure[];
}

export interface ValidateResultJson extends CliResultBase {
  command: "validate";
  /** The scenario name or file given. */
  scenario: string;
  ok: boolean;
  /** Each problem: the field's path and what was wrong ("faults.2.atS: got 400, expected <= 240"). */
  problems: { path: string; message: string }[];
}

export interface MatrixResultJson extends CliResultBase {
  command: "matrix";
  /** The matrix folder (reports/matrix/<time>/). */
  dir: string;
  files: { markdown: string; json: string; junit: string };
  /** Cells run; judged = cells of the correct strategies (passed + failed + their errors); observed = naive variants' cells. */
  totals: { cells: number; judged: number; passed: number; failed: number; errors: number; observed: number; observedFailed: number };
  wallMs: number;
}

/** Printed instead of the result when the command failed before producing one (exit 2, 3, 130, 143). */
export interface ErrorResultJson {
  command: string;
  exitCode: number;
  error: { kind: string; message: string };
}

const str: JsonSchema = { type: "string" };
const strings: JsonSchema = { type: "array", items: str };
const verdict: JsonSchema = { type: "object", required: ["ok", "reasons"], properties: { ok: { type: "boolean" }, reasons: strings } };
const files: JsonSchema = { type: "object", required: ["summary", "report", "html", "junit", "results"], properties: { summary: str, report: str, html: str, junit: str, results: str } };
const base = (command: string): Record<string, JsonSchema> => ({ command: { const: command }, exitCode: { type: "integer" } });
const num: JsonSchema = { type: ["number", "null"] };
const failedColumns: JsonSchema = { type: "array", items: { type: "object", required: ["strategy", "kind", "message"], properties: { strategy: str, kind: { enum: ["infrastructure", "evidence"] }, message: str } } };

const count: JsonSchema = { type: "integer" };

export const CLI_RESULT_SCHEMAS: Readonly<Record<CliResultBase["command"] | "error", JsonSchema>> = {
  run: {
    type: "object",
    required: ["command", "exitCode", "scenario", "runDir", "files", "verdict", "invalidColumns", "failedColumns", "columns", "repeats"],
    properties: {
      ...base("run"), scenario: str, runDir: str, files, verdict, invalidColumns: strings, failedColumns, columns: strings, repeats: { type: "integer" },
      baseline: { type: "object", required: ["path", "regressions", "timingJudged", "note"], properties: { path: str, regressions: strings, timingJudged: { type: "boolean" }, note: str } },
      interrupted: { type: "object", required: ["reason", "columnsDone", "columnsPlanned"], properties: { reason: str, columnsDone: count, columnsPlanned: count }, additionalProperties: false },
    },
    additionalProperties: false,
  },
  compare: {
    type: "object",
    required: ["command", "exitCode", "baseline", "candidate", "tolerance", "regressions", "timingJudged", "provenanceDifferences", "note", "deltas"],
    properties: {
      ...base("compare"), baseline: str, candidate: str, tolerance: { type: "number" }, regressions: strings, timingJudged: { type: "boolean" },
      provenanceDifferences: strings, note: str,
      deltas: { type: "array", items: { type: "object", required: ["strategy", "metric", "baseline", "candidate", "relative", "outcome"], properties: { strategy: str, metric: str, baseline: num, candidate: num, relative: num, outcome: str } } },
    },
    additionalProperties: false,
  },
  report: {
    type: "object",
    required: ["command", "exitCode", "runDir", "files", "verdict", "invalidColumns", "failedColumns"],
    properties: { ...base("report"), runDir: str, files, verdict, invalidColumns: strings, failedColumns },
    additionalProperties: false,
  },
  validate: {
    type: "object",
    required: ["command", "exitCode", "scenario", "ok", "problems"],
    properties: {
      ...base("validate"), scenario: str, ok: { type: "boolean" },
      problems: { type: "array", items: { type: "object", required: ["path", "message"], properties: { path: str, message: str } } },
    },
    additionalProperties: false,
  },
  matrix: {
    type: "object",
    required: ["command", "exitCode", "dir", "files", "totals", "wallMs"],
    properties: {
      ...base("matrix"), dir: str, files: { type: "object", required: ["markdown", "json", "junit"], properties: { markdown: str, json: str, junit: str }, additionalProperties: false },
      totals: {
        type: "object", required: ["cells", "judged", "passed", "failed", "errors", "observed", "observedFailed"], additionalProperties: false,
        properties: { cells: count, judged: count, passed: count, failed: count, errors: count, observed: count, observedFailed: count },
      },
      wallMs: { type: "number" },
    },
    additionalProperties: false,
  },
  error: {
    type: "object",
    required: ["command", "exitCode", "error"],
    properties: { command: str, exitCode: { type: "integer" }, error: { type: "object", required: ["kind", "message"], properties: { kind: str, message: str } } },
    additionalProperties: false,
  },
};
