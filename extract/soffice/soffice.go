// Package soffice converts legacy Word files (.doc, RTF, OpenDocument text)
// to .docx with LibreOffice, for the DOCX reader. It runs the converter
// with a timeout, its own profile and its process group killed on timeout.
package soffice

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/touming/touming"
)

// convertTimeout bounds one LibreOffice conversion: a file that hangs the
// converter must not hang the run.
const convertTimeout = 2 * time.Minute

// IsODT tells an OpenDocument text by its mimetype entry.
func IsODT(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	f, err := zr.Open("mimetype")
	if err != nil {
		return false
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 100))
	return strings.TrimSpace(string(b)) == "application/vnd.oasis.opendocument.text"
}

// Find finds the LibreOffice binary: bin when given (a name on PATH or a
// path), else soffice or libreoffice on PATH. Its error wraps
// touming.ErrUnsupported: without LibreOffice a legacy file cannot be read.
func Find(bin string) (string, error) {
	if bin != "" {
		p, err := exec.LookPath(bin)
		if err != nil {
			return "", fmt.Errorf("legacy Word files need LibreOffice; %s: %w: %w", bin, err, touming.ErrUnsupported)
		}
		return p, nil
	}
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("legacy Word files need LibreOffice; not installed (no soffice or libreoffice on PATH): %w", touming.ErrUnsupported)
}

// ToDOCX converts data (a file of extension ext: .doc, .rtf, .odt) to
// .docx with LibreOffice binary bin, run headless in a private temporary
// directory with its own profile, so that conversions can run side by side
// and never touch the user's LibreOffice settings.
func ToDOCX(bin string, data []byte, ext string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "touming-soffice-")
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "in"+ext)
	if err := os.WriteFile(src, data, 0o600); err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	out := filepath.Join(dir, "out")
	msg, err := runSoffice(bin, dir, src, out)
	if err != nil {
		return nil, err
	}
	docx, err := os.ReadFile(filepath.Join(out, "in.docx"))
	if err != nil {
		// LibreOffice exits 0 when it cannot load a file; the missing
		// output is the sign.
		return nil, fmt.Errorf("LibreOffice could not convert it (%s): %w", msg, touming.ErrCorrupt)
	}
	return docx, nil
}

// runSoffice runs one conversion and returns LibreOffice's last message.
func runSoffice(bin, dir, src, out string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), convertTimeout)
	defer cancel()
	profile := (&url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}).String()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile,
		"--headless", "--norestore", "--nolockcheck", "--nodefault",
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", out, src)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	killGroup(cmd)
	// soffice.bin may hold the output pipe after soffice exits.
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	msg := lastLine(output.String())
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return msg, fmt.Errorf("LibreOffice took longer than %v: %w", convertTimeout, touming.ErrCorrupt)
	case err != nil:
		return msg, fmt.Errorf("run %s: %w (%s)", bin, err, msg)
	}
	return msg, nil
}

// lastLine is the last non-empty line of a command's output.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
