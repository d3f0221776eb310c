package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	env := func(pw string) func(string) string {
		return func(k string) string {
			if k == "SOAK_PASSWORD" {
				return pw
			}
			return ""
		}
	}
	ok := []string{"--url", "http://127.0.0.1:18300", "--pid", "42"}
	cfg, err := parseFlags(append(ok, "--duration", "5m"), env("pw"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.warmup != time.Minute || cfg.sample != 10*time.Second || cfg.password != "pw" {
		t.Errorf("defaults: warm-up %v, sample %v, password %q", cfg.warmup, cfg.sample, cfg.password)
	}
	for _, c := range []struct {
		args []string
		pw   string
		want string
	}{
		{[]string{"--url", "http://example.org", "--pid", "1"}, "pw", "not on loopback"},
		{[]string{"--url", "ftp://127.0.0.1", "--pid", "1"}, "pw", "not an http:// URL"},
		{[]string{"--url", "http://127.0.0.1:1"}, "pw", "--pid"},
		{append(ok, "--rate", "0"), "pw", "--rate"},
		{append(ok, "--write-rate", "-1"), "pw", "--write-rate"},
		{append(ok, "--duration", "1m", "--warmup", "2m"), "pw", "--warmup"},
		{ok, "", "SOAK_PASSWORD"},
		{append(ok, "extra"), "pw", "unexpected argument"},
	} {
		if _, err := parseFlags(c.args, env(c.pw)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseFlags(%q) = %v, want an error naming %s", c.args, err, c.want)
		}
	}
	if _, err := parseFlags(append(ok, "--write-rate", "0"), env("")); err != nil {
		t.Errorf("reads only need no password: %v", err)
	}
}

func TestGrowth(t *testing.T) {
	mk := func(rss ...int64) []memSample {
		var s []memSample
		for i, r := range rss {
			s = append(s, memSample{at: time.Duration(i) * time.Minute, rss: r})
		}
		return s
	}
	for _, c := range []struct {
		name              string
		samples           []memSample
		after, peak, last int64
		ok                bool
	}{
		{"flat", mk(10, 50, 60, 60, 60, 60, 60, 60), 60, 60, 60, true},
		{"growing", mk(10, 50, 60, 60, 60, 70, 80, 90), 60, 90, 80, true},
		{"too short", mk(10, 50, 60, 60, 60), 0, 0, 0, false},
	} {
		after, peak, last, ok := growth(c.samples, 2*time.Minute)
		if after != c.after || peak != c.peak || last != c.last || ok != c.ok {
			t.Errorf("%s: growth = %d, %d, %d, %v; want %d, %d, %d, %v", c.name, after, peak, last, ok, c.after, c.peak, c.last, c.ok)
		}
	}
}

func TestPct(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 1000; i++ {
		d = append(d, time.Duration(i))
	}
	for p, want := range map[float64]time.Duration{50: 500, 90: 900, 99: 990, 99.9: 999, 100: 1000, 0: 1} {
		if got := pct(d, p); got != want {
			t.Errorf("pct(%v) = %v, want %v", p, got, want)
		}
	}
}
