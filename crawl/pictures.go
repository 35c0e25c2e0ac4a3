package crawl

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/touming/touming/internal/pageimg"
)

// maxPicture bounds one picture of a report page.
const maxPicture = 32 << 20

// pictures fetches the pictures of a report page whose body holds no
// table (its tables may be pictures, for OCR), by the src the page writes,
// through the pass's polite transport (per-host delay, robots.txt, the
// User-Agent). A picture that cannot be fetched is left out: the page is
// then read without it.
func (p *pass) pictures(page *url.URL, body []byte, ct string) map[string][]byte {
	if !looksHTML(body, ct) {
		return nil
	}
	text := decodeHTML(body, ct)
	if strings.Contains(strings.ToLower(text), "<td") {
		return nil // a page with tables is read from them
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil
	}
	client := &http.Client{Transport: p.transport, Timeout: p.cfg.Timeout}
	out := map[string][]byte{}
	for _, src := range pageimg.Sources(doc) {
		u, err := page.Parse(src)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue // data: URIs are read from the page itself
		}
		if ok, _, _ := p.robots.allows(p.ctx, u); !ok {
			continue
		}
		if b, err := p.picture(client, u); err == nil {
			out[src] = b
		}
	}
	return out
}

// picture fetches one picture.
func (p *pass) picture(client *http.Client, u *url.URL) ([]byte, error) {
	req, err := http.NewRequestWithContext(p.ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", p.cfg.UserAgent)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d", res.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, maxPicture+1))
	if err != nil || len(b) > maxPicture {
		return nil, fmt.Errorf("picture %s: %v (%d bytes)", u, err, len(b))
	}
	return b, nil
}
