// Which PostgreSQL a run uses: `embedded` (default: a child process per pass), `container`
// (testcontainers, needs a Docker engine), or a postgres:// URL of an existing server.

import { errors } from "../lib/errors.ts";
import { parsePostgresUrl, startEmbeddedPostgres, useExistingPostgres, type RunningPostgres } from "./postgres.ts";
import { startContainerPostgres } from "./postgres-container.ts";

export type PostgresSource = { kind: "embedded" } | { kind: "container" } | { kind: "url"; url: string };

/** Parses the --postgres option: "embedded", "container" or a postgres:// URL. */
export function parsePostgresSource(text: string | undefined): PostgresSource {
  if (text === undefined || text === "embedded") return { kind: "embedded" };
  if (text === "container") return { kind: "container" };
  if (!/^postgres(ql)?:\/\//.test(text)) throw errors.invalidArgument("--postgres", text, 'embedded, container, or a postgres:// URL');
  parsePostgresUrl(text);
  return { kind: "url", url: text };
}

export function startPostgres(source: PostgresSource): Promise<RunningPostgres> {
  switch (source.kind) {
    case "embedded":
      return startEmbeddedPostgres();
    case "container":
      return startContainerPostgres();
    case "url":
      return useExistingPostgres(source.url);
  }
}
