// A PostgreSQL client for the harness's own connections (samplers, progress, capture, faults, admin):
// a connection lost while idle (the database died or was cut) must not crash the conductor through an
// unhandled 'error' event; the next query on the client rejects, and that is where it is handled.
import pg from "pg";

export function harnessPgClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  client.on("error", () => {}); // see above: reported by the next query's rejection
  return client;
}
