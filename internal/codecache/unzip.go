package codecache

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Errors of Archive, matched with errors.Is.
var (
	// ErrBadArchive: the file is not a zip archive, or an entry cannot be
	// read (corrupt data, checksum mismatch, unknown compression).
	ErrBadArchive = errors.New("not a readable zip archive")
	// ErrUnsafeEntry: an entry would land outside the folder (an absolute
	// or ".." path, a link pointing out or to nothing), is a device,
	// pipe or socket, or repeats an earlier entry.
	ErrUnsafeEntry = errors.New("unsafe archive entry")
	// ErrTooLarge: the archive is over its Limits.
	ErrTooLarge = errors.New("archive too large")
)

// maxLinkTarget bounds a symbolic link's target (PATH_MAX).
const maxLinkTarget = 4096

// unzipper fills one folder from one archive.
type unzipper struct {
	root   *os.Root
	lim    Limits
	budget int64 // bytes that may still be written
	links  []pendingLink
}

// pendingLink is a link entry, made once every file is written.
type pendingLink struct {
	f    *zip.File
	name string // local path
}

// unzip unpacks the zip archive r (size bytes) into dir, an existing empty
// folder. Links are made last, after every file and folder, so no file is
// ever written through one; each must then resolve inside dir.
func unzip(r io.ReaderAt, size int64, dir string, lim Limits) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadArchive, err)
	}
	if len(zr.File) > lim.MaxFiles {
		return fmt.Errorf("%d entries, more than %d: %w", len(zr.File), lim.MaxFiles, ErrTooLarge)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	u := &unzipper{root: root, lim: lim, budget: lim.MaxBytes}
	for _, f := range zr.File {
		if err := u.entry(f); err != nil {
			return err
		}
	}
	for _, l := range u.links {
		if err := u.link(l.f, l.name); err != nil {
			return err
		}
	}
	return u.checkLinks(dir)
}

// entry unpacks one file or folder, or sets a link aside for later.
func (u *unzipper) entry(f *zip.File) error {
	name, err := entryName(f.Name)
	if err != nil {
		return err
	}
	mode := f.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		u.links = append(u.links, pendingLink{f, name})
		return nil
	case mode.IsDir():
		return entryError(f, u.root.MkdirAll(name, 0o755))
	case mode.IsRegular():
		return u.file(f, name)
	}
	return fmt.Errorf("entry %q is a %v, not a file, folder or link: %w", f.Name, mode.Type(), ErrUnsafeEntry)
}

// entryName turns a zip entry name (slash-separated) into a local path:
// no absolute path, no way up out of the folder.
func entryName(raw string) (string, error) {
	name := path.Clean(raw)
	if raw == "" || strings.ContainsRune(raw, 0) || path.IsAbs(raw) || !filepath.IsLocal(name) {
		return "", fmt.Errorf("entry %q is not a path inside the archive: %w", raw, ErrUnsafeEntry)
	}
	return filepath.FromSlash(name), nil
}

// file writes one regular file, never over an earlier entry.
func (u *unzipper) file(f *zip.File, name string) error {
	if err := u.parent(f, name); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("entry %q: %w: %w", f.Name, ErrBadArchive, err)
	}
	defer rc.Close()
	out, err := u.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm(f.Mode()))
	if err != nil {
		return entryError(f, err)
	}
	n, err := io.Copy(out, io.LimitReader(archiveReader{rc}, u.budget+1))
	u.budget -= n
	err = errors.Join(err, out.Close())
	if u.budget < 0 {
		return fmt.Errorf("more than %d bytes unpacked: %w", u.lim.MaxBytes, ErrTooLarge)
	}
	if err != nil {
		return fmt.Errorf("entry %q: %w", f.Name, err)
	}
	return nil
}

// filePerm keeps whether a file is executable (a provided runtime's
// bootstrap must be) and nothing else of its mode.
func filePerm(m fs.FileMode) fs.FileMode {
	if m.Perm()&0o111 != 0 {
		return 0o755
	}
	return 0o644
}

// parent makes the folder an entry goes in (archives often list no
// folders).
func (u *unzipper) parent(f *zip.File, name string) error {
	if d := filepath.Dir(name); d != "." {
		return entryError(f, u.root.MkdirAll(d, 0o755))
	}
	return nil
}

// archiveReader marks read errors as the archive's fault.
type archiveReader struct{ r io.Reader }

func (a archiveReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %w", ErrBadArchive, err)
	}
	return n, err
}

// entryError names the entry an operation failed on; an entry that
// already exists is a repeated entry.
func entryError(f *zip.File, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("entry %q repeats an earlier entry: %w", f.Name, ErrUnsafeEntry)
	}
	return fmt.Errorf("entry %q: %w", f.Name, err)
}

// link makes one symbolic link whose target, read as written, stays
// inside the folder.
func (u *unzipper) link(f *zip.File, name string) error {
	target, err := linkTarget(f)
	if err != nil {
		return err
	}
	if target == "" || strings.ContainsRune(target, 0) || filepath.IsAbs(target) ||
		!filepath.IsLocal(filepath.Join(filepath.Dir(name), target)) {
		return fmt.Errorf("link %q points outside the archive (%q): %w", f.Name, target, ErrUnsafeEntry)
	}
	if err := u.parent(f, name); err != nil {
		return err
	}
	return entryError(f, u.root.Symlink(target, name))
}

func linkTarget(f *zip.File) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("entry %q: %w: %w", f.Name, ErrBadArchive, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(archiveReader{rc}, maxLinkTarget+1))
	switch {
	case err != nil:
		return "", fmt.Errorf("entry %q: %w", f.Name, err)
	case len(b) > maxLinkTarget:
		return "", fmt.Errorf("link %q has a target longer than %d bytes: %w", f.Name, maxLinkTarget, ErrUnsafeEntry)
	}
	return string(b), nil
}

// checkLinks resolves every link as the function would: links through
// other links (a link to "." then one to "that/..") must still end
// inside dir, and at something that exists.
func (u *unzipper) checkLinks(dir string) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	for _, l := range u.links {
		to, err := filepath.EvalSymlinks(filepath.Join(dir, l.name))
		if err != nil {
			return fmt.Errorf("link %q points to nothing in the archive: %w", l.f.Name, ErrUnsafeEntry)
		}
		if rel, err := filepath.Rel(real, to); err != nil || !filepath.IsLocal(rel) {
			return fmt.Errorf("link %q resolves outside the archive: %w", l.f.Name, ErrUnsafeEntry)
		}
	}
	return nil
}
