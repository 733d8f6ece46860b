#!/usr/bin/env bash
# Side by side: the same ketch-bench loads against a real etcd 3.4 (Debian's etcd-server) and against
# Ketch from the built image, with matching settings (fsync on both: neither is told to skip it),
# first single node, then 3 members on loopback; prints one table with both figures and Ketch/etcd.
#
#   distribution/src/bench/side-by-side.sh [options]
#     --image DIR        Ketch image with bin/ketch-bench (default: distribution/target/ketch)
#     --total N          requests per put/range load (default 50000)
#     --warmup N         requests of the same load sent unmeasured before each put/range load, to both
#                        systems alike (default: as --total; 0 measures cold: Ketch's JIT then competes)
#     --clients N        concurrent requests in flight; --conns is the same (default 100)
#     --keys N           keys (256 B values) loaded for the memory and restart figures (default 1000000)
#     --watchers N       watchers on one key for the fan-out figure, one HTTP stream each (default 10000)
#     --quick            the smaller run: --keys 100000 --watchers 1000 (about 2 minutes instead of 8)
#     --watch-puts N     puts timed in the fan-out figure (default 100)
#     --single-only      skip the 3-member part
#     --work DIR         scratch directory (default: a new mktemp -d; removed at exit unless --keep)
#     --keep             keep the scratch directory (data, logs, raw reports)
#     --step-timeout S   bound on any one step (default 300 s)
# The defaults are issue 7's sizes. RSS is read right after the load and again after 10 s idle.
# Only loopback; every process it starts is stopped at exit (trap EXIT). Needs curl; installs
# etcd-server from Debian's packages when etcd is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
image=$repo/distribution/target/ketch
total=50000; warmup=""; clients=100; keys=1000000; watchers=10000; watch_puts=100; single_only=0
work=""; keep=0; step_timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=$2; shift 2 ;;
    --total) total=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --quick) keys=100000; watchers=1000; shift ;;
    --clients) clients=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --watchers) watchers=$2; shift 2 ;;
    --watch-puts) watch_puts=$2; shift 2 ;;
    --single-only) single_only=1; shift ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --step-timeout) step_timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$total" "$clients" "$keys" "$watchers" "$watch_puts" "$step_timeout"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "expected a positive integer, got \"$n\"" >&2; exit 2; }
done
[ -n "$warmup" ] || warmup=$total
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "--warmup expects a number of requests (0 or more), got \"$warmup\"" >&2; exit 2; }
bench=$image/bin/ketch-bench
[ -x "$bench" ] || { echo "no $bench: build the image first (./mvnw -pl distribution -am package)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }
if ! command -v etcd >/dev/null; then
  echo "installing etcd-server from Debian's packages..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server) >/dev/null
fi
[ -n "$work" ] || work=$(mktemp -d /tmp/side-by-side.XXXXXX)
mkdir -p "$work"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$keep" = 1 ]; then echo "scratch kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date -u +%T)] $*" >&2; }
now_ms() { date +%s%3N; }

# Wait until a linearizable range answers 200 (the node has a leader and serves); print ms waited.
# With a pid, give up as soon as that process has exited (a node that refused to start).
wait_serving() {
  local url=$1 since=$2 pid=${3:-}
  for _ in $(seq 1 $((step_timeout * 20))); do
    if curl -fsS -m 2 -XPOST "$url/v3/kv/range" -d '{"key":"AA=="}' >/dev/null 2>&1; then
      echo $(( $(now_ms) - since )); return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "the server for $url exited before serving (see its log in the work directory)" >&2; return 1
    fi
    sleep 0.05
  done
  echo "no answer from $url within ${step_timeout}s" >&2; return 1
}

# start_etcd NAME DIR CLIENT_PORT PEER_PORT INITIAL_CLUSTER -> pid in $started
start_etcd() {
  local name=$1 dir=$2 cport=$3 pport=$4 cluster=$5
  mkdir -p "$dir"
  setsid etcd --name "$name" --data-dir "$dir/data" \
    --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
    --initial-cluster "$cluster" --initial-cluster-token side-by-side \
    >>"$dir/log" 2>&1 </dev/null &
  started=$!; pids+=("$started")
}

