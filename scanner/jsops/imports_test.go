package jsops

import (
	"reflect"
	"testing"
)

func TestLocalImports(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       []Require
	}{
		{"import forms", "import a from './a'\nimport {b} from \"../b.js\"\nimport './side'\nimport * as c from 'c'\nexport * from './d'\nexport {e} from './e'\n",
			[]Require{{Line: 1, Spec: "./a"}, {Line: 2, Spec: "../b.js"}, {Line: 3, Spec: "./side"}, {Line: 5, Spec: "./d"}, {Line: 6, Spec: "./e"}}},
		{"require and import()", "const x = require('./x')\nconst y = require('y')\nasync function f() { await import('./z.mjs') }\nrequire('./x')\n",
			[]Require{{Line: 1, Spec: "./x"}, {Line: 3, Spec: "./z.mjs"}}},
		{"built at run time is not listed", "const n = process.env.N\nrequire('./' + n)\nrequire(`./${n}`)\n", nil},
		{"constant", "const p = './c'\nrequire(p)\n", []Require{{Line: 2, Spec: "./c"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LocalImports(tc.code)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
