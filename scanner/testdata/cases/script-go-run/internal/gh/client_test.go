package gh

import (
	"os"
	"testing"

	"example.com/e2e"
)

func TestE2E(t *testing.T) {
	token := os.Getenv("GH_E2E_TOKEN")
	if token == "" {
		t.Skip("no token")
	}
	e2e.Run(t, token)
}
