#!/usr/bin/env bash
# Runs every native fuzz target in the module for FUZZTIME each: an execution
# count by default (20000x), because a wall-clock -fuzztime can end in a spurious
# "context deadline exceeded" (golang/go#75804, unfixed in go1.26). A duration
# (FUZZTIME=5m) still works for long local runs.
# Usage: scripts/fuzz-all.sh [FUZZTIME]
set -euo pipefail
fuzztime=${1:-${FUZZTIME:-20000x}}
count=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target ($fuzztime)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" >/tmp/apigw-fuzz.log 2>&1 || { cat /tmp/apigw-fuzz.log; exit 1; }
    count=$((count + 1))
  done
done
echo "fuzz: $count targets ran for $fuzztime each"
