// PostgreSQL backend processes on this machine, seen from the harness: a node's idle backends (by
// application_name), whether a backend's client has closed its socket (TCP CLOSE_WAIT in
// /proc/net/tcp*), and a check that backend PIDs are local processes this harness can signal.

import fs from "node:fs";
import type pg from "pg";

/** Linux TCP state code for CLOSE_WAIT: the peer closed, the (stopped) backend has not read it. */
const TCP_CLOSE_WAIT = "08";

export interface Backend {
  pid: number;
  /** Port of the backend's client (here: the node's Toxiproxy link to the database). */
  clientPort: number;
}

/** Backends of `applicationName` idle outside any transaction (so they hold no row or table locks). */
export async function idleBackends(db: pg.Client, applicationName: string): Promise<Backend[]> {
  const { rows } = await db.query<{ pid: number; clientPort: number }>({
    text: `select pid, client_port as "clientPort" from pg_stat_activity
           where application_name = $1 and backend_type = 'client backend' and state = 'idle' order by backend_start`,
    values: [applicationName],
  });
  return rows;
}

/** The subset of `pids` whose backend still reports state idle (a stopped backend's row no longer changes). */
export async function stillIdle(db: pg.Client, pids: number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ pid: number }>({ text: `select pid from pg_stat_activity where pid = any($1) and state = 'idle'`, values: [pids] });
  return new Set(rows.map((r) => r.pid));
}

/** Throws unless this harness can signal the server's backends (PostgreSQL runs on this machine). */
export async function requireLocalBackends(db: pg.Client): Promise<{ serverPort: number }> {
  const { rows } = await db.query<{ pid: number; port: string }>(`select pg_backend_pid() as pid, current_setting('port') as port`);
  const { pid, port } = rows[0]!;
  let command = "";
  try {
    command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    // not visible here
  }
  if (!command.includes("postgres")) {
    throw new Error(`pool-squeeze needs PostgreSQL on this machine (the embedded default): backend pid ${pid} is not a local postgres process`);
  }
  return { serverPort: Number(port) };
}

/** Client ports whose server-side socket on `serverPort` is in CLOSE_WAIT (the client hung up). */
export function closedClientPorts(serverPort: number): Set<number> {
  const closed = new Set<number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/);
      if (!local || !remote || state !== TCP_CLOSE_WAIT) continue;
      if (parseInt(local.split(":")[1]!, 16) === serverPort) closed.add(parseInt(remote.split(":")[1]!, 16));
    }
  }
  return closed;
}
