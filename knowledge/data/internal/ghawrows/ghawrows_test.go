package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeRuntime is a gh-aw-actions checkout with a handler manager, two
// handlers (one loading a helper) and a script that makes no call.
func fakeRuntime() fstest.MapFS {
	return fstest.MapFS{
		"setup/js/safe_output_handler_manager.cjs": {Data: []byte("const HANDLER_MAP = {\n  add_labels: \"./add_labels.cjs\",\n  close_issue: \"./close_issue.cjs\",\n};\n")},
		"setup/js/add_labels.cjs":                  {Data: []byte("const { log } = require('./helper.cjs');\nasync function main() {\n  await github.rest.issues.addLabels({ owner, repo, issue_number, labels });\n}\n")},
		"setup/js/helper.cjs":                      {Data: []byte("async function log() {\n  await github.rest.rateLimit.get();\n  await github.request(`POST ${endpoint}`);\n}\n")},
		"setup/js/close_issue.cjs":                 {Data: []byte("async function main() {\n  await github.rest.issues.update({ owner, repo, issue_number, state: 'closed' });\n  await exec.exec('git', ['status']);\n  await exec.exec('git', ['push', 'origin', 'x']);\n}\n")},
		"setup/js/noop.cjs":                        {Data: []byte("function main() { core.info('nothing'); }\n")},
		"setup/js/noop.test.cjs":                   {Data: []byte("github.rest.issues.create({})\n")},
	}
}

func TestRows(t *testing.T) {
	rt, err := readRuntime(fakeRuntime())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rt.names, ",") != "add_labels.cjs,close_issue.cjs,helper.cjs,noop.cjs,safe_output_handler_manager.cjs" {
		t.Errorf("scripts %v (tests must be left out)", rt.names)
	}
	var out bytes.Buffer
	if err := run(context.Background(), &out, rt, "v1.2.3", nil); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"add_labels.cjs\tclient\t\trest\tPOST\t/repos/{owner}/{repo}/issues/{issue_number}/labels\tadd_labels.cjs:3\tv1.2.3\tgithub/gh-aw-actions@v1.2.3 setup/js/add_labels.cjs\n",
		"add_labels.cjs\tclient\t\tunresolved\t\trequest \"POST {endpoint}\": route built at run time\thelper.cjs:3\t",
		"close_issue.cjs\tclient\t\trest\tPATCH\t/repos/{owner}/{repo}/issues/{issue_number}\tclose_issue.cjs:2\t",
		"noop.cjs\tclient\t\tnone\t\t\tno GitHub call\t",
		"add_labels\tadd_labels.cjs\t\tgithub/gh-aw-actions@v1.2.3 setup/js/safe_output_handler_manager.cjs (HANDLER_MAP)\n",
		"close_issue\tclose_issue.cjs\t\t",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\n%s", want, got)
		}
	}
	for _, not := range []string{"\tGIT\tstatus\t", "rate_limit\t", "noop.test.cjs"} {
		if strings.Contains(got, not) {
			t.Errorf("output has %q\n%s", not, got)
		}
	}
	if !strings.Contains(got, "close_issue.cjs\tclient\t\tgit\tGIT\tpush\t") {
		t.Errorf("a push is a row of its own\n%s", got)
	}
}

func TestReadRuntimeEmpty(t *testing.T) {
	if _, err := readRuntime(fstest.MapFS{"README.md": {Data: []byte("x")}}); err == nil {
		t.Error("a folder without setup/js or setup/sh is accepted")
	}
}
