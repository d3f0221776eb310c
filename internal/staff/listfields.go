package staff

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// splitItems splits a list typed in a form: items separated by new lines or
// ';', trimmed, empty ones dropped.
func splitItems(s string) []string {
	var out []string
	for item := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// idLine returns a JSON list of ids as an idlist field shows it: one line,
// the ids separated by "; ".
func idLine(v any) []string {
	list, _ := v.([]any)
	var ids []string
	for _, e := range list {
		if s, ok := e.(string); ok && s != "" {
			ids = append(ids, s)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return []string{strings.Join(ids, "; ")}
}

// parseIDList reads an idlist field: ids separated by ';' or new lines. It
// returns the JSON list (nil when empty), or an error naming an id given
// twice. Whether each id names a record is the registry's check.
func parseIDList(s string) ([]any, error) {
	var list []any
	seen := map[string]bool{}
	for _, id := range splitItems(s) {
		if seen[id] {
			return nil, fmt.Errorf("%q is listed twice", id)
		}
		seen[id] = true
		list = append(list, id)
	}
	return list, nil
}

// parseDecimal reads a decimal field: nil when empty, otherwise a finite
// number such as 12, -3.5 or 0.25.
func parseDecimal(s string) (any, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil, fmt.Errorf("%q is not a number: write digits with a decimal point, as 12 or 3.5", s)
	}
	return n, nil
}

// targetLines returns a JSON list of targets ({"period", "value"} objects)
// as a targets field shows it: one period=value line per target.
func targetLines(v any) []string {
	list, _ := v.([]any)
	var lines []string
	for _, e := range list {
		obj, _ := e.(map[string]any)
		period, _ := obj["period"].(string)
		value := "0"
		if n, ok := obj["value"].(json.Number); ok {
			value = n.String()
		}
		lines = append(lines, period+"="+value)
	}
	if len(lines) == 0 {
		return nil
	}
	return []string{strings.Join(lines, "\n")}
}

// parseTargetLines reads a targets field: items separated by new lines or
// ';', each PERIOD=VALUE (2026-2027=52). It returns the JSON list, or why
// an item cannot be read; whether each period is one is the registry's
// check.
func parseTargetLines(s string) ([]any, error) {
	list := []any{}
	for _, item := range splitItems(s) {
		period, value, ok := strings.Cut(item, "=")
		period = strings.TrimSpace(period)
		if !ok || period == "" {
			return nil, fmt.Errorf("%q is not a target: write PERIOD=VALUE, as 2026-2027=52, one per line", item)
		}
		n, err := parseDecimal(value)
		if err != nil || n == nil {
			return nil, fmt.Errorf("%q: the value %q is not a number", item, strings.TrimSpace(value))
		}
		list = append(list, map[string]any{"period": period, "value": n})
	}
	return list, nil
}
