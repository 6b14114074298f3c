package codecache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Limits bound what an archive may hold.
type Limits struct {
	MaxArchiveBytes int64 // the archive file itself
	MaxBytes        int64 // every file unpacked, together
	MaxFiles        int   // entries (files, folders, links)
}

// lambdaUnzippedQuota is Lambda's limit on a function's unzipped code
// (250 MB); an archive Lambda would refuse is refused here too.
const lambdaUnzippedQuota = 262_144_000

// DefaultLimits are Lambda's size quota and an entry count no real
// deployment package reaches.
var DefaultLimits = Limits{MaxArchiveBytes: lambdaUnzippedQuota, MaxBytes: lambdaUnzippedQuota, MaxFiles: 100_000}

// Cache is a folder of code folders named by content.
type Cache struct {
	root   string
	limits Limits
}

// New returns the cache rooted at root; "" is DefaultRoot. Nothing is
// created until code is written.
func New(root string) *Cache {
	if root == "" {
		root = DefaultRoot()
	}
	return &Cache{root: root, limits: DefaultLimits}
}

// DefaultRoot is <user cache folder>/apigw/code, or a folder under the
// temporary folder when the user has no cache folder.
func DefaultRoot() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "apigw", "code")
	}
	return filepath.Join(os.TempDir(), "apigw-cache", "code")
}

// Key prefixes keep single files and archives apart.
const (
	filePrefix    = "file-"
	archivePrefix = "zip-"
	keyHexLen     = 32 // 128 bits of SHA-256
)

// File returns a folder holding exactly one file, name, with content,
// executable (0755) when exec is set, else 0644: inline code, or a single
// file sam package zips on its own.
func (c *Cache) File(name string, content []byte, exec bool) (string, error) {
	perm := filePerm(0)
	if exec {
		perm = filePerm(0o111)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%o\x00", name, perm)
	h.Write(content)
	return c.folder(filePrefix+sum(h), func(dir string) error {
		return os.WriteFile(filepath.Join(dir, name), content, perm)
	})
}

// Archive returns a folder holding the zip (or jar) archive at path
// unpacked (see IsZip).
func (c *Cache) Archive(path string) (string, error) {
	f, size, err := openArchive(path, c.limits)
	if err != nil {
		return "", err
	}
	defer f.Close()
	key, err := hashFile(f)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return c.folder(archivePrefix+key, func(dir string) error {
		if err := unzip(f, size, dir, c.limits); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		// The folder is named by the content hashed above: make sure the
		// archive did not change while it was unpacked.
		if again, err := hashFile(f); err != nil || again != key {
			return fmt.Errorf("%s changed while it was unpacked; try again", path)
		}
		return nil
	})
}

// openArchive opens a regular file of at most lim.MaxArchiveBytes.
func openArchive(path string, lim Limits) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	switch {
	case err != nil:
	case !st.Mode().IsRegular():
		err = fmt.Errorf("%s is not a regular file: %w", path, ErrBadArchive)
	case st.Size() > lim.MaxArchiveBytes:
		err = fmt.Errorf("%s is larger than %d bytes: %w", path, lim.MaxArchiveBytes, ErrTooLarge)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

func hashFile(f *os.File) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, 1<<62)); err != nil {
		return "", err
	}
	return sum(h), nil
}

func sum(h interface{ Sum([]byte) []byte }) string {
	return hex.EncodeToString(h.Sum(nil))[:keyHexLen]
}

// folder returns the folder key under the root, filling it with fill on
// first use: fill writes into a fresh temporary folder (0700) that is then
// renamed into place, so a folder that exists is complete. When another
// process publishes the same key first, its folder is used.
func (c *Cache) folder(key string, fill func(dir string) error) (string, error) {
	final := filepath.Join(c.root, key)
	if isDir(final) {
		return final, nil
	}
	if err := os.MkdirAll(c.root, 0o700); err != nil {
		return "", fmt.Errorf("code cache: %w", err)
	}
	tmp, err := os.MkdirTemp(c.root, ".tmp-"+key+"-")
	if err != nil {
		return "", fmt.Errorf("code cache: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := fill(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil && !isDir(final) {
		return "", fmt.Errorf("code cache: %w", err)
	}
	return final, nil
}

func isDir(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.IsDir()
}

// eocdSignature starts a zip archive's end of central directory record,
// found within its last eocdSearch bytes (22 bytes and a comment of at
// most 65535).
const (
	eocdSignature = "PK\x05\x06"
	eocdSearch    = 22 + 65535
)

// IsZip reports whether the file at path looks like a zip archive: it
// ends with an end of central directory record, the test sam package
// makes before uploading a file as it is (an archive) or zipping it on
// its own (any other file).
func IsZip(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	off := max(st.Size()-eocdSearch, 0)
	tail := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(tail, off); err != nil {
		return false
	}
	return bytes.Contains(tail, []byte(eocdSignature))
}
