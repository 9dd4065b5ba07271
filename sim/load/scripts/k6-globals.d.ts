// Globals the k6 runtime provides that @types/k6 does not declare (the DOM lib would declare far more).

declare global {
  /** k6's console: each call is one log line (to --console-output when set). */
  const console: {
    log(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  };
}

export {};
