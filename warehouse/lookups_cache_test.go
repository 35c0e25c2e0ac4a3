package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The batch's lookups read lookup_keys once for every hash it starts with
// (prefetchKeys) instead of once per kind: for each kind, the ids they
// find are those idsByKey's own scan finds, for values prefetched, values
// that were not (found later in a batch) and values nothing holds.
func TestPrefetchedKeysFindWhatTheScanFinds(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	write(t, db, truthItems(t)...)
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var urls, shas, fps []string
	for _, q := range []struct {
		sql string
		to  *[]string
	}{
		{`SELECT url FROM documents UNION SELECT url FROM reports`, &urls},
		{`SELECT sha256 FROM documents WHERE sha256 IS NOT NULL`, &shas},
		{`SELECT fingerprint FROM reports WHERE fingerprint IS NOT NULL`, &fps},
	} {
		if err := each(ctx, conn, q.sql, nil, func(r *sql.Rows) error {
			var s string
			err := r.Scan(&s)
			*q.to = append(*q.to, s)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if len(urls) < 4 || len(shas) < 2 || len(fps) < 2 {
		t.Fatalf("too few keys to compare: %d urls, %d hashes, %d fingerprints", len(urls), len(shas), len(fps))
	}
	// Half of the URLs are prefetched; the other half and an unknown
	// value are looked up as a batch finds them later.
	k := keys{urls: append(urls[:len(urls)/2:len(urls)/2], "https://nowhere.example/"), shas: shas, fps: fps}
	if err := prefetchKeys(ctx, conn, &k); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind   uint8
		values []string
	}{
		{keyDocURL, append(urls, "https://nowhere.example/", "https://later.example/")},
		{keyReportURL, urls},
		{keyDocSHA, append(shas, "0000")},
		{keyReportFP, fps},
		{keyDocURL, nil},
	} {
		got, err := k.idsOf(ctx, conn, c.kind, c.values)
		if err != nil {
			t.Fatal(err)
		}
		want, err := idsByKey(ctx, conn, c.kind, c.values)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !reflect.DeepEqual(got, want) || (len(c.values) > 0 && len(want) == 0) {
			t.Errorf("kind %d: prefetched %v, scanned %v", c.kind, got, want)
		}
	}
}

// TestLookupKeysUpgradeTo31Bits writes a batch, puts back the keys as
// migration 010 left them (60 bits) and reopens: migration 019 keeps 31
// bits of each, equal to what keyHash computes, and the batch written
// again is found whole (every document unchanged, no report added).
func TestLookupKeysUpgradeTo31Bits(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	items := truthItems(t)
	first := write(t, db, items...)
	if first.Reports == 0 {
		t.Fatal("the batch wrote no report: nothing to look up")
	}
	want := sortedRows(t, db, `SELECT h, kind, id FROM lookup_keys`)
	if _, err := db.sql.ExecContext(ctx, `DROP TABLE lookup_keys;
		CREATE TABLE lookup_keys (h BIGINT NOT NULL, kind UTINYINT NOT NULL, id BIGINT NOT NULL);
		INSERT INTO lookup_keys
		SELECT ('0x' || left(md5(url), 15))::BIGINT, 1, id FROM documents
		UNION ALL SELECT ('0x' || left(md5(sha256), 15))::BIGINT, 2, id FROM documents WHERE sha256 IS NOT NULL
		UNION ALL SELECT ('0x' || left(md5(url), 15))::BIGINT, 3, id FROM reports
		UNION ALL SELECT ('0x' || left(md5(fingerprint), 15))::BIGINT, 4, id FROM reports WHERE fingerprint IS NOT NULL;
		DELETE FROM schema_migrations WHERE version = 19`); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := sortedRows(t, db, `SELECT h, kind, id FROM lookup_keys`); !reflect.DeepEqual(got, want) {
		t.Errorf("keys after migration 019:\n%v\nwritten by the batch:\n%v", got, want)
	}
	if again := write(t, db, items...); again.Reports != 0 || again.Documents != 0 || again.Unchanged != len(items) {
		t.Errorf("the batch again after the upgrade: %+v, want every document unchanged", again)
	}
}

// collidingURLs finds two report URLs whose keys share lookup_keys' 31-bit
// hash (a pair turns up within about 55 k URLs).
func collidingURLs(t *testing.T) (string, string) {
	seen := map[int64]string{}
	for i := 0; i < 2_000_000; i++ {
		u := fmt.Sprintf("https://example.gov.cn/xxgk/%d.html", i)
		h := keyHash(u)
		if v, ok := seen[h]; ok {
			return v, u
		}
		seen[h] = u
	}
	t.Fatal("no two URLs share a hash")
	return "", ""
}

// TestLookupKeysCollide writes two documents whose URLs share a hash: each
// is its own document and report, found again as itself, and a new
// version at one URL leaves the other as it was. A hash only finds
// candidates; the lookups test the strings (migration 019's 31 bits make
// such pairs common: one key in ~500 at 4 M keys).
func TestLookupKeysCollide(t *testing.T) {
	a, b := collidingURLs(t)
	db := openTemp(t)
	first := write(t, db, Item{Document: doc(a, "page a"), Report: truthReport(t, truthNames[1])})
	second := write(t, db, Item{Document: doc(b, "page b"), Report: truthReport(t, truthNames[2])})
	if first.Documents != 1 || second.Documents != 1 || second.Reports != 1 || second.Unchanged+second.Duplicates != 0 {
		t.Fatalf("two URLs sharing a hash: %+v then %+v, want a new document and report each", first, second)
	}
	if again := write(t, db, Item{Document: doc(a, "page a"), Report: truthReport(t, truthNames[1])}); again.Unchanged != 1 || again.Documents != 0 {
		t.Errorf("the first URL again: %+v, want it unchanged", again)
	}
	if v2 := write(t, db, Item{Document: doc(b, "page b, corrected"), Report: truthReport(t, truthNames[2])}); v2.Documents != 1 {
		t.Errorf("a new version at the second URL: %+v, want one new document", v2)
	}
	got := one(t, db, `SELECT string_agg(url || '=' || n, ' ' ORDER BY url) FROM (SELECT url, count(*) AS n FROM documents GROUP BY url)`)
	want := strings.Join(slices.Sorted(slices.Values([]string{a + "=1", b + "=2"})), " ")
	if got != want {
		t.Errorf("documents by URL: %v, want %s", got, want)
	}
	if n := one(t, db, `SELECT count(*) FROM reports WHERE latest AND url IN (?, ?)`, a, b); n != int64(2) {
		t.Errorf("%v latest reports at the two URLs, want 2 (one each)", n)
	}
}
