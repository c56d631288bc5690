# Helpers the PDF suites share (sourced after tests/lib.sh): a tool's
# output that says so when the tool failed or printed nothing, so that a
# check comparing it with what is expected (even with nothing) fails, and
# shows why, instead of passing on silence.

# out TOOL ARGS...: what TOOL prints on standard output; when TOOL fails or
# prints nothing, a line saying so instead, and status 1.
out() {
	if ! cv_out=$("$@" 2>"$WORK/out.err"); then
		echo "($* failed: $(tr '\n' ' ' < "$WORK/out.err" | cut -c1-200))"
		return 1
	fi
	if [ -z "$cv_out" ]; then
		echo "($* printed nothing)"
		return 1
	fi
	printf '%s\n' "$cv_out"
}

# qdf PDF: PDF rewritten by qpdf with every object uncompressed, in
# $WORK/qdf.pdf (to grep); prints why and returns 1 when qpdf fails.
qdf() {
	qpdf --qdf --object-streams=disable "$1" "$WORK/qdf.pdf" 2>"$WORK/qdf.err" && return 0
	echo "(qpdf failed on $(basename "$1"): $(tr '\n' ' ' < "$WORK/qdf.err" | cut -c1-200))"
	return 1
}

# pdf_fonts PDF: the name of each font PDF embeds, a line each, its subset
# tag cut; why not, when pdffonts fails or lists none.
pdf_fonts() {
	cv_fonts=$(out pdffonts "$1") || { echo "$cv_fonts"; return 1; }
	printf '%s\n' "$cv_fonts" | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1 }' | grep . ||
		{ echo "(pdffonts lists no font in $(basename "$1"))"; return 1; }
}

# outside_margins PDF LEFT RIGHT: the words whose box leaves [LEFT, RIGHT]
# (points) on any page.
outside_margins() {
	b=$(out pdftotext -bbox "$1" -) || { echo "$b"; return; }
	printf '%s\n' "$b" | awk -v l="$2" -v r="$3" '
		/<word / { match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7);
		           match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7);
		           # A zero-width box is a combining mark pdftotext split from
		           # its letter (its ink may overhang the justified edge).
		           if (x0 == x1) next;
		           if (x0 + 0 < l - 1 || x1 + 0 > r + 1) print }'
}
