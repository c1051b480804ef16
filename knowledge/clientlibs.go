package knowledge

import "sort"

// Client libraries of the scripts workflows run: the REST call each method
// of PyGithub and go-github makes.

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

// PyGithubMethodName reports whether method is a method of some PyGithub
// class in the table, and whether one such method writes (a REST call
// other than GET).
func PyGithubMethodName(method string) (known, writes bool) {
	for _, r := range pygithubMethods {
		if r.method == method {
			known = true
			writes = writes || r.httpMethod != "GET"
		}
	}
	return known, writes
}

// IsPyGithubClass reports whether PyGithub has methods of class in the
// table.
func IsPyGithubClass(class string) bool {
	i := sort.Search(len(pygithubMethods), func(i int) bool { return pygithubMethods[i].class >= class })
	return i < len(pygithubMethods) && pygithubMethods[i].class == class
}

// gogithubMethod is the generated form of one row of
// data/gogithub-methods.tsv.
type gogithubMethod struct {
	service, method, httpMethod, path string
}

// GoGithubMethod returns the REST call of go-github's
// client.Service.Method (Repositories, CreateRelease): its HTTP method and
// path template.
func GoGithubMethod(service, method string) (httpMethod, path string, ok bool) {
	i := sort.Search(len(gogithubMethods), func(i int) bool {
		r := gogithubMethods[i]
		return r.service > service || r.service == service && r.method >= method
	})
	if i < len(gogithubMethods) && gogithubMethods[i].service == service && gogithubMethods[i].method == method {
		return gogithubMethods[i].httpMethod, gogithubMethods[i].path, true
	}
	return "", "", false
}

// IsGoGithubService reports whether go-github has a service of that name
// (a field of its Client).
func IsGoGithubService(service string) bool {
	i := sort.Search(len(gogithubMethods), func(i int) bool { return gogithubMethods[i].service >= service })
	return i < len(gogithubMethods) && gogithubMethods[i].service == service
}
