// Package accesslog holds chancery's log output: a buffered writer that
// several goroutines share, flushed in the background, and the JSON line
// written for each HTTP request. Both slog's JSON handler (the application's
// log) and the request lines go through one Writer, so the log is one stream
// of JSON lines in the order they were written.
//
// A request costs one formatted line appended to a buffer under a mutex:
// no system call, which a busy server would otherwise make once per request.
package accesslog

import (
	"io"
	"sync"
	"time"
)

// flushSize is the buffer size past which a write flushes at once.
const flushSize = 64 << 10

// Writer buffers whole lines for an underlying writer (usually stderr) and
// writes them out every interval, when the buffer passes 64 KiB, and on
// Flush or Close. It is safe for concurrent use. A line is written whole by
// one Write: callers (slog handlers, Request) write one line per call.
type Writer struct {
	mu  sync.Mutex
	out io.Writer
	buf []byte
	err error // the first error out returned; later writes return it
	// stamp formats the request lines' times, under mu.
	stamp stamp
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// NewWriter returns a Writer over out that flushes every interval in a
// background goroutine; interval 0 means no background flushing (Flush and
// Close, or a full buffer, write the lines). Close stops the goroutine.
func NewWriter(out io.Writer, interval time.Duration) *Writer {
	w := &Writer{out: out, buf: make([]byte, 0, flushSize+4096), done: make(chan struct{})}
	if interval > 0 {
		w.wg.Add(1)
		go w.flushEvery(interval)
	}
	return w
}

func (w *Writer) flushEvery(interval time.Duration) {
	defer w.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			w.Flush()
		case <-w.done:
			return
		}
	}
}

// Write appends p to the buffer; it writes the buffer out first when p would
// take it past 64 KiB. It returns the first error of the underlying writer.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	w.buf = append(w.buf, p...)
	if len(w.buf) >= flushSize {
		w.flushLocked()
	}
	return len(p), w.err
}

// append lets fn format a line at the end of the buffer, under the lock.
func (w *Writer) append(fn func([]byte) []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return
	}
	w.buf = fn(w.buf)
	if len(w.buf) >= flushSize {
		w.flushLocked()
	}
}

// Flush writes the buffered lines out.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flushLocked()
	return w.err
}

func (w *Writer) flushLocked() {
	if len(w.buf) == 0 || w.err != nil {
		return
	}
	_, w.err = w.out.Write(w.buf)
	w.buf = w.buf[:0]
}

// Close stops the background flushing and writes the buffered lines out.
// Writes after Close are still accepted and need a Flush to be written.
func (w *Writer) Close() error {
	w.once.Do(func() { close(w.done) })
	w.wg.Wait()
	return w.Flush()
}
