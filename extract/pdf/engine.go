// Package pdf reads a PDF's text layer with PDFium (compiled to
// WebAssembly, run by wazero: no cgo) into sheet.Docs, two ways:
//
//   - Ruled: the tables drawn with rules (lattice.go, rules.go). Rules that
//     cross form a table, their positions its grid, a missing stretch of
//     rule a merged cell; each glyph goes to the cell under its centre, and
//     a table a page break cut is joined again (pages.go). The grids and
//     the text around them go to a sheet.Builder, as the HTML and DOCX
//     readers' do.
//   - Laid out: every page's glyphs rebuilt into text lines as pdftotext
//     -layout prints them (layout.go): glyphs grouped into lines by height
//     and ordered by x, a line broken into fragments at wide gaps (cell
//     boundaries), each fragment given the leftmost column that keeps it
//     clear of and aligned with the fragments above and below (poppler's
//     column assignment; one rune is one column), wide vertical gaps kept
//     as blank lines and a form feed before every page after the first.
//     The lines are then cut into cells by the text splitter
//     (sheet.FromLines) like any text report.
//
// Why the round trip through text rather than cells from the glyphs: many
// reports draw their tables without rules, or print only some of them;
// the text splitter already reads pdftotext output of real reports
// exactly (narrow columns, wrapped labels, pages spaced differently), and
// giving it the same lines makes one reader of text-laid tables, tested on
// both the corpus's pdftotext files and these PDFs. The extract facade
// keeps whichever reading gives the better report.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/sheet"
)

// Engine is PDFium compiled to WebAssembly and run by wazero: pure Go, no
// cgo. Compiling the module is the costly part (seconds), so it happens once
// per Engine, on first use, and the compiled code is also kept in a cache
// directory so that the next process starts in a fraction of that. The zero
// Engine is ready; it is safe for concurrent use.
type Engine struct {
	mu    sync.Mutex // guards the lazy start
	pool  pdfium.Pool
	cache wazero.CompilationCache
}

// pdfInstanceWait bounds how long a document waits for a free PDFium instance
// when all of them are busy with other documents.
const pdfInstanceWait = 10 * time.Minute

// start compiles and instantiates PDFium. p.mu must be held.
func (p *Engine) start() error {
	if p.pool != nil {
		return nil
	}
	err := p.init(pdfCompilationCache())
	if err != nil {
		// wazero fails the compilation when it cannot write its cache
		// (a read-only or full disk): compile without a cache directory.
		err = p.init(wazero.NewCompilationCache())
	}
	return err
}

// init starts the pool of PDFium instances with a compilation cache.
func (p *Engine) init(cache wazero.CompilationCache) error {
	// The bundled module lowers setjmp/longjmp to WebAssembly exception
	// handling, so that feature must be on when we pass our own config.
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCompilationCache(cache).
		// A hostile file may make PDFium allocate without end: cap each
		// instance's memory (the allocation then fails, the file with it).
		// WithCloseOnContextDone, which would let a runaway call be
		// killed, costs 2-3× the reading speed here, so it is not used.
		WithMemoryLimitPages(pdfMemoryPages)
	n := runtime.GOMAXPROCS(0)
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 1, MaxIdle: n, MaxTotal: n,
		RuntimeConfig: rc,
		// No file system: documents are handed over as bytes.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard, Stderr: io.Discard,
		ReuseWorkers: true,
	})
	if err != nil {
		cache.Close(context.Background())
		return fmt.Errorf("start PDF engine: %w", err)
	}
	p.pool, p.cache = pool, cache
	return nil
}

// pdfCompilationCache keeps wazero's compiled PDFium under the user's cache
// directory (XDG_CACHE_HOME or ~/.cache), falling back to memory only.
func pdfCompilationCache() wazero.CompilationCache {
	if dir, err := os.UserCacheDir(); err == nil {
		c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "touming", "wazero"))
		if err == nil {
			return c
		}
	}
	return wazero.NewCompilationCache()
}

// Close stops PDFium; the Engine must not be used afterwards.
func (p *Engine) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pool == nil {
		return nil
	}
	err := p.pool.Close()
	p.cache.Close(context.Background())
	p.pool, p.cache = nil, nil
	if err != nil {
		return fmt.Errorf("close PDF engine: %w", err)
	}
	return nil
}

// instance returns a PDFium instance, starting the engine on first use.
func (p *Engine) instance() (pdfium.Pdfium, error) {
	p.mu.Lock()
	err := p.start()
	pool := p.pool
	p.mu.Unlock()
	if err != nil {
		return nil, err
	}
	inst, err := pool.GetInstance(pdfInstanceWait)
	if err != nil {
		return nil, fmt.Errorf("get PDF engine instance: %w", err)
	}
	return inst, nil
}

