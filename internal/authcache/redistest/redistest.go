// Package redistest starts a real redis-server for tests: on a free
// loopback port, in the test's temporary directory, with persistence off.
// When redis-server is not installed a test fails under CI=true (CI
// installs it: .ci/run) and is skipped elsewhere, saying why.
package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Server is one redis-server of one test. Stop and Start may be called
// again to take it down and bring it back on the same port.
type Server struct {
	// CAFile is the CA of a TLS server's certificate; "" without TLS.
	CAFile string
	t      testing.TB
	bin    string
	dir    string
	port   int
	tls    []string // redis-server's TLS arguments; nil without TLS
	cmd    *exec.Cmd
	done   chan struct{} // closed when cmd has exited
}

// Start starts a redis-server and returns once it accepts connections; it
// is killed when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, func(*Server) {})
}

func start(t testing.TB, configure func(*Server)) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server is not installed; .ci/run installs it (apt-get install redis-server): %v", err)
		}
		t.Skipf("redis-server is not installed (apt-get install redis-server); under CI=true this test fails instead")
	}
	s := &Server{t: t, bin: bin, dir: t.TempDir()}
	configure(s)
	t.Cleanup(s.Stop)
	for attempt := 0; ; attempt++ {
		s.port = freePort(t)
		err := s.start()
		if err == nil {
			return s
		}
		if attempt == 4 || !errors.Is(err, errPortTaken) {
			t.Fatalf("starting redis-server: %v", err)
		}
	}
}

// URL is the server's redis:// (or, with TLS, rediss://) URL, database 0.
func (s *Server) URL() string {
	if s.tls != nil {
		return "rediss://" + s.Addr() + "/0"
	}
	return "redis://" + s.Addr() + "/0"
}

// Addr is the server's HOST:PORT.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Stop kills the server (as a crash would) and waits until it has exited,
// so its port refuses connections when Stop returns.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL) // a stopped (paused) process dies too
	<-s.done
	s.cmd = nil
}

// Restart starts the server again on the same port, empty (as a restarted
// Redis without persistence is).
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	if err := s.start(); err != nil {
		s.t.Fatalf("restarting redis-server on port %d: %v", s.port, err)
	}
}

// Pause stops the server without ending it (SIGSTOP): connections stay
// open and nothing answers, as with an overloaded or stalled Redis.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume lets a paused server go on (SIGCONT).
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signalling redis-server: %v", err)
	}
}

var errPortTaken = errors.New("port taken")

func (s *Server) start() error {
	port := []string{"--port", strconv.Itoa(s.port)}
	if s.tls != nil {
		port = append([]string{"--port", "0", "--tls-port", strconv.Itoa(s.port)}, s.tls...)
	}
	cmd := exec.Command(s.bin, append(port, "--bind", "127.0.0.1",
		"--dir", s.dir, "--save", "", "--appendonly", "no", "--logfile", "")...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd, s.done = cmd, make(chan struct{})
	ready, log := waitReady(out)
	go func() { _, _ = io.Copy(io.Discard, out); _ = cmd.Wait(); close(s.done) }()
	if ready {
		return nil
	}
	s.Stop()
	if strings.Contains(log, "in use") {
		return fmt.Errorf("%w: %s", errPortTaken, log)
	}
	return fmt.Errorf("redis-server exited before accepting connections:\n%s", log)
}

// waitReady reads the server's log until it accepts connections or ends.
func waitReady(out io.Reader) (bool, string) {
	var log strings.Builder
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(strings.ToLower(sc.Text()), "ready to accept connections") {
			return true, log.String()
		}
	}
	return false, log.String()
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
