package touming

import "time"

// Source is a portal that publishes annual reports: one entry of the
// sources file.
type Source struct {
	ID     string   // stable identifier, e.g. xinxiang-county
	Name   string   // e.g. 新乡县人民政府
	Region string   // GB/T 2260 division code, optional
	Start  []string // list pages of the annual-report column, or the portal's home page
	// Allow and Deny are URL patterns (regular expressions) that narrow
	// what is followed; Deny wins.
	Allow []string
	Deny  []string
	// TitlePattern, when set, is a regular expression a report link's
	// title must match.
	TitlePattern string
}

// Document is one fetched (or read) file: a report page, an attachment, or a
// page that turned out not to be a report.
type Document struct {
	ID          int64
	SourceID    string // empty for files loaded by hand
	URL         string // as requested (or the file path for local files)
	FinalURL    string // after redirects
	FetchedAt   time.Time
	ContentType string
	SHA256      string // hex of the body; names the archived copy
	Size        int64
	HTTPStatus  int
	ETag        string
	LastMod     string // Last-Modified header as sent
	Status      Status // one of the Status constants
	Error       string // the reason, when Status is not StatusOK
	// Title is the link text or page title it was found under.
	Title string
	// Parent is the URL of the page that linked an attachment.
	Parent string
}
