package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Pinned package versions; bump them deliberately, then run -refresh.
const (
	openapiPackage = "@octokit/openapi@23.0.2"
	octokitPackage = "@octokit/plugin-rest-endpoint-methods@18.0.0"
)

// refreshHeader is the comment line of the files -refresh writes.
const refreshHeader = "# Written by `go run ./knowledge/data -refresh`; do not edit by hand.\n"

// refreshOpenAPI downloads GitHub's OpenAPI description and octokit's
// method list with `npm pack` and rewrites openapi-operations.tsv,
// openapi-app-permissions.tsv and octokit-methods.tsv from them.
func refreshOpenAPI(ctx context.Context, dataDir string) error {
	tmp, err := os.MkdirTemp("", "knowledge-refresh-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	oaDir, err := npmPack(ctx, openapiPackage, tmp)
	if err != nil {
		return err
	}
	specPath := filepath.Join(oaDir, "generated", "api.github.com.json")
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return fmt.Errorf("read %s: %w", specPath, err)
	}
	byRoute, err := writeOpenAPI(raw, "npm "+openapiPackage+" generated/api.github.com.json", dataDir)
	if err != nil {
		return err
	}
	remDir, err := npmPack(ctx, octokitPackage, tmp)
	if err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(remDir, "dist-src", "generated", "endpoints.js"))
	if err != nil {
		return fmt.Errorf("read octokit endpoints: %w", err)
	}
	missing, err := writeOctokit(js, byRoute, "npm "+octokitPackage+" dist-src/generated/endpoints.js", dataDir)
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "knowledge/data: %d octokit methods have no operation in the OpenAPI description (kept with an empty operation_id): %s\n", len(missing), strings.Join(missing, ", "))
	}
	return err
}

// npmPack downloads and extracts an npm package into dir and returns the
// path of its "package" folder.
func npmPack(ctx context.Context, spec, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "npm", "pack", "--silent", spec)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w: %s", spec, err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Fields(strings.TrimSpace(string(outb)))
	if len(lines) == 0 {
		return "", fmt.Errorf("npm pack %s: no file name printed", spec)
	}
	tgz := lines[len(lines)-1]
	sub := filepath.Join(dir, strings.TrimSuffix(tgz, ".tgz"))
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return "", fmt.Errorf("mkdir %s: %w", sub, err)
	}
	tar := exec.CommandContext(ctx, "tar", "-xzf", filepath.Join(dir, tgz), "-C", sub)
	if b, err := tar.CombinedOutput(); err != nil {
		return "", fmt.Errorf("extract %s: %w: %s", tgz, err, b)
	}
	return filepath.Join(sub, "package"), nil
}

type openapiDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

type openapiOp struct {
	OperationID string `json:"operationId"`
	XGitHub     struct {
		EnabledForGitHubApps bool `json:"enabledForGitHubApps"`
	} `json:"x-github"`
}

// writeOpenAPI writes openapi-operations.tsv and
// openapi-app-permissions.tsv from an OpenAPI description and returns the
// operationId of each "METHOD /path".
func writeOpenAPI(raw []byte, source, dataDir string) (map[string]string, error) {
	var doc openapiDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parse the OpenAPI description: %w", err)
	}
	var ops [][]string
	byRoute := map[string]string{}
	for path, item := range doc.Paths {
		for method, rawOp := range item {
			switch method {
			case "get", "post", "put", "patch", "delete", "head":
			default:
				continue
			}
			var op openapiOp
			if err := json.Unmarshal(rawOp, &op); err != nil {
				return nil, fmt.Errorf("parse %s %s: %w", method, path, err)
			}
			if op.OperationID == "" {
				continue
			}
			m := strings.ToUpper(method)
			ops = append(ops, []string{op.OperationID, m, path, fmt.Sprint(op.XGitHub.EnabledForGitHubApps), source})
			byRoute[m+" "+path] = op.OperationID
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i][0] < ops[j][0] })
	if err := writeTSV(filepath.Join(dataDir, "openapi-operations.tsv"), []string{"operation_id", "method", "path", "enabled_for_apps", "source"}, ops); err != nil {
		return nil, err
	}
	props := doc.Components.Schemas["app-permissions"].Properties
	if len(props) == 0 {
		return nil, errors.New("app-permissions schema not found in the OpenAPI description")
	}
	var perms [][]string
	for name, p := range props {
		perms = append(perms, []string{name, strings.Join(p.Enum, ","), source + " components.schemas.app-permissions"})
	}
	sort.Slice(perms, func(i, j int) bool { return perms[i][0] < perms[j][0] })
	return byRoute, writeTSV(filepath.Join(dataDir, "openapi-app-permissions.tsv"), []string{"permission", "access_levels", "source"}, perms)
}

var (
	nsRe    = regexp.MustCompile(`^  ([A-Za-z0-9_]+): \{$`)
	methRe  = regexp.MustCompile(`^    ([A-Za-z0-9_]+): \[(.*)$`)
	routeRe = regexp.MustCompile(`"(GET|POST|PUT|PATCH|DELETE|HEAD) ([^"]+)"`)
)

// writeOctokit reads octokit's endpoints.js (`namespace: { method: ["VERB
// /path", ...] }`), maps each github.rest.<namespace>.<method> to the
// operationId with the same method and path, and writes
// octokit-methods.tsv. It returns the methods whose route the OpenAPI
// description lacks (retired endpoints octokit still lists).
func writeOctokit(js []byte, byRoute map[string]string, source, dataDir string) ([]string, error) {
	lines := strings.Split(string(js), "\n")
	var rows [][]string
	var missing []string
	ns := ""
	for i := 0; i < len(lines); i++ {
		if m := nsRe.FindStringSubmatch(lines[i]); m != nil {
			ns = m[1]
			continue
		}
		m := methRe.FindStringSubmatch(lines[i])
		if m == nil || ns == "" {
			continue
		}
		// The route string is on this line or the next one.
		text := m[2]
		if i+1 < len(lines) {
			text += lines[i+1]
		}
		r := routeRe.FindStringSubmatch(text)
		if r == nil {
			return nil, fmt.Errorf("endpoints.js:%d: no route for %s.%s", i+1, ns, m[1])
		}
		route := strings.TrimPrefix(r[2], "{origin}")
		if q := strings.Index(route, "{?"); q >= 0 {
			route = route[:q]
		}
		id, ok := byRoute[r[1]+" "+route]
		if !ok {
			missing = append(missing, ns+"."+m[1])
		}
		rows = append(rows, []string{ns + "." + m[1], id, r[1], route, source})
	}
	if len(rows) == 0 {
		return nil, errors.New("endpoints.js: no methods parsed")
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
	return missing, writeTSV(filepath.Join(dataDir, "octokit-methods.tsv"), []string{"method", "operation_id", "http_method", "path", "source"}, rows)
}

// writeTSV writes a refreshed data file.
func writeTSV(path string, header []string, rows [][]string) error {
	var b bytes.Buffer
	b.WriteString(refreshHeader)
	b.WriteString(strings.Join(header, "\t") + "\n")
	for _, r := range rows {
		for _, c := range r {
			if strings.ContainsAny(c, "\t\n") {
				return fmt.Errorf("%s: cell %q holds a tab or newline", path, c)
			}
		}
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
