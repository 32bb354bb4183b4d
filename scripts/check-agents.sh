#!/usr/bin/env bash
# Runs the real Claude Code and Codex CLIs against `llm-relay --demo --demo-tool-format <format>` for each
# format given (default: all), and reports whether each agent ran its shell tool and got the result back.
# UPSTREAM_API=responses runs them once against `--demo --upstream-api responses` instead (the fake provider
# speaks only the Responses API; tool calls come structured, so there are no formats to repair).
# Not part of CI: it installs both agents from npm (~250 MB) into a scratch folder. Everything stays on
# loopback; the agents talk only to the relay, which talks only to its built-in fake provider.
set -euo pipefail
cd "$(dirname "$0")/.."

CLAUDE_CODE_VERSION=${CLAUDE_CODE_VERSION:-2.1.332}
CODEX_VERSION=${CODEX_VERSION:-0.171.0}
PORT=${PORT:-18080}
FORMATS=("$@")
UPSTREAM_API=${UPSTREAM_API:-chat}
if [ "$UPSTREAM_API" != chat ]; then
  FORMATS=(structured)
elif [ ${#FORMATS[@]} -eq 0 ]; then
  FORMATS=(hermes qwen3-coder seed-oss minimax-m2 minimax-m1 glm kimi-k2 deepseek-v3 deepseek-v3.1 deepseek-dsml mistral llama3 broken-json)
fi

work=$(mktemp -d /tmp/llm-relay-agents.XXXXXX)
agents="$work/agents"
mkdir -p "$agents" "$work/project" "$work/claude-home" "$work/codex-home/.codex"
(cd "$agents" && npm init -y >/dev/null && npm install --silent "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" "@openai/codex@$CODEX_VERSION" >/dev/null)
cat >"$work/codex-home/.codex/config.toml" <<EOF
model = "gpt-5-codex"
model_provider = "relay"

[model_providers.relay]
name = "llm-relay"
base_url = "http://127.0.0.1:$PORT/v1"
env_key = "RELAY_API_KEY"
wire_api = "responses"
EOF

relay_pid=
stop_relay() { if [ -n "$relay_pid" ]; then kill "$relay_pid" 2>/dev/null || true; wait "$relay_pid" 2>/dev/null || true; relay_pid=; fi; }
trap stop_relay EXIT

failed=0
for format in "${FORMATS[@]}"; do
  if [ "$UPSTREAM_API" = chat ]; then demo_flags=(--demo-tool-format "$format"); else demo_flags=(--upstream-api "$UPSTREAM_API"); fi
  node packages/cli/bin/llm-relay.js --demo "${demo_flags[@]}" --port "$PORT" >"$work/relay-$format.log" 2>/dev/null &
  relay_pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
  (cd "$work/project" && HOME="$work/claude-home" ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT" ANTHROPIC_API_KEY=dummy \
    timeout 120 "$agents/node_modules/.bin/claude" -p "List the files here" --allowedTools Bash --output-format stream-json --verbose >"$work/claude-$format.jsonl" 2>&1) || true
  (cd "$work/project" && HOME="$work/codex-home" RELAY_API_KEY=dummy \
    timeout 120 "$agents/node_modules/.bin/codex" exec --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox "List the files here" >"$work/codex-$format.out" 2>&1) || true
  stop_relay
  claude_ok=$(grep -c '"content":"fake-tool-ok","is_error":false' "$work/claude-$format.jsonl" || true)
  codex_ok=$(grep -c 'succeeded in' "$work/codex-$format.out" || true)
  repaired=$(grep -c '"repaired"' "$work/relay-$format.log" || true)
  # A Responses upstream's encrypted reasoning reaches Claude Code as redacted_thinking (and the fake refuses it altered).
  redacted=$(grep -c '"type":"redacted_thinking"' "$work/claude-$format.jsonl" || true)
  echo "$format: claude-code ran its tool: $([ "$claude_ok" -ge 1 ] && echo yes || echo NO); codex ran its tool: $([ "$codex_ok" -ge 1 ] && echo yes || echo NO); requests with repairs: $repaired; claude-code lines with redacted_thinking: $redacted"
  if [ "$claude_ok" -lt 1 ] || [ "$codex_ok" -lt 1 ]; then failed=1; fi
done
echo "transcripts and relay logs: $work"
exit $failed
