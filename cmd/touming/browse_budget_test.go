package main

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A browse page whose count, facets and sort do not finish within their
// budgets still shows its rows at once: the count and each facet are left
// out with a note and a link that computes them on the SQL page, and the
// rows come in the relation's own order with a note. With the default
// budgets the same page counts, facets and sorts (the sample is small).
func TestBrowseBudgetsLeaveOutWhatIsSlow(t *testing.T) {
	db := serveSampleWarehouse(t)
	tight := startServe(t, serveConfig{DB: db, SQL: sqlLimits{CountBudget: time.Nanosecond, SortBudget: time.Nanosecond}})
	code, body := httpGet(t, tight+"/data/cells?_sort_desc=value&_facet=class")
	if code != 200 {
		t.Fatalf("/data/cells with tight budgets: %d\n%.2000s", code, body)
	}
	for _, want := range []string{"计数在 1ns 后停止", "在 SQL 页面计数", "在 SQL 页面计算这个分面", `id="sort-note"`, "按 value 排序在 1ns 内没有排完", "<td"} {
		if !strings.Contains(body, want) {
			t.Errorf("tight budgets: the page lacks %q", want)
		}
	}
	if strings.Contains(body, `<p id="count"><b>`) {
		t.Error("tight budgets: the page shows a count it had no time for")
	}
	// The link computes what was left out (on a server with time for it).
	roomy := startServe(t, serveConfig{DB: db})
	n := countOf(t, db, "SELECT count(*) FROM cells")
	link := between(body, `（<a href="`, `">在 SQL 页面计数`)
	if code, out := httpGet(t, roomy+html.UnescapeString(link)); code != 200 || !strings.Contains(out, `<td class="n">`+strconv.Itoa(n)+`</td>`) {
		t.Errorf("the count's link %q: %d, no count of %d", link, code, n)
	}
	_, full := httpGet(t, roomy+"/data/cells?_sort_desc=value&_facet=class")
	if pageTotal(t, full) != n || strings.Contains(full, "sort-note") || strings.Contains(full, "计算这个分面") {
		t.Errorf("default budgets: count %d (want %d), or a note left", pageTotal(t, full), n)
	}
	// The SQL page's count is budgeted too.
	_, sqlPage := httpGet(t, tight+"/sql?sql="+url.QueryEscape("SELECT * FROM cells"))
	if !strings.Contains(sqlPage, "行数未知") || !strings.Contains(sqlPage, "计算总行数") || !strings.Contains(sqlPage, "显示第 1–100 行") {
		t.Errorf("SQL page with a tight count budget:\n%.3000s", sqlPage)
	}
}

// between is the text of s between the first before and the next after.
func between(s, before, after string) string {
	_, rest, _ := strings.Cut(s, before)
	out, _, _ := strings.Cut(rest, after)
	return out
}
