#!/usr/bin/env bash
# The README's main-job command: starts a throw-away registry on loopback, builds an image with umoci, pushes it
# with skopeo, then reads it back with OciRegistry.Client and checks the digest against skopeo's.
set -euo pipefail
cd "$(dirname "$0")/.."
source build/lib/debian-packages.sh
ensure_debian_packages

dotnet build build/demo/OciRegistry.Client.Demo.csproj -c Release -nologo -v quiet -clp:NoSummary

work=$(mktemp -d)
registry_pid=
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port: one nothing answers on.
for _ in $(seq 1 50); do
  port=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done

cat > "$work/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/config.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
echo "Registry (CNCF Distribution $(docker-registry --version | awk '{print $3}')) on 127.0.0.1:$port"

mkdir -p "$work/files"
echo "hello from OciRegistry.Client" > "$work/files/hello.txt"
umoci init --layout "$work/layout"
umoci new --image "$work/layout:demo"
umoci insert --image "$work/layout:demo" "$work/files/hello.txt" /hello.txt
umoci config --image "$work/layout:demo" --config.env GREETING=hello --config.cmd /bin/cat --config.cmd /hello.txt \
  --config.label org.opencontainers.image.title=demo
image="127.0.0.1:$port/demo/hello:1.0"
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
skopeo copy --quiet --dest-tls-verify=false "oci:$work/layout:demo" "docker://$image"
echo "Pushed $image with skopeo"
echo

output=$(dotnet build/demo/bin/Release/net10.0/OciRegistry.Client.Demo.dll "$image")
echo "$output" | grep -v '^DIGEST '
ours=$(echo "$output" | sed -n 's/^DIGEST //p')
theirs=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$image")
echo
if [ "$ours" = "$theirs" ]; then
  echo "OK: OciRegistry.Client and skopeo agree on the manifest digest $ours"
else
  echo "MISMATCH: OciRegistry.Client read $ours, skopeo reads $theirs" >&2
  exit 1
fi
