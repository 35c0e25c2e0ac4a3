// Package textenc decodes the bytes of report pages and portal pages to
// UTF-8 by one rule, shared by the crawler (for link text) and the extractor
// (for the tables): a byte order mark, the HTTP Content-Type, a <meta> tag,
// then detection, with the GB family read as GB18030.
package textenc

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaCharset finds <meta charset=…> or <meta http-equiv … content="…;
// charset=…"> in a page's head.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)`)

// Decode returns data as UTF-8. The charset comes from, in order: a byte
// order mark, the HTTP Content-Type, a <meta> tag (HTML only), and
// detection: valid UTF-8 is UTF-8, anything else is read as GB18030, the
// superset of GBK and GB2312 that Chinese portals actually send. A declared
// charset that the bytes contradict (UTF-8 declared, GBK sent) loses to
// detection.
func Decode(data []byte, contentType string, html bool) ([]byte, error) {
	if e := bomEncoding(data); e != nil {
		return transform(e, data)
	}
	name := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		name = params["charset"]
	}
	if name == "" && html {
		head := data[:min(len(data), 4096)]
		if m := metaCharset.FindSubmatch(head); m != nil {
			name = string(m[1])
		}
	}
	e := lookup(name)
	if e == simplifiedchinese.GB18030 && utf8.Valid(data) {
		e = nil // GBK text is almost never valid UTF-8: the label is stale
	}
	if e == nil || e == encoding.Nop {
		if utf8.Valid(data) {
			return data, nil
		}
		e = simplifiedchinese.GB18030
	}
	return transform(e, data)
}

// lookup maps a charset label to an encoding; the GB family all become
// GB18030 (pages labelled gb2312 routinely use GBK characters).
func lookup(name string) encoding.Encoding {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "":
		return nil
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn":
		return simplifiedchinese.GB18030
	case "utf-8", "utf8":
		return encoding.Nop
	}
	e, err := htmlindex.Get(n)
	if err != nil {
		return nil
	}
	return e
}

// FromBOM decodes data that starts with a byte order mark (UTF-8 or
// UTF-16); ok is false when there is none or it does not decode.
func FromBOM(data []byte) (out []byte, ok bool) {
	e := bomEncoding(data)
	if e == nil {
		return nil, false
	}
	out, err := transform(e, data)
	return out, err == nil
}

func bomEncoding(data []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8BOM
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

func transform(e encoding.Encoding, data []byte) ([]byte, error) {
	if e == encoding.Nop {
		return bytes.ToValidUTF8(data, []byte("\ufffd")), nil
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("decode charset: %w", err)
	}
	return out, nil
}
