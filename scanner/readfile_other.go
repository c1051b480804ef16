//go:build !unix

package scanner

import (
	"io"
	"os"
)

// openForRead opens a file to read it once, start to end.
func openForRead(path string) (io.ReadCloser, error) { return os.Open(path) }
