#!/usr/bin/env bash
# Runs every fuzz target of the module for a bounded time each, one after
# another, and reports which failed; exits non-zero if any did.
#
#   scripts/fuzz.sh                    # every target, 30 s each
#   FUZZTIME=10s scripts/fuzz.sh       # shorter (any -fuzztime value: 10s, 5000x)
#   scripts/fuzz.sh ./internal/api     # the targets of some packages only
#
# A failing input is written by go test under the package's
# testdata/fuzz/<Target>/; it then runs as a regular test case on every
# `go test`. Commit it with the fix it led to, so that the bug stays fixed.
# Inputs that merely widen coverage go to the build cache
# ($(go env GOCACHE)/fuzz), not to the repository.
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-30s}
packages=("$@")
[ ${#packages[@]} -eq 0 ] && packages=(./...)

# "go test -list" prints the matching names of each package, then "ok <pkg>".
if ! listing=$(nice -n 19 go test -list '^Fuzz' "${packages[@]}" 2>&1); then
	echo "$listing" >&2
	echo "fuzz: listing the targets failed" >&2
	exit 1
fi
targets=()
names=()
while read -r line; do
	case $line in
	Fuzz*) names+=("$line") ;;
	ok*)
		pkg=$(awk '{print $2}' <<<"$line")
		for n in "${names[@]}"; do targets+=("$pkg $n"); done
		names=()
		;;
	esac
done <<<"$listing"

if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no fuzz target found in ${packages[*]}" >&2
	exit 1
fi

echo "fuzz: ${#targets[@]} targets, $fuzztime each"
failed=()
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "== $name ($pkg)"
	if ! nice -n 19 go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"; then
		failed+=("$name ($pkg)")
	fi
done

echo
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed:"
	printf '  %s\n' "${failed[@]}"
	echo "their failing inputs are under each package's testdata/fuzz/: fix the bug, then commit them"
	exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed"
