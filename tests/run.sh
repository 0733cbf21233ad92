#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ] || ! command -v rsync >/dev/null; then
  echo "== installing Debian chromium (browser tests) and rsync (deploy tests)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium rsync >/dev/null
fi

echo "== installing dossier with its test dependencies"
python3 -m pip install -q -e '.[test]'

if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then
  echo "== installing browser test assets (axe-core)"
  npm install --prefix tests/browser --no-audit --no-fund --silent
fi

echo "== ruff"
python3 -m ruff check .

echo "== pytest"
python3 -m pytest -q "$@"
