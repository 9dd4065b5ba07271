// PostgreSQL in a container (testcontainers), for machines with a Docker engine and no local binaries.
// Same contract as the embedded server: a started server with the run's database, stopped by stop().

import { errors } from "../lib/errors.ts";
import type { RunningPostgres } from "./postgres.ts";

/** The image the container path runs; the same major as the embedded binaries. */
export const POSTGRES_IMAGE = "postgres:18-alpine";

/** True when a container engine answers (testcontainers' own runtime detection). */
export async function containerEngineAvailable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  return await getContainerRuntimeClient().then(() => true, () => false);
}

export async function startContainerPostgres(): Promise<RunningPostgres> {
  if (!(await containerEngineAvailable())) {
    throw errors.infraFailed("PostgreSQL in a container", "no container engine answers (testcontainers found no working runtime); use the embedded default or --postgres URL");
  }
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase("taskstorm")
    .withTmpFs({ "/var/lib/postgresql": "rw" })
    .withCommand(["postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=400"])
    .start();
  const url = container.getConnectionUri();
  const admin = new URL(url);
  admin.pathname = "/postgres";
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= container.stop().then(() => {}));
  return { source: "container", url, adminUrl: admin.toString(), stop, [Symbol.asyncDispose]: stop };
}
