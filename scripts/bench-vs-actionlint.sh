#!/usr/bin/env bash
# Compares `pat2app scan` with `actionlint -shellcheck= -pyflakes=` on the same
# files, in one run: COPIES copies of the shared corpus, the two tools run
# alternately RUNS times each. Reports each tool's median wall time and the
# median (with quartiles) of the paired ratios pat2app/actionlint: each pair
# runs back to back, so a noisy machine moves both. Needs ../shared/corpus.
# Usage: scripts/bench-vs-actionlint.sh [COPIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-20}
runs=${2:-7}
corpus=../shared/corpus/workflows
[ -d "$corpus" ] || { echo "skip: $corpus is absent"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/pat2app" ./cmd/pat2app
go build -o "$tmp/actionlint" github.com/rhysd/actionlint/cmd/actionlint
mkdir -p "$tmp/files"
for i in $(seq 1 "$copies"); do
  for f in "$corpus"/*.y*ml; do cp "$f" "$tmp/files/$i-$(basename "$f")"; done
done
n=$(ls "$tmp/files" | wc -l)
now() { date +%s%N; }
p=(); a=(); r=()
for _ in $(seq 1 "$runs"); do
  s=$(now); "$tmp/pat2app" scan --format json "$tmp"/files/* > /dev/null || [ $? -eq 3 ]; e=$(now)
  pt=$((e - s))
  s=$(now); "$tmp/actionlint" -shellcheck= -pyflakes= "$tmp"/files/* > /dev/null || true; e=$(now)
  at=$((e - s))
  p+=("$pt"); a+=("$at"); r+=("$(echo "scale=4; $pt / $at" | bc)")
done
# quantile Q (0..1) of the numbers on stdin
quantile() { sort -n | awk -v q="$1" '{v[NR]=$1} END {i=int(q*(NR-1)+0.5)+1; print v[i]}'; }
pm=$(printf '%s\n' "${p[@]}" | quantile 0.5); am=$(printf '%s\n' "${a[@]}" | quantile 0.5)
rq1=$(printf '%s\n' "${r[@]}" | quantile 0.25); rm=$(printf '%s\n' "${r[@]}" | quantile 0.5); rq3=$(printf '%s\n' "${r[@]}" | quantile 0.75)
printf 'files %d | pat2app %.3f s (%.0f workflows/s) | actionlint -shellcheck= -pyflakes= %.3f s (%.0f workflows/s) | pat2app/actionlint time ratio, median of %d pairs %.2f (quartiles %.2f-%.2f)\n' \
  "$n" "$(echo "$pm / 1000000000" | bc -l)" "$(echo "$n * 1000000000 / $pm" | bc -l)" \
  "$(echo "$am / 1000000000" | bc -l)" "$(echo "$n * 1000000000 / $am" | bc -l)" "$runs" "$rm" "$rq1" "$rq3"
