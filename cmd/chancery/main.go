// Command chancery runs a foreign ministry's registry of its diplomatic
// network: the portal, and the commands that migrate, seed and query it,
// manage staff accounts and verify the audit log.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chancery:", err)
		os.Exit(exitCode(err))
	}
}
