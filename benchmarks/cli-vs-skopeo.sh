#!/usr/bin/env bash
# Command-line speed: the Native AOT ocireg against skopeo on the same local Distribution
# registry, side by side in one run, alternating which goes first.
#
#   benchmarks/cli-vs-skopeo.sh [RUNS]      # RUNS per tool and workload, default 20 (at least 5 for the record)
#   OCIREG=path/to/ocireg benchmarks/cli-vs-skopeo.sh   # an already published binary (default: publish one)
#   OCIREG_BASELINE=path/to/old/ocireg benchmarks/cli-vs-skopeo.sh  # also time an earlier build ("before"),
#       alternating with ocireg and skopeo, for a before/after comparison of a change in the same run
#
# INSPECT:  inspect docker://HOST/bench/app:v1     (manifest, config and the tag list: skopeo's JSON)
# RAW:      inspect --raw docker://HOST/bench/app:v1  (one manifest GET)
# TAGS:     list-tags docker://HOST/bench/app      (100 tags)
# Both tools run with --no-creds and --tls-verify=false against a plain-HTTP registry on 127.0.0.1. Each run is one
# process: wall time from bash's EPOCHREALTIME around it (/usr/bin/time's own clock has 10 ms steps), CPU (user + sys)
# and peak RSS from /usr/bin/time -v. Medians and ratios ocireg/skopeo are printed; raw figures go to artifacts/cli-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-20}
tags=100

source build/lib/debian-packages.sh
ensure_debian_packages
for cmd in curl /usr/bin/time; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "Missing $cmd (apt-get install ${cmd##*/})" >&2; exit 1; }
done

work=$(mktemp -d /tmp/cli-bench.XXXXXX)
registry_pid=
cleanup() {
  [ -n "$registry_pid" ] && { kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

# --- ocireg ------------------------------------------------------------------------------------------------------------
ocireg=${OCIREG:-}
if [ -z "$ocireg" ]; then
  echo "Publishing ocireg (Native AOT, linux-x64)..."
  dotnet publish src/OciRegistry.Client.Cli -c Release -r linux-x64 -o "$work/ocireg" -nologo -v quiet -clp:NoSummary >/dev/null
  ocireg="$work/ocireg/ocireg"
fi

# --- registry and image ------------------------------------------------------------------------------------------------
while true; do
  port=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
cat >"$work/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
host="127.0.0.1:$port"
for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

umoci init --layout "$work/layout" >/dev/null
umoci new --image "$work/layout:v1" >/dev/null
for i in 1 2 3; do
  head -c 65536 /dev/urandom >"$work/file$i"
  umoci insert --rootless --image "$work/layout:v1" "$work/file$i" "/data/file$i" >/dev/null
done
umoci config --image "$work/layout:v1" --config.env BENCH=1 --config.label org.ocireg.bench=true >/dev/null
skopeo --insecure-policy copy -q --dest-tls-verify=false --dest-no-creds "oci:$work/layout:v1" "docker://$host/bench/app:v1"
manifest_type=$(skopeo inspect --raw --tls-verify=false --no-creds "docker://$host/bench/app:v1" | sed -n 's/.*"mediaType": *"\([^"]*manifest[^"]*\)".*/\1/p' | head -n 1)
manifest_type=${manifest_type:-application/vnd.oci.image.manifest.v1+json}
skopeo inspect --raw --tls-verify=false --no-creds "docker://$host/bench/app:v1" >"$work/manifest.json"
for i in $(seq 2 "$tags"); do
  curl -sS -f -o /dev/null -X PUT -H "Content-Type: $manifest_type" --data-binary "@$work/manifest.json" \
    "http://$host/v2/bench/app/manifests/t$i"
done
echo "Registry $host: bench/app with 3 layers and $tags tags; ocireg: $ocireg; $(skopeo --version)"

# --- runs --------------------------------------------------------------------------------------------------------------
results_dir="$root/artifacts/cli-bench"
mkdir -p "$results_dir"
results="$results_dir/$(date -u +%Y%m%dT%H%M%SZ).tsv"
printf 'workload\ttool\trun\twall_ms\trss_kib\tcpu_ms\n' >"$results"

measure() { # WORKLOAD TOOL RUN COMMAND...
  local workload=$1 tool=$2 run=$3 start end rss cpu
  shift 3
  start=$EPOCHREALTIME
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "$workload $tool run $run failed:" >&2
    cat "$work/err.txt" >&2
    exit 1
  fi
  end=$EPOCHREALTIME
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print (u + s) * 1000 }' "$work/time.txt")
  awk -v w="$workload" -v t="$tool" -v r="$run" -v s="$start" -v e="$end" -v m="$rss" -v c="$cpu" \
    'BEGIN { printf "%s\t%s\t%s\t%.2f\t%d\t%d\n", w, t, r, (e - s) * 1000, m, c }' >>"$results"
}

image="docker://$host/bench/app:v1"
repository="docker://$host/bench/app"
baseline=${OCIREG_BASELINE:-}
command_for() { # TOOL WORKLOAD
  local binary
  case $1 in ocireg) binary=$ocireg ;; before) binary=$baseline ;; *) binary=skopeo ;; esac
  case $2 in
    INSPECT) echo "$binary inspect --tls-verify=false --no-creds $image" ;;
    RAW) echo "$binary inspect --raw --tls-verify=false --no-creds $image" ;;
    TAGS) echo "$binary list-tags --tls-verify=false --no-creds $repository" ;;
  esac
}

