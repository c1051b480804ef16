#!/usr/bin/env bash
curl -X POST -H "Authorization: Bearer $TOKEN" "https://api.github.com/repos/$GITHUB_REPOSITORY/dispatches" -d '{"event_type":"deploy"}'
