// Command data generates the tables of package knowledge from the
// tab-separated files in this folder (knowledge/data/*.tsv), the one place a
// person edits what pat2app knows: endpoints, GraphQL fields, actions, gh
// commands, command-line tools, names.
//
// Usage, from the repository root:
//
//	go run ./knowledge/data           # regenerate knowledge/zz_generated_*.go
//	go run ./knowledge/data -check    # fail when a generated file is stale (CI)
//	go run ./knowledge/data -refresh  # download @octokit/openapi and the octokit
//	                                  # method list with npm, rewrite the three
//	                                  # files they give, then regenerate
//
// Generating reads only this folder; -refresh alone uses the network (npm).
// The format of every file is in README.md beside it.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	dataDir := flag.String("data", "knowledge/data", "folder holding the .tsv files")
	out := flag.String("out", "knowledge", "folder the zz_generated_*.go files are written to")
	check := flag.Bool("check", false, "generate into a temporary folder and fail when -out differs")
	refresh := flag.Bool("refresh", false, "download the pinned npm packages and rewrite the OpenAPI and octokit data files first")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, *dataDir, *out, *check, *refresh); err != nil {
		fmt.Fprintln(os.Stderr, "knowledge/data:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dataDir, out string, check, refresh bool) error {
	if refresh {
		if check {
			return errors.New("-check and -refresh exclude each other")
		}
		if err := refreshOpenAPI(ctx, dataDir); err != nil {
			return err
		}
	}
	if !check {
		return generate(dataDir, out)
	}
	tmp, err := os.MkdirTemp("", "knowledge-data-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := generate(dataDir, tmp); err != nil {
		return err
	}
	stale, err := compareGenerated(tmp, out)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		return fmt.Errorf("generated tables are stale (%s): run go run ./knowledge/data and commit the result", strings.Join(stale, ", "))
	}
	return nil
}

// generate reads every table of tables from dataDir and writes its Go file
// into out.
func generate(dataDir, out string) error {
	for _, t := range tables {
		src, err := t.generate(dataDir)
		if err != nil {
			return err
		}
		p := filepath.Join(out, t.goFile())
		if err := os.WriteFile(p, src, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}

// compareGenerated lists the generated files that differ between a fresh
// generation (fresh) and the committed folder (committed), including
// committed zz_generated_*.go files no table produces any more.
func compareGenerated(fresh, committed string) ([]string, error) {
	var stale []string
	want := map[string]bool{}
	for _, t := range tables {
		name := t.goFile()
		want[name] = true
		a, err := os.ReadFile(filepath.Join(fresh, name))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		b, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if !bytes.Equal(a, b) {
			stale = append(stale, name)
		}
	}
	old, err := filepath.Glob(filepath.Join(committed, "zz_generated_*.go"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", committed, err)
	}
	for _, p := range old {
		if name := filepath.Base(p); !want[name] {
			stale = append(stale, name+" (no data file generates it)")
		}
	}
	sort.Strings(stale)
	return stale, nil
}
