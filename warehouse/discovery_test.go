package warehouse

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/touming/touming"
)

// TestDiscoveries: each pass adds a row per source; a column keeps its
// first sighting and moves its last; the latest row is what the next pass
// starts from.
func TestDiscoveries(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	t1 := time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)
	t2 := t1.Add(24 * time.Hour)
	first := []touming.Discovery{
		{SourceID: "a", CheckedAt: t1, Status: touming.DiscoveryOK, Start: "http://a/", Home: "http://a/", Title: "甲县人民政府",
			CMS: "TRS", CrawlDelay: 2 * time.Second, Columns: []string{"http://a/nb/"}},
		{SourceID: "b", CheckedAt: t1, Status: touming.DiscoveryDead, Reason: "connection refused", Start: "http://b/"},
	}
	if err := db.RecordDiscoveries(ctx, first); err != nil {
		t.Fatal(err)
	}
	second := []touming.Discovery{{SourceID: "a", CheckedAt: t2, Status: touming.DiscoveryMoved, Reason: "http://a/nb/: HTTP 404",
		Start: "http://a/nb/", Previous: []string{"http://a/nb/"}, Columns: []string{"http://a/zfxxgk/nb/"}}}
	if err := db.RecordDiscoveries(ctx, second); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `source_discovery`); n != 3 {
		t.Errorf("%d discovery rows, want 3 (history kept)", n)
	}
	if n := count(t, db, `source_discovery WHERE crawl_delay_s IS NULL AND source_id = 'b'`); n != 1 {
		t.Errorf("no Crawl-delay is null, not 0")
	}
	last, err := db.LastDiscoveries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, b := last["a"], last["b"]
	if a.Status != touming.DiscoveryMoved || !a.CheckedAt.Equal(t2) || !slices.Equal(a.Columns, []string{"http://a/zfxxgk/nb/"}) ||
		!slices.Equal(a.Previous, []string{"http://a/nb/"}) {
		t.Errorf("a: %+v", a)
	}
	if b.Status != touming.DiscoveryDead || b.Reason != "connection refused" || len(b.Columns) != 0 {
		t.Errorf("b: %+v", b)
	}
	// the same column seen again moves its last sighting only
	third := []touming.Discovery{{SourceID: "a", CheckedAt: t2.Add(time.Hour), Status: touming.DiscoveryOK, Columns: []string{"http://a/nb/"}}}
	if err := db.RecordDiscoveries(ctx, third); err != nil {
		t.Fatal(err)
	}
	var fs, ls time.Time
	if err := db.sql.QueryRow(`SELECT first_seen, last_seen FROM source_columns WHERE url = 'http://a/nb/'`).Scan(&fs, &ls); err != nil {
		t.Fatal(err)
	}
	if !fs.Equal(t1) || !ls.Equal(t2.Add(time.Hour)) {
		t.Errorf("first %s last %s", fs, ls)
	}
}

// TestMigrationGap: a file that has a higher migration but not a lower one
// (numbers are handed out ahead and land in any order) gets the lower one
// on open.
func TestMigrationGap(t *testing.T) {
	ctx := context.Background()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	s, path := migratedTo(t, 3)
	old := &DB{sql: s, path: path, fields: touming.MustFields()}
	// 006 first, as if it landed first (it needs no other table; later
	// migrations such as 011 read the tables of 004 and 009).
	i := slices.IndexFunc(ms, func(m migration) bool { return m.version == 6 })
	if err := old.migrateTo(ctx, ms[i:i+1]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `schema_migrations`); n != int64(len(ms)) {
		t.Errorf("%d migrations recorded, want all %d", n, len(ms))
	}
	if n := count(t, db, `information_schema.tables WHERE table_name = 'agencies'`); n != 1 {
		t.Errorf("004's agencies table is missing after the gap was filled")
	}
}
