#!/bin/bash
set -euo pipefail
tag="$1"
gh release upload "$tag" dist/*.tar.gz --clobber
