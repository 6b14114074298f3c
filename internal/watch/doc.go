// Package watch reports which files changed under a set of folders and
// files, in debounced batches, for hot reload.
//
// A folder is watched with every folder below it, including ones created
// later (their files are reported as they are found). A file is watched
// through its folder, so an editor that saves by writing a new file and
// renaming it over the old one is still seen.
//
// Noise is never reported: anything under node_modules, .git, .hg, .svn,
// __pycache__, .aws-sam, .venv or .idea below a watched folder, and editor
// swap, backup and temporary files (*.swp, *~, .#*, #*#, vim's 4913,
// JetBrains' ___jb_tmp___).
//
// Batches: events are collected until none arrived for Options.Debounce
// (at most Options.MaxDelay after the first), then sent as one sorted,
// de-duplicated list of absolute paths. While the reader is busy, later
// events join the batch not yet taken, so nothing is lost and a slow
// reader gets fewer, larger batches.
//
// Ownership: the Watcher owns its fsnotify watcher and goroutine; Close
// stops both and closes the Changes channel.
package watch
