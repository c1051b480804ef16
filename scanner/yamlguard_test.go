package scanner

import (
	"math/rand"
	"testing"
)

// markerByLoop is the byte-by-byte definition hasAnchorAndAlias speeds up.
func markerByLoop(data []byte) bool {
	anchor, alias := false, false
	for i := 0; i < len(data)-1; i++ {
		c := data[i]
		if c != '&' && c != '*' {
			continue
		}
		prev := byte(' ')
		if i > 0 {
			prev = data[i-1]
		}
		if prev != ' ' && prev != '\n' && prev != '[' && prev != ',' && prev != '\t' {
			continue
		}
		n := data[i+1]
		if !(n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z' || n >= '0' && n <= '9' || n == '_' || n == '-') {
			continue
		}
		if c == '&' {
			anchor = true
		} else {
			alias = true
		}
	}
	return anchor && alias
}

func TestHasAnchorAndAlias(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"a: &x 1\nb: *x\n", true},
		{"&x\n*x", true},
		{"a: &x 1\n", false},
		{"run: make && ./x *.txt\n", false},
		{"a: [&x 1, *x]", true},
		{"a: b&x c*x", false},
		{"", false},
		{"*", false},
	} {
		if got := hasAnchorAndAlias([]byte(c.in)); got != c.want {
			t.Errorf("hasAnchorAndAlias(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("&* \n\t[,ax-_.:")
	for i := 0; i < 20000; i++ {
		b := make([]byte, r.Intn(12))
		for k := range b {
			b[k] = alphabet[r.Intn(len(alphabet))]
		}
		if got, want := hasAnchorAndAlias(b), markerByLoop(b); got != want {
			t.Fatalf("hasAnchorAndAlias(%q) = %v, byte loop says %v", b, got, want)
		}
	}
}
