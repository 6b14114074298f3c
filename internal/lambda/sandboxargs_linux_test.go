package lambda

import (
	"slices"
	"strings"
	"testing"
)

// The init's command line splits into the read-only folders and the
// function's command line without losing, adding or reordering anything.
func FuzzSplitReadOnly(f *testing.F) {
	f.Add("--read-only=/srv/app\x00--read-only=/srv/layer\x00/usr/bin/node\x00--expose-gc")
	f.Add("/srv/app/bootstrap\x00--read-only=/not/a/folder/to/protect")
	f.Add("--read-only=\x00--probe")
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		dirs, rest := splitReadOnly(args)
		var again []string
		for _, d := range dirs {
			again = append(again, readOnlyArg+d)
		}
		if again = append(again, rest...); !slices.Equal(again, args) {
			t.Fatalf("splitReadOnly(%q) = %q, %q: they do not make the command line again", args, dirs, rest)
		}
		if len(rest) > 0 && strings.HasPrefix(rest[0], readOnlyArg) {
			t.Fatalf("splitReadOnly(%q) left %q at the head of the function's command line", args, rest[0])
		}
	})
}
