package warehouse

import (
	"context"
	"testing"

	"github.com/touming/touming"
)

func TestReloadChangesNothing(t *testing.T) {
	db := openTemp(t)
	items := truthItems(t)
	st := write(t, db, items...)
	if st.Documents != 4 || st.Reports != 4 || st.Unchanged != 0 {
		t.Fatalf("first load: %+v", st)
	}
	before := count(t, db, "cells")
	st = write(t, db, items...)
	if st.Unchanged != 4 || st.Documents != 0 || st.Reports != 0 || st.Cells != 0 {
		t.Fatalf("reload: %+v", st)
	}
	if n := count(t, db, "documents"); n != 4 {
		t.Fatalf("documents after reload = %d, want 4", n)
	}
	if n := count(t, db, "cells"); n != before {
		t.Fatalf("cells after reload = %d, want %d", n, before)
	}
}

func TestChangedContentIsNewVersion(t *testing.T) {
	db := openTemp(t)
	r1 := truthReport(t, "pingtan-2024")
	write(t, db, Item{Document: doc("https://p.gov.cn/nb.htm", "v1"), Report: r1})
	r2 := truthReport(t, "pingtan-2024")
	r2.Values["apply.new_received.total"] = touming.Float(999)
	st := write(t, db, Item{Document: doc("https://p.gov.cn/nb.htm", "v2"), Report: r2})
	if st.Reports != 1 || st.Documents != 1 {
		t.Fatalf("changed content: %+v", st)
	}
	if n := count(t, db, "reports WHERE url = 'https://p.gov.cn/nb.htm'"); n != 2 {
		t.Fatalf("versions = %d, want 2", n)
	}
	if v := one(t, db, "SELECT version FROM reports WHERE latest"); v != int64(2) {
		t.Fatalf("latest version = %v, want 2", v)
	}
	if v := one(t, db, "SELECT value FROM report_values WHERE key = 'apply.new_received.total'"); v != 999.0 {
		t.Fatalf("report_values shows %v, want the new 999", v)
	}
	old := one(t, db, `SELECT c.value FROM cells c JOIN reports r ON r.id = c.report_id
		WHERE r.version = 1 AND c.key = 'apply.new_received.total' AND c.canonical`)
	if old != *r1.Values["apply.new_received.total"] {
		t.Fatalf("old version value = %v, want %v", old, *r1.Values["apply.new_received.total"])
	}
	// The page goes back to the first content: version 1 is current again.
	st = write(t, db, Item{Document: doc("https://p.gov.cn/nb.htm", "v1"), Report: r1})
	if st.Reports != 0 || st.Duplicates != 1 {
		t.Fatalf("reverted content: %+v", st)
	}
	if v := one(t, db, "SELECT version FROM reports WHERE latest"); v != int64(1) {
		t.Fatalf("latest after revert = %v, want 1", v)
	}
}

func TestSameReportUnderAnotherURL(t *testing.T) {
	db := openTemp(t)
	r := truthReport(t, "huaian-city-2024")
	d := doc("https://h.gov.cn/art/2025/1/1/art_1.html", "body")
	write(t, db, Item{Document: d, Report: r})
	tracked := d
	tracked.URL += "?from=list"
	redirected := doc("https://h.gov.cn/old/1.html", "other chrome, same tables")
	redirected.FinalURL = "https://h.gov.cn/new/1.html"
	st := write(t, db, Item{Document: tracked, Report: r}, Item{Document: redirected, Report: truthReport(t, "huaian-city-2024")})
	if st.Duplicates != 2 || st.Reports != 0 || st.Documents != 2 {
		t.Fatalf("same report again: %+v", st)
	}
	if n := count(t, db, "reports"); n != 1 {
		t.Fatalf("reports = %d, want 1", n)
	}
	if n := count(t, db, "documents WHERE report_id = 1"); n != 3 {
		t.Fatalf("documents linked to the report = %d, want 3", n)
	}
}

