#!/usr/bin/env bash
set -eu
git commit -am "bump to $1"
git push origin HEAD:main
