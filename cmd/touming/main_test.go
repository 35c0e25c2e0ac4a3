package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

// Every subcommand answers -h with its flags and exit status 0, and an
// unknown flag with exit status 2 and the flag named.
func TestHelpAndBadFlags(t *testing.T) {
	for name := range commands() {
		e, _, errb := extractEnv()
		e.log = slog.New(slog.NewTextHandler(errb, nil))
		if code := run(context.Background(), e, []string{name, "-h"}); code != 0 {
			t.Errorf("%s -h: exit %d: %s", name, code, errb)
		}
		if strings.Contains(errb.String(), "help requested") {
			t.Errorf("%s -h reports an error: %s", name, errb)
		}
		e, _, errb = extractEnv()
		e.log = slog.New(slog.NewTextHandler(errb, nil))
		if code := run(context.Background(), e, []string{name, "--no-such-flag"}); code != 2 {
			t.Errorf("%s --no-such-flag: exit %d, want 2", name, code)
		}
		if !strings.Contains(errb.String(), "no-such-flag") {
			t.Errorf("%s --no-such-flag: the flag is not named: %s", name, errb)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	e, _, errb := extractEnv()
	if code := run(context.Background(), e, []string{"crawlx"}); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errb.String(), `unknown command "crawlx"`) {
		t.Errorf("stderr: %s", errb)
	}
}
