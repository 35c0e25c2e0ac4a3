package warehouse

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/touming/touming"
)

var (
	benchReports = flag.Int("bench.reports", 100_000, "reports the warehouse benchmarks load")
	benchBatch   = flag.Int("bench.batch", 10_000, "reports per Write (one transaction each)")
	benchDB      = flag.String("bench.db", "", "BenchmarkMetrics: a warehouse file to keep and reuse between runs")
)

// benchAgencies are the publishers of a generated county, in the order
// genReports uses them: its government, a department of each type in
// departments.tsv, then townships and streets, 56 in all, about what a
// county publishes for. 2,975 counties × 6 years × 56 agencies is just over
// a million agency-years, so a national-scale warehouse repeats none
// beyond the copies genReports plants.
var benchAgencies = []string{"人民政府", "公安局", "发展和改革委员会", "教育局", "卫生健康委员会", "自然资源和规划局",
	"财政局", "人力资源和社会保障局", "民政局", "司法局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局",
	"水利局", "商务局", "文化广电和旅游局", "市场监督管理局", "应急管理局", "审计局", "统计局", "退役军人事务局",
	"医疗保障局", "城市管理局", "林业局", "科学技术局", "工业和信息化局", "行政审批和政务信息管理局", "信访局",
	"民族宗教事务局", "人民防空办公室", "地方金融监督管理局", "粮食和物资储备局", "体育局", "档案局", "机关事务管理局",
	"税务局", "气象局", "供销合作社联合社", "城关镇人民政府", "东城街道办事处", "西城街道办事处", "南关镇人民政府",
	"北关镇人民政府", "新华街道办事处", "红旗镇人民政府", "胜利乡人民政府", "和平镇人民政府", "建设街道办事处",
	"前进乡人民政府", "长安镇人民政府", "永安乡人民政府", "太平镇人民政府", "兴隆镇人民政府", "石桥乡人民政府",
	"河口镇人民政府"}

// copyEvery is how often a generated report is a second copy of the one
// before it (the same agency and year at another URL, one cell different),
// as a report published both as a page and as an attachment is.
const copyEvery = 50

// genReports makes n realistic 2021-template reports, starting at number
// from: every field with a value (a tenth blank), a cell each, the checks.
// Report k is the p-th agency-year (p counts the reports that are not
// copies); every copyEvery-th report copies the one before it.
func genReports(from, n int, counties []region) []Item {
	fs := touming.MustFields().For(touming.Template2021)
	grid := gridOf(fs)
	items := make([]Item, n)
	for i := range items {
		k := from + i
		src := k
		if k%copyEvery == copyEvery-1 {
			src = k - 1
		}
		p := src - src/copyEvery
		rng := rand.New(rand.NewPCG(uint64(src), 7))
		co := counties[p%len(counties)]
		// Each county publishes for its government and then its departments,
		// a year at a time: p runs over counties, then years, then agencies.
		agency := benchAgencies[p/(len(counties)*6)%len(benchAgencies)]
		r := &touming.Report{Template: touming.Template2021, Values: make(map[string]*float64, len(fs)),
			Meta: touming.Meta{Agency: co.name + agency, Year: 2019 + p/len(counties)%6, Title: "年度报告"}}
		r.Cells = make([]touming.Cell, 0, len(fs))
		for j, f := range fs {
			c := touming.Cell{Key: f.Key, Table: f.Table, Row: grid[j][0], Col: grid[j][1], RowLabel: f.Row, ColLabel: f.Column}
			if rng.IntN(10) == 0 {
				c.Class = touming.ClassBlank
			} else {
				v := float64(rng.IntN(40))
				if src != k && j == len(fs)/2 {
					v += 1 // the copy's one different cell
				}
				c.Value, c.Raw, c.Class = &v, strconv.Itoa(int(v)), touming.ClassNumber
			}
			r.Values[f.Key] = c.Value
			r.Cells = append(r.Cells, c)
		}
		for _, rule := range []string{"C1", "C2", "C3", "C4", "C6"} {
			r.Checks = append(r.Checks, touming.Check{Rule: rule, Subject: "total", OK: rng.IntN(5) > 0,
				Expected: touming.Float(10), Actual: touming.Float(11), Cells: []string{"review.total"}})
		}
		url := fmt.Sprintf("https://county%04d.gov.cn/zfxxgk/nb/%d.html", p%len(counties), k)
		items[i] = Item{Document: doc(url, url), Report: r}
	}
	return items
}

