package charts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"regexp"
)

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// archive serves an archived document body by its sha256, with the
// content type it was fetched with. An archived portal page is someone
// else's HTML: it is served sandboxed (no scripts, nothing loaded from
// anywhere), so that reading it neither runs its scripts on this origin
// nor makes a request leave the machine.
func (s *Server) archive(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha")
	if !sha256Pattern.MatchString(sha) {
		s.fail(w, http.StatusBadRequest, userErrf("存档编号应为 64 位小写十六进制的 SHA-256。", "archive key %q: want a sha256 in lower-case hex", sha))
		return
	}
	if s.cfg.Archive == nil {
		s.fail(w, http.StatusNotFound, userErr("这台服务器没有配置存档目录，无法查看存档副本。", errors.New("this server has no archive directory configured")))
		return
	}
	body, err := s.cfg.Archive(sha)
	if errors.Is(err, fs.ErrNotExist) {
		s.fail(w, http.StatusNotFound, userErrf("存档中没有这份文件。", "archived copy %s is not in the archive", sha))
		return
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, userErr("存档副本打不开。", fmt.Errorf("open archived copy %s: %w", sha, err)))
		return
	}
	defer body.Close()
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	ct := "application/octet-stream"
	if t, err := s.query(ctx, "archive_document", sha); err == nil && len(t.Rows) > 0 {
		if v := rowMaps(t)[0].Str("content_type"); v != "" {
			ct = v
		}
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	io.Copy(w, body)
}
