package warehouse

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/touming/touming"
)

// TestBatchDeliveredTwiceAddsNothing writes one batch under an id twice:
// the second delivery adds no row anywhere, even with its documents
// re-fetched since (other times, other ETags).
func TestBatchDeliveredTwiceAddsNothing(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	items := truthItems(t)
	st, loaded, err := db.WriteOnce(ctx, "run1/site-a/1", "run1", items)
	if err != nil || !loaded || st.Reports != len(items) {
		t.Fatalf("first delivery: %+v loaded %v err %v", st, loaded, err)
	}
	tables := []string{"documents", "reports", "cell_values", "checks", "batches"}
	before := map[string]int64{}
	for _, tb := range tables {
		before[tb] = count(t, db, tb)
	}
	again := truthItems(t)
	for i := range again {
		again[i].Document.FetchedAt = time.Now()
		again[i].Document.ETag = `"other"`
		again[i].Document.SHA256 = ""
	}
	st, loaded, err = db.WriteOnce(ctx, "run1/site-a/1", "run1", again)
	if err != nil || loaded || st != (Stats{}) {
		t.Fatalf("second delivery: %+v loaded %v err %v", st, loaded, err)
	}
	for _, tb := range tables {
		if n := count(t, db, tb); n != before[tb] {
			t.Errorf("%s: %d rows after the second delivery, %d before", tb, n, before[tb])
		}
	}
	if got := one(t, db, `SELECT items FROM batches WHERE id = 'run1/site-a/1'`); got != int64(len(items)) {
		t.Errorf("batches.items = %v (%T)", got, got)
	}
}

// TestRecordRun keeps a run's rows in crawl_runs, the totals with a NULL
// source and a source on a shared host without request counts.
func TestRecordRun(t *testing.T) {
	db := openTemp(t)
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	h := &touming.HTTPStats{Requests: 12, Retries: 2, Bytes: 4096, Responses: map[string]int64{"200": 9, "404": 1}}
	rows := []touming.RunStats{
		{RunID: "r1", Started: start, Finished: start.Add(90 * time.Second), FinishReason: touming.FinishFinished, HTTP: h, Pages: 3, New: 4, Failed: 1},
		{RunID: "r1", SourceID: "a", Started: start, Finished: start.Add(90 * time.Second), FinishReason: touming.FinishFinished, Pages: 3, New: 4, Failed: 1},
	}
	if err := db.RecordRun(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
	if got := one(t, db, `SELECT responses['404'] FROM crawl_runs WHERE source_id IS NULL`); got != int64(1) {
		t.Errorf("responses['404'] = %v (%T)", got, got)
	}
	if got := one(t, db, `SELECT elapsed_s FROM crawl_runs WHERE source_id IS NULL`); got != 90.0 {
		t.Errorf("elapsed_s = %v", got)
	}
	if got := one(t, db, `SELECT requests IS NULL AND responses IS NULL FROM crawl_runs WHERE source_id = 'a'`); got != true {
		t.Errorf("a shared host's source has request counts: %v", got)
	}
}

// TestMigrationsLandingOutOfOrder: a file migrated with a later number
// first still gets an earlier one that lands afterwards.
func TestMigrationsLandingOutOfOrder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gap.duckdb")
	s, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := &DB{sql: s, path: path, fields: touming.MustFields()}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	// 006 lands after the later ones (which do not read its tables).
	skipped := migrationNumbered(t, ms, 6)
	var others []migration
	for _, m := range ms {
		if m.version != skipped.version {
			others = append(others, m)
		}
	}
	if err := db.migrateTo(ctx, others); err != nil {
		t.Fatal(err)
	}
	if err := db.migrateTo(ctx, ms); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, skipped.version).Scan(&n); err != nil || n != 1 {
		t.Fatalf("migration %s not applied after a later one: %d, %v", skipped.name, n, err)
	}
}

// migrationNumbered returns migration v of ms.
func migrationNumbered(t *testing.T, ms []migration, v int) migration {
	t.Helper()
	for _, m := range ms {
		if m.version == v {
			return m
		}
	}
	t.Fatalf("no migration %03d", v)
	return migration{}
}
