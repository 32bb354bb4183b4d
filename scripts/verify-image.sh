#!/usr/bin/env bash
# Builds the container image from this checkout and checks that its filesystem answers as the container would.
#
# No container can run on the project's machines and no base image can be pulled, so this script:
#   1. installs podman and debootstrap when they are missing (apt, as root);
#   2. makes a stand-in for node:20-bookworm-slim: Debian bookworm (debootstrap minbase) plus this machine's
#      Node 20 and npm, and its CA bundle (a TLS-inspecting proxy stands between it and the npm registry);
#      imported with `podman import` and kept between runs;
#   3. builds the Dockerfile with `--isolation chroot` and that base as BASE_IMAGE;
#   4. mounts the image (`podman image mount`, read-only, as readOnlyRootFilesystem would be), runs its
#      ENTRYPOINT there with chroot as the image's USER, in its WORKDIR, with its environment, on loopback:
#      in demo mode, checking GET /health, the image's own HEALTHCHECK command, a chat completion, that the
#      process does not run as root and exits 0 on SIGTERM; then as `docker run -e LLM_PROVIDER_URL=...
#      -e LLM_PROVIDER_KEY=...` would, against the image's own fake provider demanding that key, checking the
#      answer and that the key is not in the output. Prints the image's size; stops what it started by PID
#      and unmounts.
# Usage: bash scripts/verify-image.sh   (root; env: IMAGE, BASE_IMAGE to use an existing base, KEEP_IMAGE=0 to remove the image after)
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-localhost/llm-relay:verify}
BASE_IMAGE=${BASE_IMAGE:-localhost/llm-relay-base:bookworm-node20}
CA_BUNDLE=${CA_BUNDLE:-${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}}
started=$(date +%s)
step_started=$started
step() {
  local now
  now=$(date +%s)
  echo "verify-image: $1 ($(( now - step_started )) s)" >&2
  step_started=$now
}
fail() {
  echo "verify-image: FAILED: $1" >&2
  exit 1
}

if [ "$(id -u)" != "0" ]; then fail "run as root (podman image mount and chroot need it)"; fi

# 1. Tools.
if ! command -v podman >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap >/dev/null
fi
step "podman $(podman --version | awk '{print $3}') ready"

# 2. The base image, made once per machine.
if ! podman image exists "$BASE_IMAGE"; then
  work=$(mktemp -d /var/tmp/llm-relay-base.XXXXXX)
  rootfs="$work/rootfs"
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
  node_bin=$(command -v node)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  mkdir -p "$rootfs/etc/ssl/certs"
  cp "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  # Smaller, as the slim image is: no apt lists, docs or locales.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | podman import --change 'CMD ["node"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$BASE_IMAGE" >/dev/null
  rm -rf "$work"
  step "base image $BASE_IMAGE made (debootstrap bookworm minbase + node $(node --version))"
else
  step "base image $BASE_IMAGE already here"
fi

