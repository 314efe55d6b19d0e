#!/usr/bin/env bash
# Installs golangci-lint at the version the action pins (GOLANGCI_LINT_DEFAULT_VERSION in
# src/constants.ts, the one source of truth) into $(go env GOPATH)/bin, building it from the
# Go module proxy. Does nothing when that version is already there or on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n "s/^export const GOLANGCI_LINT_DEFAULT_VERSION = '\(v[0-9][0-9.]*\)'.*/\1/p" "$root/src/constants.ts")"
if [[ -z "$version" ]]; then
  echo "install-golangci-lint: no GOLANGCI_LINT_DEFAULT_VERSION in src/constants.ts" >&2
  exit 1
fi
want="${version#v}"
gopath="$(go env GOPATH)"
bin="${gopath%%:*}/bin"

# The version a golangci-lint binary reports ("golangci-lint has version 2.15.0 built with ..."), or nothing.
reported() {
  "$1" version 2>/dev/null | sed -n 's/.*has version v\{0,1\}\([0-9][0-9.]*\).*/\1/p' | head -n 1
}

for candidate in "$(command -v golangci-lint || true)" "$bin/golangci-lint"; do
  if [[ -n "$candidate" && -x "$candidate" && "$(reported "$candidate")" == "$want" ]]; then
    echo "golangci-lint $want is installed: $candidate"
    if [[ "$candidate" == "$bin/golangci-lint" && ":$PATH:" != *":$bin:"* ]]; then
      echo "note: $bin is not on PATH; add it (the lint tests add it themselves)."
    fi
    exit 0
  fi
done

# Another install may already be building it (go install holds no lock of its own): wait for it.
lock="${TMPDIR:-/tmp}/go-gate-golangci-lint-install.lock"
exec 9>"$lock"
if command -v flock >/dev/null; then flock 9; fi
if [[ "$(reported "$bin/golangci-lint" || true)" == "$want" ]]; then
  echo "golangci-lint $want is installed: $bin/golangci-lint"
  exit 0
fi

echo "Installing golangci-lint $version into $bin (go install from the module proxy)..."
GOBIN="$bin" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
got="$(reported "$bin/golangci-lint" || true)"
if [[ "$got" != "$want" ]]; then
  echo "install-golangci-lint: $bin/golangci-lint reports version '${got}', not $want" >&2
  exit 1
fi
echo "Installed golangci-lint $want: $bin/golangci-lint"
if [[ ":$PATH:" != *":$bin:"* ]]; then echo "note: $bin is not on PATH; add it (the lint tests add it themselves)."; fi
