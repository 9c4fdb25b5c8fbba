#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are missing, and the i386 architecture the
# fixture images take packages from. Used by the test suite and the benchmark.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing+=("$package")
done
has_i386=true
dpkg --print-foreign-architectures | grep -qx i386 || has_i386=false
if [ ${#missing[@]} -gt 0 ] || ! $has_i386; then
  echo "Installing Debian packages${missing[*]:+: ${missing[*]}}…"
  $has_i386 || dpkg --add-architecture i386
  apt-get update -q
  if [ ${#missing[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; fi
fi
