package watch

import (
	"path/filepath"
	"strings"
)

// ignoredDirs are folder names whose content is never reported: installed
// packages, version control, caches and build output.
var ignoredDirs = map[string]bool{
	"node_modules": true, ".git": true, ".hg": true, ".svn": true,
	"__pycache__": true, ".aws-sam": true, ".venv": true, ".idea": true,
	".pytest_cache": true, ".mypy_cache": true,
}

// Ignored reports whether a file or folder name is noise: an ignored
// folder, or an editor's swap, backup or temporary file.
func Ignored(name string) bool {
	switch {
	case ignoredDirs[name], name == "4913", name == ".DS_Store":
		return true
	case strings.HasPrefix(name, ".#"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true // Emacs locks and autosaves
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	switch filepath.Ext(name) {
	case ".swp", ".swo", ".swx", ".pyc", ".tmp":
		return true
	}
	return false
}

// ignoredBelow reports whether any element of path below root is noise.
func ignoredBelow(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == "." {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if Ignored(part) {
			return true
		}
	}
	return false
}
