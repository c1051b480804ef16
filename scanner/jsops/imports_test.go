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
			[]Require{{1, "./a"}, {2, "../b.js"}, {3, "./side"}, {5, "./d"}, {6, "./e"}}},
		{"require and import()", "const x = require('./x')\nconst y = require('y')\nasync function f() { await import('./z.mjs') }\nrequire('./x')\n",
			[]Require{{1, "./x"}, {3, "./z.mjs"}}},
		{"built at run time is not listed", "const n = process.env.N\nrequire('./' + n)\nrequire(`./${n}`)\n", nil},
		{"constant", "const p = './c'\nrequire(p)\n", []Require{{2, "./c"}}},
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
