#!/usr/bin/env bash
# Replays every docs/compat/*.cases file against a fresh real etcd 3.4 and a fresh Ketch node (from
# the built image) and prints etcd-diff's verdict per file. Both servers start empty for each file,
# because revisions and ids must line up from an empty store.
#   distribution/src/compat/etcd-diff-all.sh [CASES_FILE...]
# Needs: the image (./mvnw -q -DskipTests package) and ../shared/tools (etcd-reference installs
# Debian's etcd-server if it is missing). Loopback only; everything it starts is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
tools=${KETCH_SHARED_TOOLS:-$root/../shared/tools}
ketch=$root/distribution/target/ketch/bin/ketch
[ -x "$ketch" ] || { echo "no image at $ketch: run ./mvnw -q -DskipTests package first" >&2; exit 2; }
[ -x "$tools/etcd-diff" ] || { echo "no etcd-diff in $tools (set KETCH_SHARED_TOOLS)" >&2; exit 2; }
work=$(mktemp -d)
ketch_pid=
cleanup() {
  [ -n "$ketch_pid" ] && kill "$ketch_pid" 2>/dev/null || true
  "$tools/etcd-reference" stop "$work/etcd" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 300); do curl -fsS -o /dev/null -X POST "$1/v3/kv/range" -d '{"key":"AA=="}' 2>/dev/null && return 0; sleep 0.05; done; return 1; }

files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$root"/docs/compat/*.cases)
failed=0
for cases in "${files[@]}"; do
  ecport=$(free_port); epport=$(free_port); kcport=$(free_port); kpport=$(free_port)
  "$tools/etcd-reference" start "$work/etcd" "$ecport" "$epport" >/dev/null
  rm -rf "$work/ketch-data"
  "$ketch" --data-dir "$work/ketch-data" --listen-client-urls "http://127.0.0.1:$kcport" \
    --listen-peer-urls "http://127.0.0.1:$kpport" --initial-cluster "default=http://127.0.0.1:$kpport" \
    > "$work/ketch.log" 2>&1 &
  ketch_pid=$!
  wait_http "http://127.0.0.1:$kcport" || { echo "Ketch did not start; see its log:" >&2; cat "$work/ketch.log" >&2; exit 1; }
  printf '%s: ' "$(basename "$cases")"
  if ! "$tools/etcd-diff" --ref "http://127.0.0.1:$ecport" --target "http://127.0.0.1:$kcport" "$cases" > "$work/diff.out" 2>&1; then
    failed=1
  fi
  tail -1 "$work/diff.out"
  [ "${KETCH_DIFF_VERBOSE:-0}" = 1 ] && head -n -1 "$work/diff.out"
  kill "$ketch_pid"; wait "$ketch_pid" 2>/dev/null || true; ketch_pid=
  "$tools/etcd-reference" stop "$work/etcd" >/dev/null
done
exit $failed
