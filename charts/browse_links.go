package charts

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Ids, URLs and hashes are links on every page that shows them: a
// report_id opens the report, a document's id its row page, a url the
// source, a sha256 the archived copy, an agency its page, a source_id or
// region_code its row among the sources or regions.

// browseCell formats v of column col of relation rel.
func (s *Server) browseCell(rel, col string, v any) browseCell {
	if v == nil {
		return browseCell{Null: true}
	}
	c := browseCell{Text: cellText(v), Num: toFloat(v) != nil}
	if _, ok := v.(bool); ok {
		c.Num = false
	}
	c.Href, c.Ext = s.valueLink(rel, col, c.Text)
	if utf8.RuneCountInString(c.Text) > 30 {
		c.Title = c.Text // cut with an ellipsis on the page: whole in the tooltip
	}
	if col == "key" || col == "subject" {
		if label := (labeler{s.fields}).subjectLabel(c.Text); label != c.Text {
			c.Title = label // the form's words for a field key
		}
	}
	return c
}

// valueLink is where a value links, and whether that is off this server.
func (s *Server) valueLink(rel, col, text string) (string, bool) {
	if text == "" {
		return "", false
	}
	esc := url.PathEscape(text)
	switch col {
	case "report_id":
		return "/report/" + esc, false
	case "document_id":
		return "/document/" + esc, false
	case "id":
		switch rel {
		case "reports", "latest_reports":
			return "/report/" + esc, false
		case "documents":
			return "/document/" + esc, false
		case "sources":
			return "/data/sources?id=" + url.QueryEscape(text), false
		}
	case "url", "final_url", "parent", "document_url":
		if strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://") {
			return text, true
		}
	case "sha256":
		if s.cfg.Archive != nil && sha256Pattern.MatchString(text) {
			return "/archive/" + text, false
		}
	case "agency":
		return "/agency/" + esc, false
	case "agency_id":
		return "/data/agencies?id=" + url.QueryEscape(text), false
	case "name":
		if rel == "agencies" || rel == "agency_names" {
			return "/agency/" + esc, false
		}
	case "source_id":
		return "/data/sources?id=" + url.QueryEscape(text), false
	case "region_code":
		return "/data/regions?code=" + url.QueryEscape(text), false
	case "key":
		if rel != "fields" {
			return "/data/fields?key=" + url.QueryEscape(text), false
		}
	}
	return "", false
}
