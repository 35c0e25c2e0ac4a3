package charts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/tabular"
)

// qualityPage is the data of the quality template.
type qualityPage struct {
	Checks    panel
	Documents panel
	Images    panel
	OCR       panel // cells of reports read by OCR to be checked by a person
	Conflicts panel // agency-years whose two copies differ
	Agencies  panel // bodies whose name could not be placed
	Archive   bool
}

func (s *Server) quality(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	query := r.URL.Query()
	link := csvLink("/quality", query)
	p := &qualityPage{Archive: s.cfg.Archive != nil}
	panels := []struct {
		dst             *panel
		name, id, title string
	}{
		{&p.Checks, "quality_checks", "checks", "勾稽关系不成立的报告"},
		{&p.Documents, "quality_documents", "documents", "抓取或解析失败的文件"},
		{&p.Images, "quality_images", "images", "表格为图片、无法读取的报告"},
		{&p.OCR, "quality_ocr", "ocr", "OCR 读取、待人工核对的单元格"},
		{&p.Conflicts, "quality_conflicts", "conflicts", "同一机关同一年有两份数字不同的报告"},
		{&p.Agencies, "quality_agencies", "agencies", "未能识别类别的发布机关"},
	}
	if name := query.Get("csv"); name != "" {
		// A list's CSV has every row, sent as the database reads them.
		var names []panel
		for _, q := range panels {
			if q.name == name {
				text, err := namedSQL(name)
				if err != nil {
					s.fail(w, http.StatusInternalServerError, err)
					return
				}
				s.streamAll(w, r, text, name+".csv", tabular.CSV, nil)
				return
			}
			names = append(names, panel{Name: q.name})
		}
		s.sendPanelCSV(w, name, names...)
		return
	}
	// The page shows each list a page at a time (each list its own
	// ?<section>_page=): the database counts the list and reads that page.
	for _, q := range panels {
		t, pg, err := s.queryPage(ctx, q.name, q.id, "/quality", query)
		if err != nil {
			s.fail(w, http.StatusInternalServerError, err)
			return
		}
		*q.dst = panel{Name: q.name, Title: q.title, Data: t, CSV: link(q.name), Pager: pg}
	}
	s.render(w, http.StatusOK, "quality", "数据质量", p)
}

// pagedSQL is a list query limited to one page: its own ORDER BY, then
// LIMIT and OFFSET (the two arguments), so that the database sorts only
// as far as the page.
func pagedSQL(text string) string {
	return strings.TrimRight(strings.TrimSpace(text), ";") + "\nLIMIT ? OFFSET ?"
}

// countSQL counts a list query's rows. A list query ends with its ORDER BY
// at the start of a line; it is left out, since DuckDB would sort the rows
// before counting them.
func countSQL(text string) string {
	text = strings.TrimRight(strings.TrimSpace(text), ";")
	if i := strings.LastIndex(text, "\nORDER BY "); i >= 0 {
		text = text[:i]
	}
	return "SELECT count(*) AS n FROM (\n" + text + "\n)"
}

// queryPage reads the page of the named list that the request's
// "<id>_page" parameter asks for (the first when it is missing or past
// the end), with the list's total and the links around it.
func (s *Server) queryPage(ctx context.Context, name, id, path string, query url.Values) (*touming.Table, pager, error) {
	text, err := namedSQL(name)
	if err != nil {
		return nil, pager{}, err
	}
	n, err := s.cfg.DB.Query(ctx, 0, countSQL(text))
	if err != nil {
		return nil, pager{}, fmt.Errorf("query %s: %w", name, err)
	}
	var pg pager
	if len(n.Rows) == 1 {
		pg.Total = rowMaps(n)[0].Int("n")
	}
	pages := max(1, (pg.Total+panelRows-1)/panelRows)
	page, err := strconv.Atoi(query.Get(id + "_page"))
	if err != nil || page < 1 || page > pages {
		page = 1
	}
	pg.From, pg.To = (page-1)*panelRows, min(page*panelRows, pg.Total)
	// A list may have a query of its own for one page (<name>_page.sql,
	// LIMIT $1 OFFSET $2), when reading the page's rows alone is cheaper
	// than limiting the whole list.
	paged := pagedSQL(text)
	if own, err := namedSQL(name + "_page"); err == nil {
		paged = own
	}
	t, err := s.cfg.DB.Query(ctx, 0, paged, panelRows, pg.From)
	if err != nil {
		return nil, pager{}, fmt.Errorf("query %s: %w", name, err)
	}
	pg.links(page, pages, id, path, query)
	return t, pg, nil
}
