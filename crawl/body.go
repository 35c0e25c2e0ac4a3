package crawl

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// acceptEncoding is what the crawler asks for. It decodes every coding
// itself, so that one limit holds for the decoded bytes whatever the
// server sent: Go's transport decodes only the gzip it asked for, and
// Colly gunzips anything else named gzip (x-gzip) with no bound at all,
// which let a 2 MB gzip bomb grow to gigabytes.
const acceptEncoding = "gzip, deflate, br"

// permanentError marks a fetch failure that a retry cannot mend: a body
// over the size limit, a document over its time limit, a redirect the
// crawler refuses. It is never retried.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// permanent wraps err as a permanentError.
func permanent(err error) error { return &permanentError{err: err} }

// isPermanent reports whether err, or an error it wraps, is permanent.
func isPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// decodeBody replaces res.Body with its decoded bytes, cut at limit:
// reading past the limit fails with a permanent error. The
// Content-Encoding and Content-Length headers, which describe the coded
// bytes, are dropped, and res.Uncompressed tells Colly not to decode.
func decodeBody(res *http.Response, limit int64) error {
	coding := strings.ToLower(strings.TrimSpace(res.Header.Get("Content-Encoding")))
	var dec io.Reader
	var err error
	switch coding {
	case "", "identity":
		dec = res.Body
	case "gzip", "x-gzip":
		dec, err = gzip.NewReader(res.Body)
	case "deflate":
		dec, err = newDeflateReader(res.Body)
	case "br":
		dec = brotli.NewReader(res.Body)
	default:
		return permanent(fmt.Errorf("unsupported Content-Encoding %q", coding))
	}
	if err != nil {
		return fmt.Errorf("decode %s body: %w", coding, err)
	}
	if coding != "" && coding != "identity" {
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
	}
	res.Uncompressed = true
	res.Body = &cappedBody{r: dec, left: limit, limit: limit, coding: coding, raw: res.Body}
	return nil
}

// newDeflateReader reads HTTP's "deflate", which is zlib-wrapped by the
// standard and raw DEFLATE on many servers: a zlib header tells them apart.
func newDeflateReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil {
		return nil, err
	}
	if head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// cappedBody yields at most limit decoded bytes; one more is an error, so
// that a body over the limit is never mistaken for a whole one.
type cappedBody struct {
	r           io.Reader
	left, limit int64
	coding      string
	raw         io.ReadCloser
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var probe [1]byte
		n, err := c.r.Read(probe[:])
		if n > 0 {
			return 0, permanent(fmt.Errorf("body larger than the %d byte limit%s", c.limit, c.decodedNote()))
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *cappedBody) decodedNote() string {
	if c.coding == "" || c.coding == "identity" {
		return ""
	}
	return " once decoded (Content-Encoding " + c.coding + ")"
}

// Close closes the decoder, when it is one, and the body it reads.
func (c *cappedBody) Close() error {
	var err error
	if cl, ok := c.r.(io.Closer); ok && c.r != io.Reader(c.raw) {
		err = cl.Close()
	}
	return errors.Join(err, c.raw.Close())
}
