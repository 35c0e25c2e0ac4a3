package extract

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportWalls keeps extract's packages in their walls: the form and
// the model never reach a reader's library (PDFium, wazero, the HTML
// parser), and no reader imports the form or another reader.
func TestImportWalls(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the imports with")
	}
	const mod = "github.com/touming/touming/extract/"
	banned := []string{"klippa-app/go-pdfium", "tetratelabs/wazero", "golang.org/x/net/html"}
	for _, pkg := range []string{"form", "sheet"} {
		for _, dep := range deps(t, goBin, "./"+pkg) {
			for _, b := range banned {
				if strings.Contains(dep, b) {
					t.Errorf("extract/%s depends on %s", pkg, dep)
				}
			}
		}
	}
	readers := []string{"html", "docx", "pdf", "soffice", "ocr", "hant", "form"}
	for _, pkg := range append(readers, "sheet") {
		for _, dep := range deps(t, goBin, "./"+pkg) {
			for _, r := range readers {
				if dep == mod+r && r != pkg {
					t.Errorf("extract/%s depends on extract/%s", pkg, r)
				}
			}
		}
	}
}

// deps lists the packages pkg depends on, itself excluded.
func deps(t *testing.T, goBin, pkg string) []string {
	out, err := exec.Command(goBin, "list", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	lines := strings.Fields(string(out))
	return lines[:len(lines)-1]
}
