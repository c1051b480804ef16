package shellops

import (
	"encoding/json"
	"os"
	"testing"
)

func TestTry(t *testing.T) {
	src := os.Getenv("TRY")
	if src == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(src)
	var in Input
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	r := Analyze(in)
	out, _ := json.MarshalIndent(r, "", "  ")
	t.Log(string(out))
}
