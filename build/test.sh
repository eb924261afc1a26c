#!/usr/bin/env bash
# The project's test command (README): installs what the tests need, builds with warnings as errors, runs every
# test project, and ends with one line "N passed, N failed, N skipped" computed from the test results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Debian packages the tests use as real parts and oracles.
source build/lib/debian-packages.sh
ensure_debian_packages

configuration=${CONFIGURATION:-Release}
dotnet build OciRegistry.Client.sln -c "$configuration" -nologo -clp:NoSummary

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test OciRegistry.Client.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# Sum the counters of every test project's TRX report.
passed=0 failed=0 total=0 executed=0 reports=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -E "s/.* $1=\"([0-9]+)\".*/\1/"; }
  total=$((total + $(value total)))
  executed=$((executed + $(value executed)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
done
skipped=$((total - executed))

if [ "$reports" -eq 0 ] || [ "$total" -eq 0 ]; then
  echo "No test results were produced." >&2
  status=1
fi
if [ "$failed" -gt 0 ]; then
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
