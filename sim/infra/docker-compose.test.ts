// docker-compose.yml cannot be run here (no engine), so it is kept correct by checking what it says
// against the code: services, the CLI options it passes, the database it points at, the image pins.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parsePostgresSource } from "./postgres-source.ts";
import { POSTGRES_IMAGE } from "./postgres-container.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const compose = parse(fs.readFileSync(`${root}docker-compose.yml`, "utf8"));
const dockerfile = fs.readFileSync(`${root}Dockerfile`, "utf8");

describe("docker-compose.yml", () => {
  it("runs taskstorm against the postgres service with the credentials that service is given", () => {
    const { postgres, taskstorm } = compose.services;
    const [command, scenario, flag, url] = taskstorm.command as string[];
    expect([command, scenario, flag]).toEqual(["run", "smoke", "--postgres"]);
    const source = parsePostgresSource(url);
    expect(source.kind).toBe("url");
    const parsed = new URL(url!);
    expect(parsed.hostname).toBe("postgres");
    expect(parsed.username).toBe(postgres.environment.POSTGRES_USER);
    expect(parsed.password).toBe(postgres.environment.POSTGRES_PASSWORD);
    expect(taskstorm.depends_on.postgres.condition).toBe("service_healthy");
  });

  it("pins the same PostgreSQL image as the container path, on tmpfs", () => {
    expect(compose.services.postgres.image).toBe(POSTGRES_IMAGE);
    expect(compose.services.postgres.tmpfs).toContain("/var/lib/postgresql");
  });

  it("builds an image whose entrypoint is the CLI and whose tools come from the same bootstrap", () => {
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "bin\/taskstorm\.js"\]/);
    expect(dockerfile).toMatch(/RUN node bin\/taskstorm\.js tools k6 toxiproxy-server/);
    expect(compose.services.taskstorm.user).toMatch(/^\$\{TASKSTORM_UID:-\d+\}:\$\{TASKSTORM_GID:-\d+\}$/); // the image's user is not root: ./reports is written as yours
    expect(fs.existsSync(`${root}bin/taskstorm.js`)).toBe(true);
  });
});
