package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/registry"
)

// TestSourcesHenan: `touming sources --region 41` writes a file the
// crawler's parser reads, one source per usable entry of 河南, each with
// its region and marked as an unverified hint.
func TestSourcesHenan(t *testing.T) {
	e, out, errb := extractEnv()
	if code := run(context.Background(), e, []string{"sources", "--region", "41"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	srcs, err := crawl.ParseSources("henan.yaml", out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := registry.Load()
	es, _ := reg.Select("41")
	planned, _ := reg.Sources(es)
	if len(srcs) != len(planned) || len(srcs) < 150 {
		t.Fatalf("%d sources written, %d planned", len(srcs), len(planned))
	}
	for _, s := range srcs {
		if !strings.HasPrefix(s.Region, "41") || s.ID != registry.SourceID(s.Region) || len(s.Start) == 0 {
			t.Errorf("source %+v", s)
		}
	}
	if n := strings.Count(out.String(), "hint (unverified)"); n != len(srcs) {
		t.Errorf("%d of %d sources marked as hints", n, len(srcs))
	}
}

// TestSourcesOverrides: an overrides file wins and its check date shows;
// a bad one is an error naming its line.
func TestSourcesOverrides(t *testing.T) {
	dir := t.TempDir()
	fix := filepath.Join(dir, "fix.tsv")
	os.WriteFile(fix, []byte(registry.OverrideColumns+"\n410721\thttp://127.0.0.1:1/\thttp://127.0.0.1:1/ndbg/\t2026-05-02\n"), 0o644)
	e, out, errb := extractEnv()
	if code := run(context.Background(), e, []string{"sources", "--region", "410721", "--overrides", fix}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	srcs, err := crawl.ParseSources("x.yaml", out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || strings.Join(srcs[0].Start, " ") != "http://127.0.0.1:1/ndbg/ http://127.0.0.1:1/" ||
		!strings.Contains(out.String(), "verified 2026-05-02") {
		t.Errorf("%+v\n%s", srcs, out)
	}
	os.WriteFile(fix, []byte(registry.OverrideColumns+"\n410721\tnot-a-url\n"), 0o644)
	e, _, errb = extractEnv()
	if code := run(context.Background(), e, []string{"sources", "--region", "41", "--overrides", fix}); code != 1 || !strings.Contains(errb.String(), "fix.tsv:2") {
		t.Errorf("exit %d: %s", code, errb)
	}
	e, _, errb = extractEnv()
	if code := run(context.Background(), e, []string{"sources", "--region", "4199"}); code != 2 || !strings.Contains(errb.String(), "419900") {
		t.Errorf("exit %d: %s", code, errb)
	}
}
