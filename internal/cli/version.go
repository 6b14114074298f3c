package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

func init() { register("version", runVersion) }

// runVersion prints apigw's module version (a tag when installed with
// go install MODULE@VERSION, "(devel)" from a checkout), its VCS revision
// when the build recorded one, and the Go toolchain and platform.
func runVersion(args []string, s Streams) int {
	if len(args) > 0 && args[0] != "--help" && args[0] != "-h" {
		fmt.Fprintln(s.Stderr, "usage: apigw version")
		return ExitUsage
	}
	fmt.Fprintln(s.Stdout, versionLine(debug.ReadBuildInfo()))
	return ExitOK
}

func versionLine(info *debug.BuildInfo, ok bool) string {
	version := "unknown"
	if ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	if ok {
		version += revision(info.Settings)
	}
	return fmt.Sprintf("apigw %s %s %s/%s", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// revision is " (commit REV[, modified])" from the build's VCS settings.
func revision(settings []debug.BuildSetting) string {
	var rev, modified string
	for _, kv := range settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" {
		return ""
	}
	return " (commit " + rev[:min(12, len(rev))] + modified + ")"
}
