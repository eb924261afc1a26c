# Sourced by the end-to-end benchmarks: starts Distribution registries on free loopback ports. The caller provides
# $work (a scratch directory) and the array pids (killed by its exit trap).

# free_port -> a TCP port on 127.0.0.1 nothing listens on
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# start_registry NAME -> sets REGISTRY_PORT and REGISTRY_PID; storage in $work/NAME/storage
start_registry() {
  local name=$1 dir="$work/$1" port attempt
  mkdir -p "$dir/storage"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: error
  formatter: text
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: '$dir/storage'
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
  redirect:
    disable: true
http:
  addr: '127.0.0.1:$port'
  secret: '$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')'
EOF
    docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 1 100); do
      if curl -sf -o /dev/null "http://127.0.0.1:$port/v2/"; then
        REGISTRY_PORT=$port
        REGISTRY_PID=$pid
        return
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
  done
  echo "The $name registry did not start; its log:" >&2
  cat "$dir/log" >&2
  exit 1
}

# cpu_ticks PID -> the user + system CPU time the process has used so far, in clock ticks
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
