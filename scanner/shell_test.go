package scanner

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/scanner/shellops"
	"github.com/rhysd/actionlint"
)

// TestRunShells checks which shells run a step, from the step, the job,
// the workflow and the runner.
func TestRunShells(t *testing.T) {
	tests := []struct {
		name string
		// job is the job's YAML under jobs.j (without its steps); step the
		// step's keys besides run:; defaults the workflow's defaults.
		job, step, defaults string
		want                []string
	}{
		{name: "Linux runner", job: "runs-on: ubuntu-latest", want: []string{"bash"}},
		{name: "Windows runner", job: "runs-on: windows-latest", want: []string{"pwsh"}},
		{name: "Windows ARM and versioned images", job: "runs-on: windows-11-arm", want: []string{"pwsh"}},
		{name: "labels of a self-hosted Windows runner", job: "runs-on: [self-hosted, Windows, x64]", want: []string{"pwsh"}},
		{name: "runner group with a Windows label", job: "runs-on:\n      group: big\n      labels: [windows-2022]", want: []string{"pwsh"}},
		{name: "step shell wins", job: "runs-on: windows-latest", step: "shell: bash", want: []string{"bash"}},
		{name: "custom shell template", job: "runs-on: ubuntu-latest", step: "shell: pwsh -command \". '{0}'\"", want: []string{"pwsh -command \". '{0}'\""}},
		{name: "job defaults before workflow defaults", job: "runs-on: windows-latest\n    defaults:\n      run:\n        shell: bash", defaults: "run:\n    shell: cmd", want: []string{"bash"}},
		{name: "workflow defaults", job: "runs-on: ubuntu-latest", defaults: "run:\n    shell: pwsh", want: []string{"pwsh"}},
		{name: "matrix of Windows only", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [windows-2019, windows-2022]", want: []string{"pwsh"}},
		{name: "matrix of both", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]", want: []string{"bash", "pwsh"}},
		{name: "matrix include objects", job: "runs-on: ${{ matrix.platform.runner }}\n    strategy:\n      matrix:\n        include:\n          - platform: {runner: macos-14, target: aarch64}\n          - platform: {runner: windows-latest, target: x86_64}", want: []string{"bash", "pwsh"}},
		{name: "both, step kept to Windows by runner.os", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]", step: "if: runner.os == 'Windows'", want: []string{"pwsh"}},
		{name: "both, step kept off Windows", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]", step: "if: ${{ matrix.os != 'windows-latest' && github.event_name == 'push' }}", want: []string{"bash"}},
		{name: "both, startsWith keeps Windows", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]", step: "if: startsWith(matrix.os, 'windows')", want: []string{"pwsh"}},
		{name: "both, negated startsWith keeps others", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]", step: "if: ${{ !startsWith(matrix.os, 'windows') }}", want: []string{"bash"}},
		{name: "both, unrelated if", job: "runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]", step: "if: github.event_name == 'push'", want: []string{"bash", "pwsh"}},
		{name: "expression choosing between runners", job: "runs-on: ${{ github.repository == 'o/r' && 'big-windows-runner' || 'windows-latest' }}", want: []string{"pwsh"}},
		{name: "expression choosing Linux or Windows", job: "runs-on: ${{ inputs.fast && 'ubuntu-latest' || 'windows-latest' }}", want: []string{"bash", "pwsh"}},
		{name: "runner from an input", job: "runs-on: ${{ inputs.runner }}", want: []string{"bash"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "on: push\n"
			if tc.defaults != "" {
				src += "defaults:\n  " + tc.defaults + "\n"
			}
			step := "      - run: echo\n"
			if tc.step != "" {
				step += "        " + tc.step + "\n"
			}
			src += "jobs:\n  j:\n    " + tc.job + "\n    steps:\n" + step
			wf, errs := actionlint.Parse([]byte(src))
			if wf == nil || wf.Jobs["j"] == nil {
				t.Fatalf("workflow does not parse: %v\n%s", errs, src)
			}
			j := wf.Jobs["j"]
			js := &jobState{a: &analysis{wf: wf}, job: j}
			st := j.Steps[0]
			got := js.runShells(st, st.Exec.(*actionlint.ExecRun))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("shells %q, want %q\n%s", got, tc.want, src)
			}
		})
	}
}

func TestShellProgram(t *testing.T) {
	for in, want := range map[string]string{
		"":                                "bash",
		"bash -e {0}":                     "bash",
		"pwsh":                            "pwsh",
		"PowerShell -command \"& '{0}'\"": "powershell",
		`"C:\Program Files\PowerShell\7\pwsh.EXE" -command "& '{0}'"`: "pwsh",
		"/usr/bin/python3 {0}":                       "python3",
		"cmd /D /E:ON /V:OFF /S /C \"CALL \"{0}\"\"": "cmd",
		"nix develop --impure --command bash {0}":    "bash",
		"xvfb-run -a bash -e {0}":                    "bash",
		"conda run -n docs python {0}":               "python",
		"nix-shell --run 'bash {0}'":                 "bash",
		"micromamba-shell {0}":                       "micromamba-shell",
		"nix develop --command just {0}":             "nix",
	} {
		if got := shellops.ScriptProgram(in); got != want {
			t.Errorf("shellops.ScriptProgram(%q) = %q, want %q", in, got, want)
		}
	}
	if !strings.HasPrefix(shellops.ScriptProgram("node {0}"), "node") {
		t.Error("node template")
	}
}
