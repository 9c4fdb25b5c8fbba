#!/usr/bin/env bash
# The whole suite from a fresh machine: installs what is missing, then typecheck, unit and
# integration tests (vitest, real emulator under Node), end-to-end tests (Chromium), and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's Chromium for the end-to-end tests…"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

npm run --silent typecheck
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/unit.json" || status=1
npx vitest run --config test/e2e/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$reports/e2e.json" || status=1
node test/summarize-reports.mjs "$reports"/*.json
exit $status
