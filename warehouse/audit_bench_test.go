package warehouse

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
)

var benchAuditDB = flag.String("bench.auditdb", "", "BenchmarkAudit: a warehouse of -bench.reports audited reports to keep and reuse between runs")

// auditYears is how many years the audit benchmark's agencies report.
const auditYears = 7

// auditDepts are the bodies of each county in the audit benchmark: its
// government and four departments, so that agencies × 7 years ≈ 100,000.
var auditDepts = []string{"人民政府", "公安局", "教育局", "财政局", "自然资源局"}

// auditWords are standard sentences every generated narrative opens
// with; each agency-year then writes its own text, one in ten last year's.
var auditWords = strings.Split("坚持以公开为常态、不公开为例外|深入推进决策、执行、管理、服务、结果公开|加强政策解读和回应关切|"+
	"完善依申请公开办理机制|推进基层政务公开标准化规范化|优化政府网站和政务新媒体|开展业务培训|强化监督考核|"+
	"主动公开的深度和广度有待加强|政策解读形式较为单一|下一步将加强培训，提升公开质量|网站栏目更新不及时|"+
	"答复文书不够规范|持续推进政务公开工作提质增效|围绕优化营商环境开展政策解读|公开目录动态调整", "|")

// genAuditReports makes n reports of agencies over auditYears years, as
// genReports does, with a publication date (a tenth late), the six
// sections with a narrative, and the tables read.
func genAuditReports(from, n int, cos []region) []Item {
	items := genReports(from, n, cos)
	agencies := len(cos) * len(auditDepts)
	for i := range items {
		k := from + i
		a, year := k%agencies, 2018+k/agencies%auditYears
		r := items[i].Report
		co := cos[a/len(auditDepts)]
		r.Meta.Agency, r.Meta.Year = co.name+auditDepts[a%len(auditDepts)], year
		rng := rand.New(rand.NewPCG(uint64(a), uint64(year)))
		day := 1 + rng.IntN(40)
		r.Meta.Published, r.Meta.PublishedFrom = time.Date(year+1, 1, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "page"
		textYear := year
		if rng.IntN(10) == 0 {
			textYear = year - 1 // copied from last year
		}
		words := rand.New(rand.NewPCG(uint64(a), uint64(textYear)+1000))
		// The form's standard sentences, then text of the agency's own
		// (random characters): different agencies share the first part.
		var story strings.Builder
		for _, w := range auditWords[:6] {
			story.WriteString(w + "。")
		}
		for range 200 {
			story.WriteRune(rune(0x4e00 + words.IntN(3000)))
		}
		for _, s := range []string{"一", "二", "三", "四", "五", "六"} {
			r.Sections = append(r.Sections, touming.Section{Number: s, Title: s + "、", Text: map[bool]string{true: story.String()}[s == "一"]})
		}
		r.Tables = []touming.TableRead{{Table: "二", Rows: 6, Of: 6}, {Table: "三", Rows: 30, Of: 30}, {Table: "四", Rows: 3, Of: 3}}
		items[i].Document = doc(fmt.Sprintf("https://county%04d.gov.cn/nb/%d.html", a/len(auditDepts), k), fmt.Sprint(k))
	}
	return items
}

// auditDB is a warehouse of -bench.reports generated reports (7 years),
// built once and kept at -bench.auditdb when given.
func auditDB(b *testing.B) string {
	path := *benchAuditDB
	if path == "" {
		path = filepath.Join(b.TempDir(), "audit.duckdb")
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cos := counties(b)
	for from := 0; from < *benchReports; from += *benchBatch {
		if _, err := db.Write(context.Background(), genAuditReports(from, min(*benchBatch, *benchReports-from), cos)); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// BenchmarkAudit reruns the whole catalogue (touming check) on a warehouse
// of -bench.reports reports over seven years, and writes a crawl-sized
// batch (20 reports, WriteBatch: open, write, audit the touched agencies,
// close) into a copy of it.
func BenchmarkAudit(b *testing.B) {
	path := auditDB(b)
	b.Run("full", func(b *testing.B) {
		db, err := Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		var st AuditStats
		for b.Loop() {
			if st, err = db.Audit(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		n := 0
		for _, c := range st.Findings {
			n += c
		}
		b.ReportMetric(float64(st.Reports), "reports")
		b.ReportMetric(float64(n), "findings")
	})
	b.Run("batch20", func(b *testing.B) {
		cos := counties(b)
		var spent time.Duration
		for i := range b.N {
			cp := filepath.Join(b.TempDir(), "w.duckdb")
			copyFile(b, path, cp)
			items := genAuditReports(*benchReports+i*20, 20, cos)
			start := time.Now()
			if _, err := WriteBatch(context.Background(), cp, items); err != nil {
				b.Fatal(err)
			}
			spent += time.Since(start)
		}
		b.ReportMetric(spent.Seconds()*1000/float64(b.N), "ms/batch")
	})
}

// TestGenAuditReports keeps the benchmark's generator honest: seven years
// per agency, a narrative long enough to compare, and some copies.
func TestGenAuditReports(t *testing.T) {
	cos := counties(t)[:4]
	items := genAuditReports(0, 4*len(auditDepts)*auditYears, cos)
	years := map[string]map[int]bool{}
	copies := 0
	prev := map[string]string{}
	for _, it := range items {
		m := it.Report.Meta
		if years[m.Agency] == nil {
			years[m.Agency] = map[int]bool{}
		}
		years[m.Agency][m.Year] = true
		text := it.Report.Sections[0].Text
		if len([]rune(text)) < minChars {
			t.Fatalf("%s %d: narrative of %d characters", m.Agency, m.Year, len([]rune(text)))
		}
		if prev[m.Agency] == text {
			copies++
		}
		prev[m.Agency] = text
	}
	if len(years) != 4*len(auditDepts) || len(years[cos[0].name+"公安局"]) != auditYears || copies == 0 {
		t.Errorf("%d agencies, %d years of one, %d copies", len(years), len(years[cos[0].name+"公安局"]), copies)
	}
}
