# One image build for the monorepo; the `web`, `gateway` and `migrate` services of docker-compose.yml pick a target.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY . .
# npm install, not npm ci: see .ci/run (the lock file holds only this platform's optional binaries).
RUN npm install --no-audit --no-fund && npx turbo run build --output-logs=errors-only

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
USER node

FROM runtime AS migrate
CMD ["node", "node_modules/tsx/dist/cli.mjs", "scripts/prepare-database.ts"]

FROM runtime AS gateway
EXPOSE 8080
CMD ["node", "apps/gateway/dist/main.js"]

FROM runtime AS web
WORKDIR /app/apps/web
EXPOSE 3000
CMD ["node", "/app/node_modules/next/dist/bin/next", "start", "-p", "3000"]
