// Package codecache keeps the function code apigw derives from a template
// rather than finds in a folder: inline code (InlineCode, Code.ZipFile)
// written to the file Lambda would create, local .zip / .jar archives
// unpacked, and a single file given as the code (which sam package zips on
// its own) alone in a folder. Each lands in its own folder under the cache root, named by a
// hash of its content, so it is written once and reused by every later run
// (of this or another apigw process).
//
// Invariants:
//   - A folder in the cache is complete or absent: it is filled under a
//     temporary name and renamed into place.
//   - The cache root and every code folder are created 0700.
//   - Unpacking never writes outside the folder being filled: entry names
//     must be local paths, files are created through an os.Root, and every
//     symbolic link must resolve to something inside the folder. Archives
//     over Limits (bytes unpacked, entries, archive size) are refused.
//   - Errors say what was wrong with which archive entry; errors.Is matches
//     ErrBadArchive, ErrUnsafeEntry or ErrTooLarge.
//
// Ownership: the folders belong to the cache, not to the caller; apigw
// never deletes them (they are small and shared between runs), and callers
// must treat them as read-only. A Cache holds no open files between calls.
package codecache
