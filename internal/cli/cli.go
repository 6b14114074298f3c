package cli

import (
	"fmt"
	"io"
	"sort"
)

// Exit statuses shared by every command.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
	// ExitInterrupted is start-api's status after a second SIGINT or
	// SIGTERM cut its drain short (128 + SIGINT, as shells report).
	ExitInterrupted = 130
)

// Streams are a command's standard streams.
type Streams struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command runs one subcommand with its arguments and returns an exit status.
type command func(args []string, s Streams) int

// commands is filled by each command's file in its init function.
var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

// Main runs apigw with args (without the program name).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := Streams{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	switch {
	case len(args) == 0:
		usage(stderr)
		return ExitUsage
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help" && len(args) == 1:
		usage(stdout)
		return ExitOK
	case args[0] == "help":
		args = []string{args[1], "--help"} // apigw help COMMAND
	case args[0] == "--version" || args[0] == "-version":
		args[0] = "version"
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "apigw: unknown command %q\n", args[0])
		usage(stderr)
		return ExitUsage
	}
	return c(args[1:], s)
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		if !hidden(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: apigw COMMAND [TEMPLATE] [flags]")
	for _, n := range names {
		fmt.Fprintln(w, "  "+n)
	}
	fmt.Fprintln(w, "apigw COMMAND --help lists a command's flags.")
}
