// Command touming turns China's government information disclosure annual
// reports (政府信息公开工作年度报告) into one checked, comparable dataset.
//
// Each subcommand lives in a file of its own; main only dispatches.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// env is what a subcommand gets from the process: its streams and logger.
// Tests build one around buffers.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	// tty is true when stderr is a terminal, so progress lines can redraw.
	tty bool
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands lists the subcommands. Each is defined in its own file.
func commands() map[string]command {
	return map[string]command{
		"extract":   {"read report files and print their tables and checks", runExtract},
		"load":      {"extract report files or folders into the warehouse", runLoad},
		"sql":       {"run SQL on the warehouse (read-only)", runSQL},
		"check":     {"rerun the rule catalogue (勾稽, carry-over, timeliness, copying, …) on the whole warehouse", runCheck},
		"export":    {"write every table and view to parquet or CSV", runExport},
		"serve":     {"serve the chart pages and SQL page (and run scheduled crawls)", runServe},
		"demo":      {"crawl the bundled sample portal into a fresh warehouse and serve the pages", runDemo},
		"crawl":     {"crawl portals of a sources file into the warehouse (once or on a schedule)", runCrawl},
		"sources":   {"write a sources file for a province, city or county from the registry of portals", runSources},
		"reextract": {"re-extract every archived document (after an extractor upgrade), without the network", runReextract},
		"hub":       {"run the hub of a distributed crawl: queue its sites, load the workers' batches", runHub},
		"worker":    {"crawl the sites a hub hands out (touming worker --hub nats://HOST:PORT)", runWorker},
	}
}

// errUsage marks an error the user made on the command line (exit 2).
var errUsage = errors.New("usage")

// errSilent is returned by a subcommand that has already reported what went
// wrong (for example, some files failed) and only needs a non-zero exit.
var errSilent = errors.New("failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, tty: isTerminal(os.Stderr)}
	e.log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run dispatches args to a subcommand and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" || args[0] == "version" {
		printVersion(e.stdout)
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "touming: unknown command %q\n\n", args[0])
		usage(e.stderr, cmds)
		return 2
	}
	err := c.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0 // -h printed the command's flags: not a failure
	case errors.Is(err, errSilent):
		return 1
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "touming %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "touming %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: touming <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'touming <command> -h' for a command's flags, 'touming --version' for the build.")
}

// isTerminal reports whether f is a character device (a terminal), without
// a dependency: good enough to decide between a progress line and log lines.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
