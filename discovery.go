package touming

import "time"

// The statuses discovery gives a source after a pass.
const (
	DiscoveryOK        = "ok"        // the report column was found and lists reports
	DiscoveryMoved     = "moved"     // the last known column 404s or redirects elsewhere
	DiscoveryEmpty     = "empty"     // a column was found but lists no reports
	DiscoveryNoColumn  = "no_column" // the portal answered but no column was found from it
	DiscoveryJSShell   = "js_shell"  // the page needs JavaScript to show its list (recorded, not worked around)
	DiscoveryChallenge = "challenge" // a WAF or JavaScript challenge answered (recorded, never circumvented)
	DiscoveryDead      = "dead"      // no answer: DNS, refused, TLS, timeout, or an error status
)

// Discovery is what one pass found out about a source's portal: where
// its annual-report column is, what runs it, and whether it could be read.
type Discovery struct {
	SourceID  string
	CheckedAt time.Time
	Status    string // one of the Discovery constants
	Reason    string // what the status rests on, e.g. "HTTP 412 (a web firewall)"
	// Start is the page the pass started from: the last known column, or
	// the source's start URL when there was none or it moved.
	Start string
	// Home is the final URL of the source's first start page, and Title
	// its <title>, when the pass fetched it.
	Home, Title string
	// Columns are the pages (first pages of a column) that listed reports.
	Columns []string
	// Previous are the columns the last pass had found, if the pass
	// started from them.
	Previous []string
	CMS      string // TRS, Hanweb, Epoint, gkmlpt, JEECMS; empty when not recognised
	// CrawlDelay is the Crawl-delay robots.txt asks of the portal's host;
	// zero when it asks none.
	CrawlDelay time.Duration
	// TitleNames, when set, is the other place the home page's title
	// names: the registry's hint may belong to another county.
	TitleNames string
}
