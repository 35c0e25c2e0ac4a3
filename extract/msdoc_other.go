//go:build !unix

package extract

import "os/exec"

// killGroup: elsewhere the context kills soffice itself.
func killGroup(*exec.Cmd) {}
