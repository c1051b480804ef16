#!/bin/sh
gh issue comment 42 --repo acme/tracker --body "released"
