//go:build !unix

package soffice

import "os/exec"

// killGroup: elsewhere the context kills soffice itself.
func killGroup(*exec.Cmd) {}
