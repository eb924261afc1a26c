#!/usr/bin/env bash
# End-to-end copy benchmark: our engine (the OciRegistry.Client.CopyBenchmark host, or `ocireg copy` with OCIREG=) against
# `skopeo copy`, on the same two local Distribution registries, runs alternating.
#
#   benchmarks/copy-vs-skopeo.sh [RUNS]        # RUNS per tool and workload, default 5 (at least 5 for the record)
#   WORKLOADS="W1 W3" benchmarks/copy-vs-skopeo.sh  # a subset: W1 W2 W3 W1Z FLOOR (default: all but W1Z)
#   OCIREG=artifacts/ocireg/ocireg benchmarks/copy-vs-skopeo.sh  # "ours" is `ocireg copy` (e.g. the Native AOT
#       binary build/test.sh publishes) instead of the benchmark host
#   BASELINE_HOST=/tmp/old/OciRegistry.Client.CopyBenchmark benchmarks/copy-vs-skopeo.sh  # also time an earlier
#       build of the host ("before"), alternating with ours and skopeo, for a before/after comparison of a change
#   OCIREG=new/ocireg OCIREG_BASELINE=old/ocireg benchmarks/copy-vs-skopeo.sh  # the same for two ocireg binaries
#
# W1: 8 layers x 64 MiB random gzip, registry -> registry.  W2: 1 layer x 1 GiB, registry -> registry.
# W3: W1's image, OCI layout -> registry and registry -> OCI layout.
# W1Z: W1 with `--dest-compress-format zstd` on both tools (every gzip layer decompressed and compressed again with
#      zstd on the way); "ours" is the CLI, so it needs OCIREG=.
# FLOOR: W1's layers streamed GET -> PUT by bare curl, 4 at a time, no verification.
# Every run writes to a cold destination: the destination registry's storage is wiped and a fresh repository name is
# used. Each run is measured with /usr/bin/time -v (wall, user+sys CPU, peak RSS); medians and ratios ours/skopeo are
# printed, and the raw figures kept in artifacts/copy-bench/. Everything stays on 127.0.0.1; nothing is a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-5}
workloads=${WORKLOADS:-"W1 W2 W3 FLOOR"}
if [[ " $workloads " == *" W1Z "* ]] && [ -z "${OCIREG:-}" ]; then
  echo "W1Z compares 'ocireg copy --dest-compress-format zstd' with skopeo's: set OCIREG to an ocireg binary" >&2
  exit 2
fi
MiB=$((1024 * 1024))

# --- tools -----------------------------------------------------------------------------------------------------------
declare -A packages=([docker-registry]=docker-registry [skopeo]=skopeo [curl]=curl [/usr/bin/time]=time)
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/copy-bench.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# --- the host ----------------------------------------------------------------------------------------------------------
echo "Publishing the benchmark host (Release, ReadyToRun)..."
dotnet publish benchmarks/OciRegistry.Client.CopyBenchmark/OciRegistry.Client.CopyBenchmark.csproj \
  -c Release -r linux-x64 --self-contained false -o "$work/host" -nologo -v quiet -clp:NoSummary >/dev/null
host="$work/host/OciRegistry.Client.CopyBenchmark"

# --- registries --------------------------------------------------------------------------------------------------------
source "$root/benchmarks/lib/registries.sh"

