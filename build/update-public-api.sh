#!/usr/bin/env bash
# Adds every public symbol that PublicApiAnalyzers reports as undeclared (RS0016) to the PublicAPI.Unshipped.txt of
# its project, so a change to the public surface shows up as a reviewable diff in those files.
# Usage: build/update-public-api.sh [project-or-solution]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-OciRegistry.Client.sln}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build "$target" -nologo -clp:NoSummary >"$log" 2>&1 || true
{ grep -E "error RS0016: Symbol '" "$log" || true; } \
  | sed -E "s/^.*error RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.*\.csproj)\]$/\2\t\1/" \
  | sort -u \
  | while IFS=$'\t' read -r project symbol; do
      printf '%s\n' "$symbol" >> "$(dirname "$project")/PublicAPI.Unshipped.txt"
    done
# Symbols declared but no longer public (RS0017) are dropped from the unshipped list.
{ grep -E "error RS0017: Symbol '" "$log" || true; } \
  | sed -E "s/^.*error RS0017: Symbol '(.*)' is part of the declared API.*\[(.*\.csproj)\]$/\2\t\1/" \
  | sort -u \
  | while IFS=$'\t' read -r project symbol; do
      f="$(dirname "$project")/PublicAPI.Unshipped.txt"
      grep -vxF -- "$symbol" "$f" > "$f.tmp" || true
      mv "$f.tmp" "$f"
    done
for f in src/*/PublicAPI.Unshipped.txt; do
  { echo '#nullable enable'; grep -v '^#nullable enable$' "$f" | LC_ALL=C sort -u; } > "$f.tmp" && mv "$f.tmp" "$f"
done
echo "Public API files updated; remaining build errors:"
grep -E " error " "$log" | grep -v RS0016 | sort -u || echo "none"
