//go:build unix

package soffice

import (
	"os/exec"
	"syscall"
)

// killGroup makes a timed-out conversion kill LibreOffice's whole process
// group: soffice starts soffice.bin as a child, which would outlive it.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
