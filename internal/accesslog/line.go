package accesslog

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// Request is what is logged of one HTTP request. No query string, header or
// body is logged: they may hold personal data or secrets.
type Request struct {
	Time     time.Time // when it arrived
	ID       string    // its request id (X-Request-Id)
	Method   string
	Path     string
	Pattern  string // the route that answered it ("" when none matched)
	Status   int
	Bytes    int64 // body bytes sent
	Duration time.Duration
	RemoteIP string // the client's address, without port
}

// Log appends the request's line to the buffer.
func (w *Writer) Log(r *Request) {
	w.append(func(b []byte) []byte { return appendLine(b, r, &w.stamp) })
}

// AppendLine appends r as one JSON line, with the keys and value formats of
// slog's JSON handler (time in RFC 3339 with nanoseconds, level, msg,
// duration in nanoseconds), so that the request lines and the application's
// log lines read alike:
//
//	{"time":"…","level":"INFO","msg":"request","request_id":"…","method":"GET","path":"/en/","route":"GET /en/{$}","status":200,"bytes":5120,"duration":81234,"remote_ip":"…"}
func AppendLine(b []byte, r *Request) []byte {
	var st stamp
	return appendLine(b, r, &st)
}

// appendLine is AppendLine with the text of the time's second taken from st
// when it holds that second.
func appendLine(b []byte, r *Request, st *stamp) []byte {
	b = append(b, `{"time":"`...)
	b = st.append(b, r.Time)
	b = append(b, `","level":"INFO","msg":"request","request_id":`...)
	b = AppendString(b, r.ID)
	b = append(b, `,"method":`...)
	b = AppendString(b, r.Method)
	b = append(b, `,"path":`...)
	b = AppendString(b, r.Path)
	b = append(b, `,"route":`...)
	b = AppendString(b, r.Pattern)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, r.Bytes, 10)
	b = append(b, `,"duration":`...)
	b = strconv.AppendInt(b, int64(r.Duration), 10)
	b = append(b, `,"remote_ip":`...)
	b = AppendString(b, r.RemoteIP)
	return append(b, "}\n"...)
}

// stamp formats times as time.RFC3339Nano does, keeping the text of the
// last second formatted (date, time of day and zone), so that the lines of
// one second cost only their fractions. The zero stamp is ready to use; a
// stamp is not safe for concurrent use (Writer uses its own under its lock).
type stamp struct {
	sec  int64          // the second held, in Unix time
	loc  *time.Location // its location
	head []byte         // its text up to the seconds: "2006-01-02T15:04:05"
	zone []byte         // its zone: "Z" or "-07:00"
}

func (s *stamp) append(b []byte, t time.Time) []byte {
	if sec := t.Unix(); s.head == nil || sec != s.sec || t.Location() != s.loc {
		whole := time.Unix(sec, 0).In(t.Location())
		s.sec, s.loc = sec, t.Location()
		s.head = whole.AppendFormat(s.head[:0], "2006-01-02T15:04:05")
		s.zone = whole.AppendFormat(s.zone[:0], "Z07:00")
	}
	b = append(b, s.head...)
	b = appendFraction(b, t.Nanosecond())
	return append(b, s.zone...)
}

// appendFraction appends ns nanoseconds as RFC3339Nano writes them: a dot
// and up to nine digits without trailing zeros, nothing for zero.
func appendFraction(b []byte, ns int) []byte {
	if ns == 0 {
		return b
	}
	var digits [10]byte
	digits[0] = '.'
	for i := 9; i > 0; i-- {
		digits[i] = byte('0' + ns%10)
		ns /= 10
	}
	n := len(digits)
	for digits[n-1] == '0' {
		n--
	}
	return append(b, digits[:n]...)
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD, and <, > and & escaped
// as encoding/json does, so that a path cannot forge a line or inject markup
// into a log viewer.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0x7f {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		// U+2028 and U+2029 end lines in JavaScript: escaped as encoding/json does.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
