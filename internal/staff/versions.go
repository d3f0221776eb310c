package staff

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// A new version of the policy starts as a copy of the one in force: the
// policy, its pillars and their objectives, under new ids, adopted on a date
// given. The version copied is superseded on that date, so that the new one
// takes over then and the old one stays as history. Everything is written
// in one transaction, one audit entry per record; the copy's pillars and
// objectives are then edited like any record. Each copied pillar and
// objective replaces the node it copies (PolicyNode.Replaces), so the
// indicators, initiatives and engagements that name the old version's
// objectives, which they keep, count under the new version's too.

// versionView is the form of a new version.
type versionView struct {
	From *registry.PolicyNode
	// Pillars and Objectives count the nodes the copy makes.
	Pillars, Objectives int
	// What was typed.
	ID, Suffix, Title, Adopted string
	Errors                     []string
	Action                     string
}

var reSuffix = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// decoratePolicyNode links a policy's page to the form of a new version,
// for those who may create framework nodes.
func decoratePolicyNode(s *Server, r *http.Request, ds *registry.Dataset, rec any, v *formView) {
	n := rec.(*registry.PolicyNode)
	if n.Kind != registry.NodePolicy || auth.Authorize(principal(r), auth.Create, n, ds.Settings.HomeState) != nil {
		return
	}
	v.Links = append(v.Links, recordLink{ID: "new-version-link", Label: "Start a new version from this one",
		URL: recordURL(v.Entity, n.ID) + "/new-version"})
}

// newVersionView returns the form of a new version of the policy id in ds,
// or nil when id is not a policy.
func (s *Server) newVersionView(ds *registry.Dataset, id string) *versionView {
	from, _ := policyNodeEntity.find(ds, id).(*registry.PolicyNode)
	if from == nil || from.Kind != registry.NodePolicy {
		return nil
	}
	v := &versionView{From: from, Title: from.Title.EN, Action: recordURL(policyNodeEntity, id) + "/new-version"}
	for _, p := range children(ds, from.ID) {
		v.Pillars++
		v.Objectives += len(children(ds, p.ID))
	}
	return v
}

// children returns the nodes whose parent is id, in ds's order.
func children(ds *registry.Dataset, id string) []*registry.PolicyNode {
	var out []*registry.PolicyNode
	for i := range ds.PolicyNodes {
		if n := &ds.PolicyNodes[i]; n.Parent == id {
			out = append(out, n)
		}
	}
	return out
}

// handleNewVersionForm shows the form of a new version of a policy.
func (s *Server) handleNewVersionForm(w http.ResponseWriter, r *http.Request) {
	ds := s.snapshot().Dataset()
	v := s.newVersionView(ds, r.PathValue("id"))
	if v == nil {
		s.notFound(w, r)
		return
	}
	if err := auth.Authorize(principal(r), auth.Create, v.From, ds.Settings.HomeState); err != nil {
		s.forbidden(w, r, err)
		return
	}
	next := s.today().Year() + 1
	v.Suffix = fmt.Sprint(next)
	v.ID = v.From.ID + "-" + v.Suffix
	v.Adopted = fmt.Sprintf("%d-01-01", next)
	s.render(w, r, http.StatusOK, "new-version", "New version of policy "+v.From.ID, policyNodeEntity.Path, v)
}

