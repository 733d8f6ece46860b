#!/usr/bin/env bash
# Watch fan-out on one Ketch node: N watchers on one key (one HTTP stream each, as side-by-side.sh),
# puts at a steady rate, then the p99 event delivery latency, the server's heap after a full GC with
# every watcher connected, and its peak RSS during the run.
#   distribution/src/bench/watch-fanout.sh [--image DIR] [--watchers N] [--puts N] [--rate N] [--jfr FILE] [--etcd]
# --etcd measures a real etcd 3.4 (../shared/tools/etcd-reference) with the same load instead: p99 and RSS.
# Needs the image (./mvnw -q -pl distribution -am package -DskipTests) and a JDK 25 jcmd
# (JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64). Loopback only; everything it starts is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
image=$root/distribution/target/ketch
watchers=1000; puts=100; rate=50; jfr=; etcd=0
tools=${KETCH_SHARED_TOOLS:-$root/../shared/tools}
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=$2; shift 2 ;;
    --watchers) watchers=$2; shift 2 ;;
    --puts) puts=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --jfr) jfr=$2; shift 2 ;;
    --etcd) etcd=1; shift ;;
    *) echo "unknown option '$1'; expected --image, --watchers, --puts, --rate, --jfr or --etcd" >&2; exit 2 ;;
  esac
done
jcmd=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd
[ -x "$image/bin/ketch" ] || { echo "no image at $image: build it first" >&2; exit 2; }
work=$(mktemp -d /tmp/watch-fanout.XXXXXX)
pid=; bench_pid=
cleanup() {
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null || true
  if [ "$etcd" = 1 ]; then "$tools/etcd-reference" stop "$work/etcd" >/dev/null 2>&1 || true
  elif [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cport=$(free_port); pport=$(free_port); url=http://127.0.0.1:$cport
server=("$image/bin/ketch")
if [ -n "$jfr" ]; then
  # the image has no jdk.jfr: run the same modules and flags on the JDK, with a flight recording
  flags=$(sed -n 's/^exec "$DIR\/java" \(.*\) -m ketch.node.*/\1/p' "$image/bin/ketch" | sed 's/\${KETCH_JAVA_OPTS[^}]*}//')
  # shellcheck disable=SC2206
  server=("$(dirname "$jcmd")/java" $flags "-XX:StartFlightRecording=filename=$jfr,settings=profile"
    --module-path "$image/../modules" -m ketch.node/ketch.node.Main --config-file "$work/node.yaml")
  echo "log-store: mvstore # lmdb's native jar loads only inside the image" >"$work/node.yaml"
fi
if [ "$etcd" = 1 ]; then
  "$tools/etcd-reference" start "$work/etcd" "$cport" "$pport" >/dev/null
  pid=$(cat "$work/etcd/pid")
else
  "${server[@]}" --data-dir "$work/data" --listen-client-urls "$url" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-cluster "default=http://127.0.0.1:$pport" >"$work/log" 2>&1 &
  pid=$!
fi
for _ in $(seq 1 600); do curl -fsS -o /dev/null -XPOST "$url/v3/kv/range" -d '{"key":"AA=="}' 2>/dev/null && break; sleep 0.05; done
"$image/bin/ketch-bench" --endpoints "$url" watch-latency --streams "$watchers" --watchers-per-stream 1 \
  --put-total "$puts" --put-rate "$rate" --val-size 32 >"$work/report" 2>&1 &
bench_pid=$!
# every watcher connected: count the server's established client connections
for _ in $(seq 1 1200); do
  n=$(ss -Htn state established "( sport = :$cport )" | wc -l)
  [ "$n" -ge "$watchers" ] && break
  sleep 0.1
done
heap_kb=0
if [ "$etcd" = 0 ]; then
  "$jcmd" "$pid" GC.run >/dev/null
  heap_kb=$("$jcmd" "$pid" GC.heap_info | awk '/total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print v; exit}}')
fi
peak=0
while kill -0 "$bench_pid" 2>/dev/null; do
  r=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); [ "$r" -gt "$peak" ] && peak=$r
  sleep 0.2
done
wait "$bench_pid" || true; bench_pid=
p99=$(awk '/^  99% in/ {printf "%.1f", $3*1000}' "$work/report")
errors=$(sed -n '/Error distribution/,$p' "$work/report" | sed -n 2,3p | tr '\n' ' ')
echo "$([ "$etcd" = 1 ] && echo etcd || echo ketch) watchers=$watchers puts=$puts rate=$rate p99_ms=$p99 heap_after_gc_mb=$((heap_kb / 1024)) peak_rss_mb=$((peak / 1024)) ${errors:+errors: $errors}"
[ "${KEEP_REPORT:-0}" = 1 ] && cat "$work/report"
exit 0
