package accesslog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestAppendLine(t *testing.T) {
	r := &Request{
		Time:     time.Date(2026, 11, 27, 7, 30, 1, 123456789, time.UTC),
		ID:       "a1b2c3d4-1",
		Method:   "GET",
		Path:     "/en/countries/KE",
		Pattern:  "GET /en/countries/{iso2}",
		Status:   200,
		Bytes:    5120,
		Duration: 81234 * time.Nanosecond,
		RemoteIP: "192.0.2.7",
	}
	got := string(AppendLine(nil, r))
	want := `{"time":"2026-11-27T07:30:01.123456789Z","level":"INFO","msg":"request","request_id":"a1b2c3d4-1",` +
		`"method":"GET","path":"/en/countries/KE","route":"GET /en/countries/{iso2}","status":200,"bytes":5120,` +
		`"duration":81234,"remote_ip":"192.0.2.7"}` + "\n"
	if got != want {
		t.Errorf("AppendLine:\n got %s\nwant %s", got, want)
	}
}

// TestLineLikeSlog checks that a request line has the keys and value types
// of the line slog's JSON handler writes for the same attributes.
func TestLineLikeSlog(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	var buf bytes.Buffer
	h := slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			a.Value = slog.TimeValue(at)
		}
		return a
	}})
	slog.New(h).Info("request", "request_id", "x", "method", "GET", "path", "/", "route", "GET /{$}",
		"status", 200, "bytes", int64(10), "duration", 5*time.Millisecond, "remote_ip", "::1")
	ours := AppendLine(nil, &Request{Time: at, ID: "x", Method: "GET", Path: "/", Pattern: "GET /{$}",
		Status: 200, Bytes: 10, Duration: 5 * time.Millisecond, RemoteIP: "::1"})
	if buf.String() != string(ours) {
		t.Errorf("slog wrote\n%s\nwe wrote\n%s", buf.String(), ours)
	}
}

// TestStamp formats a sequence of times with one stamp, so that its cached
// second is used, replaced and reused, and compares each with
// time.RFC3339Nano.
func TestStamp(t *testing.T) {
	kigali := time.FixedZone("CAT", 2*3600)
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		newYork = time.FixedZone("EST", -5*3600)
	}
	base := time.Date(2026, 11, 27, 7, 30, 1, 0, time.UTC)
	var st stamp
	for _, tm := range []time.Time{
		base,
		base.Add(123456789),
		base.Add(100),
		base.Add(999999999),
		base.Add(time.Second),
		base.Add(time.Second + 10),
		base.Add(time.Second + 10).In(kigali), // the same second elsewhere
		base.Add(time.Second + 20).In(kigali),
		base.Add(time.Second + 20).In(newYork),
		base.Add(time.Second + 30),
		time.Date(2026, 3, 8, 6, 59, 59, 5, time.UTC).In(newYork), // across a change of offset
		time.Date(2026, 3, 8, 7, 0, 0, 5, time.UTC).In(newYork),
		time.Date(1969, 12, 31, 23, 59, 59, 500000000, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 600000000, time.UTC),
		time.Date(12026, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 1, time.FixedZone("LMT", 1172)),
		base.Local(),
		base.Add(7).Local(),
		{},
	} {
		got := string(st.append(nil, tm))
		if want := tm.Format(time.RFC3339Nano); got != want {
			t.Errorf("%v: %s, want %s", tm, got, want)
		}
	}
}

// FuzzStamp checks the stamp against time.RFC3339Nano for two times
// formatted one after the other, in UTC or a fixed zone.
func FuzzStamp(f *testing.F) {
	f.Add(int64(1795764601), int64(123), int64(1795764601), int64(456), 0)
	f.Add(int64(-1), int64(999999999), int64(0), int64(0), 7200)
	f.Fuzz(func(t *testing.T, sec1, ns1, sec2, ns2 int64, offset int) {
		zone := time.UTC
		if offset%86400 != 0 {
			zone = time.FixedZone("", offset%86400)
		}
		var st stamp
		for _, tm := range []time.Time{time.Unix(sec1, ns1).In(zone), time.Unix(sec2, ns2).In(zone)} {
			if got, want := string(st.append(nil, tm)), tm.Format(time.RFC3339Nano); got != want {
				t.Errorf("%d %d: %s, want %s", tm.Unix(), tm.Nanosecond(), got, want)
			}
		}
	})
}

