# The llm-relay command as a container: `docker run -p 8080:8080 -e LLM_PROVIDER_URL=... -e LLM_PROVIDER_KEY=... llm-relay`.
# BASE_IMAGE must be Debian-based with Node 20 (node and npm on PATH); scripts/verify-image.sh passes one
# it made with debootstrap, because machines without a registry cannot pull node:20-bookworm-slim.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG PNPM_VERSION=10.34.9
# Only for networks behind a TLS-inspecting proxy: a CA bundle path inside the base image. An ARG, so it
# reaches this stage's RUN steps and never the runtime image's environment.
ARG NODE_EXTRA_CA_CERTS
ENV CI=true
WORKDIR /src
RUN npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}"
# The lockfile alone decides what is downloaded, so this layer stays cached until it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY package.json tsconfig.base.json tsconfig.json ./
COPY packages/core/package.json packages/core/
COPY packages/cli/package.json packages/cli/
COPY examples/package.json examples/
RUN pnpm install --frozen-lockfile --offline
COPY packages/core packages/core
COPY packages/cli packages/cli
# The CLI's production files only (pnpm 10 deploys a workspace package this way unless inject-workspace-packages
# is set). Source maps are a third of them (29 MB) and nothing reads them at run time.
RUN pnpm build \
 && pnpm --filter llm-relay deploy --prod --legacy /out \
 && find /out -name '*.map' -delete

FROM ${BASE_IMAGE}
# A fixed numeric user: Kubernetes' runAsNonRoot can only check a numeric USER.
RUN groupadd --gid 10001 relay \
 && useradd --uid 10001 --gid relay --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin relay
# Owned by root and not writable by the relay: the relay writes nothing to disk, so the root filesystem may be read-only.
COPY --from=build /out /app
RUN ln -s /app/bin/llm-relay.js /usr/local/bin/llm-relay
WORKDIR /app
# A larger young generation keeps thousands of open streams' short-lived objects out of the old one (see
# packages/cli/src/workers/young-generation.ts); --workers adds the same to its workers.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=32 \
    RELAY_HOST=0.0.0.0 \
    RELAY_PORT=8080
USER 10001:10001
EXPOSE 8080
# Node itself: slim images have no curl. Uses RELAY_PORT, so a changed port is still checked.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.RELAY_PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The README's command. The relay drains on SIGTERM (--shutdown-grace-ms, default 10 s); give `docker stop -t` more.
ENTRYPOINT ["llm-relay"]
CMD ["serve"]
