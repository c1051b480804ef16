package config

import (
	"fmt"
	"sort"
)

// AppCredentials say how pat2app authenticates as one GitHub App of the
// plan: its client ID (or App ID) and where its private keys are. Keys are
// file paths or env:NAME, never the key itself; two during a rotation,
// tried in order.
type AppCredentials struct {
	ClientID       string   `yaml:"client_id"`
	AppID          int64    `yaml:"app_id"`
	PrivateKeys    []string `yaml:"private_keys"`
	InstallationID int64    `yaml:"installation_id"`
}

// App returns the credentials configured for the plan's App name.
func (c *Config) App(name string) (AppCredentials, bool) {
	a, ok := c.Apps[name]
	return a, ok
}

// AppNames returns the configured App names, sorted.
func (c *Config) AppNames() []string {
	names := make([]string, 0, len(c.Apps))
	for n := range c.Apps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// validateApps checks each entry names an App and at least one key.
func (c *Config) validateApps() error {
	for _, name := range c.AppNames() {
		a := c.Apps[name]
		if a.ClientID == "" && a.AppID == 0 {
			return fmt.Errorf("apps: %s: give client_id (or app_id)", name)
		}
		if len(a.PrivateKeys) == 0 {
			return fmt.Errorf("apps: %s: give private_keys (file paths or env:NAME)", name)
		}
	}
	return nil
}
