#!/usr/bin/env bash
# End-to-end sync benchmark: `ocireg sync` against `skopeo sync`, on the same two local
# Distribution registries, runs alternating.
#
#   benchmarks/sync-vs-skopeo.sh [RUNS]          # RUNS per tool and workload, default 5 (at least 5 for the record)
#   WORKLOADS=W3 benchmarks/sync-vs-skopeo.sh    # a subset of W3 W4 W6 W6R (default: W3 W4)
#   WORKLOADS="W3 W6" benchmarks/sync-vs-skopeo.sh 3   # the fleet beside W3, 3 runs each
#   FLEET_RUNS=1 benchmarks/sync-vs-skopeo.sh    # fewer runs for W6/W6R only (skopeo takes minutes per fleet run)
#   OCIREG_FLAGS="--parallel 8" benchmarks/sync-vs-skopeo.sh     # extra flags for ocireg sync only
#   OCIREG=artifacts/ocireg/ocireg benchmarks/sync-vs-skopeo.sh   # time a given ocireg (e.g. the Native AOT binary
#                                                # build/test.sh publishes) instead of a ReadyToRun build
#   OCIREG_BASELINE=old/ocireg benchmarks/sync-vs-skopeo.sh  # also time an earlier ocireg ("before"), alternating
#                                                # with ours and skopeo, for a before/after comparison of a change
#   BENCH_DIR=/tmp benchmarks/sync-vs-skopeo.sh  # where the registries keep their storage (default: /dev/shm when
#                                                # it is there, else /tmp)
#
# The registries store on tmpfs by default: on disk, Distribution fsyncs about six times per write request, and on a
# VM's disk that kernel time took ~90 % of this 2-core machine in W3, so the figure measured the registry's disk more
# than either tool. BENCH_DIR=/tmp measures that case (docs/performance.md reports both).
#
# W3: one repository with 100 tags (2 shared 512 KiB base layers + 1 unique 128 KiB layer and a config each),
#     registry -> registry, cold destination (its storage wiped before every run).
# W4: the same sync again when everything is already at the destination; besides ocireg and skopeo, "immutable" is
#     ocireg with --immutable-tags matching every tag (the destination's tag listing instead of two HEADs per image).
# W6: a fleet: 20 repositories (FLEET_REPOSITORIES) x 100 tags (FLEET_TAGS), 2,000 small images (16 KiB layer and a
#     config of their own, FLEET_UNIQUE_SIZE) on the same 2 base layers, synced from a YAML file naming the 20
#     repositories, cold destination. Compare its peak RSS with W3's: memory flat in the number of images.
# W6R: the fleet's no-op re-sync, with "immutable" as in W4.
# The workload is pushed by the C# generator (OciRegistry.Client.CopyBenchmark generate-repository). ocireg is the
# CLI published Release for linux-x64 with ReadyToRun (framework-dependent, not Native AOT, to keep the script's
# build short) unless OCIREG names a binary. Each run is measured with /usr/bin/time -v; medians and ratios ours/skopeo are printed and the raw
# figures kept in artifacts/sync-bench/. Each run also records the two registries' CPU time (from /proc): where they
# share the machine's cores with the tool, their CPU and the tool's divided by the cores is the least wall time a run
# can take, and the summary prints that bound beside the ratio. Everything stays on 127.0.0.1; nothing is a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-5}
workloads=${WORKLOADS:-"W3 W4"}
tags=${TAGS:-100}
fleet_repositories=${FLEET_REPOSITORIES:-20}
fleet_tags=${FLEET_TAGS:-100}
fleet_unique_size=${FLEET_UNIQUE_SIZE:-16384}
fleet_runs=${FLEET_RUNS:-$runs}

for cmd in docker-registry skopeo curl /usr/bin/time; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "Missing $cmd (Debian: docker-registry skopeo curl time)" >&2; exit 1; }
done

