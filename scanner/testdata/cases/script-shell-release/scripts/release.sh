#!/usr/bin/env bash
set -euo pipefail
version="$1"

gh release create "$version" --generate-notes
bash scripts/lib/notify.sh "$GH_TOKEN" "$version"
