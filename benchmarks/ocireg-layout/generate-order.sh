#!/usr/bin/env bash
# Regenerates src/OciRegistry.Client.Cli/ocireg.order, the order in which the Native AOT compiler lays out ocireg's
# methods (IlcOrderFile). The kernel maps a binary's pages in 64 KiB windows around each page a process touches, so
# a command's resident size follows how scattered its methods are, not how many it runs; listing the methods the
# common commands run puts them in one block. docs/performance.md, "Method order", has the figures.
#
#   sudo benchmarks/ocireg-layout/generate-order.sh [ROUNDS]   # ROUNDS publish-trace-order rounds, default 2
#
# Each round publishes ocireg with the current order, runs the commands below against two local registries with
# every page of the binary the command touches recorded (page_order.py trace), and writes the new order: the
# methods on touched pages, those outside the ordered block first. Needs root (read-ahead is turned off while a
# command runs), perf, python3, docker-registry and skopeo. Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
rounds=${1:-2}
order_file="$root/src/OciRegistry.Client.Cli/ocireg.order"
tool="$root/benchmarks/ocireg-layout/page_order.py"

work=$(mktemp -d /tmp/ocireg-layout.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
source "$root/benchmarks/lib/registries.sh"
start_registry source
src=127.0.0.1:$REGISTRY_PORT
start_registry destination
dst=127.0.0.1:$REGISTRY_PORT

# An image of four gzip layers: enough for the parallel transfer paths; the pages touched do not depend on the size.
python3 - "$work/layout" <<'PY'
import gzip, hashlib, json, os, random, sys
out = sys.argv[1]
os.makedirs(f"{out}/blobs/sha256")
def put(data):
    digest = hashlib.sha256(data).hexdigest()
    open(f"{out}/blobs/sha256/{digest}", "wb").write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}
rng = random.Random(7)
raws = [rng.randbytes(1 << 20) for _ in range(4)]
layers = [dict(mediaType="application/vnd.oci.image.layer.v1.tar+gzip", **put(gzip.compress(r, mtime=0))) for r in raws]
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(r).hexdigest() for r in raws]}}).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": dict(mediaType="application/vnd.oci.image.config.v1+json", **put(config)),
                       "layers": layers}).encode()
entry = dict(mediaType="application/vnd.oci.image.manifest.v1+json", **put(manifest),
             annotations={"org.opencontainers.image.ref.name": "v1"})
json.dump({"schemaVersion": 2, "manifests": [entry]}, open(f"{out}/index.json", "w"))
open(f"{out}/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
PY
skopeo copy -q --dest-tls-verify=false "oci:$work/layout:v1" "docker://$src/layout/app:v1"

for round in $(seq 1 "$rounds"); do
  echo "Round $round: publishing ocireg with the current order..."
  rm -rf "$work/ocireg"
  dotnet publish src/OciRegistry.Client.Cli -c Release -r linux-x64 -o "$work/ocireg" -nologo -v quiet -clp:NoSummary >/dev/null
  bin="$work/ocireg/ocireg"
  nm -n -S "src/OciRegistry.Client.Cli/bin/Release/net10.0/linux-x64/native/ocireg.dbg" >"$work/symbols"
  trace="$work/trace.$round"
  : >"$trace"
  run() { python3 "$tool" trace "$bin" "$work/symbols" "$trace" -- "$bin" "$@"; }
  run copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$src/layout/app:v1" "docker://$dst/layout/a$round:v1"
  run copy --src-tls-verify=false --dest-tls-verify=false "docker://$src/layout/app:v1" "docker://$dst/layout/b$round:v1"
  run inspect --tls-verify=false "docker://$src/layout/app:v1"
  run inspect --raw --tls-verify=false "docker://$src/layout/app:v1"
  run list-tags --tls-verify=false "docker://$src/layout/app"
  run copy -q --src-tls-verify=false "docker://$src/layout/app:v1" "oci:$work/out$round:v1"
  run copy -q --dest-tls-verify=false "oci:$work/out$round:v1" "docker://$dst/layout/c$round:v1"
  run sync --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false "$src/layout/app" "$dst/mirror$round"
  run --help
  python3 "$tool" order "$bin" "$work/symbols" "$trace" "$order_file" "$order_file"
done
echo "Wrote $order_file; publish ocireg again to use it."