start_registry source
src=127.0.0.1:$REGISTRY_PORT
start_registry destination
dst=127.0.0.1:$REGISTRY_PORT
dst_storage="$work/destination/storage"
wipe_destination() { rm -rf "${dst_storage:?}"/*; }
echo "Registries: source $src, destination $dst (Distribution $(docker-registry --version | awk '{print $3}'))"

# --- workloads ---------------------------------------------------------------------------------------------------------
echo "Generating and pushing the workloads..."
"$host" generate --output "$work/layouts/w1" --layers 8 --layer-size $((64 * MiB)) --tag w1 --seed 100 >/dev/null
skopeo copy -q --dest-tls-verify=false "oci:$work/layouts/w1:w1" "docker://$src/bench/w1:latest"
w1_digest=$(skopeo inspect --raw --tls-verify=false "docker://$src/bench/w1:latest" | sha256sum | awk '{print "sha256:"$1}')
if [[ " $workloads " == *" W2 "* ]]; then
  "$host" generate --output "$work/layouts/w2" --layers 1 --layer-size $((1024 * MiB)) --tag w2 --seed 200 >/dev/null
  skopeo copy -q --dest-tls-verify=false "oci:$work/layouts/w2:w2" "docker://$src/bench/w2:latest"
  w2_digest=$(skopeo inspect --raw --tls-verify=false "docker://$src/bench/w2:latest" | sha256sum | awk '{print "sha256:"$1}')
fi

# --- measuring ---------------------------------------------------------------------------------------------------------
results_dir="$root/artifacts/copy-bench"
mkdir -p "$results_dir"
results="$results_dir/$(date -u +%Y%m%dT%H%M%SZ).tsv"
printf 'workload\ttool\trun\twall_s\tcpu_s\trss_kib\tload1\n' >"$results"

# measure WORKLOAD TOOL RUN EXPECTED_DIGEST|- COMMAND... : one timed run, appended to $results
measure() {
  local workload=$1 tool=$2 run=$3 expected=$4
  shift 4
  local out="$work/out.txt" timing="$work/time.txt" load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -v -o "$timing" "$@" >"$out" 2>"$work/err.txt"; then
    echo "$workload $tool run $run failed:" >&2
    cat "$work/err.txt" >&2
    exit 1
  fi
  if [ "$expected" != - ] && [ "$(tail -n 1 "$out")" != "$expected" ]; then
    echo "$workload $tool run $run wrote $(tail -n 1 "$out"), expected $expected" >&2
    exit 1
  fi
  awk -v w="$workload" -v t="$tool" -v r="$run" -v l="$load" -F': ' '
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    /Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
    }
    END { printf "%s\t%s\t%s\t%.3f\t%.3f\t%d\t%s\n", w, t, r, wall, user + sys, rss, l }' "$timing" >>"$results"
  tail -n 1 "$results" | awk -F'\t' '{printf "  %-6s %-7s run %s: wall %6.2f s  cpu %6.2f s  rss %6.1f MiB  (load %s)\n", $1, $2, $3, $4, $5, $6/1024, $7}'
}

# Flags both tools get for the workload being measured (W1Z's compression).
extra=()
ours() { measure "$1" ours "$2" "$3" "$host" copy "${@:4}"; }
if [ -n "${OCIREG:-}" ]; then
  # The CLI itself (e.g. the Native AOT build): quiet, its digest file printed so the run's digest is still checked.
  ours() {
    measure "$1" ours "$2" "$3" bash -c '"$0" copy -q --src-tls-verify=false --dest-tls-verify=false --digestfile "$1" "${@:2}" && cat "$1"' \
      "$OCIREG" "$work/ours-digest.txt" "${extra[@]}" "${@:4}"
  }
fi
before() { measure "$1" before "$2" "$3" "$BASELINE_HOST" copy "${@:4}"; }
if [ -n "${OCIREG_BASELINE:-}" ]; then
  before() {
    measure "$1" before "$2" "$3" bash -c '"$0" copy -q --src-tls-verify=false --dest-tls-verify=false --digestfile "$1" "$2" "$3" && cat "$1"' \
      "$OCIREG_BASELINE" "$work/before-digest.txt" "${@:4}"
  }
fi
baseline=${BASELINE_HOST:-${OCIREG_BASELINE:-}}
theirs() { measure "$1" skopeo "$2" - skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "${extra[@]}" "${@:4}"; }

# alternate WORKLOAD EXPECTED SRC DEST_PREFIX KIND: RUNS of each tool, alternating which goes first; KIND registry|oci
alternate() {
  local workload=$1 expected=$2 source=$3 prefix=$4 kind=$5 i tool destination
  for i in $(seq 1 "$runs"); do
    for tool in $( ((i % 2)) && echo "ours skopeo ${baseline:+before}" || echo "${baseline:+before} skopeo ours"); do
      wipe_destination
      if [ "$kind" = oci ]; then
        destination="oci:$work/oci-out:$workload"
        rm -rf "$work/oci-out"
      else
        destination="docker://$dst/$prefix-$tool-$i:latest"
      fi
      sync
      case $tool in
        ours) ours "$workload" "$i" "$expected" "$source" "$destination" ;;
        before) before "$workload" "$i" "$expected" "$source" "$destination" ;;
        *) theirs "$workload" "$i" - "$source" "$destination" ;;
      esac
    done
  done
  rm -rf "$work/oci-out"
}

echo "Load before the runs: $(cat /proc/loadavg)"
for workload in $workloads; do
  case $workload in
    W1) echo "W1: 8 x 64 MiB, registry -> registry"
        alternate W1 "$w1_digest" "docker://$src/bench/w1:latest" bench/w1 registry ;;
    W2) echo "W2: 1 x 1 GiB, registry -> registry"
        alternate W2 "$w2_digest" "docker://$src/bench/w2:latest" bench/w2 registry ;;
    W1Z) echo "W1Z: 8 x 64 MiB, registry -> registry, gzip layers converted to zstd"
        # The digest written is the conversion's, so it is not checked against the source's.
        extra=(--dest-compress-format zstd)
        alternate W1Z - "docker://$src/bench/w1:latest" bench/w1z registry
        extra=() ;;
    W3) echo "W3a: OCI layout -> registry (W1's image)"
        alternate W3a "$w1_digest" "oci:$work/layouts/w1:w1" bench/w3 registry
        echo "W3b: registry -> OCI layout (W1's image)"
        alternate W3b "$w1_digest" "docker://$src/bench/w1:latest" - oci ;;
    FLOOR)
        echo "FLOOR: W1's layers, curl GET -> PUT, 4 at a time, no verification"
        manifest=$(skopeo inspect --raw --tls-verify=false "docker://$src/bench/w1:latest")
        sed 's/.*"layers"://' <<<"$manifest" | grep -o 'sha256:[0-9a-f]\{64\}' >"$work/layers.txt"
        # One blob: POST opens a session; the GET's body is piped into the monolithic PUT ?digest=.
        # buffered: --data-binary @- (curl reads the whole blob into memory, then sends it with a Content-Length);
        # streamed: -T - (sent as it arrives, chunked transfer encoding).
        cat >"$work/floor.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
mode=$1 src=$2 dst=$3 repo=$4 digest=$5
location=$(curl -sS -f -X POST -D - -o /dev/null "http://$dst/v2/$repo/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
case $location in /*) location="http://$dst$location" ;; esac
case $location in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
if [ "$mode" = buffered ]; then
  curl -sS -f "http://$src/v2/bench/w1/blobs/$digest" | curl -sS -f -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' --data-binary @- "$location"
else
  curl -sS -f "http://$src/v2/bench/w1/blobs/$digest" | curl -sS -f -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' -T - "$location"
fi
EOF
        chmod +x "$work/floor.sh"
        for i in $(seq 1 "$runs"); do
          for mode in buffered streamed; do
            wipe_destination
            sync
            measure FLOOR "curl-${mode:0:3}" "$i" - xargs -P 4 -I '{}' "$work/floor.sh" "$mode" "$src" "$dst" "bench/floor-$mode-$i" '{}' <"$work/layers.txt"
          done
        done ;;
    *) echo "Unknown workload $workload" >&2; exit 2 ;;
  esac
done
echo "Load after the runs: $(cat /proc/loadavg)"

# --- medians and ratios ------------------------------------------------------------------------------------------------
echo
echo "Medians of $runs runs (raw: ${results#"$root"/}):"
summary=$(awk -F'\t' 'NR > 1 { key = $1 "\t" $2; n[key]++; wall[key, n[key]] = $4; cpu[key, n[key]] = $5; rss[key, n[key]] = $6; order[key] = NR }
  function median(a, key, count,   v, i, j, t) {
    for (i = 1; i <= count; i++) v[i] = a[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END { for (key in n) printf "%s\t%.3f\t%.3f\t%.1f\n", key, median(wall, key, n[key]), median(cpu, key, n[key]), median(rss, key, n[key]) / 1024 }' "$results" | sort)
printf '%-6s %-9s %9s %9s %10s\n' workload tool "wall s" "cpu s" "rss MiB"
awk -F'\t' '{ printf "%-6s %-9s %9.2f %9.2f %10.1f\n", $1, $2, $3, $4, $5 }' <<<"$summary"
echo
printf '%-6s %12s %12s %12s\n' workload "wall ratio" "cpu ratio" "rss ratio"
awk -F'\t' '{ v[$1, $2] = $3 "\t" $4 "\t" $5; w[$1] = 1 }
  END {
    for (k in w) if ((k, "ours") in v && (k, "skopeo") in v) {
      split(v[k, "ours"], o, "\t"); split(v[k, "skopeo"], s, "\t")
      printf "%-6s %11.2fx %11.2fx %11.2fx\n", k, o[1] / s[1], o[2] / s[2], o[3] / s[3]
    }
    for (k in w) if ((k, "ours") in v && (k, "before") in v) {
      split(v[k, "ours"], o, "\t"); split(v[k, "before"], b, "\t")
      printf "%-6s ours / before: wall %.2fx, cpu %.2fx, rss %.2fx\n", k, o[1] / b[1], o[2] / b[2], o[3] / b[3]
    }
    if (("W1", "skopeo") in v) for (m in w) if (m == "FLOOR") {
      split(v["W1", "skopeo"], s, "\t")
      if (("FLOOR", "curl-buf") in v) { split(v["FLOOR", "curl-buf"], f, "\t"); printf "curl floor (buffered) / skopeo W1: wall %.2fx, cpu %.2fx\n", f[1] / s[1], f[2] / s[2] }
      if (("FLOOR", "curl-str") in v) { split(v["FLOOR", "curl-str"], f, "\t"); printf "curl floor (streamed) / skopeo W1: wall %.2fx, cpu %.2fx\n", f[1] / s[1], f[2] / s[2] }
    }
    if (("W1", "ours") in v && ("W2", "ours") in v) {
      split(v["W1", "ours"], a, "\t"); split(v["W2", "ours"], b, "\t")
      printf "our peak RSS, W2 - W1: %+.1f MiB\n", b[3] - a[3]
    }
  }' <<<"$summary" | sort
