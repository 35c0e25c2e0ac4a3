package extract

import (
	"net/url"
	"strings"

	"github.com/touming/touming/extract/sheet"
)

// urlDate is the date in a document URL's path (/202401/t20240120_1.html,
// /2024-01/20/…), the last source of a publication date after the text and
// the file's own metadata; "" for a file name or a path without one.
func urlDate(name string) (date, from string) {
	if !strings.Contains(name, "://") {
		return "", ""
	}
	u, err := url.Parse(name)
	if err != nil {
		return "", ""
	}
	if d, ok := sheet.Date(u.Path); ok {
		return d, "url"
	}
	return "", ""
}
