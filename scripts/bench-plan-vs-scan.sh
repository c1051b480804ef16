#!/usr/bin/env bash
# Compares `pat2app plan --out DIR` with `pat2app scan --format json` on the
# same files, in one run: a tree of real repositories copied until it holds
# about ROWS inventory rows (the twelve repositories of ../shared/corpus2,
# else testdata/demo-org), so the same secret names recur in thousands of
# jobs as they do in an organisation. The two commands run alternately RUNS
# times each; reported are the median wall times and the median (with the
# range) of the paired ratios plan/scan: each pair runs back to back, so a
# noisy machine moves both. Wall time is what a user waits; CPU time (user
# and system, all cores) is steadier on a busy machine, so both are shown.
# Needs /usr/bin/time.
# Usage: scripts/bench-plan-vs-scan.sh [ROWS] [RUNS]
# (PAT2APP=path/to/binary measures that build instead of this checkout's.)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-50000}
runs=${2:-5}
src=../shared/corpus2/repos
[ -d "$src" ] || src=testdata/demo-org
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${PAT2APP:-}" ]; then cp "$PAT2APP" "$tmp/pat2app"; else go build -o "$tmp/pat2app" ./cmd/pat2app; fi
per=$("$tmp/pat2app" scan --format json "$src" 2>/dev/null | grep -c '"fingerprint"' || true)
copies=$(( (rows + per - 1) / per ))
mkdir -p "$tmp/tree"
for i in $(seq -w 1 "$copies"); do
  for r in "$src"/*/; do
    n=$(basename "$r")
    case "$n" in *__*) ;; *) n="acme__$n" ;; esac
    cp -r "$r" "$tmp/tree/org$i-$n"
  done
done
got=$("$tmp/pat2app" scan --format json "$tmp/tree" 2>/dev/null | grep -c '"fingerprint"' || true)
files=$(find "$tmp/tree" -path '*/.github/*' -name '*.y*ml' | wc -l)
# run NAME ARGS...: runs pat2app, appending "wall cpu" (seconds) to $tmp/NAME.
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$tmp/pat2app" "$@" > /dev/null 2>&1 || true
  tail -1 "$tmp/t" | awk '{printf "%s %.2f\n", $1, $2 + $3}' >> "$tmp/$name"
}
for _ in $(seq 1 "$runs"); do
  run scan scan --format json "$tmp/tree"
  rm -rf "$tmp/out"
  run plan plan --out "$tmp/out" "$tmp/tree"
done
# stats COLUMN: median and range of plan/scan over the pairs, and the medians.
stats() {
  paste "$tmp/scan" "$tmp/plan" | awk -v c="$1" '{print $(c) " " $(c+2) " " $(c+2)/$(c)}' | sort -k3 -n |
    awk '{s[NR]=$1; p[NR]=$2; r[NR]=$3} END {m=int((NR+1)/2); printf "scan %.2f s, plan --out %.2f s, plan/scan median of %d pairs %.2f (range %.2f-%.2f)", s[m], p[m], NR, r[m], r[1], r[NR]}'
}
printf '%s copied %d times: %d files, %d inventory rows (load average %s)\n  wall: %s\n  cpu:  %s\n' \
  "$src" "$copies" "$files" "$got" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)" "$(stats 1)" "$(stats 2)"
