package charts

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"time"

	"github.com/touming/touming"
)

// Defaults for the zero values of Config.
const (
	DefaultSQLMaxRows      = 100000
	DefaultSQLTimeout      = 30 * time.Second
	DefaultSQLMaxBytes     = 64 << 20
	DefaultSQLMaxRunning   = 4
	DefaultMinApplications = 20
	// pageTimeout bounds the queries behind one chart page.
	pageTimeout = 30 * time.Second
)

// Config is what the pages need. Only DB is required.
type Config struct {
	// DB answers the pages' own queries.
	DB touming.Querier
	// SQL runs what users type on the SQL page, in a sandbox (see
	// warehouse.Sandbox); nil means DB, when DB is a touming.UserSQL, and
	// otherwise the SQL page answers 503.
	SQL touming.UserSQL
	// Archive opens the archived body of a document by its sha256; nil
	// means no archive is available and /archive/ answers 404.
	Archive func(sha256 string) (io.ReadCloser, error)
	// SQLMaxRows caps the rows the SQL page returns (and downloads).
	SQLMaxRows int
	// SQLTimeout bounds one query of the SQL page.
	SQLTimeout time.Duration
	// Export writes every table and view, and the data dictionary, to dir
	// as format ("parquet" or "csv"), for the whole-dataset download; nil
	// means it is not offered.
	Export func(ctx context.Context, dir, format string) error
	// DownloadDir keeps the built download zips between requests.
	DownloadDir string
	// SavedQueries is the file the SQL page keeps saved queries in (JSON,
	// beside the warehouse); "" means queries cannot be saved.
	SavedQueries string
	// SQLMaxBytes caps the bytes of one SQL answer (page or download).
	SQLMaxBytes int64
	// CountBudget is how long a browse or SQL page waits for a count or a
	// facet before leaving it out (DefaultCountBudget); SortBudget how long
	// a browse page's sort may take (DefaultSortBudget).
	CountBudget, SortBudget time.Duration
	// SQLMaxRunning caps the SQL page's queries running at once; one more
	// gets 503 at once.
	SQLMaxRunning int
	// Addr is the address served (host:port). A request whose Host header
	// names another host is refused, so that a DNS-rebinding page cannot
	// read the answers; "" turns the check off (tests, a handler mounted
	// elsewhere).
	Addr string
	// AllowHosts are more Host values accepted: the names a reverse proxy
	// or the intranet's DNS gives this server ("stats.example.gov.cn" or
	// with a port).
	AllowHosts []string
	// MinApplications is the ranking threshold: a county that processed
	// fewer applications in a year is listed but not ranked, because a
	// 公开率 over a handful of requests says little.
	MinApplications int
}

// Server serves the pages. It keeps no state between requests besides its
// configuration, parsed templates and the count of SQL queries running,
// so it is safe for concurrent use.
type Server struct {
	cfg Config
	mux *http.ServeMux
	// handler is mux behind gzip compression.
	handler http.Handler
	saved   *savedStore
	dl      downloads
	pages   map[string]*template.Template
	fields  touming.Fields
	running chan struct{} // one token per SQL page query running
	figures figureCache   // the overview's, while the DB's Version holds
	cache   queryCache    // the compare pickers', while the DB's Version holds
	// pageCache holds rendered compare pages, while the DB's Version holds.
	pageCache pageCache
}

//go:embed templates/*.html
var templateFS embed.FS

// New checks cfg, fills defaults and parses the templates.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, fmt.Errorf("charts: Config.DB is nil")
	}
	if cfg.SQLMaxRows <= 0 {
		cfg.SQLMaxRows = DefaultSQLMaxRows
	}
	if cfg.SQLTimeout <= 0 {
		cfg.SQLTimeout = DefaultSQLTimeout
	}
	if cfg.SQLMaxBytes <= 0 {
		cfg.SQLMaxBytes = DefaultSQLMaxBytes
	}
	if cfg.SQLMaxRunning <= 0 {
		cfg.SQLMaxRunning = DefaultSQLMaxRunning
	}
	if cfg.CountBudget <= 0 {
		cfg.CountBudget = DefaultCountBudget
	}
	if cfg.SortBudget <= 0 {
		cfg.SortBudget = DefaultSortBudget
	}
	if cfg.SQL == nil {
		cfg.SQL, _ = cfg.DB.(touming.UserSQL)
	}
	if cfg.MinApplications <= 0 {
		cfg.MinApplications = DefaultMinApplications
	}
	fields, err := touming.LoadFields()
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	pages, err := parsePages(labeler{fields}.funcs())
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, pages: pages, fields: fields, mux: http.NewServeMux(), saved: &savedStore{path: cfg.SavedQueries},
		running: make(chan struct{}, cfg.SQLMaxRunning)}
	s.routes()
	s.handler = withGzip(s.mux)
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.overview)
	s.mux.HandleFunc("GET /compare", s.compare)
	s.mux.HandleFunc("GET /report/{id}", s.report)
	s.mux.HandleFunc("GET /quality", s.quality)
	s.mux.HandleFunc("GET /ocr/{id}/{key}", s.ocrCrop)
	s.mux.HandleFunc("GET /audit", s.audit)
	s.mux.HandleFunc("GET /coverage", s.coverage)
	s.sqlRoutes()
	s.mux.HandleFunc("GET /archive/{sha}", s.archive)
	s.mux.HandleFunc("GET "+AssetsPath+"echarts.min.js", s.serveEcharts)
	s.browseRoutes()
	s.mux.HandleFunc("GET "+AssetsPath+"{name...}", s.serveAsset)
	s.mux.HandleFunc("GET /county/{code}", s.countyPage)
	s.mux.HandleFunc("/", s.notFound)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Pages are local data views: forbid anything from other origins, so
	// that not even an archived page's stray script could reach out.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Frame-Options", "DENY")
	if status, err := s.checkRequest(r); err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxQueryBytes) // forms carry SQL at most
	s.handler.ServeHTTP(w, r)
}

// pageNames lists the page templates; each is parsed with the layout.
var pageNames = []string{"overview", "compare", "report", "quality", "coverage", "sql", "error", "data", "browse", "row", "schema", "download", "county", "agency", "audit"}

// parsePages parses every page with the shared functions and extra ones
// (those that need the server's field list).
func parsePages(extra template.FuncMap) (map[string]*template.Template, error) {
	funcs := template.FuncMap{"num": formatNumber, "pct": formatPercent, "rows": rowMaps, "null": func(v any) bool { return v == nil },
		"inc": func(n int) int { return n + 1 }, "cell": cellText, "statusZh": coverageStatusText}
	for k, f := range extra {
		funcs[k] = f
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("charts: parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// layoutData is what every page gets: its title, the active tab, whether
// the echarts bundle is present, and the page's own data.
type layoutData struct {
	Title      string
	Tab        string
	HasEcharts bool
	Assets     string
	Page       any
}

// render executes a page into a buffer first, so that a template error
// yields a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, name, title string, page any) {
	html, err := s.renderHTML(name, title, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeHTML(w, status, html)
}

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Title   string
	Message string // in Chinese
	Detail  string // the technical detail, as the code or DuckDB put it
}

// fail shows an error page in Chinese (see errors.go). Details name what
// failed (the query, the parameter) because a user who cannot read logs
// needs to know.
func (s *Server) fail(w http.ResponseWriter, status int, err error) {
	msg, detail := errorText(status, err)
	title := statusTitle(status)
	s.render(w, status, "error", title, errorPage{Status: status, Title: title, Message: msg, Detail: detail})
}
