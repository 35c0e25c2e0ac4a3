package crawl

import "github.com/touming/touming/internal/textenc"

// decodeHTML returns an HTML page as UTF-8 text for link mining. Colly
// never reads <meta charset> and its detector takes GBK for other
// encodings, so pages are decoded by the same rule the extractor uses
// (textenc.Decode): the crawler and the extractor must agree on what a page
// says, or a report's link title could read as garbage and the report be
// passed over.
func decodeHTML(body []byte, contentType string) string {
	out, err := textenc.Decode(body, contentType, true)
	if err != nil {
		return string(body) // a page we cannot decode still has ASCII links
	}
	return string(out)
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
