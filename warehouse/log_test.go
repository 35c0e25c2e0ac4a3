package warehouse

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestHelperKilledWriter is not a test: TestKilledWriterLosesOnlyItsBatch
// runs it in a child process, which writes TOUMING_KILL_BATCHES batches
// into a new warehouse, says "ready" at TOUMING_KILL_AT and waits there to
// be killed.
func TestHelperKilledWriter(t *testing.T) {
	path := os.Getenv("TOUMING_KILL_DB")
	if path == "" {
		t.Skip("helper process only")
	}
	ready := func() {
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Hour)
	}
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := os.Getenv("TOUMING_KILL_AT")
	if at == "open" {
		ready()
	}
	n, _ := strconv.Atoi(os.Getenv("TOUMING_KILL_BATCHES"))
	cos := counties(t)
	for i := range n {
		if _, err := db.Write(ctx, genReports(i*20, 20, cos)); err != nil {
			t.Fatal(err)
		}
	}
	switch at {
	case "commit":
		ready()
	case "close":
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		ready()
	case "inside":
		// Stopped after the batch's rows are appended, before its commit.
		st := &steps{at: func(name string) {
			if name == "audit" {
				ready()
			}
		}}
		db.Write(withSteps(ctx, st), genReports(n*20, 20, cos))
	}
	t.Fatalf("TOUMING_KILL_AT=%q: not a place to stop", at)
}

// TestKilledWriterLosesOnlyItsBatch kills (SIGKILL) a writer right after
// it created the warehouse, right after a commit, in the middle of a batch
// and after a close that left the write-ahead log, then reopens the file:
// it must open, replaying the log, with every committed batch and nothing
// of the killed one, and take a batch again.
func TestKilledWriterLosesOnlyItsBatch(t *testing.T) {
	for _, tc := range []struct {
		at      string
		batches int
	}{{"open", 0}, {"commit", 2}, {"inside", 2}, {"close", 2}} {
		t.Run(tc.at, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.duckdb")
			killWriter(t, path, tc.at, tc.batches)
			if st, err := os.Stat(path + ".wal"); err != nil || st.Size() == 0 {
				t.Fatalf("no write-ahead log left to replay (%v): the test tests nothing", err)
			}
			checkReopened(t, path, tc.batches*20)
		})
	}
}

// killWriter runs TestHelperKilledWriter and kills it once it is ready.
func killWriter(t *testing.T, path, at string, batches int) {
	child := exec.Command(os.Args[0], "-test.run", "^TestHelperKilledWriter$")
	child.Env = append(os.Environ(), "TOUMING_KILL_DB="+path, "TOUMING_KILL_AT="+at,
		"TOUMING_KILL_BATCHES="+strconv.Itoa(batches))
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	if line != "ready\n" {
		t.Fatalf("writer said %q, not ready", line)
	}
}

// checkReopened opens the warehouse a killed writer left and checks that it
// holds want reports and what goes with them, then writes to it again.
func checkReopened(t *testing.T, path string, want int) {
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("reopen after the kill: %v", err)
	}
	defer db.Close()
	for q, n := range map[string]int{
		`SELECT count(*) FROM reports`:                       want,
		`SELECT count(*) FROM documents`:                     want,
		`SELECT count(DISTINCT report_id) FROM cell_values`:  want,
		`SELECT count(DISTINCT report_id) FROM report_audit`: want,
		`SELECT count(*) FROM derived_reports`:               int(count(t, db, `reports WHERE latest`)),
		`SELECT count(*) FROM lookup_keys WHERE kind = 4`:    want,
	} {
		if got := one(t, db, q).(int64); got != int64(n) {
			t.Errorf("%s: %d, want %d", q, got, n)
		}
	}
	if _, err := db.Write(ctx, genReports(10_000, 20, counties(t))); err != nil {
		t.Fatalf("write after the kill: %v", err)
	}
	if got := count(t, db, `reports`); got != int64(want+20) {
		t.Errorf("after a new batch: %d reports, want %d", got, want+20)
	}
}

// TestReadersSeeTheLog checks that what a close left in the write-ahead log
// is what every kind of reader sees: a read-only open and the sandbox.
func TestReadersSeeTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	if _, err := WriteBatch(ctx, path, genReports(0, 20, counties(t))); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + ".wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the close left no log (%v): the test tests nothing", err)
	}
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, ro, `reports`); got != 20 {
		t.Errorf("read-only open: %d reports, want 20", got)
	}
	ro.Close()
	sb, err := OpenSandbox(ctx, path, SandboxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	tb, err := sb.Query(ctx, 0, `SELECT count(*) FROM reports`)
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.Rows[0][0]; got != int64(20) {
		t.Errorf("sandbox: %v reports, want 20", got)
	}
}

// TestCloseCheckpointsALargeLog checks that a close folds a log past the
// limit into the file and leaves a smaller one.
func TestCloseCheckpointsALargeLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	for i, limit := range []int64{logLimit, 1} {
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		db.logLimit = limit
		if _, err := db.Write(ctx, genReports(i*20, 20, counties(t))); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path + ".wal")
		left := err == nil && st.Size() > 0
		if want := limit == logLimit; left != want {
			t.Errorf("limit %d: log left after close %v, want %v", limit, left, want)
		}
	}
}
