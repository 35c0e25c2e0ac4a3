package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// versionLine is what `touming --version` prints: the module version the
// binary was built as (a tag, a pseudo-version, or "(devel)" for a build
// from a work tree), the VCS commit and its time, with "+dirty" when the
// tree had changes, and the Go version. All of it comes from the build
// information the Go toolchain stamps into the binary.
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "touming (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var commit, when, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	line := "touming " + version
	if commit != "" {
		line += fmt.Sprintf(" commit %s%s", commit[:min(len(commit), 12)], dirty)
		if when != "" {
			line += " (" + when + ")"
		}
	} else {
		line += " commit unknown (built without VCS information, e.g. by go run or go test)"
	}
	return line + " " + info.GoVersion
}

func printVersion(w io.Writer) {
	fmt.Fprintln(w, versionLine())
}
