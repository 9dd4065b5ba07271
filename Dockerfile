# taskstorm on containers (see docker-compose.yml): Node 24 (current LTS), Go copied in only to build the pinned
# k6 and toxiproxy-server through the same bootstrap a laptop uses (npm run tools).
FROM node:24-bookworm
COPY --from=golang:1.26-bookworm /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:$PATH
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run --silent tools
ENTRYPOINT ["node", "bin/taskstorm.js"]
CMD ["run", "smoke", "--postgres", "postgres://taskstorm:taskstorm@postgres:5432/taskstorm"]
