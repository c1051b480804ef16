package test

import (
	"os"
	"os/exec"
	"testing"
)

func TestInstall(t *testing.T) {
	args := []string{"upgrade", "--install", "app", "./chart"}
	args = append(args, "--set", "image.tag="+os.Getenv("TAG"))
	if err := exec.Command("helm", args...).Run(); err != nil {
		t.Fatal(err)
	}
	tool := os.Getenv("TOOL")
	if err := exec.Command(tool, "push").Run(); err != nil {
		t.Fatal(err)
	}
}
