package repocode

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestStandardProgramsLeaveTheToken: each standard program
// knowledge/data/tools.tsv marks no_token, run as scripts run it, lets a
// script read to its end leave the credential in its environment alone;
// programs that run other code or copy the environment into their output
// keep the entry, named.
func TestStandardProgramsLeaveTheToken(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	leave := []string{
		"which gotestsum", "command -v go && which go",
		"tac log.txt", "nl -ba x.txt", "fold -w 80 x.txt", "paste -sd, list.txt", "join a.txt b.txt",
		"comm -23 a.txt b.txt", "expand -t 4 x.txt", "unexpand -a x.txt", "fmt -w 72 notes.txt",
		"pr -t x.txt", "tsort deps.txt", "od -An -tx1 x.bin", "csplit x.txt '/^---/' '{*}'",
		"shuf -n 1 list.txt", "numfmt --to=iec 1048576", "truncate -s 0 out.log", "cksum x.tar",
		"sum x.tar", "sha224sum x.tar", "sha384sum x.tar", "sha512sum x.tar > x.tar.sha512",
		"b2sum x.tar", "base32 x.bin", "basenc --base64url x.bin", "n=$(expr 1 + 2)",
		"factor 42", "tty", "logname", "hostid", "arch", "groups", "sync", "unlink old.txt",
		"link a b", "mkfifo pipe", "dd if=/dev/zero of=disk.img bs=1M count=1", "shred -u key.tmp",
		"file -b --mime-type dist/app", "hostname -f", "rev x.txt", "column -t -s, x.csv",
		"hexdump -C x.bin", "uuidgen", "lscpu", "xxd -p x.bin", "iconv -f latin1 -t utf-8 x.txt",
		"tree -L 2 dist", "dos2unix x.txt", "unix2dos x.txt", "zcat x.gz | head",
		"unxz x.xz", "xzcat x.xz", "bunzip2 x.bz2", "bzcat x.bz2", "zstdcat x.zst", "unzstd x.zst",
	}
	for _, line := range leave {
		t.Run(line, func(t *testing.T) {
			tree := fstest.MapFS{"x.sh": {Data: []byte("#!/bin/bash\nset -eu\n" + line + "\n")}}
			if got := summary(analyze(t, tree, "./x.sh", pat, Options{}).Uses); len(got) != 0 {
				t.Errorf("uses:\n%s\nwant none", strings.Join(got, "\n"))
			}
		})
	}
	// Programs left out on purpose: each may hand the credential on.
	keep := []struct{ line, program string }{
		{"envsubst < config.tmpl > config.yml", "envsubst"}, // copies the environment into its output
		{"printenv > env.txt", "printenv"},
		{"timeout 60 ./run-tests", "./run-tests"}, // runs another program, read in its place
		{"find . -name '*.sh' -exec sh {} \\;", "find"},
		{"split --filter='gzip > $FILE.gz' -l 1000 x.txt", "split"}, // --filter runs a shell command
		{"less x.txt", "less"},                                      // LESSOPEN runs a preprocessor
	}
	for _, c := range keep {
		t.Run(c.line, func(t *testing.T) {
			tree := fstest.MapFS{"x.sh": {Data: []byte("#!/bin/bash\n" + c.line + "\n")}}
			got := strings.Join(summary(analyze(t, tree, "./x.sh", pat, Options{}).Uses), "\n")
			if !strings.Contains(got, c.program) || !strings.Contains(got, "$GH_TOKEN in its environment") {
				t.Errorf("uses:\n%s\nwant %s named as a program that may use it", got, c.program)
			}
		})
	}
}
