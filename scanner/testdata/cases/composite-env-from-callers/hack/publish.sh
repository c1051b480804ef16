#!/bin/bash
set -e
./tools/unknown-uploader --all
