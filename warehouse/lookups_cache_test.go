package warehouse

import (
	"context"
	"database/sql"
	"reflect"
	"slices"
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
