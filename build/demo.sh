#!/usr/bin/env bash
# The README's main job, end to end with the ocireg command line: on a Debian machine with the .NET 10 SDK it installs
# what is missing, starts two throw-away CNCF Distribution registries on loopback, builds ocireg (Native AOT), builds a
# small multi-layer image with umoci, pushes it, copies it across the registries with progress, inspects it, lists
# tags, deletes a tag, takes it through an OCI layout and back with equal digests, checks the result with skopeo, and
# stops the registries it started. Any failure ends it with a non-zero exit code.
#
#   build/demo.sh                        # publishes ocireg to artifacts/demo/ocireg first
#   OCIREG=path/to/ocireg build/demo.sh  # uses an already published binary
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold= plain=; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
show() { printf '$ %s\n' "$*"; "$@"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "Checking the Debian packages (docker-registry, skopeo, umoci, clang, ...)"
source build/lib/debian-packages.sh
ensure_debian_packages

work=$(mktemp -d /tmp/ocireg-demo.XXXXXX)
registry_pids=()
cleanup() {
  local status=$? pid
  for pid in "${registry_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${registry_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ] && [ -d "$work" ]; then
    for log in "$work"/registry-*.log; do
      [ -s "$log" ] && { echo "--- $log (last lines)" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  [ ${#registry_pids[@]} -gt 0 ] && echo "Stopped the ${#registry_pids[@]} registries this demo started."
  return "$status"
}
trap cleanup EXIT
trap 'echo "FAILED (line $LINENO): $BASH_COMMAND" >&2' ERR

# --- ocireg ----------------------------------------------------------------------------------------------------------
if [ -n "${OCIREG:-}" ]; then
  step "Using the ocireg in OCIREG"
  ocireg=$OCIREG
  [ -x "$ocireg" ] || fail "OCIREG=$ocireg is not an executable file"
else
  step "Building ocireg (Native AOT, linux-x64; a few minutes the first time)"
  bin="$root/artifacts/demo/ocireg"
  publish_log="$work/publish.log"
  if ! dotnet publish src/OciRegistry.Client.Cli -c Release -r linux-x64 -o "$bin" -nologo -clp:NoSummary >"$publish_log" 2>&1; then
    cat "$publish_log" >&2
    fail "dotnet publish of src/OciRegistry.Client.Cli"
  fi
  ocireg="$bin/ocireg"
fi
echo "ocireg: $ocireg ($(du -h "$ocireg" | cut -f1), $("$ocireg" --version 2>/dev/null || echo 'version unknown'))"

# --- two registries --------------------------------------------------------------------------------------------------
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start_registry() { # NAME -> prints the port
  local name=$1 port
  port=$(free_port) || fail "no free loopback port"
  mkdir -p "$work/$name/storage"
  cat >"$work/$name/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/$name/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: ocireg-demo-$RANDOM$RANDOM
YAML
  # Settings come from the generated file only.
  local unset_args=() variable
  for variable in $(compgen -e); do
    [[ $variable == REGISTRY_* ]] && unset_args+=(-u "$variable")
  done
  env "${unset_args[@]}" docker-registry serve "$work/$name/config.yml" >"$work/registry-$name.log" 2>&1 &
  registry_pids+=($!)
  started_port=$port
}

wait_for_registry() { # PORT PID
  local port=$1 pid=$2
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || fail "docker-registry on port $port exited"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  fail "docker-registry did not listen on 127.0.0.1:$port within 10 s"
}

step "Starting two local registries (CNCF Distribution $(docker-registry --version | awk '{print $3}'))"
start_registry a
a="127.0.0.1:$started_port"
wait_for_registry "$started_port" "${registry_pids[0]}"
start_registry b
b="127.0.0.1:$started_port"
wait_for_registry "$started_port" "${registry_pids[1]}"
echo "Registry A: http://$a   Registry B: http://$b   (plain HTTP on loopback, hence --tls-verify=false below)"

# --- a small multi-layer image ---------------------------------------------------------------------------------------
step "Building a three-layer sample image with umoci"
layout="$work/sample"
mkdir -p "$work/files"
umoci init --layout "$layout"
build_image() { # TAG TEXT
  local tag=$1 text=$2
  umoci new --image "$layout:$tag"
  echo "$text" >"$work/files/hello.txt"
  printf '#!/bin/sh\ncat /hello.txt\n' >"$work/files/hello.sh"
  head -c 262144 /dev/urandom >"$work/files/payload.bin"
  umoci insert --rootless --image "$layout:$tag" "$work/files/hello.txt" /hello.txt
  umoci insert --rootless --image "$layout:$tag" "$work/files/hello.sh" /usr/local/bin/hello
  umoci insert --rootless --image "$layout:$tag" "$work/files/payload.bin" /data/payload.bin
  umoci config --image "$layout:$tag" --config.env GREETING=hello --config.cmd /usr/local/bin/hello \
    --config.label org.opencontainers.image.title=ocireg-demo --config.label org.opencontainers.image.version="$tag"
}
build_image 1.0 "hello from ocireg 1.0"
build_image 1.1-rc "hello from ocireg 1.1-rc"
echo "OCI layout $layout holds tags 1.0 and 1.1-rc"

flags=(--src-tls-verify=false --dest-tls-verify=false)

step "Pushing it to registry A (progress on stderr)"
show "$ocireg" copy "${flags[@]}" --digestfile "$work/pushed.digest" "oci:$layout:1.0" "docker://$a/demo/hello:1.0"
show "$ocireg" copy "${flags[@]}" --quiet "oci:$layout:1.0" "docker://$a/demo/hello:latest"
show "$ocireg" copy "${flags[@]}" --quiet "oci:$layout:1.1-rc" "docker://$a/demo/hello:1.1-rc"
pushed=$(cat "$work/pushed.digest")
echo "Pushed $a/demo/hello:1.0 as $pushed"

step "Copying it from registry A to registry B"
show "$ocireg" copy "${flags[@]}" --digestfile "$work/copied.digest" "docker://$a/demo/hello:1.0" "docker://$b/team/hello:1.0"
copied=$(cat "$work/copied.digest")
[ "$copied" = "$pushed" ] || fail "the copy on B is $copied, the image on A is $pushed"

step "Inspecting it on registry B"
show "$ocireg" inspect --tls-verify=false "docker://$b/team/hello:1.0"
inspected=$("$ocireg" inspect --tls-verify=false --format '{{.Digest}}' "docker://$b/team/hello:1.0")
[ "$inspected" = "$pushed" ] || fail "inspect reports $inspected, expected $pushed"

step "Listing the tags on registry A"
show "$ocireg" list-tags --tls-verify=false "docker://$a/demo/hello"

step "Deleting the tag 1.1-rc on registry A"
show "$ocireg" delete --tls-verify=false "docker://$a/demo/hello:1.1-rc"
echo "\$ $ocireg list-tags --tls-verify=false docker://$a/demo/hello"
tags=$("$ocireg" list-tags --tls-verify=false "docker://$a/demo/hello")
echo "$tags"
grep -q '"1.1-rc"' <<<"$tags" && fail "1.1-rc is still listed after the delete"
grep -q '"1.0"' <<<"$tags" || fail "1.0 disappeared with 1.1-rc"
status=0
"$ocireg" inspect --tls-verify=false "docker://$a/demo/hello:1.1-rc" >/dev/null 2>"$work/missing.err" || status=$?
[ "$status" -eq 2 ] || fail "inspect of the deleted tag exited $status, expected 2 (not found)"
echo "inspect of the deleted tag now exits 2: $(cat "$work/missing.err")"

step "OCI layout round trip: docker:// -> oci: -> docker://"
show "$ocireg" copy --src-tls-verify=false --quiet --digestfile "$work/layout.digest" \
  "docker://$b/team/hello:1.0" "oci:$work/roundtrip:1.0"
show "$ocireg" copy --dest-tls-verify=false --quiet --digestfile "$work/back.digest" \
  "oci:$work/roundtrip:1.0" "docker://$b/team/hello-again:1.0"
in_layout=$(cat "$work/layout.digest")
back=$(cat "$work/back.digest")
"$ocireg" inspect --tls-verify=false --raw "docker://$b/team/hello-again:1.0" >"$work/back.manifest.json"
from_file=$("$ocireg" manifest-digest "$work/back.manifest.json")
echo "registry B: $copied"
echo "oci layout: $in_layout"
echo "back again: $back (manifest-digest of the fetched bytes: $from_file)"
[ "$in_layout" = "$copied" ] && [ "$back" = "$copied" ] && [ "$from_file" = "$copied" ] ||
  fail "the digests differ across the round trip"

step "Checking with skopeo, an independent reader"
theirs=$(skopeo --insecure-policy inspect --tls-verify=false --no-creds --format '{{.Digest}}' "docker://$b/team/hello-again:1.0")
[ "$theirs" = "$copied" ] || fail "skopeo reads $theirs, ocireg wrote $copied"
echo "skopeo reads $theirs: the same"

step "Done"
cat <<EOF
What this demo did, with $ocireg:
  - built a three-layer image (umoci) and pushed it to registry A ($a/demo/hello:1.0, latest, 1.1-rc)
  - copied it to registry B ($b/team/hello:1.0) with progress; digest $pushed kept
  - inspected it (skopeo's JSON), listed tags, deleted 1.1-rc (then: exit code 2, not found)
  - took it through an OCI layout and back to B with the same digest; skopeo agrees
EOF
