package lambda

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxLogLine is the longest piece of function output written as one line.
const maxLogLine = 64 << 10

// logger writes whole lines, one Write each, so lines of concurrent
// processes never interleave.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

// discards reports whether lines go nowhere, so callers can skip work.
func (l *logger) discards() bool { return l.w == io.Discard }

func (l *logger) printf(format string, args ...any) {
	if l.discards() {
		return
	}
	line := fmt.Sprintf(format, args...)
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.w, line+"\n") //nolint:errcheck // logs are best effort
}

// write writes whole lines (ending in a newline) with one Write.
func (l *logger) write(line []byte) {
	if l.discards() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.w.Write(line) //nolint:errcheck // logs are best effort
}

// fnLog is the log of one function: every line starts with its name.
type fnLog struct {
	*logger
	name string
}

func (f fnLog) line(format string, args ...any) {
	f.printf("[%s] "+format, append([]any{f.name}, args...)...)
}

// output logs one line a process printed, with the request it served last.
func (f fnLog) output(requestID string, text []byte) {
	s := strings.ToValidUTF8(strings.TrimRight(string(text), "\r\n"), "\uFFFD")
	if requestID == "" {
		f.line("%s", s)
		return
	}
	f.line("%s %s", requestID, s)
}

func (f fnLog) start(requestID string) {
	if f.discards() {
		return
	}
	b := append(f.prefix(make([]byte, 0, 96)), "START RequestId: "...)
	b = append(append(b, requestID...), " Version: $LATEST\n"...)
	f.write(b)
}

// report is one invocation's END and REPORT lines.
type report struct {
	requestID string
	duration  time.Duration
	init      time.Duration // > 0 on a cold start
	memoryMB  int
	maxUsedMB int
}

// end logs END and REPORT together with one Write; the lines are built
// without fmt (they are per invocation).
func (f fnLog) end(r report) {
	b := append(f.prefix(make([]byte, 0, 320)), "END RequestId: "...)
	b = append(append(b, r.requestID...), '\n')
	ms := float64(r.duration) / float64(time.Millisecond)
	b = append(append(f.prefix(b), "REPORT RequestId: "...), r.requestID...)
	b = append(strconv.AppendFloat(append(b, "\tDuration: "...), ms, 'f', 2, 64), " ms\tBilled Duration: "...)
	b = append(strconv.AppendInt(b, int64(math.Ceil(ms)), 10), " ms\tMemory Size: "...)
	b = append(strconv.AppendInt(b, int64(r.memoryMB), 10), " MB\tMax Memory Used: "...)
	b = append(strconv.AppendInt(b, int64(r.maxUsedMB), 10), " MB"...)
	if r.init > 0 {
		b = strconv.AppendFloat(append(b, "\tInit Duration: "...), float64(r.init)/float64(time.Millisecond), 'f', 2, 64)
		b = append(b, " ms"...)
	}
	f.write(append(b, '\n'))
}

// prefix appends the "[Name] " every line of the function starts with.
func (f fnLog) prefix(b []byte) []byte {
	return append(append(append(b, '['), f.name...), "] "...)
}

// initReport logs a failed init phase as Lambda's INIT_REPORT line does.
func (f fnLog) initReport(d time.Duration, status, errorType string) {
	f.line("INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: %s\tError Type: %s",
		float64(d)/float64(time.Millisecond), status, errorType)
}

// outputPipe is the read end of a process's stdout or stderr.
type outputPipe struct {
	f *os.File
	q *pipeQueue // f's byte count, asked by drained and Read
	// busy: a complete line was taken out of the pipe and is not logged yet.
	busy atomic.Bool
	done chan struct{} // closed when copy returns
}

func newOutputPipe(f *os.File) *outputPipe {
	return &outputPipe{f: f, q: newPipeQueue(f), done: make(chan struct{})}
}

// outputGrace bounds how long a reaped process's pipes are read for what
// it wrote last, when something it started still holds them open.
const outputGrace = time.Second

// Read reads the pipe for the line reader. busy is raised before bytes
// can leave the pipe (readRaising) and lowered again when they hold no
// complete line, so drained, which looks at the pipe first and at busy
// second, never misses a line between the pipe and the log. When Read is
// called the line reader holds no complete line, so busy was low.
func (o *outputPipe) Read(p []byte) (int, error) {
	n, err := readRaising(o.f, o.q, p, &o.busy)
	if bytes.IndexByte(p[:n], '\n') < 0 {
		o.busy.Store(false)
	}
	return n, err
}

// copy logs the pipe line by line until EOF; lines longer than maxLogLine
// are split. requestID is asked for each line.
func (o *outputPipe) copy(log fnLog, requestID func() string) {
	defer close(o.done)
	defer o.f.Close()
	br := bufio.NewReaderSize(o, maxLogLine)
	for {
		b, err := br.ReadSlice('\n')
		if len(b) > 0 {
			log.output(requestID(), b)
		}
		o.busy.Store(holdsLine(br))
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}

// holdsLine reports whether br has a complete line it has not returned.
func holdsLine(br *bufio.Reader) bool {
	b, _ := br.Peek(br.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

// drained reports whether every complete line written so far was logged.
// The pipe is looked at first: bytes gone from it were taken by a read
// that raised busy before it ran.
func (o *outputPipe) drained() bool {
	return o.q.unread() == 0 && !o.busy.Load()
}