// gridOf places each field in its table's grid as a report prints it: a
// row per row label, a column per column label.
func gridOf(fs touming.Fields) [][2]int {
	rows, cols := map[string]int{}, map[string]int{}
	out := make([][2]int, len(fs))
	for i, f := range fs {
		r, ok := rows[f.Table+f.Row]
		if !ok {
			r = len(rows)
			rows[f.Table+f.Row] = r
		}
		c, ok := cols[f.Table+f.Column]
		if !ok {
			c = len(cols)
			cols[f.Table+f.Column] = c
		}
		out[i] = [2]int{r, c}
	}
	return out
}

func counties(t testing.TB) []region {
	ix, err := loadRegions()
	if err != nil {
		t.Fatal(err)
	}
	var out []region
	for _, r := range ix.list {
		if r.level == "county" {
			out = append(out, r)
		}
	}
	return out
}

// loadGenerated writes *benchReports generated reports in batches and
// returns the cells written and the time spent in Write.
func loadGenerated(b *testing.B, db *DB) (cells int, spent time.Duration) {
	cos := counties(b)
	for from := 0; from < *benchReports; from += *benchBatch {
		items := genReports(from, min(*benchBatch, *benchReports-from), cos)
		start := time.Now()
		st, err := db.Write(context.Background(), items)
		spent += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		cells += st.Cells
	}
	return cells, spent
}

// BenchmarkLoad writes 100,000 generated reports (about 200 cells each)
// into a new warehouse: cells/s is the rate through Write (lookups,
// fingerprints, regions and DuckDB's Appender), generation excluded.
func BenchmarkLoad(b *testing.B) {
	for range b.N {
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.duckdb"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		cells, spent := loadGenerated(b, db)
		b.ReportMetric(float64(cells)/spent.Seconds(), "cells/s")
		b.ReportMetric(float64(cells), "cells")
		b.ReportMetric(spent.Seconds(), "write-s")
		db.Close()
	}
	reportHeap(b)
}

// BenchmarkMetrics runs the report_metrics query over a warehouse of
// generated reports: "query" computes every column of every row inside
// DuckDB; "fetch" also brings all rows into Go as touming.Table values, as
// the chart pages and touming sql do.
func BenchmarkMetrics(b *testing.B) {
	db := metricsDB(b)
	defer db.Close()
	b.Run("query", func(b *testing.B) {
		for range b.N {
			n := one(b, db, `SELECT count(*) FROM (SELECT hash(COLUMNS(*)) FROM report_metrics)`)
			if n != int64(*benchReports) {
				b.Fatalf("report_metrics: %v rows, want %d", n, *benchReports)
			}
		}
	})
	b.Run("fetch", func(b *testing.B) {
		for range b.N {
			t, err := db.Query(context.Background(), 0, `SELECT * FROM report_metrics`)
			if err != nil {
				b.Fatal(err)
			}
			if len(t.Rows) != *benchReports {
				b.Fatalf("report_metrics: %d rows, want %d", len(t.Rows), *benchReports)
			}
		}
		reportHeap(b)
	})
}

// metricsDB opens the benchmark warehouse, loading it when it is new.
func metricsDB(b *testing.B) *DB {
	path := *benchDB
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.duckdb")
	}
	_, err := os.Stat(path)
	fresh := err != nil
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if fresh {
		loadGenerated(b, db)
	}
	return db
}

// reportHeap reports the Go heap's peak; DuckDB's own memory is outside it
// (docs/benchmarks.md gives the process's peak RSS from /usr/bin/time).
func reportHeap(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "go-heap-MiB")
}

// BenchmarkGenerate makes the national-scale warehouse the page benchmarks
// read (cmd/touming BenchmarkServeScale): -bench.reports generated reports
// written to the file -bench.db through Write, batch by batch, as a load
// writes them. An existing file is kept as it is.
func BenchmarkGenerate(b *testing.B) {
	if *benchDB == "" {
		b.Skip("-bench.db names the file to generate")
	}
	for range b.N {
		db := metricsDB(b)
		n := one(b, db, `SELECT count(*) FROM reports`)
		b.ReportMetric(float64(n.(int64)), "reports")
		db.Close()
	}
}
