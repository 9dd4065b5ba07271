# syntax=docker/dockerfile:1
# One image for every role of a run: the conductor (`taskstorm run`), a pod's agent (`taskstorm agent`),
# a k6-operator runner (k6 on PATH) and toxiproxy-server; docker-compose.yml runs it too. Multi-stage:
# Go exists only in the build stage, which builds the pinned k6 and toxiproxy-server through the same
# bootstrap a laptop uses (taskstorm tools, pins in tools/go/*/go.mod); the final image is Node 24 (LTS),
# production dependencies only, running as the non-root user 10001. The `postgres` system user is there
# for embedded PostgreSQL when the image is run as root (PostgreSQL refuses to run as root).

FROM node:24-bookworm AS tools
COPY --from=golang:1.26-bookworm /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:$PATH TASKSTORM_CACHE_DIR=/opt/taskstorm-cache
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin bin
COPY sim sim
COPY tools/go/k6 tools/go/k6
COPY tools/go/toxiproxy tools/go/toxiproxy
RUN node bin/taskstorm.js tools k6 toxiproxy-server \
 && mkdir /out && cp /opt/taskstorm-cache/tools/k6-*/k6 /opt/taskstorm-cache/tools/toxiproxy-*/toxiproxy-server /out/

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
RUN groupadd --system --gid 10001 taskstorm \
 && useradd --system --uid 10001 --gid taskstorm --create-home --home-dir /home/taskstorm --shell /usr/sbin/nologin taskstorm \
 && useradd --system --no-create-home --shell /usr/sbin/nologin postgres
COPY --from=tools /out/k6 /out/toxiproxy-server /usr/local/bin/
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin bin
COPY sim sim
COPY scenarios scenarios
COPY fixtures fixtures
RUN mkdir -p /app/reports && chown taskstorm:taskstorm /app/reports
USER 10001:10001
ENTRYPOINT ["node", "bin/taskstorm.js"]
CMD ["run", "smoke", "--postgres", "postgres://taskstorm:taskstorm@postgres:5432/taskstorm"]
