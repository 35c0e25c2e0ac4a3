package warehouse

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var benchReplaced = flag.Int("bench.replaced", 3000, "BenchmarkReplace: reports in the warehouse, all re-written in batches of 200")

// BenchmarkReplace re-writes every report of a warehouse of
// -bench.replaced generated reports, 200 documents per WriteBatch (open,
// one transaction, close), as touming reextract does: each document keeps
// its id and its report is replaced. ms/doc is the write's cost per
// replaced document, which issue 17 found at 20-40 ms on a tiny warehouse.
func BenchmarkReplace(b *testing.B) {
	path := filepath.Join(b.TempDir(), "w.duckdb")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	cos := counties(b)
	const batch = 200
	for from := 0; from < *benchReplaced; from += batch {
		if _, err := db.Write(context.Background(), genReports(from, min(batch, *benchReplaced-from), cos)); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	defer os.Remove(path + ".wal")
	st := &steps{}
	ctx := withSteps(context.Background(), st)
	var spent time.Duration
	b.ResetTimer()
	for range b.N {
		for from := 0; from < *benchReplaced; from += batch {
			items := genReports(from, min(batch, *benchReplaced-from), cos)
			for i := range items {
				// Generated documents are numbered from 1 in order.
				items[i].Document.ID = int64(from + i + 1)
			}
			start := time.Now()
			if err := writeBatchSteps(ctx, path, items); err != nil {
				b.Fatal(err)
			}
			spent += time.Since(start)
		}
	}
	n := float64(b.N * *benchReplaced)
	b.ReportMetric(spent.Seconds()*1000/n, "ms/doc")
	for _, name := range st.order {
		if name != "checkpoints" {
			b.ReportMetric(st.spent[name].Seconds()*1000*batch/n, "ms-"+strings.ReplaceAll(name, " ", "_")+"/batch")
		}
	}
}
