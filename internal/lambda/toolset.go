package lambda

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/apigw/apigw/internal/bootstrap"
)

// toolset finds and prepares what runtimes need, once per Runner: node,
// python3 and go from PATH, the embedded bootstraps written to the cache.
type toolset struct {
	cacheDir string
	log      *logger
	paths    map[string]string // tool -> absolute path
	boots    map[string]string // tool -> bootstrap file
	builds   map[string]string // source hash -> binary
	warned   map[string]bool
	debug    Debug // resolved: names the function when there is one
}

func newToolset(cacheDir string, l *logger, d Debug) *toolset {
	return &toolset{cacheDir: cacheDir, log: l, paths: map[string]string{}, boots: map[string]string{}, builds: map[string]string{},
		warned: map[string]bool{}, debug: d}
}

func (t *toolset) lookPath(tool string) (string, error) {
	if p, ok := t.paths[tool]; ok {
		return p, nil
	}
	p, err := exec.LookPath(tool)
	if err != nil {
		return "", err
	}
	if p, err = filepath.Abs(p); err != nil {
		return "", err
	}
	t.paths[tool] = p
	return p, nil
}

// bootstraps are the embedded scripts by tool, with their file extension
// (.cjs: CommonJS whatever package.json says).
var bootstraps = map[string]struct {
	src func() []byte
	ext string
}{
	"node":    {bootstrap.Node, ".cjs"},
	"python3": {bootstrap.Python, ".py"},
}

// bootstrap writes the tool's embedded script to the cache, named by its
// content hash, and returns the file.
func (t *toolset) bootstrap(tool string) (string, error) {
	if p, ok := t.boots[tool]; ok {
		return p, nil
	}
	b := bootstraps[tool]
	src := b.src()
	sum := sha256.Sum256(src)
	p := filepath.Join(t.cacheDir, "bootstrap-"+hex.EncodeToString(sum[:8])+b.ext)
	if err := writeFileAtomic(p, src, 0o644); err != nil {
		return "", err
	}
	t.boots[tool] = p
	return p, nil
}

// writeFileAtomic writes b to p unless p already holds exactly b; readers
// never see a partial file.
func writeFileAtomic(p string, b []byte, perm os.FileMode) error {
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

func (t *toolset) progress(format string, args ...any) {
	t.log.printf("apigw: %s", fmt.Sprintf(format, args...))
}

// progressEvery is how often a start step that is still running says so:
// a start is never silent for longer (issue 12 item 7).
const progressEvery = time.Second

// slow runs step; from a second on, and every second after, a progress
// line says what it is doing and for how long.
func (t *toolset) slow(what string, step func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		start := time.Now()
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				t.progress("%s (%.0fs)", what, now.Sub(start).Seconds())
			}
		}
	}()
	step()
	close(done)
	<-stopped
}
