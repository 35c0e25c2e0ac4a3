package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// TestPassLoadsOnlyItsSources: the documents a crawl pass starts from (for
// its conditional requests and skips) are its sources' only; another
// source's are not read into memory.
func TestPassLoadsOnlyItsSources(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	var items []warehouse.Item
	for _, src := range []string{"a", "b", "b"} {
		d := touming.Document{URL: "https://" + src + ".gov.cn/" + time.Now().Format("150405.000000000") + ".html",
			SourceID: src, Status: touming.StatusFailed, Error: "no report", FetchedAt: time.Now().UTC()}
		items = append(items, warehouse.Item{Document: d})
	}
	if _, err := warehouse.WriteBatch(ctx, path, items); err != nil {
		t.Fatal(err)
	}
	docs, err := fileStore(path).documents(ctx, []touming.Source{{ID: "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].SourceID != "a" || docs[0].URL != items[0].Document.URL {
		t.Errorf("a pass over source a loaded %+v, want a's one document", docs)
	}
	if docs, err := fileStore(path).documents(ctx, []touming.Source{{ID: "a"}, {ID: "b"}}); err != nil || len(docs) != 3 {
		t.Errorf("a pass over a and b loaded %d documents (%v), want 3", len(docs), err)
	}
}
