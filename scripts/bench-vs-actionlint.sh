#!/usr/bin/env bash
# Compares `pat2app scan` with `actionlint -shellcheck= -pyflakes=` on the same
# files, in one run: COPIES copies of the shared corpus, each tool run RUNS
# times alternately, median wall time reported. Needs ../shared/corpus.
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
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p=(); a=()
for r in $(seq 1 "$runs"); do
  s=$(date +%s.%N); "$tmp/pat2app" scan --format json "$tmp"/files/* > /dev/null || [ $? -eq 3 ]; e=$(date +%s.%N)
  p+=("$(echo "$e - $s" | bc)")
  s=$(date +%s.%N); "$tmp/actionlint" -shellcheck= -pyflakes= "$tmp"/files/* > /dev/null || true; e=$(date +%s.%N)
  a+=("$(echo "$e - $s" | bc)")
done
pm=$(printf '%s\n' "${p[@]}" | median); am=$(printf '%s\n' "${a[@]}" | median)
printf 'files %d | pat2app %.3f s (%.0f workflows/s) | actionlint -shellcheck= -pyflakes= %.3f s (%.0f workflows/s) | pat2app/actionlint time ratio %.2f\n' \
  "$n" "$pm" "$(echo "$n / $pm" | bc -l)" "$am" "$(echo "$n / $am" | bc -l)" "$(echo "$pm / $am" | bc -l)"
