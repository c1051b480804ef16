package scanner

// setupNodeAction reads actions/setup-node: its registry-url is the
// registry later npm commands of the job publish to and install from.
type setupNodeAction struct{ baseHandler }

func (setupNodeAction) handles(s *actionStep) bool { return s.name == "actions/setup-node" }

func (setupNodeAction) begin(js *jobState, s *actionStep) {
	if u := s.lit("registry-url"); u != "" {
		js.npmRegistry = hostOf(u)
	}
}
