package charts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/touming/touming"
)

// At national scale a browse page over cells (198 M rows at a million
// reports), report_values or findings cannot count, facet or sort on an
// arbitrary column within a second: each is a full scan. So, as Datasette
// does, the page's own rows come first, and the count and each facet get
// Config.CountBudget: what does not finish in time is left out with a note, an
// estimate where DuckDB's table statistics give one, and a link that runs
// it on the SQL page (under the SQL page's longer time limit). A sort gets
// Config.SortBudget; past it the page shows the rows in the relation's own order
// and says so.

// DefaultSortBudget is how long a browse page's sorted query may take
// before the page falls back to the relation's own order.
const DefaultSortBudget = 2 * time.Second

// budgeted runs q under budget; ok is false when it did not finish in time.
func (s *Server) budgeted(ctx context.Context, budget time.Duration, maxRows int, q string) (t *touming.Table, ok bool, err error) {
	bctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	t, err = s.cfg.DB.Query(bctx, maxRows, q)
	if err != nil && bctx.Err() != nil && ctx.Err() == nil {
		return nil, false, nil
	}
	return t, err == nil, err
}

// pageRows reads the page's rows: sorted as asked within Config.SortBudget
// (the cells view on row_label label by label: browse_labels.go), else in
// the relation's own order with a note saying why.
func (s *Server) pageRows(ctx context.Context, b browseQuery) (*touming.Table, string, error) {
	if b.walksLabels() {
		bctx, cancel := context.WithTimeout(ctx, s.cfg.SortBudget)
		t, ok, err := s.walkLabels(bctx, b)
		late := bctx.Err() != nil && ctx.Err() == nil
		cancel()
		switch {
		case late:
			return s.unsortedRows(ctx, b)
		case ok || err != nil:
			return t, "", err
		}
	}
	t, ok, err := s.budgeted(ctx, s.cfg.SortBudget, b.size+1, b.pageSQL())
	if ok || err != nil {
		return t, "", err
	}
	return s.unsortedRows(ctx, b)
}

// unsortedRows reads the page's rows in the relation's own order, for a
// sort that did not finish within Config.SortBudget, with the note saying
// so.
func (s *Server) unsortedRows(ctx context.Context, b browseQuery) (*touming.Table, string, error) {
	unsorted := b
	unsorted.sort, unsorted.unordered = "", true
	t, err := s.cfg.DB.Query(ctx, b.size+1, unsorted.pageSQL())
	what := "按前几列排序"
	if b.sort != "" {
		what = "按 " + b.sort + " 排序"
	}
	note := fmt.Sprintf("%s在 %s 内没有排完（要在全部行上排序）：下面是按存储顺序的行。加上筛选条件缩小范围后再排序，或在 SQL 页面运行这个排序（时限更长）：", what, s.cfg.SortBudget)
	return t, note, err
}

// pageCounts fills the page's count and facets, each within Config.CountBudget,
// all at once.
func (s *Server) pageCounts(ctx context.Context, b browseQuery, p *browsePage) error {
	var wg sync.WaitGroup
	var countErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		t, ok, err := s.budgeted(ctx, s.cfg.CountBudget, 1, b.countSQL())
		if countErr = err; !ok {
			p.CountNote, p.CountLink = s.countEstimate(b), "/sql?sql="+url.QueryEscape(b.countSQL())
			return
		}
		p.Total, p.Counted = firstInt(t), true
	}()
	facets, err := s.facets(ctx, b)
	wg.Wait()
	p.Facets = facets
	return errors.Join(countErr, err)
}

// countEstimate is the note of a count left out: DuckDB's own row count of
// a table (exact without filters, a bound with them); a view has none.
func (s *Server) countEstimate(b browseQuery) string {
	stopped := fmt.Sprintf("计数在 %s 后停止", s.cfg.CountBudget)
	n := toFloat(b.rel.Rows)
	switch {
	case n == nil:
		return stopped + "（视图没有表统计，无法估计）"
	case len(b.filters) == 0:
		return fmt.Sprintf("%s；按 DuckDB 的表统计约 %s 行", stopped, formatNumber(*n))
	default:
		return fmt.Sprintf("%s；全表约 %s 行（DuckDB 的表统计），符合筛选的行数不超过此数", stopped, formatNumber(*n))
	}
}

// firstInt is the first value of t as an integer.
func firstInt(t *touming.Table) int64 {
	if t == nil || len(t.Rows) == 0 || len(t.Rows[0]) == 0 {
		return 0
	}
	if n := toFloat(t.Rows[0][0]); n != nil {
		return int64(*n)
	}
	return 0
}
