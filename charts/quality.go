package charts

import (
	"context"
	"net/http"
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
	link := csvLink("/quality", r.URL.Query())
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
	for _, q := range panels {
		t, err := s.query(ctx, q.name)
		if err != nil {
			s.fail(w, http.StatusInternalServerError, err)
			return
		}
		*q.dst = panel{Name: q.name, Title: q.title, Data: t, CSV: link(q.name)}
	}
	if name := r.URL.Query().Get("csv"); name != "" {
		s.sendPanelCSV(w, name, p.Checks, p.Documents, p.Images, p.OCR, p.Conflicts, p.Agencies)
		return
	}
	// The page shows each list a page at a time (each list its own
	// ?<section>_page=); its CSV has every row.
	for _, q := range panels {
		q.dst.Data, q.dst.Pager = pageOf(q.dst.Data, q.id, "/quality", r.URL.Query())
	}
	s.render(w, http.StatusOK, "quality", "数据质量", p)
}
