package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/extract/internal/golden"
)

// TestReaderGolden prints both readings of every PDF of extract's
// attachments that has a text layer: the ruled Doc into
// testdata/<name>.ruled.txt, the laid-out lines into <name>.laid.txt
// (-update rewrites them).
func TestReaderGolden(t *testing.T) {
	var e Engine
	defer e.Close()
	for _, stem := range []string{"pingtan-2024", "pingtan-2024-chromium", "shanghai-office-2019"} {
		t.Run(stem, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "attachments", stem+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			rd, err := e.Read(data)
			if err != nil {
				t.Fatal(err)
			}
			ruled := "no ruled table\n"
			if rd.HasRuled {
				ruled = rd.Ruled.Text()
			}
			golden.Check(t, filepath.Join("testdata", stem+".ruled.txt"), []byte(ruled))
			golden.Check(t, filepath.Join("testdata", stem+".laid.txt"), []byte(strings.Join(rd.Lines, "\n")+"\n"))
		})
	}
}
