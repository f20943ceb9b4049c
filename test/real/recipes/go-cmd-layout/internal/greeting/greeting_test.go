package greeting

import "testing"

func TestFor(t *testing.T) {
	if got := For("go"); got != "Hello, go" {
		t.Fatalf("For(go) = %q", got)
	}
}
