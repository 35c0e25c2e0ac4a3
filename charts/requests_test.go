package charts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/touming/touming"
)

func TestHostAllowed(t *testing.T) {
	for addr, cases := range map[string]map[string]bool{
		"127.0.0.1:8080": {"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.1:9090": false,
			"evil.example:8080": false, "stats.example.gov.cn": true, "stats.example.gov.cn:443": true, "10.1.2.3:8080": false},
		"0.0.0.0:8080":  {"10.1.2.3:8080": true, "[fe80::1]:8080": true, "localhost:8080": true, "evil.example:8080": false},
		"10.1.2.3:80":   {"10.1.2.3": true, "10.1.2.3:80": true, "10.1.2.4": false, "evil.example": false},
		"127.0.0.1:443": {"proxy.local:443": true, "proxy.local:444": false},
	} {
		s := &Server{cfg: Config{Addr: addr, AllowHosts: []string{"stats.example.gov.cn", "proxy.local:443"}}}
		for host, want := range cases {
			if got := s.hostAllowed(host); got != want {
				t.Errorf("served on %s: Host %q allowed = %v, want %v", addr, host, got, want)
			}
		}
	}
}

func TestCrossSiteRequestsRefused(t *testing.T) {
	db := userDB(2)
	s, err := New(Config{DB: db, Addr: "127.0.0.1:8080"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, path string
		header       map[string]string
		want         int
	}{
		{"GET", "/sql?format=csv&q=SELECT+1", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"GET", "/sql?format=csv&q=SELECT+1", map[string]string{"Origin": "http://evil.example"}, 403},
		{"GET", "/sql?format=csv&q=SELECT+1", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8080"}, 200},
		{"GET", "/sql?format=csv&q=SELECT+1", nil, 200},
		{"POST", "/sql/save", map[string]string{"Origin": "null"}, 403},
		{"GET", "/healthz", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200}, // a link to a page is fine
	} {
		req := httptest.NewRequest(c.method, "http://127.0.0.1:8080"+c.path, nil)
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s %s %v: status %d, want %d: %s", c.method, c.path, c.header, rec.Code, c.want, rec.Body)
		}
	}
	if len(db.calls) != 2 {
		t.Errorf("queries run: %q, want only the two same-origin ones", db.calls)
	}
}

// One more query than --sql-max-running gets 503 at once.
func TestSQLQueriesAtOnce(t *testing.T) {
	db := userDB(1)
	release, started := make(chan struct{}), make(chan struct{})
	db.user = func(ctx context.Context, maxRows int, sql string) (*touming.Table, error) {
		started <- struct{}{}
		<-release
		return tbl([]string{"a"}, []any{1.0}), nil
	}
	s, err := New(Config{DB: db, SQLMaxRunning: 1})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/sql?format=json&q="+url.QueryEscape("SELECT 1"), nil))
		done <- rec.Code
	}()
	<-started
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/sql?format=json&q="+url.QueryEscape("SELECT 2"), nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "sql-max-running") {
		t.Errorf("second query: %d %s, want 503 naming the limit", rec.Code, rec.Body)
	}
	close(release)
	if code := <-done; code != 200 {
		t.Errorf("first query: %d", code)
	}
}
