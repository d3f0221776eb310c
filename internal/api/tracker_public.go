package api

import (
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// What of the policy tracker is public (docs: the brief's "Public
// exposure"), on the registry's rules: engagements not Shown (not public,
// or judicial requests), associations not Shown, the commitments the
// registry does not make public (CommitmentPublic), and indicator actuals
// not yet approved are never shown one by one: not in the collections, the
// policy roll-ups, the export or the changes feed. Staff see pending
// actuals in the workspace; a writer gets the version to approve from the
// write's answer. Judicial requests are counted by status at
// /api/v1/engagements/judicial-requests/counts. Every other tracker record
// is public.

// publicity judges the records of a registry that refer to engagements and
// associations, which may not be public.
type publicity struct {
	reg          *registry.Registry
	engagements  map[string]bool
	associations map[string]bool
}

func publicityOf(reg *registry.Registry) publicity {
	ds := reg.Dataset()
	p := publicity{reg: reg, engagements: map[string]bool{}, associations: map[string]bool{}}
	for i := range ds.Engagements {
		if ds.Engagements[i].Shown() {
			p.engagements[ds.Engagements[i].ID] = true
		}
	}
	for i := range ds.Associations {
		if ds.Associations[i].Shown() {
			p.associations[ds.Associations[i].ID] = true
		}
	}
	return p
}

// commitment reports whether c may be shown (registry.CommitmentPublic).
func (p publicity) commitment(c *registry.Commitment) bool { return p.reg.CommitmentPublic(c) }

// restrictedEvidence is what an actual's evidence reads as when it cites an
// engagement that is not public: a document reference, which the registry
// accepts, so that the public export loads back.
const restrictedEvidence = "document:not-public"

// evidence returns an actual's evidence as the public may see it: as it is,
// unless it cites an engagement that is not public (restrictedEvidence).
func (p publicity) evidence(ev string) string {
	if id, ok := strings.CutPrefix(ev, "engagement:"); ok && !p.engagements[id] {
		return restrictedEvidence
	}
	return ev
}

// actual returns x as the public may see it: x itself, or a copy with its
// evidence restricted.
func (p publicity) actual(x *registry.IndicatorActual) *registry.IndicatorActual {
	if ev := p.evidence(x.Evidence); ev != x.Evidence {
		c := *x
		c.Evidence = ev
		return &c
	}
	return x
}

// engagement returns a public engagement as the public may see it: x
// itself, or a copy without the association it names when that one is not
// public.
func (p publicity) engagement(x *registry.Engagement) *registry.Engagement {
	if x.Association != "" && !p.associations[x.Association] {
		c := *x
		c.Association = ""
		return &c
	}
	return x
}

// publicDataset returns the part of reg the public may see, for the export:
// its data set without the engagements, associations and commitments that
// are not public, nor the actuals not yet approved; the references public
// records make to them are hidden (a community event's association is
// blanked, an actual's evidence restricted). The records of reg are not
// changed.
func publicDataset(reg *registry.Registry) registry.Dataset {
	ds := reg.Dataset()
	out := ds.Clone()
	p := publicityOf(reg)
	out.Engagements = out.Engagements[:0]
	for i := range ds.Engagements {
		if e := &ds.Engagements[i]; p.engagements[e.ID] {
			out.Engagements = append(out.Engagements, *p.engagement(e))
		}
	}
	out.Associations = out.Associations[:0]
	for _, a := range ds.Associations {
		if p.associations[a.ID] {
			out.Associations = append(out.Associations, a)
		}
	}
	out.Commitments = out.Commitments[:0]
	for _, c := range ds.Commitments {
		if p.commitment(&c) {
			out.Commitments = append(out.Commitments, c)
		}
	}
	out.IndicatorActuals = out.IndicatorActuals[:0]
	for i := range ds.IndicatorActuals {
		if a := &ds.IndicatorActuals[i]; a.Approved() {
			out.IndicatorActuals = append(out.IndicatorActuals, *p.actual(a))
		}
	}
	out.Deletions = nil
	return out
}
