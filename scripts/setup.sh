#!/usr/bin/env bash
# Everything a fresh machine needs before the relay runs or its tests do. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# The Redis rate-limit store is tested against a real redis-server.
if ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) || echo "setup: could not install redis-server; the Redis tests will fail" >&2
  else
    echo "setup: redis-server is missing (apt-get install redis-server); the Redis tests need it" >&2
  fi
fi

# The admin page's browser test drives Debian's chromium through playwright-core (packages/cli/test/admin-ui.test.ts).
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "setup: could not install chromium; the admin page's browser test will fail" >&2
  else
    echo "setup: chromium is missing (apt-get install chromium); the admin page's browser test needs it" >&2
  fi
fi

pnpm install --frozen-lockfile
pnpm build
