package knowledge

import "sort"

// PyGithubCall is the REST call a PyGithub method makes
// (data/pygithub-methods.tsv).
type PyGithubCall struct {
	// Method and Path are the HTTP method and the path template.
	Method, Path string
	// Returns is the PyGithub class the method returns (an element's for a
	// PaginatedList), "" when it returns no PyGithub object.
	Returns string
}

// pygithubMethod is the generated form of one row of
// data/pygithub-methods.tsv.
type pygithubMethod struct {
	class, method, httpMethod, path, returns string
}

// PyGithubMethod returns the REST call of class.method in PyGithub (the
// client class is Github).
func PyGithubMethod(class, method string) (PyGithubCall, bool) {
	i := sort.Search(len(pygithubMethods), func(i int) bool {
		r := pygithubMethods[i]
		return r.class > class || r.class == class && r.method >= method
	})
	if i < len(pygithubMethods) && pygithubMethods[i].class == class && pygithubMethods[i].method == method {
		r := pygithubMethods[i]
		return PyGithubCall{Method: r.httpMethod, Path: r.path, Returns: r.returns}, true
	}
	return PyGithubCall{}, false
}

// IsPyGithubClass reports whether PyGithub has methods of class in the
// table.
func IsPyGithubClass(class string) bool {
	i := sort.Search(len(pygithubMethods), func(i int) bool { return pygithubMethods[i].class >= class })
	return i < len(pygithubMethods) && pygithubMethods[i].class == class
}
