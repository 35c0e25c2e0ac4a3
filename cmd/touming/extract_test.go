package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func extractEnv() (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{stdout: &out, stderr: &errb}, &out, &errb
}

// TestExtractJSON runs `touming extract --json` on the bundled samples, a
// notice page and a missing file: one JSON line per file, the good ones
// with every key, the bad ones with their reason, exit status 1.
func TestExtractJSON(t *testing.T) {
	dir := t.TempDir()
	notice := filepath.Join(dir, "notice.html")
	os.WriteFile(notice, []byte(`<html><head><title>关于做好2023年政府信息公开工作年度报告工作的通知</title></head><body><p>各单位：请按时发布。</p></body></html>`), 0o644)
	missing := filepath.Join(dir, "gone.html")
	samples, _ := filepath.Glob("../../samples/*")
	if len(samples) < 4 {
		t.Fatalf("bundled samples missing: %v", samples)
	}
	e, out, errb := extractEnv()
	args := append([]string{"extract", "--json"}, samples...)
	if code := run(context.Background(), e, append(args, notice, missing)); code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errb)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(samples)+2 {
		t.Fatalf("%d lines for %d files", len(lines), len(samples)+2)
	}
	for i, l := range lines {
		var res extractResult
		if err := json.Unmarshal([]byte(l), &res); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		checkResult(t, res, i < len(samples))
	}
	if !strings.Contains(lines[len(lines)-2], `"status":"not_report"`) || !strings.Contains(lines[len(lines)-1], "gone.html") {
		t.Errorf("bad files not reported with their reason:\n%s\n%s", lines[len(lines)-2], lines[len(lines)-1])
	}
}

func checkResult(t *testing.T, res extractResult, good bool) {
	t.Helper()
	if !good {
		if res.Error == nil || res.Values != nil || !strings.Contains(*res.Error, filepath.Base(res.File)) {
			t.Errorf("%s: want an error naming the file, got %+v", res.File, res)
		}
		return
	}
	if res.Error != nil {
		t.Fatalf("%s: %s", res.File, *res.Error)
	}
	if n := len(res.Values); n != 200 && n != 198 {
		t.Errorf("%s: %d values, want every key of the template", res.File, n)
	}
	if res.Meta.Year < 2019 || res.Meta.Agency == "" || len(res.Checks) == 0 || len(res.Cells) == 0 {
		t.Errorf("%s: incomplete result: %+v", res.File, res.Meta)
	}
}

// TestExtractTables prints a report readably: the three tables with their
// Chinese labels and the failed checks.
func TestExtractTables(t *testing.T) {
	e, out, errb := extractEnv()
	if code := run(context.Background(), e, []string{"extract", "../../samples/shanghai-office-2019.html"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	s := out.String()
	for _, want := range []string{"上海市人民政府办公厅", "三、收到和处理政府信息公开申请情况", "（七）总计", "805", "采购总金额 25.1", "C3 apply.granted.total: 272 ≠ null"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

// Large counts print whole: 淮安's 3985758 行政处罚 decisions, not 3.985758e+06.
func TestExtractTablesLargeNumbers(t *testing.T) {
	e, out, errb := extractEnv()
	if code := run(context.Background(), e, []string{"extract", "../../samples/huaian-city-2024.txt"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if s := out.String(); !strings.Contains(s, "3985758") || strings.Contains(s, "e+06") {
		t.Errorf("行政处罚 not printed whole:\n%s", s)
	}
}

func TestExtractUsage(t *testing.T) {
	e, _, errb := extractEnv()
	if code := run(context.Background(), e, []string{"extract"}); code != 2 {
		t.Fatalf("exit %d without files, want 2; stderr: %s", code, errb)
	}
}

// TestExtractDirAndStdin reads a directory's files and standard input.
func TestExtractDirAndStdin(t *testing.T) {
	page, err := os.ReadFile("../../samples/pingtan-2024.html")
	if err != nil {
		t.Fatal(err)
	}
	e, out, errb := extractEnv()
	e.stdin = bytes.NewReader(page)
	if code := run(context.Background(), e, []string{"extract", "--json", "../../samples", "-"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 || !strings.Contains(lines[4], `"file":"-"`) || !strings.Contains(lines[4], `"agency":"平潭综合实验区管委会（平潭综合实验区）"`) {
		t.Errorf("want four samples and stdin, got:\n%s", strings.Join(lines, "\n")[:min(2000, out.Len())])
	}
}
