// Command soak drives a running chancery at a fixed rate for a fixed time
// with a mix of public page, API and staff write requests, and reports the
// errors, the latency percentiles of each kind of request, and the server's
// memory over time. bench/soak.sh builds, seeds and starts the server, then
// runs it:
//
//	soak --url http://127.0.0.1:18300 --pid PID [--metrics URL] [--duration 10m]
//	     [--rate 200] [--write-rate 2] [--email E] (password in SOAK_PASSWORD)
//
// The load is open-loop: requests start on a fixed schedule whether or not
// earlier ones have finished, and a request's latency runs from the time it
// was scheduled, so a stalled server shows in the percentiles instead of
// slowing the load down. Staff writes sign in to the staff workspace as an
// editor and save a person's form, one write at a time, each after reading
// the record's current version. It exits 1 when a request failed or the
// server's resident memory grew after the warm-up by more than --max-growth.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// config is the command line.
type config struct {
	base       *url.URL
	metricsURL string
	pid        int
	duration   time.Duration
	warmup     time.Duration
	rate       float64 // reads per second
	writeRate  float64 // staff writes per second
	sample     time.Duration
	maxGrowth  float64 // allowed RSS growth after the warm-up, as a fraction
	email      string
	password   string
	inflight   int
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	ok, err := run(context.Background(), cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

func parseFlags(args []string, getenv func(string) string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	base := fs.String("url", "", "the server's base `URL`, on loopback")
	fs.StringVar(&cfg.metricsURL, "metrics", "", "the server's /metrics `URL`, sampled with its memory (optional)")
	fs.IntVar(&cfg.pid, "pid", 0, "the server's process id, whose resident memory is sampled")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Minute, "how long to run")
	fs.DurationVar(&cfg.warmup, "warmup", 0, "time after which memory must stop growing (default a fifth of --duration)")
	fs.Float64Var(&cfg.rate, "rate", 200, "public page and API requests per second")
	fs.Float64Var(&cfg.writeRate, "write-rate", 2, "staff writes per second")
	fs.DurationVar(&cfg.sample, "sample", 0, "memory sampling interval (default --duration/30)")
	fs.Float64Var(&cfg.maxGrowth, "max-growth", 0.10, "resident memory growth after the warm-up that fails the run, as a fraction")
	fs.StringVar(&cfg.email, "email", "soak@example.org", "the editor account staff writes sign in with (password in SOAK_PASSWORD)")
	fs.IntVar(&cfg.inflight, "max-inflight", 256, "requests in flight at most; a request due beyond that is counted as dropped")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	u, err := url.Parse(*base)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return cfg, fmt.Errorf("--url: %q is not an http:// URL", *base)
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "::1" && h != "localhost" {
		return cfg, fmt.Errorf("--url: %q is not on loopback; soak runs against a local server only", *base)
	}
	cfg.base = u
	switch {
	case cfg.pid <= 0:
		return cfg, errors.New("--pid: the server's process id is required")
	case cfg.duration <= 0:
		return cfg, errors.New("--duration: must be positive")
	case cfg.rate <= 0 || cfg.rate > 100000:
		return cfg, errors.New("--rate: must be between 0 and 100000")
	case cfg.writeRate < 0 || cfg.writeRate > 100:
		return cfg, errors.New("--write-rate: must be between 0 and 100")
	case cfg.maxGrowth <= 0:
		return cfg, errors.New("--max-growth: must be positive")
	case cfg.inflight <= 0:
		return cfg, errors.New("--max-inflight: must be positive")
	}
	if cfg.warmup == 0 {
		cfg.warmup = cfg.duration / 5
	}
	if cfg.warmup >= cfg.duration {
		return cfg, errors.New("--warmup: must be shorter than --duration")
	}
	if cfg.sample == 0 {
		cfg.sample = max(cfg.duration/30, time.Second)
	}
	cfg.password = getenv("SOAK_PASSWORD")
	if cfg.writeRate > 0 && cfg.password == "" {
		return cfg, errors.New("SOAK_PASSWORD: the editor's password is needed for staff writes (or --write-rate 0)")
	}
	return cfg, nil
}

// reads is the mix of public requests, each path as often as it is listed.
var reads = []struct{ kind, path string }{
	{"page", "/en/"},
	{"page", "/fr/"},
	{"page", "/rw/"},
	{"page", "/sw/"},
	{"page", "/en/missions"},
	{"page", "/en/diplomatic-list"},
	{"page", "/fr/diplomatic-list"},
	{"page", "/en/map"},
	{"page", "/en/policy"},
	{"page", "/en/agreements"},
	{"page", "/en/countries/KE"},
	{"page", "/sw/countries/US"},
	{"page", "/en/countries?q=united"}, // several matches: a list (an exact name redirects)
	{"page", "/fr/countries/JP"},
	{"page", "/en/?as_of=2015-01-01"},
	{"api", "/api/v1/figures"},
	{"api", "/api/v1/figures?as_of=2010-06-30"},
	{"api", "/api/v1/missions"},
	{"api", "/api/v1/missions?kind=embassy&limit=20"},
	{"api", "/api/v1/missions.csv"},
	{"api", "/api/v1/countries/KE"},
	{"api", "/api/v1/diplomatic-list"},
	{"api", "/api/v1/accreditations?limit=50"},
	{"api", "/api/v1/changes?since=0"},
	{"api", "/api/openapi.json"},
}

// stats collects the outcome of one kind of request.
type stats struct {
	mu        sync.Mutex
	latencies []time.Duration
	errors    map[string]int // "status 500", "timeout", ...
}

func (s *stats) add(d time.Duration, failure string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latencies = append(s.latencies, d)
	if failure != "" {
		if s.errors == nil {
			s.errors = map[string]int{}
		}
		s.errors[failure]++
	}
}

// memSample is the server's memory at one time.
type memSample struct {
	at         time.Duration // since the start
	rss        int64         // bytes
	heap       float64       // go_memstats_heap_inuse_bytes, -1 when unknown
	goroutines float64       // go_goroutines, -1 when unknown
	requests   int64         // requests started so far
}

func run(ctx context.Context, cfg config, out io.Writer) (bool, error) {
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: cfg.inflight, MaxConnsPerHost: cfg.inflight,
			DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var writer *staffWriter
	if cfg.writeRate > 0 {
		var err error
		if writer, err = newStaffWriter(ctx, cfg, client.Transport); err != nil {
			return false, err
		}
	}
	if _, err := rss(cfg.pid); err != nil {
		return false, fmt.Errorf("--pid: %w", err)
	}
	kinds := map[string]*stats{"page": {}, "api": {}, "write": {}}
	var dropped, started atomic.Int64
	sem := make(chan struct{}, cfg.inflight)
	var wg sync.WaitGroup

	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	var samples []memSample
	var sampling sync.WaitGroup
	sampling.Go(func() {
		tick := time.NewTicker(cfg.sample)
		defer tick.Stop()
		for {
			samples = append(samples, sampleMem(cfg, client, time.Since(start), started.Load()))
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	if writer != nil {
		wg.Go(func() { writer.loop(ctx, cfg.writeRate, start, kinds["write"]) })
	}
	// The reads: request i is due at start + i/rate.
	interval := time.Duration(float64(time.Second) / cfg.rate)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if !sleepUntil(ctx, due) {
			break
		}
		select {
		case sem <- struct{}{}:
		default:
			dropped.Add(1)
			continue
		}
		started.Add(1)
		r := reads[i%len(reads)]
		wg.Go(func() {
			defer func() { <-sem }()
			kinds[r.kind].add(get(client, cfg.base, r.path, due))
		})
	}
	wg.Wait()
	sampling.Wait()
	samples = append(samples, sampleMem(cfg, client, time.Since(start), started.Load()))
	return report(out, cfg, time.Since(start), kinds, dropped.Load(), samples), nil
}

// sleepUntil waits until t, and reports false when ctx ended first (or had
// ended already).
func sleepUntil(ctx context.Context, t time.Time) bool {
	if wait := time.Until(t); wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-ctx.Done():
		case <-timer.C:
		}
	}
	return ctx.Err() == nil
}

// get fetches path and reads the whole body; it returns the time since due
// and, when it failed, why.
func get(client *http.Client, base *url.URL, path string, due time.Time) (time.Duration, string) {
	res, err := client.Get(base.String() + path)
	if err != nil {
		return time.Since(due), failureOf(err)
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(due)
	if err != nil {
		return d, failureOf(err)
	}
	if res.StatusCode != http.StatusOK {
		return d, "status " + strconv.Itoa(res.StatusCode) + " on " + path
	}
	return d, ""
}

func failureOf(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return "timeout"
	}
	return "error: " + err.Error()
}

// staffWriter saves staff forms as a signed-in editor.
type staffWriter struct {
	client *http.Client
	base   *url.URL
	ids    []string
}

// soakPeople is how many person records the writes take turns on.
const soakPeople = 5

func newStaffWriter(ctx context.Context, cfg config, rt http.RoundTripper) (*staffWriter, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	w := &staffWriter{base: cfg.base, client: &http.Client{Timeout: 10 * time.Second, Transport: rt, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	status, body, err := w.post(ctx, "/staff/login", url.Values{"email": {cfg.email}, "password": {cfg.password}})
	if err != nil {
		return nil, fmt.Errorf("staff sign-in: %w", err)
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("staff sign-in as %s: status %d (is the account an editor without a second factor?)\n%.500s", cfg.email, status, body)
	}
	run := time.Now().UTC().Format("20060102t150405")
	for i := range soakPeople {
		id := fmt.Sprintf("soak-%s-%d", run, i)
		status, body, err := w.post(ctx, "/staff/persons", url.Values{"id": {id}, "name": {"Soak test " + strconv.Itoa(i)},
			"source": {"https://example.org/soak"}})
		if err != nil {
			return nil, fmt.Errorf("create person %s: %w", id, err)
		}
		if status != http.StatusSeeOther {
			return nil, fmt.Errorf("create person %s: status %d\n%.1000s", id, status, body)
		}
		w.ids = append(w.ids, id)
	}
	return w, nil
}

// loop saves one person's form at rate per second until ctx is done, the
// writes one after another (a write reads the version it saves over).
func (w *staffWriter) loop(ctx context.Context, rate float64, start time.Time, s *stats) {
	interval := time.Duration(float64(time.Second) / rate)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if !sleepUntil(ctx, due) {
			return
		}
		s.add(w.save(context.WithoutCancel(ctx), w.ids[i%len(w.ids)], i, due))
	}
}

var versionRE = regexp.MustCompile(`<input type="hidden" name="version" value="([0-9]+)">`)

// save reads person id's form for its version, then saves it with a new
// note; it returns the time since due and, when it failed, why.
func (w *staffWriter) save(ctx context.Context, id string, n int, due time.Time) (time.Duration, string) {
	path := "/staff/persons/" + id
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.base.String()+path, nil)
	if err != nil {
		return time.Since(due), failureOf(err)
	}
	res, err := w.client.Do(req)
	if err != nil {
		return time.Since(due), failureOf(err)
	}
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return time.Since(due), failureOf(err)
	}
	if res.StatusCode != http.StatusOK {
		return time.Since(due), "status " + strconv.Itoa(res.StatusCode) + " on GET " + path
	}
	m := versionRE.FindSubmatch(page)
	if m == nil {
		return time.Since(due), "no version on GET " + path
	}
	status, _, err := w.post(ctx, path, url.Values{"version": {string(m[1])}, "name": {"Soak test " + id[len(id)-1:]},
		"source": {"https://example.org/soak"}, "note": {"write " + strconv.Itoa(n)}})
	d := time.Since(due)
	if err != nil {
		return d, failureOf(err)
	}
	if status != http.StatusSeeOther {
		return d, "status " + strconv.Itoa(status) + " on POST " + path
	}
	return d, ""
}

