package greeting

// For returns the greeting the server answers with.
func For(name string) string { return "Hello, " + name }