# One untimed run of each first: the page cache holds both binaries before anything is measured.
for workload in INSPECT RAW TAGS; do
  for tool in ocireg skopeo ${baseline:+before}; do
    # shellcheck disable=SC2046
    $(command_for "$tool" "$workload") >/dev/null
  done
done

echo "Load before the runs: $(cat /proc/loadavg)"
for workload in INSPECT RAW TAGS; do
  for i in $(seq 1 "$runs"); do
    for tool in $( ((i % 2)) && echo "ocireg skopeo ${baseline:+before}" || echo "${baseline:+before} skopeo ocireg"); do
      # shellcheck disable=SC2046
      measure "$workload" "$tool" "$i" $(command_for "$tool" "$workload")
    done
  done
done
echo "Load after the runs: $(cat /proc/loadavg)"

# --- medians and ratios ------------------------------------------------------------------------------------------------
echo
echo "Medians of $runs runs each (raw: ${results#"$root"/}):"
summary=$(awk -F'\t' 'NR > 1 { key = $1 "\t" $2; n[key]++; wall[key, n[key]] = $4; rss[key, n[key]] = $5; cpu[key] += $6 }
  function median(a, key, count,   v, i, j, t) {
    for (i = 1; i <= count; i++) v[i] = a[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END { for (key in n) printf "%s\t%.1f\t%.1f\t%.1f\n", key, median(wall, key, n[key]), median(rss, key, n[key]) / 1024, cpu[key] / n[key] }' "$results" | sort)
# CPU is the mean, not the median: /usr/bin/time reports it in 10 ms steps, about half a run of these commands.
printf '%-8s %-7s %10s %10s %10s\n' workload tool "wall ms" "rss MiB" "cpu ms"
awk -F'\t' '{ printf "%-8s %-7s %10.1f %10.1f %10.1f\n", $1, $2, $3, $4, $5 }' <<<"$summary"
echo
printf '%-8s %12s %12s %12s\n' workload "wall ratio" "rss ratio" "cpu ratio"
awk -F'\t' '{ v[$1, $2] = $3 "\t" $4 "\t" $5; w[$1] = 1 }
  END {
    for (k in w) if ((k, "ocireg") in v && (k, "skopeo") in v) {
      split(v[k, "ocireg"], o, "\t"); split(v[k, "skopeo"], s, "\t")
      printf "%-8s %11.2fx %11.2fx %11.2fx\n", k, o[1] / s[1], o[2] / s[2], o[3] / s[3]
    }
    for (k in w) if ((k, "ocireg") in v && (k, "before") in v) {
      split(v[k, "ocireg"], o, "\t"); split(v[k, "before"], b, "\t")
      printf "%-8s ocireg / before: wall %.2fx, rss %.2fx, cpu %.2fx\n", k, o[1] / b[1], o[2] / b[2], o[3] / b[3]
    }
  }' <<<"$summary" | sort
echo "(ratio = ocireg / skopeo; at most 1.00x meets the target)"
