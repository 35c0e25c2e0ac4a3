package sampleportal

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// The portal's root names the sample and links every site, instead of 404.
func TestRootNamesItself(t *testing.T) {
	p := New(Options{})
	srv := httptest.NewServer(p.Handler())
	defer srv.Close()
	res, body := get(t, srv, "/")
	if res.StatusCode != 200 || !strings.Contains(string(body), "touming 示例门户") {
		t.Fatalf("root: %d\n%s", res.StatusCode, body)
	}
	for _, s := range p.Sites() {
		if !strings.Contains(string(body), `href="/`+s.ID+s.Start+`"`) {
			t.Errorf("root does not link %s", s.ID)
		}
	}
}
