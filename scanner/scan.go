package scanner

import (
	"context"

	"github.com/pat2app/pat2app/inventory"
)

// ScanRepo scans one repository's files. Findings come back sorted; input
// errors name the file (and line where known) and never stop the scan.
func (s *Scanner) ScanRepo(ctx context.Context, r RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	return nil, nil
}

// ScanPaths scans workflow files, repository checkouts, or folders of
// checkouts. The error is only for bad invocation (a path that does not
// exist); unreadable inputs are listed in the Inventory's Errors and make it
// incomplete.
func (s *Scanner) ScanPaths(ctx context.Context, paths []string) (*inventory.Inventory, error) {
	return &inventory.Inventory{SchemaVersion: inventory.SchemaVersion}, nil
}
