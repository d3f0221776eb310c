package api

import (
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// What of the policy tracker is public (docs: the brief's "Public
// exposure"). Engagements with Public false and every judicial request,
// associations with Public false, and the commitments of engagements that
// are not public are never shown one by one: not in the collections, the
// export or the changes feed. Judicial requests are counted by status at
// /api/v1/engagements/judicial-requests/counts. Every other tracker record
// is public.

// publicEngagement reports whether e may be shown: public, and not a
// judicial-cooperation request.
func publicEngagement(e *registry.Engagement) bool {
	return e.Public && e.Kind != registry.JudicialRequest
}

// publicAssociation reports whether a may be shown.
func publicAssociation(a *registry.Association) bool { return a.Public }

// publicity holds the ids of the public engagements and associations of a
// data set, to judge the records that refer to them.
type publicity struct {
	engagements  map[string]bool
	associations map[string]bool
}

func publicityOf(ds *registry.Dataset) publicity {
	p := publicity{engagements: map[string]bool{}, associations: map[string]bool{}}
	for i := range ds.Engagements {
		if publicEngagement(&ds.Engagements[i]) {
			p.engagements[ds.Engagements[i].ID] = true
		}
	}
	for i := range ds.Associations {
		if publicAssociation(&ds.Associations[i]) {
			p.associations[ds.Associations[i].ID] = true
		}
	}
	return p
}

// commitment reports whether c may be shown: it belongs to an agreement, or
// to a public engagement.
func (p publicity) commitment(c *registry.Commitment) bool {
	return c.Agreement != "" || c.Engagement != "" && p.engagements[c.Engagement]
}

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

// publicDataset returns the part of ds the public may see, for the export:
// ds without the engagements, associations and commitments that are not
// public; the references public records make to them are hidden (a
// community event's association is blanked, an actual's evidence restricted).
// The records of ds are not changed.
func publicDataset(ds *registry.Dataset) registry.Dataset {
	out := ds.Clone()
	p := publicityOf(ds)
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
	for i := range out.IndicatorActuals {
		a := &out.IndicatorActuals[i]
		a.Evidence = p.evidence(a.Evidence)
	}
	out.Deletions = nil
	return out
}
