package extract

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// haveSoffice tells whether LibreOffice is installed for the .doc tests.
func haveSoffice() bool {
	for _, n := range []string{"soffice", "libreoffice"} {
		if _, err := exec.LookPath(n); err == nil {
			return true
		}
	}
	return false
}

// Without LibreOffice a legacy .doc is recorded as unsupported, with the
// reason, never as a crash or an empty report.
func TestDOCWithoutLibreOffice(t *testing.T) {
	x := New(Config{Soffice: "/nonexistent/soffice"})
	defer x.Close()
	_, err := x.Extract(Input{Name: "pingtan-2024.doc", Data: attachment(t, "pingtan-2024.doc")})
	if !errors.Is(err, touming.ErrUnsupported) {
		t.Fatalf("got %v, want ErrUnsupported", err)
	}
	for _, s := range []string{"pingtan-2024.doc", "LibreOffice", "/nonexistent/soffice"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	if touming.StatusOf(err) != touming.StatusUnsupported {
		t.Errorf("status %s", touming.StatusOf(err))
	}
}

// Sniff sends OLE files (.doc) and RTF to the converter whatever their
// name says.
func TestSniffWordFiles(t *testing.T) {
	cases := map[string]Format{
		"pingtan-2024.doc":  FormatDOC,
		"pingtan-2024.docx": FormatDOCX,
		"pingtan-2024.pdf":  FormatPDF,
	}
	for name, want := range cases {
		if got := Sniff(attachment(t, name), "download.aspx", "application/octet-stream"); got != want {
			t.Errorf("%s sniffed as %s, want %s", name, got, want)
		}
	}
	if got := Sniff([]byte(`{\rtf1\ansi 2024年`), "report.doc", ""); got != FormatDOC {
		t.Errorf("RTF sniffed as %s, want doc (for LibreOffice)", got)
	}
}