// handleNewVersion writes the new version (see the top of the file).
func (s *Server) handleNewVersion(w http.ResponseWriter, r *http.Request) {
	ds := s.snapshot().Dataset()
	v := s.newVersionView(ds, r.PathValue("id"))
	if v == nil {
		s.notFound(w, r)
		return
	}
	p := principal(r)
	if err := auth.Authorize(p, auth.Create, v.From, ds.Settings.HomeState); err != nil {
		s.forbidden(w, r, err)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	form := r.PostForm
	v.ID, v.Suffix = strings.TrimSpace(form.Get("id")), strings.TrimSpace(form.Get("suffix"))
	v.Title, v.Adopted = strings.TrimSpace(form.Get("title")), strings.TrimSpace(form.Get("adopted"))
	fail := func(status int, msgs ...string) {
		v.Errors = msgs
		s.render(w, r, status, "new-version", "New version of policy "+v.From.ID, policyNodeEntity.Path, v)
	}
	var msgs []string
	if !reSuffix.MatchString(v.Suffix) || len(v.Suffix) > 20 {
		msgs = append(msgs, "Suffix of the new ids: lower-case letters, digits and single hyphens, at most 20 characters (as 2027).")
	}
	if v.Title == "" {
		msgs = append(msgs, "Title (English): it is required.")
	}
	adopted, err := registry.ParseDate(v.Adopted)
	switch {
	case err != nil:
		msgs = append(msgs, "Adopted: "+err.Error())
	case adopted.IsZero():
		msgs = append(msgs, "Adopted: it is required; the new version comes into force on that date.")
	}
	if len(msgs) > 0 {
		fail(http.StatusUnprocessableEntity, msgs...)
		return
	}
	var created int
	err = s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
		from, _ := policyNodeEntity.find(ds, v.From.ID).(*registry.PolicyNode)
		if from == nil {
			return fmt.Errorf("staff: policy node %q: %w", v.From.ID, registry.ErrNotFound)
		}
		nodes := copyVersion(ds, from, v.ID, v.Suffix, v.Title, adopted)
		for i := range nodes {
			if err := auth.Authorize(p, auth.Create, &nodes[i], ds.Settings.HomeState); err != nil {
				return err
			}
			if err := tx.Insert(&nodes[i]); err != nil {
				return fmt.Errorf("%s %q: %w", nodes[i].Kind, nodes[i].ID, err)
			}
		}
		created = len(nodes)
		if from.Superseded.IsZero() {
			old := *from
			old.Superseded = adopted
			if err := auth.Authorize(p, auth.End, &old, ds.Settings.HomeState); err != nil {
				return err
			}
			return tx.End(&old)
		}
		return nil
	})
	if err != nil {
		s.writeFailed(w, r, err, func(verr *registry.ValidationError) {
			var msgs []string
			for _, fe := range verr.Fields {
				msgs = append(msgs, fe.Error())
			}
			fail(http.StatusUnprocessableEntity, msgs...)
		}, nil)
		return
	}
	s.flash(r, fmt.Sprintf("Version %s created (%d framework nodes), in force from %s; %s is superseded then. Edit its pillars and objectives below.",
		v.ID, created, adopted, v.From.ID))
	http.Redirect(w, r, recordURL(policyNodeEntity, v.ID), http.StatusSeeOther)
}

// copyVersion returns a copy of the policy from with its pillars and their
// objectives: the policy under id, titled title (English; the other
// languages are kept) and adopted on adopted, its nodes under their ids
// followed by "-" and suffix, each replacing the node it copies.
func copyVersion(ds *registry.Dataset, from *registry.PolicyNode, id, suffix, title string, adopted registry.Date) []registry.PolicyNode {
	meta := func(n *registry.PolicyNode) registry.Meta {
		return registry.Meta{Source: n.Source, Note: "Copied from " + n.ID + " when version " + id + " was started."}
	}
	root := *from
	root.ID, root.Title.EN, root.Adopted, root.Superseded, root.Meta = id, title, adopted, registry.Date{}, meta(from)
	nodes := []registry.PolicyNode{root}
	for _, p := range children(ds, from.ID) {
		pillar := *p
		pillar.ID, pillar.Parent, pillar.Replaces, pillar.Meta = p.ID+"-"+suffix, id, p.ID, meta(p)
		nodes = append(nodes, pillar)
		for _, o := range children(ds, p.ID) {
			obj := *o
			obj.ID, obj.Parent, obj.Replaces, obj.Meta = o.ID+"-"+suffix, pillar.ID, o.ID, meta(o)
			nodes = append(nodes, obj)
		}
	}
	return nodes
}
