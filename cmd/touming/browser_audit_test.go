package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The audit page (审核) in a real browser, on the sample portal: its five
// charts draw with a bar per year, a count links to the reports behind it,
// and the report page of the copied report lists its finding in Chinese
// with the carry-over report's differing cell marked. Nothing leaves
// 127.0.0.1.
func TestBrowserAuditPage(t *testing.T) {
	ctx := browser(t)
	db := serveSampleWarehouse(t)
	ids := query(t, db, `SELECT report_id FROM audit_findings WHERE rule = 'C5' AND NOT ok LIMIT 1`)
	if len(ids) != 1 {
		t.Fatalf("no failing carry-over finding in the sample warehouse")
	}
	id := ids[0]
	base := startServe(t, serveConfig{DB: db})
	var reqs requestLog
	if err := chromedp.Listen(ctx, reqs.listen); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.Navigate(base+"/audit?by=year")); err != nil {
		t.Fatal(err)
	}
	const drawn = `(() => { const c = [...document.querySelectorAll('section[id^="panel-audit_"] .item')];
		if (c.length === 0 || !c.every(e => e.querySelector('canvas'))) return "";
		return c.map(e => e.id + ":" + echarts.getInstanceByDom(e).getOption().xAxis[0].data.length).join(","); })()`
	charts, err := chromedp.Run(wait, chromedp.Poll[string](drawn, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		dbg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('section[id^="panel-audit_"] .item')].map(e => e.id + "/" + !!e.querySelector('canvas') + "/" + (typeof echarts)).join(",") + " CSP:" + (document.querySelector('meta[http-equiv]')||{}).content`))
		t.Fatalf("audit charts did not draw: %v %s", err, dbg)
	}
	for _, id := range []string{"audit_arith:6", "audit_time:6", "audit_complete:6", "audit_copy:6"} {
		if !strings.Contains(charts, id) {
			t.Errorf("audit charts %q lack %s (a bar per year)", charts, id)
		}
	}
	screenshot(t, wait, "audit.png")
	// The copied report: the 雷同 count of 2023 opens the reports behind it.
	if err := chromedp.Do(wait, chromedp.Click(`#panel-audit_copy tr:nth-child(6) td:nth-child(4) a`), chromedp.WaitVisible(`#rows table`)); err != nil {
		t.Fatalf("click the 2023 copying count: %v", err)
	}
	rows, err := chromedp.Run(wait, chromedp.Text(`#rows table`))
	if err != nil || !strings.Contains(rows, "新乡县人民政府") || strings.Contains(rows, "获嘉县") {
		t.Errorf("the reports behind the count: %q (%v)", rows, err)
	}
	if err := chromedp.Do(wait, chromedp.Navigate(base+"/report/"+id), chromedp.WaitVisible(`#findings`)); err != nil {
		t.Fatalf("report %s has no findings section: %v", id, err)
	}
	msg, err := chromedp.Run(wait, chromedp.Text(`#findings`))
	if err != nil || !strings.Contains(msg, "上年报告结转下年度继续办理") || strings.Contains(msg, "apply.") {
		t.Errorf("findings of report %s: %q (%v)", id, msg, err)
	}
	marked, err := chromedp.Run(wait, chromedp.Evaluate[string](`[...document.querySelectorAll('td.failed')].map(e => e.dataset.key).join(",")`))
	if err != nil || !strings.Contains(marked, "apply.carried_over.") || strings.Contains(marked, "apply.carried_forward.") {
		t.Errorf("marked cells %q (%v), want this year's carry-over cells only", marked, err)
	}
	assertOnlyLoopback(t, reqs.all())
}
