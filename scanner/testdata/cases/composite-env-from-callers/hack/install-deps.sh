#!/bin/bash
set -e
./tools/fetch-deps --all
