package config

import (
	"maps"
	"reflect"
	"slices"
)

// ForCheckout returns the configuration of one checkout of a folder scan:
// c, the run's configuration, with the settings of the checkout's own file
// own that concern its repository laid over it. owner replaces c's when
// set; pat_patterns, not_github_patterns and public_repos are added to
// c's; actions, scripts and endpoints replace c's entry of the same name
// and add the others.
//
// The settings that span the run stay c's: policy and allowlist (check),
// apps (token, verify), app_prefix and token_step (App names are unique
// across GitHub and one App serves many repositories). ignored names those
// own sets to something else than c, so that the caller can say so.
func (c *Config) ForCheckout(own *Config) (merged *Config, ignored []string, err error) {
	m := &Config{
		Owner:             c.Owner,
		PATPatterns:       appendNew(c.PATPatterns, own.PATPatterns),
		NotGitHubPatterns: appendNew(c.NotGitHubPatterns, own.NotGitHubPatterns),
		Actions:           overlay(c.Actions, own.Actions),
		Scripts:           overlay(c.Scripts, own.Scripts),
		Endpoints:         overlay(c.Endpoints, own.Endpoints),
		PublicRepos:       appendNew(c.PublicRepos, own.PublicRepos),
		Policy:            c.Policy,
		Allowlist:         c.Allowlist,
		Apps:              c.Apps,
		AppPrefix:         c.AppPrefix,
		TokenStep:         c.TokenStep,
	}
	if own.Owner != "" {
		m.Owner = own.Owner
	}
	if err := m.compile(); err != nil {
		return nil, nil, err
	}
	def := Default()
	for _, f := range []struct {
		key           string
		own, run, def any
	}{
		{"policy", own.Policy, c.Policy, def.Policy},
		{"allowlist", own.Allowlist, c.Allowlist, def.Allowlist},
		{"apps", own.Apps, c.Apps, def.Apps},
		{"app_prefix", own.AppPrefix, c.AppPrefix, def.AppPrefix},
		{"token_step", own.TokenStep, c.TokenStep, def.TokenStep},
	} {
		if !equalSetting(f.own, f.def) && !equalSetting(f.own, f.run) {
			ignored = append(ignored, f.key)
		}
	}
	return m, ignored, nil
}

// equalSetting compares two values of a setting; an empty list or map is
// the same as none.
func equalSetting(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if (va.Kind() == reflect.Slice || va.Kind() == reflect.Map) && va.Len() == 0 && vb.Len() == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// appendNew is base with the items of more it does not hold, in a new slice.
func appendNew(base, more []string) []string {
	out := slices.Clone(base)
	for _, s := range more {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// overlay is base with over's entries put over it, in a new map (nil when
// both are empty).
func overlay(base, over map[string]map[string]string) map[string]map[string]string {
	if len(base) == 0 && len(over) == 0 {
		return nil
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]map[string]string{}
	}
	maps.Copy(out, over)
	return out
}
