package warehouse

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// docsOfTwoSources writes two documents of source a (one URL twice, its
// content changed) and one of source b, and a file loaded without one.
func docsOfTwoSources(t *testing.T) *DB {
	db := openTemp(t)
	mk := func(url, body, source string) Item {
		d := doc(url, body)
		d.SourceID, d.Status, d.Error = source, touming.StatusFailed, "no report in it"
		return Item{Document: d}
	}
	write(t, db, mk("https://a.gov.cn/1.html", "a1", "a"), mk("https://a.gov.cn/2.html", "a2", "a"),
		mk("https://b.gov.cn/1.html", "b1", "b"), mk("/data/file.pdf", "f", ""))
	write(t, db, mk("https://a.gov.cn/1.html", "a1 changed", "a"))
	return db
}

func urlsOf(docs []touming.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.SourceID+" "+d.URL+" "+d.SHA256[:8])
	}
	return out
}

// TestDocumentsOfReadsOnlyThePassSources: a crawl pass over source a gets
// a's documents, the latest at each URL, and none of b's.
func TestDocumentsOfReadsOnlyThePassSources(t *testing.T) {
	db := docsOfTwoSources(t)
	ctx := context.Background()
	got, err := db.DocumentsOf(ctx, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []touming.Document
	for _, d := range all {
		if d.SourceID == "a" {
			want = append(want, d)
		}
	}
	if len(want) != 2 || len(all) != 4 || fmt.Sprint(urlsOf(got)) != fmt.Sprint(urlsOf(want)) {
		t.Errorf("DocumentsOf(a) = %v\nwant %v (of %v)", urlsOf(got), urlsOf(want), urlsOf(all))
	}
	if none, err := db.DocumentsOf(ctx, []string{"c"}); err != nil || len(none) != 0 {
		t.Errorf("DocumentsOf(c) = %v, %v; want nothing", urlsOf(none), err)
	}
}

// TestDocumentsAtFindsByURL: touming load asks for its files' documents
// only, found through lookup_keys; a URL never stored gives nothing.
func TestDocumentsAtFindsByURL(t *testing.T) {
	db := docsOfTwoSources(t)
	got, err := db.DocumentsAt(context.Background(), []string{"/data/file.pdf", "https://a.gov.cn/1.html", "/data/other.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(urlsOf(got)); len(got) != 2 || !strings.Contains(s, " /data/file.pdf") || !strings.Contains(s, "a https://a.gov.cn/1.html") {
		t.Errorf("DocumentsAt = %v, want the file and a's latest 1.html", s)
	}
	for _, d := range got {
		if d.URL == "https://a.gov.cn/1.html" && d.SHA256 != doc("", "a1 changed").SHA256 {
			t.Errorf("DocumentsAt gave an earlier content of %s", d.URL)
		}
	}
}
