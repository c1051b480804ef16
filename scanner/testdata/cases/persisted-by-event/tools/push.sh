#!/usr/bin/env bash
cd site
git push
