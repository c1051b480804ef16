//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/cli"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// childArgs, when set, makes this test binary run pat2app with them (as
// the scanning process of BenchmarkOrgScanMemory) instead of the tests.
const childArgs = "PAT2APP_BENCH_CHILD_ARGS"

// childPeak names the file where the child writes its peak RSS.
const childPeak = "PAT2APP_BENCH_CHILD_PEAK"

func TestMain(m *testing.M) {
	if args := os.Getenv(childArgs); args != "" {
		code := cli.Main(context.Background(), strings.Split(args, "\x1f"), cli.SystemIO())
		// The peak of this process's own memory since exec: getrusage of a
		// child started by Go's os/exec also counts the parent's (the
		// fake's) resident memory, shared until exec.
		if status, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, l := range strings.Split(string(status), "\n") {
				if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
					_ = os.WriteFile(os.Getenv(childPeak), []byte(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))), 0o600)
				}
			}
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// BenchmarkOrgScanMemory measures the peak resident memory of
// `pat2app scan --org big --format json` on synthetic organisations
// (fakegithub.SyntheticOrg) of 1,000 and 10,000 repositories, cold cache
// then warm. The scan runs in a process of its own (this test binary run
// as pat2app), the fake GitHub in the benchmark's process, so the fake's
// memory does not count; the figure is the child's peak RSS since it
// started (VmHWM in /proc/self/status, which the child reads as it ends).
// It reports each peak and the ratio 10,000 / 1,000.
//
//	go test -run '^$' -bench BenchmarkOrgScanMemory -benchtime 1x ./cmd/pat2app/
//
// PAT2APP_BENCH_SIZES replaces the sizes (two, comma-separated). Linux
// only (/proc).
func BenchmarkOrgScanMemory(b *testing.B) {
	sizes := []int{1000, 10000}
	if s := os.Getenv("PAT2APP_BENCH_SIZES"); s != "" {
		var a, c int
		if _, err := fmt.Sscanf(s, "%d,%d", &a, &c); err == nil && a > 0 && c > 0 {
			sizes = []int{a, c}
		}
	}
	for range b.N {
		peaks := map[string]float64{}
		for _, n := range sizes {
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{fakegithub.SyntheticOrg{Login: "big", Repos: n}.Org()},
				Token: "test-token", Latency: 5 * time.Millisecond, RateLimit: 1 << 30})
			cache := b.TempDir()
			for _, phase := range []string{"cold", "warm"} {
				out := filepath.Join(b.TempDir(), "inventory.json")
				rss, wall := runChild(b, srv.URL, cache, out)
				st, err := os.Stat(out)
				if err != nil {
					b.Fatal(err)
				}
				peaks[fmt.Sprintf("%d-%s", n, phase)] = rss
				b.ReportMetric(rss, fmt.Sprintf("MiB-%d-%s", n, phase))
				b.Logf("%d repositories, %s: peak RSS %.1f MiB, %s, inventory %.1f MiB", n, phase, rss, wall.Round(time.Millisecond), float64(st.Size())/(1<<20))
			}
			srv.Close()
		}
		small, large := strconv.Itoa(sizes[0]), strconv.Itoa(sizes[1])
		b.ReportMetric(peaks[large+"-cold"]/peaks[small+"-cold"], "ratio-cold")
		b.ReportMetric(peaks[large+"-warm"]/peaks[small+"-warm"], "ratio-warm")
	}
}

// runChild runs `pat2app scan --org big --format json -o out` against the
// fake at api and returns its peak RSS in MiB and its wall time.
func runChild(b *testing.B, api, cache, out string) (float64, time.Duration) {
	args := []string{"scan", "--org", "big", "--format", "json", "-o", out, "--api-url", api, "--cache-dir", cache, "--quiet"}
	peak := filepath.Join(b.TempDir(), "peak")
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(args, "\x1f"), childPeak+"="+peak, "GH_TOKEN=test-token")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("pat2app scan: %v", err)
	}
	wall := time.Since(start)
	v, err := os.ReadFile(peak)
	if err != nil {
		b.Fatalf("the child did not say its peak: %v", err)
	}
	kib, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		b.Fatalf("peak %q: %v", v, err)
	}
	return kib / 1024, wall
}
