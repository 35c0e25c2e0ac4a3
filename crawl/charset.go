package crawl

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decodeHTML returns an HTML page as UTF-8 text. Colly never reads
// <meta charset> and its detector takes GBK for other encodings, so the
// order here is a browser's: the HTTP header, a byte-order mark, a <meta>
// in the first 1024 bytes, then a guess: UTF-8 if the bytes are valid
// UTF-8, else GB18030. GBK and GB2312 labels are read as GB18030, their
// superset, since pages labelled GB2312 routinely hold GBK characters.
func decodeHTML(body []byte, contentType string) string {
	enc := pageEncoding(body, contentType)
	if enc == unicode.UTF8 {
		return string(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return string(body) // a page we cannot decode still has ASCII links
	}
	return string(out)
}

func pageEncoding(body []byte, contentType string) encoding.Encoding {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e := lookup(params["charset"]); e != nil {
			return e
		}
	}
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return unicode.UTF8
	case bytes.HasPrefix(body, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case bytes.HasPrefix(body, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	}
	if _, name, certain := charset.DetermineEncoding(head(body, 1024), "text/html"); certain {
		if e := lookup(name); e != nil {
			return e
		}
	}
	if utf8.Valid(body) {
		return unicode.UTF8
	}
	return simplifiedchinese.GB18030
}

// lookup maps a charset label to an encoding, the Chinese ones to GB18030.
func lookup(label string) encoding.Encoding {
	label = strings.ToLower(strings.TrimSpace(label))
	switch label {
	case "":
		return nil
	case "gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn":
		return simplifiedchinese.GB18030
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil
	}
	if e == simplifiedchinese.GBK || e == simplifiedchinese.HZGB2312 {
		return simplifiedchinese.GB18030
	}
	return e
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
