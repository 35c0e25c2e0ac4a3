package main

import (
	"flag"
	"fmt"
	"net"
	"strings"

	"github.com/touming/touming/charts"
	"github.com/touming/touming/warehouse"
)

// addServeSecurityFlags adds serve's flags for the SQL page's limits, the
// read side's DuckDB and the accepted Host names (docs/security.md).
func addServeSecurityFlags(fs *flag.FlagSet, cfg *serveConfig) {
	fs.DurationVar(&cfg.SQL.Timeout, "sql-timeout", charts.DefaultSQLTimeout, "SQL page: stop a query after this long")
	fs.IntVar(&cfg.SQL.MaxRows, "sql-max-rows", charts.DefaultSQLMaxRows, "SQL page: rows of one download at most (the page shows 1000)")
	fs.Int64Var(&cfg.SQL.MaxBytes, "sql-max-bytes", charts.DefaultSQLMaxBytes, "SQL page: bytes of one answer at most; the result is cut there, with a note")
	fs.IntVar(&cfg.SQL.Running, "sql-max-running", charts.DefaultSQLMaxRunning, "SQL page: queries running at once at most; one more gets 503")
	fs.DurationVar(&cfg.SQL.CountBudget, "count-budget", charts.DefaultCountBudget, "browse and SQL pages: leave out a count or facet that takes longer, with a note and a link that computes it")
	fs.DurationVar(&cfg.SQL.SortBudget, "sort-budget", charts.DefaultSortBudget, "browse pages: show the rows unsorted, with a note, when a sort takes longer")
	fs.StringVar(&cfg.Sandbox.MemoryLimit, "sql-memory", warehouse.DefaultSandboxMemory, "DuckDB memory_limit of the read side (pages and SQL page together); nothing spills to disk")
	fs.IntVar(&cfg.Sandbox.Threads, "sql-threads", warehouse.DefaultSandboxThreads, "DuckDB threads of the read side")
	fs.Func("allow-host", "a Host name (or name:port) the pages answer to besides the listen address, e.g. the name a reverse proxy serves; repeat or separate by commas", func(v string) error {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				cfg.AllowHosts = append(cfg.AllowHosts, h)
			}
		}
		return nil
	})
}

// checkLimits validates the security flags; errors name the flag.
func (cfg serveConfig) checkLimits() error {
	switch {
	case cfg.SQL.Timeout <= 0:
		return fmt.Errorf("%w: --sql-timeout must be positive", errUsage)
	case cfg.SQL.MaxRows < 1:
		return fmt.Errorf("%w: --sql-max-rows must be at least 1", errUsage)
	case cfg.SQL.MaxBytes < 1024:
		return fmt.Errorf("%w: --sql-max-bytes must be at least 1024", errUsage)
	case cfg.SQL.Running < 1:
		return fmt.Errorf("%w: --sql-max-running must be at least 1", errUsage)
	case cfg.Sandbox.Threads < 1:
		return fmt.Errorf("%w: --sql-threads must be at least 1", errUsage)
	}
	return nil
}

// warnExposed warns when serve listens on more than the loopback
// interface: the pages, the archive and the SQL page (read-only, but every
// table of the warehouse) are then open to the network.
func warnExposed(e *env, addr string, cfg serveConfig) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return
	}
	e.log.Warn("serving on "+addr+", not only on this machine: anyone who can reach it reads every page, "+
		"the archived documents and, through the SQL page, every table of the warehouse (read-only, in the sandbox). "+
		"Put it behind a reverse proxy with access control; see docs/security.md",
		"addr", addr, "allow_host", strings.Join(cfg.AllowHosts, ","))
}
