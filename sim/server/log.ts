// Structured logging for one node: one JSON line per event on stderr, tagged with the node name.
// Events use colon names ("task:claim", "rpc:fail", "http:error").

export type LogLevel = "debug" | "info" | "warn" | "error";

export type Log = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function makeLog(nodeName: string, minLevel: LogLevel = "info"): Log {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return (level, event, fields) => {
    if (order[level] < order[minLevel]) return;
    const line = { time: new Date().toISOString(), level, node: nodeName, event, ...fields };
    process.stderr.write(`${JSON.stringify(line, errorReplacer)}\n`);
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
