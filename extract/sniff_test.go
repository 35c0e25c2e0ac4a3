package extract

import (
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestSniff(t *testing.T) {
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<html><body><table></table></body></html>"))
	cases := []struct {
		data     string
		name, ct string
		want     Format
	}{
		{"%PDF-1.7\n", "a.html", "text/html", FormatPDF},
		{"PK\x03\x04rest", "a.bin", "application/octet-stream", FormatDOCX},
		{"\xd0\xcf\x11\xe0rest", "a.doc", "", FormatDOC},
		{"<!DOCTYPE html><html>", "a.txt", "text/plain", FormatHTML},
		{"\xef\xbb\xbf<html>", "", "", FormatHTML},
		{string(utf16), "", "", FormatHTML},
		{"一、总体情况\n规章\t0\t0\t0\n", "a.txt", "", FormatText},
		{"一、总体情况", "report.shtml", "", FormatHTML},
	}
	for _, c := range cases {
		if got := Sniff([]byte(c.data), c.name, c.ct); got != c.want {
			t.Errorf("Sniff(%q, %q, %q) = %s, want %s", c.data[:min(len(c.data), 12)], c.name, c.ct, got, c.want)
		}
	}
}
