#!/usr/bin/env bash
git push origin HEAD:release
