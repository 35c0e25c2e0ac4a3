package charts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/touming/touming"
)

// rowPage is the data of the row template: one row's fields, top to
// bottom, and tables of the rows related to it.
type rowPage struct {
	Title, Note string
	Up, UpName  string // the relation the row belongs to
	Fields      []rowField
	Tables      []rowTable
}

type rowField struct {
	Name, Comment string
	Cell          browseCell
}

type rowTable struct {
	Title   string
	Columns []string
	Rows    [][]browseCell
}

// cells turns t into linked cells, as the browse page shows them.
func (s *Server) cells(rel string, t *touming.Table) [][]browseCell {
	out := make([][]browseCell, len(t.Rows))
	for i, row := range t.Rows {
		out[i] = make([]browseCell, len(row))
		for j, v := range row {
			out[i][j] = s.browseCell(rel, t.Columns[j], v)
		}
	}
	return out
}

// document shows one document: every column, the report it gave, other
// contents seen at its URL and its attachments.
func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, http.StatusBadRequest, userErrf("文件编号应为数字。", "document id %q: want a number", r.PathValue("id")))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	t, err := s.query(ctx, "browse_document", id)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if len(t.Rows) == 0 {
		s.fail(w, http.StatusNotFound, userErrf(fmt.Sprintf("数据库中没有编号为 %d 的文件。", id), "no document with id %d", id))
		return
	}
	m := rowMaps(t)[0]
	p := &rowPage{Title: "文件 " + strconv.FormatInt(id, 10) + "：" + m.Str("title"), Up: "/data/documents", UpName: "documents",
		Note: statusText(m.Str("status"))}
	for i, c := range t.Columns {
		p.Fields = append(p.Fields, rowField{Name: c, Cell: s.browseCell("documents", c, t.Rows[0][i])})
	}
	rel, err := s.query(ctx, "browse_document_related", m.Str("url"), id)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	p.Tables = append(p.Tables, rowTable{Title: "相关文件", Columns: rel.Columns, Rows: s.cells("documents", rel)})
	s.render(w, http.StatusOK, "row", p.Title, p)
}

// agency shows one agency's latest reports over the years.
func (s *Server) agency(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	t, err := s.query(ctx, "browse_agency", name)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if len(t.Rows) == 0 {
		s.fail(w, http.StatusNotFound, userErrf(fmt.Sprintf("数据库中没有发布机关为 %q 的报告。", name), "no report of agency %q", name))
		return
	}
	m := rowMaps(t)[0]
	p := &rowPage{Title: name, Up: "/data/latest_reports?agency=" + url.QueryEscape(name), UpName: "latest_reports"}
	if region := m.Str("region_name"); region != "" {
		p.Note = region + "（" + m.Str("region_code") + "）"
	}
	p.Tables = []rowTable{{Title: "历年报告（最新版本）", Columns: t.Columns, Rows: s.cells("agency", t)}}
	s.render(w, http.StatusOK, "row", name, p)
}
