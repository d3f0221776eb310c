package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/store"
)

// cliActor is the actor of the changes made from the command line.
var cliActor = audit.Actor{ID: audit.ActorCLI}

// firstAdminHelp says how to create the first admin of the database of cfg.
func firstAdminHelp(cfg config) string {
	db := ""
	if cfg.db != "chancery.db" {
		db = " --db " + shellQuote(redact(cfg.db))
	}
	return `No admin account exists yet. Create the first one (type its password when asked; at least ` +
		fmt.Sprint(auth.MinPasswordRunes) + ` characters):

  printf 'Password: ' >&2; read -rs PW; echo >&2
  printf '%s\n' "$PW" | chancery` + db + ` user add --email you@example.org --name "Your Name" --role admin; unset PW

`
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@=", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// userCommand runs "chancery user ...".
func userCommand(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout io.Writer, logger *slog.Logger) error {
	if len(args) == 0 {
		return usageError{"user: want a subcommand: add, list, set-role, disable, enable or reset-password"}
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user " + sub)
	var email, name, role, mission string
	switch sub {
	case "add":
		fs.StringVar(&email, "email", "", "")
		fs.StringVar(&name, "name", "", "")
		fs.StringVar(&role, "role", "", "")
		fs.StringVar(&mission, "mission", "", "")
	case "set-role":
		fs.StringVar(&email, "email", "", "")
		fs.StringVar(&role, "role", "", "")
		fs.StringVar(&mission, "mission", "", "")
	case "disable", "enable", "reset-password":
		fs.StringVar(&email, "email", "", "")
	case "list":
	default:
		return usageError{fmt.Sprintf("user: unknown subcommand %q", sub)}
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	required := map[string]string{"email": email, "name": name, "role": role}
	for _, f := range []string{"email", "name", "role"} {
		if fs.Lookup(f) != nil && strings.TrimSpace(required[f]) == "" {
			return usageError{fmt.Sprintf("user %s: --%s is required", sub, f)}
		}
	}
	var r auth.Role
	if role != "" {
		var err error
		if r, err = auth.ParseRole(role); err != nil {
			return usageError{fmt.Sprintf("user %s: --role: %q is not a role; want one of admin, editor, protocol, mission_officer, policy_officer, viewer", sub, role)}
		}
		if r == auth.MissionOfficer && mission == "" {
			return usageError{fmt.Sprintf("user %s: --mission is required for a mission officer", sub)}
		}
		if r != auth.MissionOfficer && mission != "" {
			return usageError{fmt.Sprintf("user %s: --mission is only for a mission officer", sub)}
		}
	}
	var hash string
	if sub == "add" || sub == "reset-password" {
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if hash, err = auth.HashPassword(pw, auth.DefaultParams); err != nil {
			return err
		}
	}

	db, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = audit.WithActor(ctx, cliActor)
	if sub == "list" {
		return listUsers(ctx, db, stdout)
	}
	if sub == "add" {
		u, err := db.CreateUser(ctx, store.User{Email: email, Name: name, Role: r, MissionID: mission, PasswordHash: hash})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %d: %s (%s)\n", u.ID, u.Email, describeRole(u))
		if u.Role == auth.Admin {
			fmt.Fprintln(stdout, "admins must set up a second factor (TOTP) at their first sign-in")
		}
		return nil
	}
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("user %s: no account has the email %q", sub, store.NormalizeEmail(email))
	}
	var done string
	switch sub {
	case "set-role":
		u.Role, u.MissionID = r, mission
		done = "is now " + describeRole(u)
	case "disable":
		if u.Disabled() {
			fmt.Fprintf(stdout, "%s is already disabled\n", u.Email)
			return nil
		}
		u.DisabledAt = time.Now()
		done = "is disabled; its sessions are ended"
	case "enable":
		if !u.Disabled() {
			fmt.Fprintf(stdout, "%s is already enabled\n", u.Email)
			return nil
		}
		u.DisabledAt = time.Time{}
		done = "is enabled"
	case "reset-password":
		u.PasswordHash = hash
		done = "has a new password; its sessions are ended"
	}
	if _, err := db.UpdateUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s\n", u.Email, done)
	return nil
}

// describeRole returns u's role, with its mission.
func describeRole(u store.User) string {
	if u.MissionID != "" {
		return fmt.Sprintf("%s of %s", u.Role, u.MissionID)
	}
	return string(u.Role)
}

// listUsers prints the accounts as a table.
func listUsers(ctx context.Context, db *store.DB, w io.Writer) error {
	users, err := db.ListUsers(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(w, "no accounts yet")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\temail\tname\trole\tmission\ttotp\tstatus\tcreated")
	for _, u := range users {
		status, totp := "active", "off"
		if u.Disabled() {
			status = "disabled " + u.DisabledAt.Format(time.DateOnly)
		}
		if u.TOTPSecret != "" {
			totp = "on"
		}
		mission := u.MissionID
		if mission == "" {
			mission = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, mission, totp, status,
			u.CreatedAt.Format(time.DateOnly))
	}
	return tw.Flush()
}

// readPassword reads one line from stdin as a password and applies the
// password policy. It refuses a terminal, which would show the password as
// it is typed.
func readPassword(stdin io.Reader) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return "", usageError{"the password is read from standard input, which is a terminal here and would show it: " +
				`pipe it in, e.g. printf 'Password: ' >&2; read -rs PW; printf '%s\n' "$PW" | chancery user ...`}
		}
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4*auth.MaxPasswordBytes)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	pw := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if pw == "" {
		return "", errors.New("the password read from standard input is empty: give it as one line")
	}
	if err := auth.ValidatePassword(pw); err != nil {
		return "", err
	}
	return pw, nil
}

// auditCommand runs "chancery audit verify".
func auditCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 {
			return usageError{fmt.Sprintf("audit: unknown subcommand %q", args[0])}
		}
		return usageError{"audit: want a subcommand: verify"}
	}
	if err := parse(newFlags("audit verify"), args[1:]); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	n, err := db.VerifyAudit(ctx)
	if err != nil {
		fmt.Fprintf(stdout, "audit log BROKEN: %d entries verified before the break\n", n)
		return err
	}
	last, ok, err := db.LastAuditEntry(ctx)
	if err != nil {
		return err
	}
	if !ok {
		fmt.Fprintln(stdout, "audit log verified: 0 entries")
		return nil
	}
	fmt.Fprintf(stdout, "audit log verified: %d entries; last entry %d at %s, hash %s\n", n, last.Seq,
		last.At.Format(time.RFC3339), last.Hash)
	return nil
}
