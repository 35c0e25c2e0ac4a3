package sampleportal

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// printedPDF is 卫辉市's 2020 report printed to PDF by LibreOffice from
// testdata/weihui-2020.html (testdata/make.sh); a test keeps that page
// equal to what the portal generates, so the PDF holds the truth's numbers.
//
//go:embed testdata/weihui-2020.pdf
var printedPDF []byte

// Handler serves the site at the server's root, as a county portal is
// served on its own host.
func (s *Site) Handler() http.Handler { return s.handler("") }

// handler serves the site with every absolute link under prefix.
func (s *Site) handler(prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !sleep(r, s.opt.Latency) {
			return
		}
		s.serve(w, r, prefix)
	})
}

// sleep waits d unless the client goes away first.
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request, prefix string) {
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		s.serveRobots(w)
	case p == "/" || p == "/index.html":
		s.page(w, r, s.home(prefix), "")
	case p == zwgkPath && s.Style == TRS:
		s.page(w, r, s.zwgk(prefix), "")
	case p == s.zfxxgkPath():
		s.page(w, r, s.zfxxgk(prefix), "")
	case columnTitle(p) != "":
		s.page(w, r, s.column(prefix, columnTitle(p)), "")
	case s.listPage(p, r) >= 0:
		s.page(w, r, s.list(prefix, s.listPage(p, r)), "")
	case s.servePicture(w, p):
	default:
		s.serveDocument(w, r, prefix)
	}
}

func (s *Site) serveRobots(w http.ResponseWriter) {
	if s.robots == "" {
		http.NotFound(w, nil) // RFC 9309: no robots.txt allows everything
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "# robots.txt for %s\nUser-agent: *\nDisallow: %s\nDisallow: /admin/\n\nUser-agent: Baiduspider\nAllow: /\n", s.Name, s.robots)
}

// columnTitle names the column other than the reports' served at p.
func columnTitle(p string) string {
	for _, c := range otherColumns() {
		if c[1] != "" && c[1] == p {
			return c[0]
		}
	}
	return ""
}

// listPage returns the 0-based page number of a column page, or -1.
func (s *Site) listPage(p string, r *http.Request) int {
	if s.Style == Hanweb {
		if p != s.List {
			return -1
		}
		n, err := strconv.Atoi(r.URL.Query().Get("pageNum"))
		if err != nil || n < 1 {
			return 0
		}
		return n - 1
	}
	dir := strings.TrimSuffix(s.List, "index.htm")
	if p == dir || p == s.List {
		return 0
	}
	var n int
	if _, err := fmt.Sscanf(strings.TrimPrefix(p, dir), "index_%d.htm", &n); err == nil && p == fmt.Sprintf("%sindex_%d.htm", dir, n) {
		return n
	}
	return -1
}

// serveDocument serves a report, an attachment, an article or a redirect.
func (s *Site) serveDocument(w http.ResponseWriter, r *http.Request, prefix string) {
	full := r.URL.Path
	if r.URL.RawQuery != "" && strings.HasPrefix(full, "/module/") {
		full += "?" + r.URL.RawQuery
	}
	if to := s.redirectTarget(r.URL.Path); to != "" {
		http.Redirect(w, r, prefix+to, http.StatusMovedPermanently)
		return
	}
	for _, rep := range s.reports {
		switch {
		case full == rep.Path && !rep.Copy:
			s.serveReport(w, r, prefix, rep)
			return
		case full == rep.Attachment && rep.Attachment != "":
			s.serveAttachment(w, r, rep)
			return
		}
	}
	for _, e := range s.others {
		if r.URL.Path == e.href {
			s.page(w, r, s.article(prefix, e), e.date)
			return
		}
	}
	http.NotFound(w, r)
}

func (s *Site) serveReport(w http.ResponseWriter, r *http.Request, prefix string, rep *Report) {
	if s.failsOnce(rep) && s.first(rep.Path) {
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
		return
	}
	if s.isSlow(rep) && !sleep(r, s.opt.Slow) {
		return
	}
	s.page(w, r, s.reportPage(prefix, rep), rep.Published)
}

// first reports whether this is the first request for key.
func (s *Site) first(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.once[key] {
		return false
	}
	s.once[key] = true
	return true
}

func (s *Site) failsOnce(rep *Report) bool {
	return !s.opt.Plain && s.index%7 == 0 && rep.Year == 2022 && rep.Agency == s.county.gov
}

func (s *Site) isSlow(rep *Report) bool {
	return !s.opt.Plain && s.index%7 == 2 && rep.Year == 2023 && rep.Agency == s.county.gov
}

// movedReport is the report listed under an old URL that redirects.
func (s *Site) movedReport() *Report {
	if s.opt.Plain || s.index%7 != 1 {
		return nil
	}
	return s.mainReport(2020)
}

// doubledReport is the report linked twice, once with ?from=list.
func (s *Site) doubledReport() *Report {
	if s.opt.Plain || s.index%7 != 1 {
		return nil
	}
	return s.mainReport(2021)
}

func (s *Site) mainReport(year int) *Report {
	for _, r := range s.reports {
		if r.Year == year && r.Agency == s.county.gov {
			return r
		}
	}
	return nil
}

func (s *Site) oldPath(r *Report) string {
	return strings.Replace(r.Path, "/art/", "/art/old/", 1)
}

func (s *Site) redirectTarget(p string) string {
	if m := s.movedReport(); m != nil && p == s.oldPath(m) {
		return m.Path
	}
	return ""
}

func (s *Site) serveAttachment(w http.ResponseWriter, r *http.Request, rep *Report) {
	var body []byte
	ct := "application/pdf"
	if rep.Form == FormDOCX {
		body = docx(rep)
		ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		if s.Style == Hanweb {
			ct = "application/octet-stream" // downfile.jsp sends everything so
		}
	} else if rep.Form == FormPDF {
		body = printedPDF
	} else {
		body = scanPDF(rep)
	}
	s.serveBytes(w, r, body, ct, rep.Published)
}

// page serves an HTML page in the site's charset; date, when set, is the
// page's publication date and makes it a document with validators.
func (s *Site) page(w http.ResponseWriter, r *http.Request, html, date string) {
	ct := "text/html; charset=UTF-8"
	body := []byte(html)
	if s.gbk {
		ct = "text/html" // as many GBK portals do: the charset is only in the page, or nowhere
		enc, err := simplifiedchinese.GBK.NewEncoder().Bytes(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		body = enc
	}
	s.serveBytes(w, r, body, ct, date)
}

// serveBytes answers with validators so conditional GETs can be tested:
// TRS sites send ETag and Last-Modified, Hanweb sites only Last-Modified.
func (s *Site) serveBytes(w http.ResponseWriter, r *http.Request, body []byte, ct, date string) {
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Server", map[Style]string{TRS: "TRS WCM", Hanweb: "Hanweb/JCMS"}[s.Style])
	mod := time.Time{}
	if date != "" {
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		mod = t.Add(9 * time.Hour)
		if s.Style == TRS {
			sum := sha256.Sum256(body)
			w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sum[:8]))
		}
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	http.ServeContent(rec, r, "", mod, bytes.NewReader(body))
	if rec.status == http.StatusOK {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.mu.Unlock()
	}
}

// statusRecorder remembers the status ServeContent chose (200 or 304).
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
