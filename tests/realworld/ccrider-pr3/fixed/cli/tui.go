package cli

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"example.com/ccrider-pr3/session"
)

// execClaude replaces this process with `claude --resume` for the session
// picked in the TUI.
func execClaude(sessionID, projectPath, resumePrompt string, fork bool) error {
	// Write prompt to temp file and pass via command substitution
	tmpfile, err := os.CreateTemp("", "ccrider-prompt-*.txt")
	if err != nil {
		return fmt.Errorf("failed to create temp file: %w", err)
	}
	defer os.Remove(tmpfile.Name())

	if _, err := tmpfile.Write([]byte(resumePrompt)); err != nil {
		tmpfile.Close()
		return fmt.Errorf("failed to write prompt: %w", err)
	}
	tmpfile.Close()

	cmd := fmt.Sprintf("claude --resume %s \"$(cat %s)\"", sessionID, tmpfile.Name())
	if fork {
		cmd = fmt.Sprintf("claude --resume %s --fork-session \"$(cat %s)\"", sessionID, tmpfile.Name())
	}
	fmt.Fprintf(os.Stderr, "[ccrider] cd %s && %s\n", projectPath, cmd)

	// Start spinner (Claude Code can take a few seconds to start)
	spinner := session.NewSpinner("Starting Claude Code (this may take a few seconds)...")
	spinner.Start()
	defer spinner.Stop()

	// Give spinner a moment to show before exec
	time.Sleep(100 * time.Millisecond)

	if projectPath != "" {
		if err := os.Chdir(projectPath); err != nil {
			spinner.Stop()
			return fmt.Errorf("failed to cd to %s: %w", projectPath, err)
		}
	}

	shell := os.Getenv("SHELL")
	if shell == "" {
		shell = "/bin/bash"
	}

	// Clear the spinner before handing the terminal to claude.
	spinner.Stop()

	// Exec shell with claude command (replaces current process); on failure
	// the deferred Stop runs.
	return syscall.Exec(shell, []string{shell, "-l", "-c", cmd}, os.Environ())
}

// Resume is the entry point used after the TUI exits with a selection.
func Resume(sessionID, projectPath string, fork bool) error {
	prompt := fmt.Sprintf("Resuming session. You were last in: %s", projectPath)
	return execClaude(sessionID, projectPath, prompt, fork)
}
