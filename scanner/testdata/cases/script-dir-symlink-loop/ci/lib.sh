dispatch() {
  curl -X POST -H "Authorization: token ${BOT_TOKEN}" https://api.github.com/repos/acme/builders/dispatches -d '{"event_type":"build"}'
}
