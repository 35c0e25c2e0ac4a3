package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrUnavailable: Tesseract or its Chinese data is not installed. A
// document that needs OCR keeps the status it had without it.
var ErrUnavailable = errors.New("OCR unavailable (install tesseract-ocr and tesseract-ocr-chi-sim)")

// Tesseract runs the tesseract command line.
type Tesseract struct {
	bin string
}

// FindTesseract looks for tesseract (bin, or on PATH when bin is empty)
// and checks that it has the chi_sim and eng languages. The error wraps
// ErrUnavailable and says what is missing.
func FindTesseract(bin string) (*Tesseract, error) {
	if bin == "" {
		bin = "tesseract"
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		return nil, fmt.Errorf("%w: %s not found", ErrUnavailable, bin)
	}
	out, err := exec.Command(path, "--list-langs").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("%w: %s --list-langs: %v", ErrUnavailable, path, err)
	}
	langs := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		langs[l] = true
	}
	for _, want := range []string{"chi_sim", "eng"} {
		if !langs[want] {
			return nil, fmt.Errorf("%w: %s has no %s language data", ErrUnavailable, path, want)
		}
	}
	return &Tesseract{bin: path}, nil
}

// reading is what Tesseract made of one image: its words joined, and the
// lowest word confidence (0-100); conf is -1 when it read nothing.
type reading struct {
	text string
	conf float64
}

// read runs Tesseract once over many small images (a list file: one
// process, the model loaded once) with the given options and returns one
// reading per image.
func (t *Tesseract) read(ctx context.Context, imgs [][]byte, opts ...string) ([]reading, error) {
	out := make([]reading, len(imgs))
	if len(imgs) == 0 {
		return out, nil
	}
	dir, err := os.MkdirTemp("", "touming-ocr")
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	var list strings.Builder
	for i, b := range imgs {
		name := filepath.Join(dir, fmt.Sprintf("%05d.png", i))
		if err := os.WriteFile(name, b, 0o600); err != nil {
			return nil, fmt.Errorf("ocr: %w", err)
		}
		list.WriteString(name + "\n")
	}
	listFile := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(listFile, []byte(list.String()), 0o600); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	args := append([]string{listFile, "stdout"}, opts...)
	cmd := exec.CommandContext(ctx, t.bin, append(args, "tsv")...)
	// One thread per process: extraction already runs a pool of workers.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ocr: tesseract %s: %w: %s", strings.Join(opts, " "), err, strings.TrimSpace(stderr.String()))
	}
	for i := range out {
		out[i].conf = -1
	}
	parseTSV(stdout.String(), out)
	return out, nil
}

// parseTSV fills one reading per page from Tesseract's TSV: words (level
// 5) in order, a space between words, a newline between lines.
func parseTSV(tsv string, out []reading) {
	lastLine := map[int]string{}
	for _, l := range strings.Split(tsv, "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		pg, err1 := strconv.Atoi(f[1])
		conf, err2 := strconv.ParseFloat(f[10], 64)
		word := strings.TrimSpace(f[11])
		if err1 != nil || err2 != nil || pg < 1 || pg > len(out) || word == "" {
			continue
		}
		r := &out[pg-1]
		line := f[2] + "." + f[3] + "." + f[4]
		switch {
		case r.text == "":
		case lastLine[pg] != line:
			r.text += "\n"
		default:
			r.text += " "
		}
		lastLine[pg] = line
		r.text += word
		if r.conf < 0 || conf < r.conf {
			r.conf = conf
		}
	}
}