func (w *staffWriter) post(ctx context.Context, path string, form url.Values) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.base.String()+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := w.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, html.UnescapeString(string(body)), err
}

// sampleMem reads the server's resident memory and, when --metrics is set,
// its heap in use and goroutines.
func sampleMem(cfg config, client *http.Client, at time.Duration, started int64) memSample {
	s := memSample{at: at, heap: -1, goroutines: -1, requests: started}
	s.rss, _ = rss(cfg.pid)
	if cfg.metricsURL == "" {
		return s
	}
	res, err := client.Get(cfg.metricsURL)
	if err != nil {
		return s
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_memstats_heap_inuse_bytes":
			s.heap = v
		case "go_goroutines":
			s.goroutines = v
		}
	}
	return s
}

// rss returns the resident memory of process pid, from /proc.
func rss(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmRSS %q: %w", v, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("process %d: no VmRSS", pid)
}

// report writes the results as Markdown and says whether the run passed.
func report(out io.Writer, cfg config, elapsed time.Duration, kinds map[string]*stats, dropped int64, samples []memSample) bool {
	pass := true
	fmt.Fprintf(out, "soak: %v at %.0f reads/s and %.1f staff writes/s against %s\n\n", elapsed.Round(time.Second), cfg.rate, cfg.writeRate, cfg.base)
	fmt.Fprintln(out, "| requests | count | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |")
	fmt.Fprintln(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var failures []string
	for _, k := range []string{"page", "api", "write"} {
		s := kinds[k]
		if len(s.latencies) == 0 {
			continue
		}
		slices.Sort(s.latencies)
		n := 0
		for f, c := range s.errors {
			n += c
			failures = append(failures, fmt.Sprintf("%s: %d × %s", k, c, f))
		}
		if n > 0 {
			pass = false
		}
		fmt.Fprintf(out, "| %s | %d | %d | %s | %s | %s | %s | %s |\n", k, len(s.latencies), n,
			ms(pct(s.latencies, 50)), ms(pct(s.latencies, 90)), ms(pct(s.latencies, 99)), ms(pct(s.latencies, 99.9)), ms(s.latencies[len(s.latencies)-1]))
	}
	slices.Sort(failures)
	for _, f := range failures {
		fmt.Fprintln(out, "\nfailed:", f)
	}
	if dropped > 0 {
		pass = false
		fmt.Fprintf(out, "\ndropped: %d requests were due while %d were in flight\n", dropped, cfg.inflight)
	}

	fmt.Fprintln(out, "\n| time | requests | RSS MiB | heap in use MiB | goroutines |")
	fmt.Fprintln(out, "| ---: | ---: | ---: | ---: | ---: |")
	for _, s := range samples {
		heap, gr := "-", "-"
		if s.heap >= 0 {
			heap = fmt.Sprintf("%.1f", s.heap/(1<<20))
		}
		if s.goroutines >= 0 {
			gr = fmt.Sprintf("%.0f", s.goroutines)
		}
		fmt.Fprintf(out, "| %v | %d | %.1f | %s | %s |\n", s.at.Round(time.Second), s.requests, float64(s.rss)/(1<<20), heap, gr)
	}
	after, peak, last, ok := growth(samples, cfg.warmup)
	if !ok {
		fmt.Fprintln(out, "\nmemory: too few samples after the warm-up to judge growth")
		return false
	}
	grew := float64(last-after) / float64(after)
	fmt.Fprintf(out, "\nresident memory after the warm-up (%v): %.1f MiB just after it, %.1f MiB at most since, %.1f MiB at the end (means of 3 samples): %+.1f%% (limit %+.0f%%)\n",
		cfg.warmup, mib(after), mib(peak), mib(last), 100*grew, 100*cfg.maxGrowth)
	if grew > cfg.maxGrowth {
		pass = false
	}
	if pass {
		fmt.Fprintln(out, "\nresult: PASS (no errors, nothing dropped, no memory growth after the warm-up)")
	} else {
		fmt.Fprintln(out, "\nresult: FAIL")
	}
	return pass
}

// growth returns the mean resident memory of the first three samples at or
// after the warm-up, the largest after it, and the mean of the last three
// samples (one sample is noisy: the garbage collector frees memory in
// steps).
func growth(samples []memSample, warmup time.Duration) (after, peak, last int64, ok bool) {
	i := slices.IndexFunc(samples, func(s memSample) bool { return s.at >= warmup })
	if i < 0 || len(samples)-i < 6 {
		return 0, 0, 0, false
	}
	for _, s := range samples[i:] {
		peak = max(peak, s.rss)
	}
	return meanRSS(samples[i : i+3]), peak, meanRSS(samples[len(samples)-3:]), true
}

func meanRSS(samples []memSample) int64 {
	var sum int64
	for _, s := range samples {
		sum += s.rss
	}
	return sum / int64(len(samples))
}

func pct(sorted []time.Duration, p float64) time.Duration {
	// The tolerance keeps 99.9% of 1000 at rank 999, not 1000 by rounding.
	i := int(math.Ceil(p*float64(len(sorted))/100-1e-9)) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func mib(b int64) float64 { return float64(b) / (1 << 20) }
