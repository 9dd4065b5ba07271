// Shared evidence conventions of the checkers: evidence stays bounded so results stay readable.

/** Offenders listed in a CheckResult's evidence, at most, per kind of offence. */
export const EVIDENCE_LIMIT = 20;
