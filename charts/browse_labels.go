package charts

import (
	"context"
	"fmt"
	"slices"

	"github.com/touming/touming"
)

// The cells view sorted by row_label: at national scale that ORDER BY is
// a Top-N over 200 M rows of joins whose first key most rows share (40 s
// at a million reports, issue 17), so the page fell back to the stored
// order. But a row label is one of few: the cells view reads it from
// derived_layouts (34 of them in the generated warehouse), and within one
// label the page's order is the tie-breaking report_id, key, value, in
// which DuckDB's Top-N reads only the first row groups of cell_values. So
// the page walks the labels in the sort's order, reading each label's
// rows until it has its own, then the rows without a label (NULLS LAST).

// walksLabels reports whether b's rows can be read label by label.
func (b browseQuery) walksLabels() bool {
	return b.rel.Name == "cells" && b.sort == "row_label" && !b.unordered
}

// rowLabelsSQL lists the labels the cells view's row_label takes, in the
// page's order.
func (b browseQuery) rowLabelsSQL() string {
	dir := ""
	if b.desc {
		dir = " DESC"
	}
	return "SELECT DISTINCT label FROM derived_layouts WHERE axis = 'row' ORDER BY label" + dir
}

// labelSQL selects the rows of b with one row label (nil: none), in the
// page's order within it.
func (b browseQuery) labelSQL(label *string, limit, offset int) string {
	one := b
	one.sort, one.filters = "", slices.Clone(b.filters)
	if label == nil {
		one.filters = append(one.filters, filter{Column: "row_label", Null: true})
	} else {
		one.filters = append(one.filters, filter{Column: "row_label", Values: []string{*label}})
	}
	return fmt.Sprintf("%s\nLIMIT %d OFFSET %d", one.allSQL(), limit, offset)
}

// walkLabels reads the page's rows of b (walksLabels) one label at a time,
// the same rows as b.pageSQL(). ok is false when it cannot tell where the
// page starts: a label with no row past the offset still to skip does not
// say how many it had, and counting them is a full scan.
func (s *Server) walkLabels(ctx context.Context, b browseQuery) (t *touming.Table, ok bool, err error) {
	lt, err := s.cfg.DB.Query(ctx, 0, b.rowLabelsSQL())
	if err != nil {
		return nil, false, err
	}
	labels := make([]*string, 0, len(lt.Rows)+1)
	for _, r := range lt.Rows {
		if l, isText := r[0].(string); isText {
			labels = append(labels, &l)
		}
	}
	want, skip := b.size+1, (b.page-1)*b.size
	for _, l := range append(labels, nil) {
		got, err := s.cfg.DB.Query(ctx, want, b.labelSQL(l, want, skip))
		if err != nil {
			return nil, false, err
		}
		if t == nil {
			t = got
		} else {
			t.Rows = append(t.Rows, got.Rows...)
		}
		switch {
		case len(got.Rows) > 0:
			skip = 0
		case skip > 0:
			return nil, false, nil
		}
		if want -= len(got.Rows); want == 0 {
			break
		}
	}
	return t, true, nil
}
