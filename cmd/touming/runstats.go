package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/pipeline"
)

// runSummary is the JSON of --json-summary: the run's totals and each
// source's figures, for monitoring.
type runSummary struct {
	RunID        string             `json:"run_id"`
	FinishReason string             `json:"finish_reason"`
	Started      time.Time          `json:"started"`
	Finished     time.Time          `json:"finished"`
	ElapsedS     float64            `json:"elapsed_s"`
	Total        touming.RunStats   `json:"total"`
	Sources      []touming.RunStats `json:"sources"`
	Batches      pipeline.Written   `json:"batches"`
	FailedSites  []string           `json:"failed_sites,omitempty"`
	Failures     int                `json:"failures"`
	Error        string             `json:"error,omitempty"`
}

// endOfRun prints the run's id and finish reason, writes the JSON summary
// when asked, and turns a run that failed wholesale into an error.
func endOfRun(e *env, run *pipeline.RunResult, jsonPath string, sum touming.CrawlSummary, err error) error {
	if run != nil {
		fmt.Fprintf(e.stdout, "crawl run %s: %s\n", run.RunID, run.FinishReason)
		if jsonPath != "" {
			if werr := writeRunSummary(jsonPath, run, err); werr != nil {
				err = errors.Join(err, werr)
			}
		}
	}
	if err != nil {
		return err
	}
	if sum.AllFailed() {
		return errAllFailed
	}
	if run != nil && run.FinishReason == touming.FinishFailed {
		return fmt.Errorf("crawl run %s failed: %v", run.RunID, run.Failed)
	}
	return nil
}

func writeRunSummary(path string, run *pipeline.RunResult, runErr error) error {
	s := runSummary{RunID: run.RunID, FinishReason: run.FinishReason, Batches: run.Written,
		FailedSites: run.Failed, Failures: len(run.Summary.Failures)}
	if len(run.Stats) > 0 {
		s.Total, s.Sources = run.Stats[0], run.Stats[1:]
		s.Started, s.Finished, s.ElapsedS = s.Total.Started, s.Total.Finished, s.Total.Elapsed().Seconds()
	}
	if runErr != nil {
		s.Error = runErr.Error()
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err == nil {
		err = os.WriteFile(path, append(b, '\n'), 0o644)
	}
	if err != nil {
		return fmt.Errorf("write --json-summary %s: %w", path, err)
	}
	return nil
}