// Reading is a PDF's text layer read two ways: its ruled tables cell by
// cell from their drawn lines (Ruled, with the text around them), and its
// pages laid out as text lines the way pdftotext -layout prints them
// (Lines), for the text splitter (tables drawn without rules).
type Reading struct {
	Pages    int
	Blank    []int // the (1-based) pages without text: scanned, or fonts without Unicode
	Ruled    sheet.Doc
	HasRuled bool // some page has a ruled table
	Lines    []string
}

// Laid is the laid-out reading as a Doc: Lines cut by the text splitter.
func (r Reading) Laid() sheet.Doc { return sheet.FromLines(r.Lines) }

// Read opens a PDF and reads its text layer both ways.
func (p *Engine) Read(data []byte) (Reading, error) {
	pages, err := p.pages(data)
	if err != nil {
		return Reading{}, err
	}
	return reading(pages), nil
}

// reading reads the pages both ways; only their count and blanks when all
// are blank.
func reading(pages []pdfPage) Reading {
	r := Reading{Pages: len(pages), Blank: blankPages(pages)}
	if len(r.Blank) == len(pages) {
		return r
	}
	r.Ruled, r.HasRuled = pdfLattice(pages)
	r.Lines = pdfText(pages)
	return r
}

// blankPages lists the (1-based) numbers of pages without text, or whose
// glyphs mostly map to no character.
func blankPages(pages []pdfPage) []int {
	var blank []int
	for i, pg := range pages {
		if len(pg.glyphs) == 0 {
			blank = append(blank, i+1)
		}
	}
	return blank
}

// pdfText lays out every page as text lines, as pdftotext -layout would.
func pdfText(pages []pdfPage) []string {
	var lines []string
	for i, pg := range pages {
		lines = append(lines, pdfPageLines(pg, i)...)
	}
	return lines
}

// pdfPageLines lays out page i (0-based); like pdftotext, a form feed starts
// every page after the first.
func pdfPageLines(pg pdfPage, i int) []string {
	lines := pdfLayoutPage(pg)
	if i > 0 {
		if len(lines) == 0 {
			lines = []string{""}
		}
		lines[0] = "\f" + lines[0]
	}
	return lines
}

// pages opens a PDF and reads the glyphs of every page.
func (p *Engine) pages(data []byte) ([]pdfPage, error) {
	if err := checkPDFTail(data); err != nil {
		return nil, err
	}
	inst, err := p.instance()
	if err != nil {
		return nil, err
	}
	defer inst.Close()
	return pdfRead(inst, data)
}

// pdfMemoryPages caps an instance's WebAssembly memory: 1 GiB in 64 KiB
// pages, some ten times what a 100-page report needs.
const pdfMemoryPages = 16384

// pdfRead opens a document in inst and reads its pages.
func pdfRead(inst pdfium.Pdfium, data []byte) ([]pdfPage, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, pdfOpenError(err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	return pdfReadPages(inst, doc.Document)
}

// checkPDFTail rejects a PDF cut short (an interrupted download): PDFium
// would rebuild what it can and read part of the tables as if whole.
func checkPDFTail(data []byte) error {
	tail := data[max(0, len(data)-2048):]
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return fmt.Errorf("truncated: no %%%%EOF at the end of %d bytes: %w", len(data), touming.ErrCorrupt)
	}
	return nil
}

// pdfOpenError classifies PDFium's refusal to open a document.
func pdfOpenError(err error) error {
	if errors.Is(err, pdferrors.ErrPassword) {
		return fmt.Errorf("open: password-protected: %w", touming.ErrUnsupported)
	}
	if errors.Is(err, pdferrors.ErrSecurity) {
		return fmt.Errorf("open: unsupported security handler: %w", touming.ErrUnsupported)
	}
	return fmt.Errorf("open: %w: %w", err, touming.ErrCorrupt)
}

// pdfReadPages reads the glyphs of each page of an open document.
func pdfReadPages(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) ([]pdfPage, error) {
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil {
		return nil, fmt.Errorf("count pages: %w: %w", err, touming.ErrCorrupt)
	}
	if n.PageCount == 0 {
		return nil, fmt.Errorf("no pages: %w", touming.ErrCorrupt)
	}
	pages := make([]pdfPage, 0, n.PageCount)
	for i := range n.PageCount {
		pg, err := pdfReadPage(inst, doc, i)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w: %w", i+1, err, touming.ErrCorrupt)
		}
		pages = append(pages, pg)
	}
	return pages, nil
}
