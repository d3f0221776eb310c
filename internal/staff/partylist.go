package staff

import (
	"fmt"
	"strings"
)

// partyLines returns a JSON list of parties ({"type", "code"} objects) as a
// parties field shows it: one type:code item per line.
func partyLines(v any) []string {
	list, _ := v.([]any)
	var lines []string
	for _, e := range list {
		obj, _ := e.(map[string]any)
		typ, _ := obj["type"].(string)
		code, _ := obj["code"].(string)
		lines = append(lines, typ+":"+code)
	}
	if len(lines) == 0 {
		return nil
	}
	return []string{strings.Join(lines, "\n")}
}

// parsePartyLines reads a parties field: items separated by new lines or
// ';', each type:code (state:KE, organisation:AU) or a bare two-letter
// state code (KE). It returns the JSON list, or why an item cannot be read.
func parsePartyLines(s string) ([]any, error) {
	list := []any{}
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		typ, code, ok := strings.Cut(item, ":")
		if !ok {
			if len(item) != 2 || strings.ToUpper(item) != item {
				return nil, fmt.Errorf("%q is not a party: write state:KE or organisation:AU, one per line", item)
			}
			typ, code = "state", item
		}
		list = append(list, map[string]any{"type": strings.TrimSpace(typ), "code": strings.TrimSpace(code)})
	}
	return list, nil
}
