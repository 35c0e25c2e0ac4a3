package main

import (
	"context"
	"fmt"
)

// TEMPORARY: replaced by the extract issue's implementation.
func runExtract(ctx context.Context, e *env, args []string) error {
	return fmt.Errorf("not implemented yet")
}
