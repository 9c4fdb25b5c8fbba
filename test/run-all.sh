#!/usr/bin/env bash
# The whole suite from a fresh machine: installs what is missing, then typecheck, unit and
# integration tests (vitest, real emulator under Node), end-to-end tests (Chromium), and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: Chromium (end-to-end tests); docker-registry, debootstrap and zstd
# (the registry fixtures, test/fixtures/), which also fetch i386 packages; dpkg-dev (dpkg-scanpackages
# indexes the fixtures' loopback Debian mirror).
bash test/install-debian-packages.sh chromium docker-registry debootstrap zstd dpkg-dev
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