# The image's java with its baked-in options runs the node in-process: the pid is the JVM (for RSS).
start_ketch() {
  local name=$1 dir=$2 cport=$3 pport=$4 cluster=$5
  mkdir -p "$dir"
  setsid "$image/bin/ketch" --name "$name" --data-dir "$dir/data" \
    --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
    --initial-cluster "$cluster" --initial-cluster-token side-by-side \
    >>"$dir/log" 2>&1 </dev/null &
  started=$!; pids+=("$started")
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((step_timeout * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# run_bench LABEL ARGS... : runs ketch-bench, keeps its report, prints "requests/sec p99-ms"
run_bench() {
  local label=$1; shift
  local out=$work/report-$label.txt
  log "ketch-bench $*"
  timeout "$step_timeout" "$bench" "$@" >"$out" 2>&1 || { echo "ketch-bench failed ($label), see $out:" >&2; tail -5 "$out" >&2; echo "- -"; return 0; }
  if grep -q "Error distribution" "$out"; then log "errors in $label: $(sed -n '/Error distribution/,$p' "$out" | sed -n 2,3p | tr '\n' ' ')"; fi
  awk '/Requests\/sec:/ {rps=$2} /^  99% in/ {p99=$3*1000} END {printf "%.0f %.1f\n", rps, p99}' "$out"
}

# warm_up SYSTEM METRIC ARGS... : the same load with --total replaced by $warmup, before the measured
# one; its requests/s are kept as METRIC_cold (a JIT-compiled server pays its compilation there)
warm_up() {
  local sys=$1 metric=$2; shift 2
  [ "$warmup" -gt 0 ] || return 0
  local args=() prev="" rps p99
  for a in "$@"; do if [ "$prev" = --total ]; then args+=("$warmup"); else args+=("$a"); fi; prev=$a; done
  read -r rps p99 < <(run_bench "$sys-$metric-warmup" "${args[@]}")
  record "$sys" "${metric}_cold" "$rps"
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

declare -A fig
record() { fig["$1,$2"]=$3; }   # record SYSTEM METRIC VALUE

# leader_of URL... : the client URL whose member is the leader (maintenance/status: leader == member_id)
leader_of() {
  for url in "$@"; do
    local status; status=$(curl -fsS -m 2 -XPOST "$url/v3/maintenance/status" -d '{}' 2>/dev/null) || continue
    local leader member
    leader=$(grep -o '"leader":"[0-9]*"' <<<"$status" | grep -o '[0-9]\+' || true)
    member=$(grep -o '"member_id":"[0-9]*"' <<<"$status" | head -1 | grep -o '[0-9]\+' || true)
    if [ -n "$leader" ] && [ "$leader" = "$member" ]; then echo "$url"; return 0; fi
  done
  echo "$1"
}

single_node() {
  local sys=$1 cport=$2 pport=$3
  local dir=$work/$sys-single url=http://127.0.0.1:$cport
  local cluster="s1=http://127.0.0.1:$pport"
  log "$sys: single node on $url"
  local t0; t0=$(now_ms)
  "start_$sys" s1 "$dir" "$cport" "$pport" "$cluster"; local pid=$started
  record "$sys" start_ms "$(wait_serving "$url" "$t0" "$pid")"
  local common=(--endpoints "$url" --conns "$clients" --clients "$clients")
  warm_up "$sys" put_rps "${common[@]}" put --total "$total" --val-size 256 --key-space-size 100000
  read -r rps p99 < <(run_bench "$sys-put" "${common[@]}" put --total "$total" --val-size 256 --key-space-size 100000)
  record "$sys" put_rps "$rps"; record "$sys" put_p99 "$p99"
  # latency under equal load: both at half of etcd's peak put rate (etcd runs first), for ~10 s at most
  local half=$(( ${fig["etcd,put_rps"]:-0} / 2 ))
  if [ "$half" -gt 0 ]; then
    local paced=$(( half * 10 < total ? half * 10 : total ))
    read -r rps p99 < <(run_bench "$sys-put-half" "${common[@]}" put --total "$paced" --val-size 256 \
      --key-space-size 100000 --rate "$half")
    record "$sys" put_half_p99 "$p99"
  fi
  curl -fsS -XPOST "$url/v3/kv/put" -d '{"key":"Zm9v","value":"YmFy"}' >/dev/null
  warm_up "$sys" range_l_rps "${common[@]}" range foo --total "$total" --consistency l
  read -r rps p99 < <(run_bench "$sys-range-l" "${common[@]}" range foo --total "$total" --consistency l)
  record "$sys" range_l_rps "$rps"; record "$sys" range_l_p99 "$p99"
  warm_up "$sys" range_s_rps "${common[@]}" range foo --total "$total" --consistency s
  read -r rps p99 < <(run_bench "$sys-range-s" "${common[@]}" range foo --total "$total" --consistency s)
  record "$sys" range_s_rps "$rps"; record "$sys" range_s_p99 "$p99"
  # one watcher per HTTP stream: etcd's gateway (Go net/http, HTTP/1.1) drops the rest of a request
  # body once it flushed its first answer, so a stream carrying many creates loses some against etcd
  read -r rps p99 < <(run_bench "$sys-watch" --endpoints "$url" watch-latency --streams "$watchers" \
    --watchers-per-stream 1 --put-total "$watch_puts" --put-rate 50 --val-size 32)
  record "$sys" watch_p99 "$p99"
  # memory: distinct keys of 256 B, then RSS of the server process
  run_bench "$sys-load" "${common[@]}" put --total "$keys" --val-size 256 --key-size 8 \
    --key-space-size "$keys" --sequential-keys >/dev/null
  record "$sys" rss_mb "$(rss_mb "$pid")"
  sleep 10
  record "$sys" rss_idle_mb "$(rss_mb "$pid")"
  # restart with the keys in place
  stop_pid "$pid"
  t0=$(now_ms)
  "start_$sys" s1 "$dir" "$cport" "$pport" "$cluster"; pid=$started
  record "$sys" restart_ms "$(wait_serving "$url" "$t0" "$pid")"
  stop_pid "$pid"
}

three_nodes() {
  local sys=$1 base=$2
  local cluster="" urls=() i
  for i in 1 2 3; do cluster+="${cluster:+,}m$i=http://127.0.0.1:$((base + 10 * i + 1))"; done
  local mpids=()
  local t0; t0=$(now_ms)
  for i in 1 2 3; do
    "start_$sys" "m$i" "$work/$sys-m$i" $((base + 10 * i)) $((base + 10 * i + 1)) "$cluster"; mpids+=("$started")
    urls+=("http://127.0.0.1:$((base + 10 * i))")
  done
  log "$sys: 3 members on ${urls[*]}"
  for url in "${urls[@]}"; do wait_serving "$url" "$t0" >/dev/null; done
  local leader; leader=$(leader_of "${urls[@]}")
  log "$sys: leader $leader"
  warm_up "$sys" c3_put_rps --endpoints "$leader" --conns "$clients" --clients "$clients" put --total "$total" --val-size 256 --key-space-size 100000
  read -r rps p99 < <(run_bench "$sys-3-put" --endpoints "$leader" --conns "$clients" --clients "$clients" \
    put --total "$total" --val-size 256 --key-space-size 100000)
  record "$sys" c3_put_rps "$rps"; record "$sys" c3_put_p99 "$p99"
  curl -fsS -XPOST "$leader/v3/kv/put" -d '{"key":"Zm9v","value":"YmFy"}' >/dev/null
  local all; all=$(IFS=,; echo "${urls[*]}")
  warm_up "$sys" c3_range_l_rps --endpoints "$all" --conns "$clients" --clients "$clients" range foo --total "$total" --consistency l
  read -r rps p99 < <(run_bench "$sys-3-range-l" --endpoints "$all" --conns "$clients" --clients "$clients" \
    range foo --total "$total" --consistency l)
  record "$sys" c3_range_l_rps "$rps"; record "$sys" c3_range_l_p99 "$p99"
  for pid in "${mpids[@]}"; do stop_pid "$pid"; done
}

# Fixed ports below the kernel's ephemeral range (32768-60999 here), so no outgoing connection holds one.
single_node etcd 21379 21380
single_node ketch 25379 25380
if [ "$single_only" = 0 ]; then
  three_nodes etcd 21400
  three_nodes ketch 25400
fi

ratio() {
  awk -v k="$1" -v e="$2" 'BEGIN { if (k ~ /^[0-9.]+$/ && e ~ /^[0-9.]+$/ && e > 0) printf "%.2f", k / e; else printf "-" }'
}
row() {
  local label=$1 key=$2 better=$3
  local e=${fig["etcd,$key"]:--} k=${fig["ketch,$key"]:--}
  printf "| %-46s | %10s | %10s | %6s | %-6s |\n" "$label" "$e" "$k" "$(ratio "$k" "$e")" "$better"
}
echo
echo "Side by side: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "etcd $(etcd --version 2>/dev/null | awk '/etcd Version/ {print $3}'), total $total after a warm-up of $warmup, clients=conns $clients, keys $keys, watchers $watchers"
echo
printf "| %-46s | %10s | %10s | %6s | %-6s |\n" "figure" "etcd" "Ketch" "K/e" "better"
printf "|%s|%s|%s|%s|%s|\n" "------------------------------------------------" "------------" "------------" "--------" "--------"
row "1 node: put 256 B, requests/s" put_rps higher
[ "$warmup" -gt 0 ] && row "  the same, first $warmup after start (cold)" put_rps_cold higher
row "1 node: put p99 ms" put_p99 lower
row "1 node: put p99 ms at 50% of etcd's peak rate" put_half_p99 lower
row "1 node: linearizable range, requests/s" range_l_rps higher
[ "$warmup" -gt 0 ] && row "  the same, first $warmup (cold)" range_l_rps_cold higher
row "1 node: linearizable range p99 ms" range_l_p99 lower
row "1 node: serializable range, requests/s" range_s_rps higher
[ "$warmup" -gt 0 ] && row "  the same, first $warmup (cold)" range_s_rps_cold higher
row "1 node: serializable range p99 ms" range_s_p99 lower
row "1 node: watch fan-out ($watchers on one key) p99 ms" watch_p99 lower
row "1 node: RSS after $keys keys of 256 B, MiB" rss_mb lower
row "1 node: the same RSS 10 s later, MiB" rss_idle_mb lower
row "1 node: start to serving, ms" start_ms lower
row "1 node: restart with $keys keys, ms" restart_ms lower
if [ "$single_only" = 0 ]; then
  row "3 nodes: put to the leader, requests/s" c3_put_rps higher
  [ "$warmup" -gt 0 ] && row "  the same, first $warmup after start (cold)" c3_put_rps_cold higher
  row "3 nodes: put to the leader p99 ms" c3_put_p99 lower
  row "3 nodes: linearizable range (all), requests/s" c3_range_l_rps higher
  [ "$warmup" -gt 0 ] && row "  the same, first $warmup (cold)" c3_range_l_rps_cold higher
  row "3 nodes: linearizable range p99 ms" c3_range_l_p99 lower
fi
