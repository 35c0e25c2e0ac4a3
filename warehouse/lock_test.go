package warehouse

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestHelperHoldLock is not a test: TestLockWait runs it in a child process
// to hold a warehouse open read-write until its stdin closes.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv("TOUMING_HOLD_DB")
	if path == "" {
		t.Skip("helper process only")
	}
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("holding\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	db.Close()
}

// TestLockWait checks the rule of docs/warehouse.md across processes: while
// another process writes, an open fails with ErrLocked at once, or waits
// for the lock when asked to and then succeeds.
func TestLockWait(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	if _, err := WriteBatch(ctx, path, truthItems(t)); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run", "^TestHelperHoldLock$")
	child.Env = append(os.Environ(), "TOUMING_HOLD_DB="+path)
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Wait()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "holding\n" {
		stdin.Close()
		t.Fatalf("helper said %q", line)
	}
	_, err := Open(ctx, path, Options{ReadOnly: true})
	if !errors.Is(err, ErrLocked) {
		stdin.Close()
		t.Fatalf("open while another process writes: %v, want ErrLocked", err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		stdin.Close()
	}()
	db, err := Open(ctx, path, Options{ReadOnly: true, LockWait: time.Minute})
	if err != nil {
		t.Fatalf("open with LockWait after the writer closed: %v", err)
	}
	defer db.Close()
	if n := count(t, db, "reports"); n != 4 {
		t.Fatalf("reports = %d", n)
	}
}
