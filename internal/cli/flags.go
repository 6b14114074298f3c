package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseInterspersed parses flags that may come before or after positional
// arguments (DESIGN section 1) and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "-" || !strings.HasPrefix(rest[0], "-") {
			pos = append(pos, rest[0])
			args = rest[1:]
			continue
		}
		args = rest
	}
}

// aliases maps SAM CLI's short flag names to apigw's long ones.
var aliases = map[string]string{"t": "template", "n": "env-vars", "p": "port"}

// givenFlags are the flags set on the command line, by long name.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) {
		if long, ok := aliases[f.Name]; ok {
			given[long] = true
			return
		}
		given[f.Name] = true
	})
	return given
}

// parseArgs parses a command's arguments (flags anywhere). With -h or
// --help it prints usage and the flags on stdout and returns ExitOK; on a
// bad flag, the error and usage on stderr and ExitUsage. ok is false in
// both cases: the command returns status.
func parseArgs(fs *flag.FlagSet, args []string, usage string, s Streams) (pos []string, status int, ok bool) {
	fs.Usage = func() {}
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(fs, usage, s.Stdout)
		return nil, ExitOK, false
	case err != nil:
		fmt.Fprintf(s.Stderr, "%s\n(apigw %s --help lists the flags)\n", usage, fs.Name())
		return nil, ExitUsage, false
	}
	return pos, ExitOK, true
}

func printHelp(fs *flag.FlagSet, usage string, w io.Writer) {
	fmt.Fprintln(w, usage)
	fmt.Fprintln(w, "\nflags:")
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}