bench_dir=${BENCH_DIR:-}
if [ -z "$bench_dir" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then bench_dir=/dev/shm; else bench_dir=/tmp; fi
fi
work=$(mktemp -d "$bench_dir/sync-bench.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${OCIREG:-}" ]; then
  ocireg=$(realpath "$OCIREG")
  echo "Using ocireg at $ocireg; publishing the generator (Release)..."
else
  echo "Publishing ocireg and the generator (Release, ReadyToRun)..."
  dotnet publish src/OciRegistry.Client.Cli/OciRegistry.Client.Cli.csproj -c Release -r linux-x64 --self-contained false \
    -p:PublishAot=false -p:PublishReadyToRun=true -o "$work/ocireg" -nologo -v quiet -clp:NoSummary >/dev/null
  ocireg="$work/ocireg/ocireg"
fi
dotnet publish benchmarks/OciRegistry.Client.CopyBenchmark/OciRegistry.Client.CopyBenchmark.csproj \
  -c Release -r linux-x64 --self-contained false -o "$work/host" -nologo -v quiet -clp:NoSummary >/dev/null
host="$work/host/OciRegistry.Client.CopyBenchmark"

# --- registries (benchmarks/lib/registries.sh) ------------------------------------------------------------------------
source "$root/benchmarks/lib/registries.sh"

start_registry source
src=127.0.0.1:$REGISTRY_PORT
src_pid=$REGISTRY_PID
start_registry destination
dst=127.0.0.1:$REGISTRY_PORT
dst_pid=$REGISTRY_PID
ticks_per_second=$(getconf CLK_TCK)
dst_storage="$work/destination/storage"
echo "Registries: source $src, destination $dst; storage under $work ($(df --output=fstype "$work" | tail -n 1))"

echo "Generating the workload: $tags tags..."
"$host" generate-repository --registry "$src" --repository bench/w3 --tags "$tags" >/dev/null
fleet_yaml="$work/fleet.yaml"
if [[ " $workloads " == *" W6"* ]]; then
  echo "Generating the fleet: $fleet_repositories repositories x $fleet_tags tags..."
  started=$(date +%s)
  "$host" generate-repository --registry "$src" --repository bench/w6 --repositories "$fleet_repositories" \
    --tags "$fleet_tags" --unique-size "$fleet_unique_size" >/dev/null
  echo "  ($(($(date +%s) - started)) s)"
  { echo "$src:"; echo "  tls-verify: false"; echo "  images:"
    for r in $(seq 0 $((fleet_repositories - 1))); do printf '    bench/w6-%02d: []\n' "$r"; done; } >"$fleet_yaml"
fi

results_dir="$root/artifacts/sync-bench"
mkdir -p "$results_dir"
results="$results_dir/$(date -u +%Y%m%dT%H%M%SZ).tsv"
printf 'workload\ttool\trun\twall_s\tcpu_s\trss_kib\tload1\tregistries_cpu_s\n' >"$results"

measure() {
  local workload=$1 tool=$2 run=$3
  shift 3
  local timing="$work/time.txt" load before after
  load=$(cut -d' ' -f1 /proc/loadavg)
  # The registries' CPU during the run: on cores they share with the tool, theirs and the tool's bound the wall time.
  before=$(($(cpu_ticks "$src_pid") + $(cpu_ticks "$dst_pid")))
  if ! /usr/bin/time -v -o "$timing" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "$workload $tool run $run failed:" >&2
    tail -n 20 "$work/err.txt" >&2
    exit 1
  fi
  after=$(($(cpu_ticks "$src_pid") + $(cpu_ticks "$dst_pid")))
  awk -v w="$workload" -v t="$tool" -v r="$run" -v l="$load" -v reg="$(awk -v d=$((after - before)) -v hz="$ticks_per_second" 'BEGIN { printf "%.2f", d / hz }')" -F': ' '
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
    END { printf "%s\t%s\t%s\t%.3f\t%.3f\t%d\t%s\t%s\n", w, t, r, wall, user + sys, rss, l, reg }' "$timing" >>"$results"
  tail -n 1 "$results" | awk -F'\t' '{printf "  %-3s %-7s run %s: wall %6.2f s  cpu %6.2f s  rss %6.1f MiB  registries %6.2f s  (load %s)\n", $1, $2, $3, $4, $5, $6/1024, $8, $7}'
}

# verify PREFIX: every tag of the source arrived with the source's digest (one spot check plus the tag count)
verify() {
  local prefix=$1 count
  count=$(skopeo list-tags --tls-verify=false "docker://$dst/$prefix/w3" | grep -c '"v[0-9]*"')
  [ "$count" -eq "$tags" ] || { echo "$prefix has $count tags, expected $tags" >&2; exit 1; }
  [ "$(skopeo inspect --raw --tls-verify=false "docker://$dst/$prefix/w3:v7" | sha256sum)" = \
    "$(skopeo inspect --raw --tls-verify=false "docker://$src/bench/w3:v7" | sha256sum)" ] || { echo "$prefix/w3:v7 differs" >&2; exit 1; }
}

# verify_fleet PREFIX: every repository of the fleet arrived with all its tags (counted), one image by digest; both
# tools put a repository under PREFIX by its last path component, as W3's bench/w3 goes to PREFIX/w3
verify_fleet() {
  local prefix=$1 r count
  for r in $(seq 0 $((fleet_repositories - 1))); do
    count=$(skopeo list-tags --tls-verify=false "docker://$dst/$prefix/w6-$(printf %02d "$r")" | grep -c '"v[0-9]*"')
    [ "$count" -eq "$fleet_tags" ] || { echo "$prefix/w6-$r has $count tags, expected $fleet_tags" >&2; exit 1; }
  done
  [ "$(skopeo inspect --raw --tls-verify=false "docker://$dst/$prefix/w6-07:v7" | sha256sum)" = \
    "$(skopeo inspect --raw --tls-verify=false "docker://$src/bench/w6-07:v7" | sha256sum)" ] || { echo "$prefix/w6-07:v7 differs" >&2; exit 1; }
}

# tool_cmd TOOL PREFIX [yaml]: sets CMD to the sync of the workload into DESTINATION/PREFIX by that tool
tool_cmd() {
  local flags=(sync --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false "$src/bench/w3" "$dst/$2")
  [ "${3:-}" = yaml ] && flags=(sync --src yaml --dest docker --dest-tls-verify=false "$fleet_yaml" "$dst/$2")
  # OCIREG_FLAGS: extra flags for ocireg only, e.g. "--parallel 8".
  # shellcheck disable=SC2206
  case $1 in
    ours) CMD=("$ocireg" "${flags[@]:0:1}" ${OCIREG_FLAGS:-} "${flags[@]:1}") ;;
    immutable) CMD=("$ocireg" "${flags[@]:0:1}" --immutable-tags '^v[0-9]+$' ${OCIREG_FLAGS:-} "${flags[@]:1}") ;;
    before) CMD=("$OCIREG_BASELINE" "${flags[@]:0:1}" ${OCIREG_FLAGS:-} "${flags[@]:1}") ;;
    *) CMD=(skopeo "${flags[@]}") ;;
  esac
}

