#!/bin/bash
set -e
cd "$1"
git remote add upstream https://github.com/microsoft/winget-pkgs.git
git fetch upstream master
git checkout -b new upstream/master
git push origin new
