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
	w.append(func(b []byte) []byte { return AppendLine(b, r) })
}

// AppendLine appends r as one JSON line, with the keys and value formats of
// slog's JSON handler (time in RFC 3339 with nanoseconds, level, msg,
// duration in nanoseconds), so that the request lines and the application's
// log lines read alike:
//
//	{"time":"…","level":"INFO","msg":"request","request_id":"…","method":"GET","path":"/en/","route":"GET /en/{$}","status":200,"bytes":5120,"duration":81234,"remote_ip":"…"}
func AppendLine(b []byte, r *Request) []byte {
	b = append(b, `{"time":"`...)
	b = r.Time.AppendFormat(b, time.RFC3339Nano)
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
