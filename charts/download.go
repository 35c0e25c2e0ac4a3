package charts

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The whole dataset for download: every table and view as Parquet or CSV
// (what `touming export` writes), with the data dictionary, in one zip.
// A zip is built on the first request after the data changed and kept in
// Config.DownloadDir, so that later downloads are a file copy.

// downloadFormats are the zips offered.
var downloadFormats = []string{"parquet", "csv"}

// downloads builds and keeps the zips; its mutex lets one request build a
// zip while the others wait for it rather than build it again.
type downloads struct {
	mu sync.Mutex
}

// downloadPage is the data of the download template.
type downloadPage struct {
	Enabled   bool
	Relations []relationInfo
}

// downloadData is the download page's data.
func (s *Server) downloadData(rels []relationInfo) any {
	return downloadPage{Enabled: s.cfg.Export != nil && s.cfg.DownloadDir != "", Relations: rels}
}

// downloadZip serves /download/touming-<format>.zip.
func (s *Server) downloadZip(w http.ResponseWriter, r *http.Request) {
	format := strings.TrimSuffix(strings.TrimPrefix(r.PathValue("file"), "touming-"), ".zip")
	if !contains(downloadFormats, format) || r.PathValue("file") != "touming-"+format+".zip" {
		s.fail(w, http.StatusNotFound, userErrf("可以下载的是 touming-parquet.zip 与 touming-csv.zip。", "no download %q", r.PathValue("file")))
		return
	}
	if s.cfg.Export == nil || s.cfg.DownloadDir == "" {
		s.fail(w, http.StatusNotFound, userErr("这台服务器没有开放整个数据集的下载。", errors.New("no Export or DownloadDir configured")))
		return
	}
	path, err := s.zipFor(r.Context(), format)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, userErr("打包数据集时出错。", err))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, userErr("打包数据集时出错。", err))
		return
	}
	defer f.Close()
	st, _ := f.Stat()
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "touming-"+format+".zip"))
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// zipFor returns the zip of format for the warehouse as it is now,
// building it when the data changed since it was built.
func (s *Server) zipFor(ctx context.Context, format string) (string, error) {
	s.dl.mu.Lock()
	defer s.dl.mu.Unlock()
	t, err := s.query(ctx, "download_version")
	if err != nil {
		return "", err
	}
	version := ""
	if len(t.Rows) > 0 {
		version = cellText(t.Rows[0][0])
	}
	dir := s.cfg.DownloadDir
	zipPath := filepath.Join(dir, "touming-"+format+".zip")
	stamp := zipPath + ".version"
	if have, err := os.ReadFile(stamp); err == nil && string(have) == version {
		if _, err := os.Stat(zipPath); err == nil {
			return zipPath, nil
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("download: %w", err)
	}
	if err := s.buildZip(ctx, format, zipPath); err != nil {
		return "", err
	}
	return zipPath, os.WriteFile(stamp, []byte(version), 0o644)
}

// buildZip exports the warehouse to a temporary folder and zips it to
// path (through a temporary file, so that a reader never gets half a zip).
func (s *Server) buildZip(ctx context.Context, format, path string) error {
	tmp, err := os.MkdirTemp(filepath.Dir(path), ".export-")
	if err != nil {
		return fmt.Errorf("download: %w", err)
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	out := filepath.Join(tmp, "touming")
	if err := s.cfg.Export(ctx, out, format); err != nil {
		return fmt.Errorf("download: export as %s: %w", format, err)
	}
	part := path + ".part"
	f, err := os.Create(part)
	if err != nil {
		return fmt.Errorf("download: %w", err)
	}
	if err := zipDir(f, out, format); err != nil {
		f.Close()
		os.Remove(part)
		return fmt.Errorf("download: zip: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("download: %w", err)
	}
	return os.Rename(part, path)
}

// zipDir writes every file under dir to w as a zip, with a README. Parquet
// is compressed already and is stored; CSV is deflated.
func zipDir(w io.Writer, dir, format string) error {
	zw := zip.NewWriter(w)
	readme, err := zw.Create("touming/README.txt")
	if err != nil {
		return err
	}
	io.WriteString(readme, zipReadme(format))
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(dir), p)
		method := zip.Deflate
		if strings.HasSuffix(p, ".parquet") {
			method = zip.Store
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: method, Modified: time.Now()})
		if err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(fw, in)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// zipReadme says what the zip holds, in Chinese and English.
func zipReadme(format string) string {
	return "touming 透明：政府信息公开工作年度报告数据集\n\n" +
		"每张表和每个视图一个文件（" + format + "）；dictionary.csv 是数据字典：每一列的类型与注释（宽视图的列注释为表格上的中文标签）。\n" +
		"parquet 中带 year 列的表按年份分区（<名称>/year=2023/…）。CSV 为 UTF-8，带 BOM，整数不带小数点，列表为 JSON。\n" +
		"空白单元格为 NULL（CSV 中为空），不是 0。\n\n" +
		"Every table and view as one file (" + format + "); dictionary.csv is the data dictionary (each column's type and comment).\n" +
		"Parquet tables with a year column are partitioned by year. A blank cell is NULL (empty in CSV), never 0.\n"
}