# 3. The image. Build layers older than a day are dropped first, so repeated runs do not fill the disk.
podman image prune -f --filter until=24h >/dev/null 2>&1 || true
# The CA bundle path is a build ARG: it reaches the build stage's RUN steps, not the image.
build_args=(--build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
for name in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
  if [ -n "${!name:-}" ]; then build_args+=(--build-arg "$name=${!name}"); fi
done
# docker format: the OCI format has no HEALTHCHECK.
podman build --isolation chroot --format docker --pull=never "${build_args[@]}" -t "$IMAGE" -f Dockerfile . >/var/tmp/llm-relay-image-build.log 2>&1 ||
  { tail -n 40 /var/tmp/llm-relay-image-build.log >&2; fail "podman build (log: /var/tmp/llm-relay-image-build.log)"; }
step "image $IMAGE built"

# 4. Run it from its own filesystem.
inspect() { podman image inspect --format "$1" "$IMAGE"; }
user=$(inspect '{{.Config.User}}')
workdir=$(inspect '{{.Config.WorkingDir}}')
mapfile -t entrypoint < <(inspect '{{range .Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
mapfile -t image_env < <(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
mapfile -t healthcheck < <(inspect '{{range .Config.Healthcheck.Test}}{{println .}}{{end}}' | sed '/^$/d')
case "$user" in "" | 0 | 0:* | root | root:*) fail "the image's USER is '$user': it must not be root" ;; esac
printf '%s\n' "${image_env[@]}" | grep -qx 'RELAY_HOST=0.0.0.0' || fail "the image does not set RELAY_HOST=0.0.0.0"
printf '%s\n' "${image_env[@]}" | grep -qx 'NODE_OPTIONS=--max-semi-space-size=32' || fail "the image does not size the young generation (NODE_OPTIONS)"
printf '%s\n' "${image_env[@]}" | grep -qx 'RELAY_PORT=8080' || fail "the image does not set RELAY_PORT=8080"
if printf '%s\n' "${image_env[@]}" | grep -qiE '^(https?_proxy|no_proxy|node_extra_ca_certs|npm_config_|.*_key)='; then fail "the image's environment carries a proxy, CA or key setting"; fi
[ "${healthcheck[0]:-}" = "CMD" ] || fail "the image has no HEALTHCHECK CMD (built without --format docker?)"
inspect '{{json .Config.ExposedPorts}}' | grep -q '8080/tcp' || fail "the image does not EXPOSE 8080"

mnt=$(podman image mount "$IMAGE")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  umount "$mnt/dev" 2>/dev/null || true
  umount "$mnt/proc" 2>/dev/null || true
  podman image unmount "$IMAGE" >/dev/null 2>&1 || true
  if [ "${KEEP_IMAGE:-1}" = "0" ]; then podman rmi "$IMAGE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [ -e "$mnt/src" ] || [ -e "$mnt/root/.local/share/pnpm" ]; then fail "the runtime image carries the build stage's files"; fi
core_dirs=("$mnt"/app/node_modules/.pnpm/@llm-relay+core*/node_modules/@llm-relay/core)
core_dir=${core_dirs[0]}
[ -f "$core_dir/dist/index.js" ] || fail "the image has no built @llm-relay/core"
for dir in "$mnt/app/src" "$mnt/app/test" "$core_dir/src" "$core_dir/test"; do [ ! -e "$dir" ] || fail "the image carries sources or tests: ${dir#"$mnt"}"; done
mount -t proc proc "$mnt/proc"
mount --bind /dev "$mnt/dev"

free_port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
# Starts the image's ENTRYPOINT with ARGS as the container would: its USER, WORKDIR and environment (plus
# NAME=VALUE pairs given before --), with the address narrowed to loopback since this shares the machine's
# network. Sets started_pid; output goes to LOG.
start_in_image() {
  local log=$1 port=$2
  shift 2
  local extra=()
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  # shellcheck disable=SC2016 # $0 and $@ are the inner shell's: the working directory and the command.
  env -i "${image_env[@]}" HOME=/nonexistent RELAY_HOST=127.0.0.1 "RELAY_PORT=$port" "${extra[@]}" \
    chroot --userspec="$user" "$mnt" /bin/sh -c 'cd "$0" && exec "$@"' "$workdir" "${entrypoint[@]}" "$@" >"$log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  local _
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null || curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/models" 2>/dev/null; then return 0; fi
    kill -0 "$started_pid" 2>/dev/null || { cat "$log" >&2; fail "'${entrypoint[*]} $*' exited"; }
    sleep 0.1
  done
  cat "$log" >&2
  fail "'${entrypoint[*]} $*' did not answer on port $port"
}
stop_in_image() {
  local code=0
  kill -TERM "$1"
  wait "$1" || code=$?
  [ "$code" = "0" ] || fail "the relay exited $code on SIGTERM"
}
chat() {
  curl -fsS "http://127.0.0.1:$1/v1/chat/completions" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} \
    -d '{"model":"gpt-4","messages":[{"role":"user","content":"Hello from the image"}]}'
}

# Demo mode: the README's first command.
port=$(free_port)
log=/var/tmp/llm-relay-image-demo.log
start_in_image "$log" "$port" -- --demo
relay_pid=$started_pid
health=$(curl -fsS "http://127.0.0.1:$port/health") || { cat "$log" >&2; fail "GET /health"; }
[ "$health" = '{"status":"ok"}' ] || fail "GET /health answered $health"
env -i "${image_env[@]}" "RELAY_PORT=$port" chroot --userspec="$user" "$mnt" "${healthcheck[@]:1}" || fail "the image's HEALTHCHECK command failed"
answer=$(chat "$port") || fail "chat completion"
echo "$answer" | grep -q '"role":"assistant"' || fail "chat completion answered $answer"
uid=$(awk '/^Uid:/ {print $2}' "/proc/$relay_pid/status")
[ "$uid" != "0" ] || fail "the relay runs as root"
[ "$(readlink "/proc/$relay_pid/root")" = "$mnt" ] || fail "the relay is not running from the image's filesystem"
grep -q "llm-relay listening on http://127.0.0.1:$port" "$log" || fail "no start-up banner: $(head -n 3 "$log")"
stop_in_image "$relay_pid"
step "demo mode from the image's filesystem: /health, its HEALTHCHECK, a chat completion, uid $uid, exit 0 on SIGTERM"

# The Go relay's variables, unchanged: LLM_PROVIDER_URL and LLM_PROVIDER_KEY, with the default CMD. The
# provider is the image's own fake one, demanding the key; the key must not reach the relay's output.
key="verify-image-provider-key-$RANDOM$RANDOM"
provider_port=$(free_port)
start_in_image /var/tmp/llm-relay-image-provider.log "$provider_port" -- fake-provider --port "$provider_port" --api-key "$key"
provider_pid=$started_pid
port=$(free_port)
log=/var/tmp/llm-relay-image-serve.log
start_in_image "$log" "$port" "LLM_PROVIDER_URL=http://127.0.0.1:$provider_port" "LLM_PROVIDER_KEY=$key" LLM_MODEL=fake-model -- serve
relay_pid=$started_pid
answer=$(chat "$port") || { cat "$log" >&2; fail "chat completion through LLM_PROVIDER_URL with LLM_PROVIDER_KEY"; }
echo "$answer" | grep -q '"role":"assistant"' || fail "chat completion answered $answer"
stop_in_image "$relay_pid"
kill -TERM "$provider_pid"
wait "$provider_pid" || true
if grep -qF "$key" "$log"; then fail "the provider key appears in the relay's output"; fi
step "LLM_PROVIDER_URL and LLM_PROVIDER_KEY as the Go relay took them: answered, key absent from the output"

size=$(inspect '{{.Size}}')
base_size=$(podman image inspect --format '{{.Size}}' "$BASE_IMAGE")
app_size=$(du -sb "$mnt/app" | cut -f1)
echo "verify-image: image size $(( size / 1000000 )) MB (base $(( base_size / 1000000 )) MB, /app $(( app_size / 1000000 )) MB)"
echo "verify-image: ok in $(( $(date +%s) - started )) s"
