package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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
)

// pdfEngine is PDFium compiled to WebAssembly and run by wazero: pure Go, no
// cgo. Compiling the module is the costly part (seconds), so it happens once
// per Extractor, and the compiled code is also kept in a cache directory so
// that the next process starts in a fraction of that.
type pdfEngine struct {
	pool  pdfium.Pool
	cache wazero.CompilationCache
}

// pdfInstanceWait bounds how long a document waits for a free PDFium instance
// when all of them are busy with other documents.
const pdfInstanceWait = 10 * time.Minute

// start compiles and instantiates PDFium. Extractor.mu must be held.
func (p *pdfEngine) start() error {
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
func (p *pdfEngine) init(cache wazero.CompilationCache) error {
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

// close stops PDFium; the Extractor must not be used afterwards.
func (p *pdfEngine) close() error {
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

// pdfInstance returns a PDFium instance, starting the engine on first use.
func (e *Extractor) pdfInstance() (pdfium.Pdfium, error) {
	e.mu.Lock()
	err := e.pdf.start()
	pool := e.pdf.pool
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	inst, err := pool.GetInstance(pdfInstanceWait)
	if err != nil {
		return nil, fmt.Errorf("get PDF engine instance: %w", err)
	}
	return inst, nil
}

// fromPDF reads a PDF's text layer two ways: ruled tables cell by cell
// from their drawn lines, and the page text rebuilt as layout lines for
// the text reader (tables without rules). The better report is kept.
func (e *Extractor) fromPDF(in Input) (*touming.Report, error) {
	pages, err := e.pdfPages(in.Data)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return pdfReport(in.Name, pages)
}

// pdfReport reads the pages of a PDF as a report.
func pdfReport(name string, pages []pdfPage) (*touming.Report, error) {
	blank := pdfBlankPages(pages)
	if len(blank) == len(pages) {
		return nil, fmt.Errorf("pdf: none of %d pages has readable text (a scan, or fonts without Unicode?): %w", len(pages), touming.ErrNoTextLayer)
	}
	var ruled *touming.Report
	if w, ok := pdfLattice(pages); ok {
		ruled, _ = w.report()
	}
	r, err := fromLines(pdfText(pages))
	if err != nil && ruled == nil && len(blank) > 0 && (errors.Is(err, touming.ErrNoTables) || errors.Is(err, touming.ErrNotReport)) {
		// The tables are likely on the scanned pages: say so, so that
		// the document is kept for OCR rather than dismissed.
		return nil, fmt.Errorf("pdf: pages %v have no text (scanned?) and the rest hold no table: %w", blank, touming.ErrNoTextLayer)
	}
	if ruled != nil && (err != nil || pdfBetter(ruled, r)) {
		return ruled, nil
	}
	return r, err
}

// pdfBetter tells whether report a, read from ruled tables, should be
// kept over b, read from layout text. The ruled reading knows its cells,
// so it wins unless the text reading read more values with no more failed
// checks (a table drawn without rules beside ruled ones, say).
func pdfBetter(a, b *touming.Report) bool {
	return !(pdfFilled(b) > pdfFilled(a) && len(b.Failed()) <= len(a.Failed()))
}

// pdfFilled counts a report's non-null values.
func pdfFilled(r *touming.Report) int {
	n := 0
	for _, v := range r.Values {
		if v != nil {
			n++
		}
	}
	return n
}

// pdfBlankPages lists the (1-based) numbers of pages without text, or whose
// glyphs mostly map to no character.
func pdfBlankPages(pages []pdfPage) []int {
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

// pdfPages opens a PDF and reads the glyphs of every page.
func (e *Extractor) pdfPages(data []byte) ([]pdfPage, error) {
	if err := checkPDFTail(data); err != nil {
		return nil, err
	}
	inst, err := e.pdfInstance()
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
	return fmt.Errorf("open: %v: %w", err, touming.ErrCorrupt)
}

// pdfReadPages reads the glyphs of each page of an open document.
func pdfReadPages(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) ([]pdfPage, error) {
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil {
		return nil, fmt.Errorf("count pages: %v: %w", err, touming.ErrCorrupt)
	}
	if n.PageCount == 0 {
		return nil, fmt.Errorf("no pages: %w", touming.ErrCorrupt)
	}
	pages := make([]pdfPage, 0, n.PageCount)
	for i := range n.PageCount {
		pg, err := pdfReadPage(inst, doc, i)
		if err != nil {
			return nil, fmt.Errorf("page %d: %v: %w", i+1, err, touming.ErrCorrupt)
		}
		pages = append(pages, pg)
	}
	return pages, nil
}