func TestFailedDocumentRecorded(t *testing.T) {
	db := openTemp(t)
	d := doc("https://x.gov.cn/tj.html", "图解")
	d.Status, d.Error = touming.StatusNotReport, "extract tj.html: not an annual report"
	st := write(t, db, Item{Document: d})
	if st.Failed != 1 || st.Documents != 1 {
		t.Fatalf("failed document: %+v", st)
	}
	docs, err := db.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Status != touming.StatusNotReport || docs[0].Error != d.Error || docs[0].ETag != d.ETag {
		t.Fatalf("Documents() = %+v", docs)
	}
	if n := count(t, db, "reports"); n != 0 {
		t.Fatalf("a failed document made %d reports", n)
	}
	if st := write(t, db, Item{Document: d}); st.Unchanged != 1 {
		t.Fatalf("failed document again: %+v", st)
	}
}

func TestFailedBatchWritesNothing(t *testing.T) {
	db := openTemp(t)
	items := truthItems(t)
	// The last item re-writes a document that does not exist: the batch
	// fails after the first items were placed.
	items = append(items, Item{Document: touming.Document{ID: 42}, Report: truthReport(t, "pingtan-2024")})
	_, err := db.Write(context.Background(), items)
	mustContain(t, err, "item 4", "document 42 is not in the warehouse")
	for _, table := range []string{"documents", "reports", "cells"} {
		if n := count(t, db, table); n != 0 {
			t.Fatalf("%s has %d rows after a failed batch", table, n)
		}
	}
	write(t, db, truthItems(t)...)
	if n := count(t, db, "reports"); n != 4 {
		t.Fatalf("reports after retry = %d", n)
	}
}

func TestReextractRewritesInPlace(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	write(t, db, truthItems(t)...)
	docs, err := db.Archived(ctx)
	if err != nil || len(docs) != 4 {
		t.Fatalf("Archived = %d docs, %v", len(docs), err)
	}
	r := truthReport(t, "shanghai-office-2019")
	r.Values["review.total"] = touming.Float(8)
	var target touming.Document
	for _, d := range docs {
		if d.URL == "https://example.gov.cn/shanghai-office-2019.html" {
			target = d
		}
	}
	failed := docs[0]
	failed.Status, failed.Error = touming.StatusFailed, "extract: engine crashed"
	st := write(t, db, Item{Document: target, Report: r}, Item{Document: failed})
	if st.Replaced != 1 || st.Failed != 1 || st.Reports != 0 {
		t.Fatalf("reextract: %+v", st)
	}
	if v := one(t, db, "SELECT value FROM report_values WHERE agency = '上海市人民政府办公厅' AND key = 'review.total'"); v != 8.0 {
		t.Fatalf("re-written value = %v", v)
	}
	if n := count(t, db, "reports"); n != 4 {
		t.Fatalf("reports = %d after reextract, want 4", n)
	}
	// The failed re-extraction kept the report it had.
	if n := count(t, db, "report_values WHERE report_id = (SELECT report_id FROM documents WHERE id = ?)", failed.ID); n < 100 {
		t.Fatalf("the failed re-extraction lost its report (%d values)", n)
	}
}