func TestAppendString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"/en/", `"/en/"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"line\nbreak\r\ttab", `"line\nbreak\r\ttab"`},
		{"\x00\x1f\x7f", `"\u0000\u001f\u007f"`},
		{"<script>&", `"\u003cscript\u003e\u0026"`},
		{"caf\xc3\xa9 Côte d’Ivoire", `"café Côte d’Ivoire"`},
		{"bad\xffutf8\xc3", `"bad\ufffdutf8\ufffd"`},
		{"sep\u2028\u2029", `"sep\u2028\u2029"`},
	}
	for _, tt := range tests {
		if got := string(AppendString(nil, tt.in)); got != tt.want {
			t.Errorf("AppendString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzAppendString checks that any string becomes one valid JSON string,
// on one line, that decodes to the input with invalid UTF-8 replaced.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "/en/", "\"\\\n", "\xff", "\u2028", "<&>", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendString(nil, s)
		if bytes.ContainsAny(out, "\n\r") {
			t.Fatalf("line break in %q", out)
		}
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		if want := replaceInvalid(s); got != want {
			t.Fatalf("round trip: %q, want %q", got, want)
		}
	})
}

// replaceInvalid replaces each byte of s that is not part of valid UTF-8 by
// U+FFFD, one for one, as AppendString does.
func replaceInvalid(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

type failing struct{ n int }

func (f *failing) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

func TestWriter(t *testing.T) {
	var out lockedBuffer
	w := NewWriter(&out, 0)
	w.Write([]byte("one\n"))
	w.Log(&Request{ID: "2"})
	if out.String() != "" {
		t.Fatalf("written before Flush: %q", out.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || lines[0] != "one" {
		t.Fatalf("after Flush: %q", out.String())
	}

	// A full buffer is written at once.
	out.Reset()
	big := bytes.Repeat([]byte("x"), flushSize)
	w.Write(big)
	if out.Len() != flushSize {
		t.Errorf("a full buffer: %d bytes written, want %d", out.Len(), flushSize)
	}
	w.Close()

	// An error is kept and returned.
	f := &failing{}
	w = NewWriter(f, 0)
	w.Write([]byte("x\n"))
	if err := w.Close(); err == nil {
		t.Error("Close: no error from a failing writer")
	}
	if _, err := w.Write([]byte("y\n")); err == nil {
		t.Error("Write after a failure: no error")
	}
	if f.n != 1 {
		t.Errorf("the failing writer was called %d times, want 1", f.n)
	}
}

// TestWriterBackground checks the background flush and that concurrent
// writers never interleave within a line.
func TestWriterBackground(t *testing.T) {
	var out lockedBuffer
	w := NewWriter(&out, 5*time.Millisecond)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				w.Log(&Request{ID: strings.Repeat(string(rune('a'+g)), 10), Status: i})
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(out.String(), "\n") < 1600 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	w.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 1600 {
		t.Fatalf("%d lines, want 1600", len(lines))
	}
	for _, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuffer) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Len()
}

func (l *lockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// BenchmarkLog times one request's line: formatted into the buffer under the
// lock, and its share of the writes of the full buffer (to io.Discard).
func BenchmarkLog(b *testing.B) {
	w := NewWriter(io.Discard, 0)
	r := &Request{Time: time.Date(2026, 11, 27, 14, 34, 25, 888095426, time.UTC), ID: "d4ea6952-b4w7", Method: "GET",
		Path: "/api/v1/figures", Pattern: "/api/v1/figures", Status: 200, Bytes: 4270, Duration: 58465 * time.Nanosecond, RemoteIP: "127.0.0.1"}
	b.ReportAllocs()
	for b.Loop() {
		w.Log(r)
	}
}
