#!/usr/bin/env bash
git tag -a "nightly" -m nightly
git push origin nightly
