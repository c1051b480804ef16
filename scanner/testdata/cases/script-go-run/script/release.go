package main

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"os"
	"os/exec"

	"github.com/google/go-github/v88/github"
)

var version = flag.String("version", "", "the version to release")

func main() {
	flag.Parse()
	token := os.Getenv("GITHUB_TOKEN")
	git("tag", *version)
	git("push", "origin", *version)

	gh := github.NewClient(nil).WithAuthToken(token)
	gh.Repositories.CreateRelease(context.Background(), "acme", "demo", &github.RepositoryRelease{TagName: version})

	req, _ := http.NewRequest(http.MethodPost, "https://api.github.com/repos/acme/demo/dispatches", bytes.NewReader([]byte(`{"event_type":"released"}`)))
	req.Header.Set("Authorization", "Bearer "+token)
	http.DefaultClient.Do(req)
}

func git(args ...string) {
	exec.Command("git", args...).Run()
}
