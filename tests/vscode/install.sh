#!/usr/bin/env bash
# Installs what tests/vscode needs (idempotent): Debian's chromium and ripgrep, then code-server
# 4.100.3 and playwright-core from npm. code-server's @vscode/ripgrep would download rg at install
# time; its cache is seeded with Debian's rg instead (this machine can't download release assets).
set -euo pipefail
cd "$(dirname "$0")"
sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium libkrb5-dev ripgrep >/dev/null
fi
if [ ! -x node_modules/.bin/code-server ] || [ ! -d node_modules/playwright-core ]; then
  cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  stage="$(mktemp -d)"
  mkdir -p "$cache" && cp "$(command -v rg)" "$stage/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$stage" rg
  npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --foreground-scripts >/dev/null
fi