func TestRegions(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	if err := db.UpsertSources(ctx, []touming.Source{{ID: "pt", Name: "平潭", Region: "350128", Start: []string{"https://pt.gov.cn/"}}}); err != nil {
		t.Fatal(err)
	}
	mk := func(agency, url, source string) Item {
		r := truthReport(t, "pingtan-2024")
		r.Meta.Agency = agency
		d := doc(url, url)
		d.SourceID = source
		return Item{Document: d, Report: r}
	}
	write(t, db,
		mk("新乡县人民政府办公室", "https://a/1", ""),
		mk("河南省新乡市新乡县人民政府", "https://a/2", ""),
		mk("朝阳区人民政府", "https://a/3", ""),
		mk("北京市朝阳区人民政府", "https://a/4", ""),
		mk("平潭综合实验区管委会", "https://a/5", "pt"),
		mk("淮安市人民政府", "https://a/6", ""),
		mk("平潭综合实验区管委会（平潭综合实验区）", "https://a/7", ""),
		mk("新乡人民政府", "https://a/8", ""),
	)
	want := map[string]any{"https://a/1": "410721", "https://a/2": "410721", "https://a/3": nil,
		"https://a/4": "110105", "https://a/5": "350128", "https://a/6": "320800",
		"https://a/7": "350128", "https://a/8": nil}
	for url, code := range want {
		if got := one(t, db, "SELECT region_code FROM reports WHERE url = ?", url); got != code {
			t.Errorf("%s: region %v, want %v", url, got, code)
		}
	}
	if n := count(t, db, "regions WHERE level = 'county'"); n < 2800 {
		t.Fatalf("regions holds %d counties", n)
	}
}

func TestUnknownCellClassNamed(t *testing.T) {
	db := openTemp(t)
	r := truthReport(t, "pingtan-2024")
	r.Cells[3].Class = "weird"
	_, err := db.Write(context.Background(), []Item{{Document: doc("https://p.gov.cn/1.htm", "x"), Report: r}})
	mustContain(t, err, "item 0", "https://p.gov.cn/1.htm", r.Cells[3].Key, "weird")
}

func TestCellsKeepTheirLabels(t *testing.T) {
	db := openTemp(t)
	r := truthReport(t, "pingtan-2024")
	for i := range r.Cells {
		r.Cells[i].Table, r.Cells[i].RowLabel, r.Cells[i].ColLabel = "三", "行"+r.Cells[i].Key, "列"
	}
	write(t, db, Item{Document: doc("https://p.gov.cn/1.htm", "x"), Report: r})
	got := one(t, db, `SELECT row_label || '|' || col_label FROM cells WHERE key = 'review.total'`)
	if got != "行review.total|列" {
		t.Fatalf("labels = %v", got)
	}
	if n := count(t, db, "cells WHERE row_label IS NULL"); n != 0 {
		t.Fatalf("%d cells lost their labels", n)
	}
}

func TestFailedDocumentGetsItsReportLater(t *testing.T) {
	db := openTemp(t)
	d := doc("https://x.gov.cn/nb.pdf", "pdf bytes")
	failed := d
	failed.Status, failed.Error = touming.StatusFailed, "extract nb.pdf: engine crashed"
	write(t, db, Item{Document: failed})
	st := write(t, db, Item{Document: d, Report: truthReport(t, "huaian-city-2024")})
	if st.Reports != 1 || st.Documents != 0 || st.Unchanged != 0 {
		t.Fatalf("same content, now read: %+v", st)
	}
	if v := one(t, db, "SELECT status FROM documents"); v != touming.StatusOK {
		t.Fatalf("document status = %v", v)
	}
	if n := count(t, db, "report_values WHERE url = 'https://x.gov.cn/nb.pdf'"); n == 0 {
		t.Fatal("the report is not in report_values")
	}
	if st := write(t, db, Item{Document: d, Report: truthReport(t, "huaian-city-2024")}); st.Unchanged != 1 {
		t.Fatalf("and then again: %+v", st)
	}
}

// TestFingerprintKeyOrder: the fast path over the template's keys hashes
// exactly what sorting the report's own keys does, extra keys included.
func TestFingerprintKeyOrder(t *testing.T) {
	keys := sortedFieldKeys(touming.MustFields())
	r := truthReport(t, "pingtan-2024")
	if fingerprint(r, keys[r.Template]) != fingerprint(r, sortedKeys(r.Values)) {
		t.Fatal("the template's key order gives another fingerprint")
	}
	r.Values["apply.other_total.total"] = touming.Float(3) // a 2019 key in a 2021 report
	if fingerprint(r, keys[r.Template]) != fingerprint(r, sortedKeys(r.Values)) {
		t.Fatal("an extra key is left out of the fingerprint")
	}
}
