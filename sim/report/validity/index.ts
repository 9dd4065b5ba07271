// Public surface of sim/report/validity: the digest of the harness samples, the evaluation and its limits.
export { makeHarnessDigester, type HarnessSamples, type TimedValue } from "./digest.ts";
export { measurementValidity, type ValidityInput } from "./evaluate.ts";
export * as VALIDITY_LIMITS from "./thresholds.ts";
