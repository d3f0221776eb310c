// Package policy builds the home state's foreign-policy framework (DESIGN.md
// §3, Policy -> Pillar -> Objective) and its indicators from the registry's
// records (registry.PolicyNode, registry.Indicator, registry.IndicatorActual),
// rolls their progress up through the framework and computes the annual
// implementation report.
//
// The framework is versioned: several policies may be stored, each with its
// pillars and objectives. The one in force on a date is adopted by then (or
// has no adoption date) and not superseded by then (FrameworkFromDataset);
// the others stay as history (Versions, Version).
package policy

import "github.com/chancery-org/chancery/internal/registry"

// Framework is a foreign policy with its pillars, each with its objectives,
// children sorted by position.
type Framework struct {
	Policy  Policy   `json:"policy"`
	Pillars []Pillar `json:"pillars"`
	// lineage maps the pillars and objectives of other versions to the
	// node of this one in their lineage (lineage.go); nil when none.
	lineage map[string]string
}

// Policy is the root of the framework.
type Policy struct {
	ID      string         `json:"id"`
	Title   registry.Names `json:"title"`
	Adopted registry.Date  `json:"adopted"` // zero when the source gives no date
	// Superseded is when a later version replaced it; zero while in force.
	Superseded     registry.Date `json:"superseded,omitzero"`
	ParentStrategy string        `json:"parent_strategy,omitempty"`
	registry.Meta
}

// Pillar is one of the policy's main lines.
type Pillar struct {
	ID         string         `json:"id"`
	Position   int            `json:"position"`
	Title      registry.Names `json:"title"`
	Objectives []Objective    `json:"objectives"`
	registry.Meta
}

// Objective is an aim the policy pursues under one pillar.
type Objective struct {
	ID       string         `json:"id"`
	Pillar   string         `json:"pillar"` // the parent pillar's id
	Position int            `json:"position"`
	Title    registry.Names `json:"title"`
	registry.Meta
}

// Pillar returns the pillar with the given id, or nil.
func (f *Framework) Pillar(id string) *Pillar {
	for i := range f.Pillars {
		if f.Pillars[i].ID == id {
			return &f.Pillars[i]
		}
	}
	return nil
}

// Objective returns the objective with the given id, or nil.
func (f *Framework) Objective(id string) *Objective {
	for i := range f.Pillars {
		p := &f.Pillars[i]
		for j := range p.Objectives {
			if p.Objectives[j].ID == id {
				return &p.Objectives[j]
			}
		}
	}
	return nil
}