# tools RUN [immutable]: the tools of one run, in alternating order
tools() {
  local extra="${OCIREG_BASELINE:+before} ${2:-}"
  if (($1 % 2)); then echo "ours skopeo $extra"; else echo "$extra skopeo ours"; fi
}

echo "Load before the runs: $(cat /proc/loadavg)"
for workload in $workloads; do
  case $workload in
    W3) echo "W3: $tags tags, registry -> registry, cold destination"
        for i in $(seq 1 "$runs"); do
          for tool in $(tools "$i"); do
            rm -rf "${dst_storage:?}"/*
            tool_cmd "$tool" "w3-$tool-$i"
            measure W3 "$tool" "$i" "${CMD[@]}"
            verify "w3-$tool-$i"
          done
        done ;;
    W4) echo "W4: the same sync again, everything present"
        rm -rf "${dst_storage:?}"/*
        tool_cmd ours w4-ours && "${CMD[@]}" >/dev/null 2>&1
        tool_cmd skopeo w4-skopeo && "${CMD[@]}" >/dev/null 2>&1
        if [ -n "${OCIREG_BASELINE:-}" ]; then tool_cmd before w4-before && "${CMD[@]}" >/dev/null 2>&1; fi
        for i in $(seq 1 "$runs"); do
          for tool in $(tools "$i" immutable); do
            # "immutable" re-syncs what ocireg wrote: the same destination, trusted by its tag listing.
            tool_cmd "$tool" "w4-${tool/immutable/ours}"
            measure W4 "$tool" "$i" "${CMD[@]}"
            verify "w4-${tool/immutable/ours}"
          done
        done ;;
    W6) echo "W6: $fleet_repositories repositories x $fleet_tags tags from a YAML file, registry -> registry, cold destination"
        for i in $(seq 1 "$fleet_runs"); do
          for tool in $(tools "$i"); do
            rm -rf "${dst_storage:?}"/*
            tool_cmd "$tool" "w6-$tool-$i" yaml
            measure W6 "$tool" "$i" "${CMD[@]}"
            verify_fleet "w6-$tool-$i"
          done
        done ;;
    W6R) echo "W6R: the fleet's sync again, everything present"
        rm -rf "${dst_storage:?}"/*
        tool_cmd ours w6r-ours yaml && "${CMD[@]}" >/dev/null 2>&1
        tool_cmd skopeo w6r-skopeo yaml && "${CMD[@]}" >/dev/null 2>&1
        if [ -n "${OCIREG_BASELINE:-}" ]; then tool_cmd before w6r-before yaml && "${CMD[@]}" >/dev/null 2>&1; fi
        for i in $(seq 1 "$fleet_runs"); do
          for tool in $(tools "$i" immutable); do
            tool_cmd "$tool" "w6r-${tool/immutable/ours}" yaml
            measure W6R "$tool" "$i" "${CMD[@]}"
          done
        done
        verify_fleet w6r-ours ;;
  esac
done

echo
echo "Medians (ours / skopeo):"
awk -F'\t' -v cores="$(nproc)" 'NR > 1 { key = $1 "\t" $2; n[key]++; wall[key, n[key]] = $4; cpu[key, n[key]] = $5; rss[key, n[key]] = $6; reg[key, n[key]] = $8; w[$1] = 1 }
  function median(arr, key, count,    i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = arr[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END {
    for (x in w) {
      o = x "\tours"; s = x "\tskopeo"; b = x "\tbefore"; m = x "\timmutable"
      ow = median(wall, o, n[o]); sw = median(wall, s, n[s]); oc = median(cpu, o, n[o]); sc = median(cpu, s, n[s]); orss = median(rss, o, n[o]); srss = median(rss, s, n[s])
      printf "%s: wall %.2f s vs %.2f s (%.2fx)  cpu %.2f s vs %.2f s (%.2fx)  rss %.1f MiB vs %.1f MiB (%.2fx)\n", x, ow, sw, ow / sw, oc, sc, oc / sc, orss / 1024, srss / 1024, orss / srss
      ore = median(reg, o, n[o]); sre = median(reg, s, n[s])
      # What the cores bound: the registries and ocireg together need (ore + oc) CPU-seconds on this many cores.
      printf "%s registries: cpu %.2f s (ours) vs %.2f s (skopeo); with ours, %.2f s of CPU on %d cores: wall at least %.2f s (%.2fx skopeo)\n", x, ore, sre, ore + oc, cores, (ore + oc) / cores, (ore + oc) / cores / sw
      if (n[b] > 0) {
        bw = median(wall, b, n[b]); bc = median(cpu, b, n[b]); brss = median(rss, b, n[b])
        printf "%s before: wall %.2f s, cpu %.2f s, rss %.1f MiB; ours / before: wall %.2fx, cpu %.2fx, rss %.2fx\n", x, bw, bc, brss / 1024, ow / bw, oc / bc, orss / brss
      }
      if (n[m] > 0) {
        mw = median(wall, m, n[m]); mc = median(cpu, m, n[m]); mrss = median(rss, m, n[m])
        printf "%s --immutable-tags: wall %.2f s (%.3fx skopeo), cpu %.2f s (%.3fx), rss %.1f MiB (%.2fx)\n", x, mw, mw / sw, mc, mc / sc, mrss / 1024, mrss / srss
      }
    }
  }' "$results"
echo "Raw figures: $results"
