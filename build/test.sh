#!/usr/bin/env bash
# The project's test command (README): installs what the tests need, builds with warnings as errors, publishes the
# Native AOT ocireg (zero warnings) for the CLI integration tests (OCIREG_PATH), runs every test project, packs the
# packages and runs the consumer project (with the samples) against them, and ends with one line
# "N passed, N failed, N skipped" computed from the test results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Debian packages the tests use as real parts and oracles.
source build/lib/debian-packages.sh
ensure_debian_packages

configuration=${CONFIGURATION:-Release}
dotnet build OciRegistry.Client.sln -c "$configuration" -nologo -clp:NoSummary

# The CLI integration tests run the real Native AOT binary: publish it once, with zero trim/AOT warnings.
ocireg_dir="$root/artifacts/ocireg"
publish_log="$root/artifacts/ocireg-publish.log"
rm -rf "$ocireg_dir"
mkdir -p "$ocireg_dir"
echo "Publishing ocireg (Native AOT, linux-x64) to $ocireg_dir"
if ! dotnet publish src/OciRegistry.Client.Cli -c Release -r linux-x64 -o "$ocireg_dir" -nologo -clp:NoSummary \
    > "$publish_log" 2>&1; then
  cat "$publish_log" >&2
  echo "The Native AOT publish of ocireg failed." >&2
  exit 1
fi
if grep -E '\bwarning [A-Z]+[0-9]+' "$publish_log" >&2; then
  echo "The Native AOT publish of ocireg produced the warnings above; it must produce none." >&2
  exit 1
fi
export OCIREG_PATH="$ocireg_dir/ocireg"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test OciRegistry.Client.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# The packages as a feed's user gets them: packed into artifacts/packages under a version of this run (so no
# cached copy of an earlier pack is used), then a consumer project outside the solution restores them from there
# (its own nuget.config adds that folder to the machine's feeds), builds against them with the samples in docs/samples
# (which reference the same packages), and runs.
packages="$root/artifacts/packages"
pack_log="$root/artifacts/pack.log"
rm -rf "$packages"
package_version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
if ! dotnet pack OciRegistry.Client.sln -c "$configuration" --no-build -nologo -o "$packages" \
    -p:PackageVersion="$package_version" > "$pack_log" 2>&1; then
  cat "$pack_log" >&2
  echo "Packing the packages failed." >&2
  exit 1
fi
OCIREG_PACKAGES="$packages" OCIREG_PACKAGE_VERSION="$package_version" \
  dotnet test tests/OciRegistry.Client.Consumer.Tests -c "$configuration" -nologo \
  -p:OciRegistryClientVersion="$package_version" \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# Sum the counters of every test project's TRX report, the consumer's included.
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
