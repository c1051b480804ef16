package jsops

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

// squeeze folds runs of white space, to compare erased text readably.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestEraseTypes(t *testing.T) {
	cases := []struct{ ts, js string }{
		{"function f(a: string, b?: number): Promise<void> { return g(a) }", "function f(a , b ) { return g(a) }"},
		{"const x: Map<string, number[]> = new Map<string, number[]>()", "const x = new Map ()"},
		{"let a: { b: string }, c: number = 1", "let a , c = 1"},
		{"const f = async (x: number): Promise<{ ok: boolean }> => x", "const f = async (x ) => x"},
		{"type A = { a: string } | null\nconst b = 1", "const b = 1"},
		{"type T<K> =\n  | 'a'\n  | 'b'\nfoo()", "foo()"},
		{"export type P = ThenArg<ReturnType<typeof load>>\nbar()", "bar()"},
		{"interface I {\n  a: string\n}\nbaz()", "baz()"},
		{"export interface I extends J { a: string }\nq()", "q()"},
		{"import type { A } from './a'\nimport { type B, c } from './b'", "import { c } from './b'"},
		{"export type { A } from './a'\nx()", "x()"},
		{"const [o, n] = r.split('/') as [string, string]", "const [o, n] = r.split('/')"},
		{"const v = cfg satisfies Config", "const v = cfg"},
		{"const c = ['a', 'b'] as const", "const c = ['a', 'b']"},
		{"f(x!, y!.z, g()!)", "f(x , y .z, g() )"},
		{"if (a != b && !c) {}", "if (a != b && !c) {}"},
		{"const r = await $fetch<{ data: T, errors?: { message: string }[] }>('u', {})", "const r = await $fetch ('u', {})"},
		{"async function graphql<T> (q: string): Promise<T> {}", "async function graphql (q ) {}"},
		{"class A implements B, C {\n  private x: number = 1\n  y?: string\n  constructor(private readonly z: Z) {}\n  m(a: A): void {}\n}",
			"class A { x = 1 y constructor( z ) {} m(a ) {} }"},
		{"const o = { a: 1, b: c ? d : e }", "const o = { a: 1, b: c ? d : e }"},
		{"x = a ? f(b) : g(c)", "x = a ? f(b) : g(c)"},
		{"switch (k) { case 'a': f(); break }", "switch (k) { case 'a': f(); break }"},
		{"declare global {\n  interface W { x: 1 }\n}\nz()", "z()"},
		{"import * as y from 'yargs'\nimport { a as b } from 'c'", "import * as y from 'yargs' import { a as b } from 'c'"},
		{"for (const e of list as Item[]) {}", "for (const e of list ) {}"},
		{"const t = (v: unknown): v is string => typeof v === 'string'", "const t = (v ) => typeof v === 'string'"},
		{"if (a < b && c > d) {}", "if (a < b && c > d) {}"},
		{"const issues: { number: number; updatedAt: string }[] = JSON.parse(s)", "const issues = JSON.parse(s)"},
		{"function g(...args: string[]) {}", "function g(...args ) {}"},
		{"const m = new Set<number>()", "const m = new Set ()"},
	}
	for _, c := range cases {
		got := string(EraseTypes([]byte(c.ts)))
		if len(got) != len(c.ts) {
			t.Errorf("%q: length %d, want %d", c.ts, len(got), len(c.ts))
		}
		if squeeze(got) != squeeze(c.js) {
			t.Errorf("%q:\n got %q\nwant %q", c.ts, squeeze(got), squeeze(c.js))
		}
	}
}

// TestEraseCorpusTypeScript erases the TypeScript scripts of the shared
// corpus of whole repositories and parses the result.
func TestEraseCorpusTypeScript(t *testing.T) {
	root := "../../../shared/corpus2/repos"
	if _, err := os.Stat(root); err != nil {
		t.Skip("the shared corpus of repositories is not beside the checkout")
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".ts") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		out := EraseTypes(data)
		if _, err := js.Parse(parse.NewInputBytes(out), js.Options{}); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no TypeScript file in the corpus")
	}
}

// FuzzEraseTypes checks that erasing never panics and keeps every offset
// and line break.
func FuzzEraseTypes(f *testing.F) {
	f.Add("function f(a: string): void {}")
	f.Add("const x = y as unknown as T<{a: 1}>\ntype Q = A | B\n")
	f.Add("class C<T> implements D { private x?: T; }")
	f.Add("`a${b as c}d`")
	f.Fuzz(func(t *testing.T, src string) {
		out := EraseTypes([]byte(src))
		if len(out) != len(src) {
			t.Fatalf("length %d, want %d", len(out), len(src))
		}
		for i := range src {
			if (src[i] == '\n') != (out[i] == '\n') || out[i] != src[i] && out[i] != ' ' {
				t.Fatalf("byte %d: %q became %q", i, src[i], out[i])
			}
		}
	})
}
