package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Change is one record a plan creates or updates.
type Change struct {
	Entity string // as in dataset.Schema: "mission", "person", …
	ID     string
	Create bool // a new record; otherwise a stored one changed
}

// Changes returns the records the plan writes: those it creates, then those
// it updates, each in the order of the store's tables. Settings are not
// records: the Report counts them.
func (p *Plan) Changes() []Change {
	out := make([]Change, 0, len(p.inserts)+len(p.updates))
	for _, c := range []struct {
		recs   []any
		create bool
	}{{p.inserts, true}, {p.updates, false}} {
		for _, rec := range c.recs {
			entity, id := describeRecord(rec)
			out = append(out, Change{Entity: entity, ID: id, Create: c.create})
		}
	}
	return out
}

// describeRecord returns the entity and id of a staged record.
func describeRecord(rec any) (entity, id string) {
	for _, k := range kinds {
		if id, ok := k.idOf(rec); ok {
			return k.name(), id
		}
	}
	panic(fmt.Sprintf("importer: %T is not a record of any entity", rec))
}

// Fingerprint identifies what Apply would write: the settings, every record
// created, and every record updated with the stored version it replaces. Two
// plans with one fingerprint make the same writes; preparing the same files
// again after someone changed a record the import touches (or added one it
// would create) gives another. A caller that shows a plan and applies it
// later (the staff upload) prepares again and compares.
func (p *Plan) Fingerprint() string {
	type staged struct {
		Entity string `json:"entity"`
		Create bool   `json:"create"`
		Record any    `json:"record"`
	}
	v := struct {
		Problems int      `json:"problems"`
		Settings any      `json:"settings"`
		Records  []staged `json:"records"`
	}{Problems: len(p.Report.Problems), Settings: p.settings}
	for i, c := range p.Changes() {
		rec := p.updates
		j := i - len(p.inserts)
		if c.Create {
			rec, j = p.inserts, i
		}
		v.Records = append(v.Records, staged{Entity: c.Entity, Create: c.Create, Record: rec[j]})
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("importer: fingerprint: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
