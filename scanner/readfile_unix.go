//go:build unix

package scanner

import (
	"io"
	"syscall"
)

// openForRead opens a file to read it once, start to end. On Unix it is a
// bare descriptor: os.Open would also set it up for the network poller,
// two more system calls per file that a scan of thousands of files pays
// for nothing. O_NONBLOCK keeps a FIFO swapped in after the Stat from
// blocking the open.
func openForRead(path string) (io.ReadCloser, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		return fdReader(fd), nil
	}
}

// fdReader reads a file descriptor.
type fdReader int

func (fd fdReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(int(fd), p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

func (fd fdReader) Close() error { return syscall.Close(int(fd)) }
