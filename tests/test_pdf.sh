#!/bin/bash
# PDF output: every sample becomes a PDF that qpdf finds clean, with every
# font embedded, subset and mapped to Unicode, the article's title in the
# Info dictionary, a structure tree (Tagged: yes), one bookmark per section,
# a link annotation for every link, reference and note marker, JPEG images
# kept as JPEG, nothing outside the margins, reproducible bytes under
# SOURCE_DATE_EPOCH. Generated articles test the page-spanning rules: a
# 200-row table repeats its header on every page, a long footnote
# continues on the next page, a heading never ends a page.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf-lib.sh"
. "$(dirname "$0")/pdf-cases.sh"

mkdir -p "$WORK/out"
export SOURCE_DATE_EPOCH=1700000000

# Link annotations in a PDF (uncompressed view by qpdf).
link_count() { qdf "$1" && grep -ac '/Subtype /Link' "$WORK/qdf.pdf"; }
# Internal link targets that are not named destinations (dead links).
dead_links() {
	qdf "$1" || return
	grep -ao '/Dest ([^)]*)' "$WORK/qdf.pdf" | sed 's|/Dest ||' | sort -u > "$WORK/links.txt"
	out mutool show "$1" trailer/Root/Names/Dests > "$WORK/dests.txt" || { cat "$WORK/dests.txt"; return; }
	grep -o '([^)]*)' "$WORK/dests.txt" | sort -u > "$WORK/dests.sorted"
	comm -23 "$WORK/links.txt" "$WORK/dests.sorted"
}
# Outline entries (one line each in mutool's listing).
outline_count() { out mutool show "$1" outline | grep -c '"'; }
# The number before each bookmark's title, in order, a space after each.
outline_numbers() { out mutool show "$1" outline | sed -n 's/^[^"]*"\([^ ]*\)  .*/\1/p' | tr '\n' ' '; }
# section_numbers ARTICLE [arabic-indic]: every section's number as
# pdf.xsl numbers it (each level counted, blocks between left out), in
# reading order, a space after each; in Arabic-Indic digits joined by the
# Arabic decimal separator if asked.
section_numbers() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
indic = sys.argv[2] == "arabic-indic"
def walk(e, pre):
    n = 0
    for c in e:
        if c.tag == "section":
            n += 1
            num = pre + str(n)
            print(num.translate(str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")) if indic else num, end=" ")
            walk(c, num + ".")
walk(ET.parse(sys.argv[1]).getroot().find("body"), "")' "$1" "${2:-latin}"
}
# Fonts not embedded, not subset or without ToUnicode.
bad_fonts() {
	f=$(out pdffonts "$1") || { echo "$f"; return; }
	printf '%s\n' "$f" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes")'
}
# Where the short lines of a PDF sit (a paragraph's last line, a list
# item): "start" when they touch the left margin only (LTR), "end" when
# they touch the right margin only (RTL). Full (justified) lines touch both.
sides() {
	b=$(out pdftotext -bbox-layout "$1" -) || { echo "$b"; return; }
	printf '%s\n' "$b" | awk '
		/<line / { match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0;
		           match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0;
		           if (x0 < 64 && x1 < 480) l++; if (x1 > 531 && x0 > 115) r++ }
		END { if (l >= 3 && r == 0) print "start"; else if (r >= 3 && l == 0) print "end";
		      else print "mixed " l " " r }'
}
# Images wider than the text block: width in points from pixels and ppi.
wide_images() {
	# pdfimages rounds the resolution to whole ppi: allow 2%.
	l=$(out pdfimages -list "$1") || { echo "$l"; return; }
	printf '%s\n' "$l" | awk -v w="$2" 'NR > 2 && $13 > 0 && $4 * 72 / $13 > w * 1.02'
}
# same_words NAME PDF OTHER: a case that passes when the two PDFs have
# the same words, as many of each, however their lines fall (a line may
# end after a dash in one and not the other: words are counted as
# tests/tools/recall counts them, parted at punctuation).
same_words() {
	if pdftotext "$2" "$WORK/a.txt" 2>"$WORK/err" && pdftotext "$3" "$WORK/b.txt" 2>>"$WORK/err"; then
		ab=$("$TOP/tests/tools/recall" "$WORK/a.txt" "$WORK/b.txt" 2>&1)
		ba=$("$TOP/tests/tools/recall" "$WORK/b.txt" "$WORK/a.txt" 2>&1)
		same "$1" "$ab $ba" "1.0000 1.0000"
	else
		fail "$1" "pdftotext failed: $(tail -3 "$WORK/err")"
	fi
}

for in in "$SAMPLES"/*.xml; do
	art=$(basename "$in" .xml)
	pdf="$WORK/out/$art.pdf"
	if ! msg=$("$CONVERT" --to pdf -o "$pdf" "$in" 2>&1); then
		fail "$art: converts" "$msg"
		continue
	fi
	pass "$art: converts"
	check "$art: qpdf --check clean" qpdf --check "$pdf"
	same "$art: every font embedded, subset, with a Unicode map" "$(bad_fonts "$pdf")" ""
	check "$art: has fonts" pdf_fonts "$pdf"
	title=$(xsltproc --novalid - "$in" 2>/dev/null <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/"><xsl:value-of select="normalize-space(/article/meta/title)"/></xsl:template>
</xsl:stylesheet>
EOF
)
	same "$art: Info title is the article's title" \
		"$(pdfinfo "$pdf" | sed -n 's/^Title: *//p')" "$title"
	same "$art: tagged" "$(pdfinfo "$pdf" | sed -n 's/^Tagged: *//p')" "yes"
	same "$art: one bookmark per section" "$(outline_count "$pdf")" \
		"$(xmllint --xpath 'count(//section)' "$in")"
	links=$(xmllint --xpath 'count(//body//a | //body//ref | //note)' "$in")
	atleast "$art: a link annotation for every link, ref and note" "$(link_count "$pdf")" "$links"
	same "$art: every internal link has its named destination" "$(dead_links "$pdf")" ""
	same "$art: dates from SOURCE_DATE_EPOCH" \
		"$(pdfinfo "$pdf" | sed -n 's/^CreationDate: *//p')" "Tue Nov 14 22:13:20 2023 UTC"
	same "$art: no word outside the side margins" "$(outside_margins "$pdf" 62.3 533.0)" ""
	same "$art: no image wider than the text block" "$(wide_images "$pdf" 470.6)" ""
	"$CONVERT" --to pdf -o "$WORK/out/again.pdf" "$in" 2>/dev/null
	check "$art: reproducible bytes" cmp "$pdf" "$WORK/out/again.pdf"
	# lines/ breaks justified paragraphs as a whole (total fit), so its
	# lines differ from Pango's; it loses and adds no word.
	CV_PDF_PANGO_LINES=1 "$CONVERT" --to pdf -o "$WORK/out/pango.pdf" "$in" 2>/dev/null
	same_words "$art: same words as Pango's line breaking" "$pdf" "$WORK/out/pango.pdf"
	check "$art: typesets at A5" "$CONVERT" --to pdf --param page-size=A5 -o "$WORK/out/a5.pdf" "$in"
	same "$art: A5 page size" "$(pdfinfo "$WORK/out/a5.pdf" | sed -n 's/^Page size: *//p')" \
		"419.528 x 595.276 pts"
done

# --- The samples' particulars ------------------------------------------
ar="$WORK/out/qatar-cybercrime-convention.ar.pdf"
en="$WORK/out/features.en.pdf"
if [ -f "$ar" ]; then
	text=$(out pdftotext -layout "$ar" -)
	case $text in *"١"*) pass "ar: Arabic-Indic page numbers" ;; *) fail "ar: Arabic-Indic page numbers" ;; esac
	same "ar: page labels in Arabic-Indic digits" \
		"$(qdf "$ar" && grep -ac '/P <feff06[6-9]' "$WORK/qdf.pdf")" \
		"$(pdfinfo "$ar" | sed -n 's/^Pages: *//p')"
	# CvTextCarrier is the text layer's own font (text/carriers.h): it
	# carries text faintly and draws no letter.
	same "ar: fonts are Amiri" "$(pdf_fonts "$ar" | grep -v -e '^Amiri' -e '^CvTextCarrier$')" ""
	same "ar: short lines start at the right margin, none at the left (RTL)" "$(sides "$ar")" "end"
	# Stamped outlines (text/stamps.c) look as the same outlines painted as
	# paths: pixels of the first page, at 150 dpi, that differ by more
	# than a quarter of the grey scale (anti-aliasing moves a few).
	CV_PDF_NO_STAMPS=1 "$CONVERT" --to pdf -o "$WORK/out/paths.pdf" \
		"$SAMPLES/qatar-cybercrime-convention.ar.xml" 2>/dev/null
	for r in poppler mupdf; do
		for f in "$ar" "$WORK/out/paths.pdf"; do
			rm -f "$f.pgm"
			if [ $r = poppler ]; then pdftoppm -r 150 -f 1 -l 1 -gray "$f" > "$f.pgm"
			else mutool draw -q -r 150 -c gray -o "$f.pgm" "$f" 1 2>/dev/null; fi ||
				fail "ar: $r renders the first page of $(basename "$f")"
		done
		atmost "ar: stamps drawn as the paths were ($r, first page)" "$(python3 -c '
import sys
def load(f):
    d = open(f, "rb").read().split(maxsplit=4)
    w, h = int(d[1]), int(d[2])
    return d[4][-w * h:]
a, b = load(sys.argv[1]), load(sys.argv[2])
print(sum(1 for x, y in zip(a, b) if abs(x - y) > 64) if len(a) == len(b) else 10**9)' \
			"$ar.pgm" "$WORK/out/paths.pdf.pgm")" 20
		check "ar: the paths' page has ink to compare ($r)" python3 -c '
import sys
d = open(sys.argv[1], "rb").read().split(maxsplit=4)[4]
sys.exit(0 if sum(1 for x in d if x < 128) > 10000 else 1)' "$WORK/out/paths.pdf.pgm"
	done
fi
if [ -f "$en" ]; then
	same "en: the JPEG is embedded as JPEG" "$(pdfimages -list "$en" | awk 'NR > 2 && $9 == "jpeg"' | wc -l)" "1"
	# type-case.png is drawn twice but embedded once; timeline.svg is
	# drawn as vectors, so it is no image at all.
	same "en: the PNG is embedded once (SVG drawn as vectors)" \
		"$(pdfimages -list "$en" | awk 'NR > 2 && $9 == "image" { print $11 }' | sort -u | wc -l)" "1"
	same "en: short lines start at the left margin, none at the right (LTR)" "$(sides "$en")" "start"
	txt=$(out pdftotext "$en" -)
	case $txt in *"Figure 1:"*"Table 1:"*"Figure 3:"*) pass "en: numbered captions" ;; *) fail "en: numbered captions" ;; esac
	case $txt in *"(see Table 1)"*) pass "en: ref prints the table's number" ;; *) fail "en: ref prints the table's number" ;; esac
	# Section numbers (cv:index in the stylesheet) count each level's
	# sections, blocks between them left out, as the article nests them.
	same "en: bookmarks numbered by the article's section tree" \
		"$(outline_numbers "$en")" "$(section_numbers "$SAMPLES/features.en.xml")"
	check "en: external link kept" sh -c "qpdf --qdf --object-streams=disable '$en' - | grep -aq '/URI (https://tug.org/)'"
	# In Arabic-Indic digits the parts of a section number are joined by
	# the Arabic decimal separator: a full stop is the size of the Arabic
	# zero ("١.١" read as "١٠١").
	mca="$WORK/out/mixed-content.ar.pdf"
	if [ -f "$mca" ]; then
		same "ar: section numbers joined by the Arabic decimal separator" \
			"$(outline_numbers "$mca")" "$(section_numbers "$SAMPLES/mixed-content.ar.xml" arabic-indic)"
	fi
	# The pre's long line wraps with no hyphen added.
	case $txt in
	*"hun-"*) fail "en: listing wrapped without hyphens" "hun- in the text" ;;
	*hundred*) pass "en: listing wrapped without hyphens" ;;
	*) fail "en: listing wrapped without hyphens" "no \"hundred\" in the text: $(echo "$txt" | head -1)" ;;
	esac
fi

# Figures carry their alt text in the structure tree (issue 5): each
# Figure element, depth first, has the /Alt of the article's image in
# document order; an image without alt gives a Figure without /Alt, and a
# decorative one (alt="") no Figure at all: it is drawn outside the
# structure tree, as an artifact under pdf/ua-1 (ISO 14289-1, 7.3).
for art in features.en mixed-content.ar; do
	pdf="$WORK/out/$art.pdf"
	[ -f "$pdf" ] || continue
	same "$art: figures' alt text in the structure tree" "$(qpdf --json=2 --json-key=qpdf "$pdf" | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
def get(ref):
    return objs.get("obj:" + ref, {}).get("value") if isinstance(ref, str) else ref
out = []
def walk(node, depth=0):
    node = get(node)
    if depth > 100 or node is None:
        return
    if isinstance(node, list):
        for item in node:
            walk(item, depth + 1)
        return
    if not isinstance(node, dict):
        return
    if node.get("/S") == "/Figure":
        out.append(node.get("/Alt", "(none)").removeprefix("u:"))
    walk(node.get("/K"), depth + 1)
root = get(objs["trailer"]["value"]["/Root"])
walk(get(root["/StructTreeRoot"]).get("/K"))
print("|".join(out))')" "$(python3 -c '
import sys, xml.etree.ElementTree as ET
print("|".join(i.get("alt") or "(none)" for i in ET.parse(sys.argv[1]).iter("image")
               if i.get("alt") != ""))' "$SAMPLES/$art.xml")"
done

# The plain text layer (--param text-layer=plain, plugins/pdf/text/plain.c)
# draws each glyph run as Pango shaped it, its clusters in logical order:
# every sample converts with it, and mupdf, which reads text in the order
# it is drawn, reads the Arabic sample in order, which it cannot from the
# default layer (drawn for poppler and pdf.js; tests/tools/text-layers
# compares the two). An unknown layer is refused.
for in in "$SAMPLES"/*.xml; do
	art=$(basename "$in" .xml)
	if "$CONVERT" --to pdf --param text-layer=plain -o "$WORK/out/$art.plain.pdf" "$in" 2>"$WORK/err"; then
		check "$art: text-layer=plain converts, qpdf clean" qpdf --check "$WORK/out/$art.plain.pdf"
	else
		fail "$art: text-layer=plain converts" "$(cat "$WORK/err")"
	fi
done
plain="$WORK/out/qatar-cybercrime-convention.ar.plain.pdf"
if [ -f "$plain" ] && mutool draw -q -F txt -o "$WORK/plain.txt" "$plain" 2>"$WORK/err"; then
	words=$("$TOP/tests/tools/recall" "$SAMPLES/qatar-cybercrime-convention.ar.xml" "$WORK/plain.txt")
	if awk -v w="$words" 'BEGIN { exit !(w + 0 >= 0.95) }'; then
		pass "text-layer=plain: mupdf reads the Arabic sample's words ($words)"
	else
		fail "text-layer=plain: mupdf reads the Arabic sample's words" "got $words, expected 0.95 or more"
	fi
else
	fail "text-layer=plain: mutool reads the Arabic sample" "$(cat "$WORK/err")"
fi
if "$CONVERT" --to pdf --param text-layer=fancy -o "$WORK/out/bad.pdf" "$SAMPLES/features.en.xml" 2>"$WORK/err"; then
	fail "text-layer=fancy is refused"
else
	same "text-layer=fancy is refused before any article is read, with exit 2, naming the parameter" \
		"$?:$(grep -c text-layer "$WORK/err")" "2:1"
fi

# Parameters are checked.
if "$CONVERT" --to pdf --param page-size=B7 -o "$WORK/out/bad.pdf" "$SAMPLES/features.en.xml" 2>"$WORK/err"; then
	fail "bad page-size is refused"
else
	same "bad page-size is a usage error (exit 2) and names the parameter" \
		"$?:$(grep -c page-size "$WORK/err")" "2:1"
fi
check "page-size WxH in millimetres" "$CONVERT" --to pdf --param page-size=170x240 -o "$WORK/out/wxh.pdf" "$SAMPLES/features.en.xml"
same "170x240 mm page" "$(pdfinfo "$WORK/out/wxh.pdf" | sed -n 's/^Page size: *//p')" "481.89 x 680.315 pts"

# Headings unnumbered, Latin digits in an Arabic article.
if "$CONVERT" --to pdf --param number-headings=no --param digits=latin \
	-o "$WORK/out/plain.pdf" "$SAMPLES/qatar-cybercrime-convention.ar.xml" 2>"$WORK/err"; then
	same "number-headings=no: bookmarks without numbers" \
		"$(out mutool show "$WORK/out/plain.pdf" outline | grep -E '"([0-9]|٠|١|٢|٣|٤|٥|٦|٧|٨|٩)|^\(')" ""
	# Cairo leaves out labels that are the plain page numbers.
	same "digits=latin: no Arabic-Indic page labels" \
		"$(qdf "$WORK/out/plain.pdf" && grep -ac '/P <feff06[6-9]' "$WORK/qdf.pdf")" "0"
	check "digits=latin: the footer of page 1 is 1" sh -c \
		"pdftotext -f 1 -l 1 '$WORK/out/plain.pdf' - | sed '/^[[:space:]]*\$/d' | tail -1 | grep -q 1"
else
	fail "number-headings=no, digits=latin: converts" "$(cat "$WORK/err")"
fi
if "$CONVERT" --to pdf --param toc=maybe -o "$WORK/out/bad.pdf" "$SAMPLES/features.en.xml" 2>/dev/null; then
	fail "toc=maybe is refused"
else
	pass "toc=maybe is refused"
fi

# A character no installed font has is an error, not a box.
cat > "$WORK/glyph.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Missing glyph</title></meta>
<body><p>A private-use character: &#xF0123;.</p></body></article>
EOF
if "$CONVERT" --to pdf -o "$WORK/out/glyph.pdf" "$WORK/glyph.xml" 2>"$WORK/err"; then
	fail "a missing glyph fails the conversion"
else
	check "a missing glyph fails the conversion, loudly" grep -q "no glyph" "$WORK/err"
fi

# --- A 200-row table: rows never split, header repeated ---------------
case_long_table "$WORK/table.xml"
if "$CONVERT" --to pdf -o "$WORK/out/table.pdf" "$WORK/table.xml" 2>"$WORK/err"; then
	pages=$(pdfinfo "$WORK/out/table.pdf" | sed -n 's/^Pages: *//p')
	atleast "table: spans pages" "$pages" 3
	with_header=0
	for p in $(seq 1 "$pages"); do
		pdftotext -f "$p" -l "$p" "$WORK/out/table.pdf" - | grep -q '^Quantity$' && with_header=$((with_header + 1))
	done
	same "table: header row on every page" "$with_header" "$pages"
	same "table: all 200 rows present" \
		"$(pdftotext "$WORK/out/table.pdf" - | grep -c '^Row [0-9]* with some words to wrap')" "200"
	same "table: nothing outside the margins" "$(outside_margins "$WORK/out/table.pdf" 62.3 533.0)" ""
	check "table: qpdf clean" qpdf --check "$WORK/out/table.pdf"
else
	fail "table: converts" "$(cat "$WORK/err")"
fi

# --- A long footnote continues on the next page -----------------------
case_long_note "$WORK/note.xml"
if "$CONVERT" --to pdf -o "$WORK/out/note.pdf" "$WORK/note.xml" 2>"$WORK/err"; then
	np=$(pdfinfo "$WORK/out/note.pdf" | sed -n 's/^Pages: *//p')
	first=$(for p in $(seq 1 "$np"); do pdftotext -f $p -l $p "$WORK/out/note.pdf" - | grep -q NOTESTART && echo $p; done | head -1)
	last=$(for p in $(seq 1 "$np"); do pdftotext -f $p -l $p "$WORK/out/note.pdf" - | grep -q NOTEEND && echo $p; done | head -1)
	marker=$(for p in $(seq 1 "$np"); do pdftotext -f $p -l $p "$WORK/out/note.pdf" - | grep -q 'marker is here' && echo $p; done | head -1)
	same "note: starts on the page of its marker" "${first:-none}" "${marker:-marker not found}"
	atleast "note: continues on a later page" "${last:-0}" $(( ${first:-9} + 1 ))
	check "note: qpdf clean" qpdf --check "$WORK/out/note.pdf"
	# A second note behind a carried one is neither lost nor put first.
	same "note: both notes whole and in order" \
		"$(pdftotext "$WORK/out/note.pdf" - | grep -o 'NOTESTART\|NOTEEND\|NOTE2START\|NOTE2END' | paste -sd' ')" \
		"NOTESTART NOTEEND NOTE2START NOTE2END"
	same "note: nothing outside the margins" "$(outside_margins "$WORK/out/note.pdf" 62.3 533.0)" ""
else
	fail "note: converts" "$(cat "$WORK/err")"
fi

# --- A heading never ends a page; no orphan or widow lines ------------
case_headings "$WORK/heads.xml"
if "$CONVERT" --to pdf -o "$WORK/out/heads.pdf" "$WORK/heads.xml" 2>"$WORK/err"; then
	pages=$(pdfinfo "$WORK/out/heads.pdf" | sed -n 's/^Pages: *//p')
	bad=""
	for p in $(seq 1 "$pages"); do
		# The last text line of the page above the footer (page number).
		page=$(out pdftotext -f "$p" -l "$p" -layout "$WORK/out/heads.pdf" -) || { bad="$bad $page"; continue; }
		lastline=$(printf '%s\n' "$page" | sed '/^[[:space:]]*$/d' | tail -2 | head -1)
		case $lastline in *"Heading number"*) bad="$bad $p" ;; esac
	done
	same "headings: none at the foot of a page" "$bad" ""
	# The layout's own record of what went where: a split paragraph keeps
	# two lines or more on each side of the break; a keep-with-next block
	# is never the last thing on its page.
	CV_PDF_TRACE=1 "$CONVERT" --to pdf -o "$WORK/out/heads2.pdf" "$WORK/heads.xml" 2>"$WORK/trace"
	atleast "pagination: the trace lists every heading and paragraph placed" \
		"$(grep -c '^block ' "$WORK/trace")" 140
	same "pagination: no orphan or widow lines" "$(awk '$1 == "block" && ($3 > 0 || $4 < $5) &&
		(($4 - $3) < 2) { print }' "$WORK/trace")" ""
	atleast "pagination: paragraphs do split across pages" \
		"$(awk '$1 == "block" && $3 > 0' "$WORK/trace" | wc -l)" 1
	same "pagination: a heading never ends a page" "$(awk '$1 == "block" {
		if (p != "" && $2 != page && last_keep) print "page " page; page = $2; last_keep = $6; p = 1 }' "$WORK/trace")" ""
	same "headings: one bookmark each" "$(outline_count "$WORK/out/heads.pdf")" "40"
else
	fail "headings: converts" "$(cat "$WORK/err")"
fi

# --- A figure that does not fit floats; the text after it fills the gap -
mkdir -p "$WORK/fig"
case_float "$WORK/fig/float.xml"
if CV_PDF_TRACE=1 "$CONVERT" --to pdf -o "$WORK/out/float.pdf" "$WORK/fig/float.xml" 2>"$WORK/trace"; then
	fpage=$(awk '$1 == "figure" { print $2 }' "$WORK/trace")
	fitem=$(awk '$1 == "figure" { print $5 }' "$WORK/trace")
	same "float: the figure moved to page 2" "$fpage" "2"
	atleast "float: paragraphs after it fill page 1" \
		"$(awk -v f="$fitem" '$1 == "block" && $2 == 1 && $7 > f' "$WORK/trace" | wc -l)" 1
	same "float: the figure starts its page" \
		"$(awk -v p="$fpage" '$2 == p { print $1; exit }' "$WORK/trace")" "figure"
	check "float: qpdf clean" qpdf --check "$WORK/out/float.pdf"
else
	fail "float: converts" "$(cat "$WORK/trace")"
fi

# --- Edge cases: empty paragraph, unbreakable URL in RTL, tiny and
# too-wide images, one-row and spanning tables, deep lists, tabs in a
# listing, a note inside a note -------------------------------------------
case_edges "$WORK/fig/edge.xml"
if "$CONVERT" --to pdf -o "$WORK/out/edge.pdf" "$WORK/fig/edge.xml" 2>"$WORK/err"; then
	check "edge cases: qpdf clean" qpdf --check "$WORK/out/edge.pdf"
	same "edge cases: nothing outside the margins" "$(outside_margins "$WORK/out/edge.pdf" 62.3 533.0)" ""
	same "edge cases: no image wider than the text block" "$(wide_images "$WORK/out/edge.pdf" 470.6)" ""
	check "edge cases: the inner note is in its note's text" sh -c \
		"pdftotext '$WORK/out/edge.pdf' - | grep -q 'داخلية'"
else
	fail "edge cases: convert" "$(cat "$WORK/err")"
fi

# --- Table of contents with real page numbers -------------------------
if "$CONVERT" --to pdf --param toc=yes -o "$WORK/out/toc.pdf" "$WORK/heads.xml" 2>"$WORK/err"; then
	toc=$(pdftotext -layout -f 1 -l 1 "$WORK/out/toc.pdf" -)
	case $toc in *Contents*) pass "toc: printed" ;; *) fail "toc: printed" ;; esac
	# The page the TOC gives for heading 40 is the page it is on.
	said=$(out pdftotext -layout "$WORK/out/toc.pdf" - | grep -m1 'Heading number 40 ' | awk '{ print $NF }')
	real=$(for p in $(seq 1 40); do pdftotext -f $p -l $p "$WORK/out/toc.pdf" - 2>/dev/null | grep -q '^40  *Heading number 40$' && echo $p; done | tail -1)
	same "toc: page numbers from the layout" "${said:-no entry for heading 40}" "${real:-heading 40 not found}"
	atleast "toc: entries are links" "$(link_count "$WORK/out/toc.pdf")" 80
	same "toc: every entry's destination exists" "$(dead_links "$WORK/out/toc.pdf")" ""
else
	fail "toc: converts" "$(cat "$WORK/err")"
fi

# --- A long Arabic article: two layout threads, same bytes -----------
case_long_arabic "$WORK/long.ar.xml"
if CV_PDF_THREADS=1 "$CONVERT" --to pdf -o "$WORK/out/long1.pdf" "$WORK/long.ar.xml" 2>"$WORK/err" &&
   CV_PDF_THREADS=2 CV_PDF_TIMING=1 "$CONVERT" --to pdf -o "$WORK/out/long2.pdf" "$WORK/long.ar.xml" 2>"$WORK/err2"; then
	check "long Arabic: laid out on two threads, pipelined" grep -q '2 thread(s) (pipelined' "$WORK/err2"
	check "long Arabic: two threads give the same bytes as one" cmp "$WORK/out/long1.pdf" "$WORK/out/long2.pdf"
	CV_PDF_NO_PIPELINE=1 "$CONVERT" --to pdf -o "$WORK/out/longn.pdf" "$WORK/long.ar.xml" 2>/dev/null
	check "long Arabic: two threads without the pipeline, same bytes" cmp "$WORK/out/long1.pdf" "$WORK/out/longn.pdf"
	"$CONVERT" --to pdf --param toc=yes -o "$WORK/out/longt.pdf" "$WORK/long.ar.xml" 2>/dev/null
	check "long Arabic with a table of contents (no pipeline): qpdf clean" qpdf --check "$WORK/out/longt.pdf"
	CV_PDF_PANGO_LINES=1 "$CONVERT" --to pdf -o "$WORK/out/longp.pdf" "$WORK/long.ar.xml" 2>/dev/null
	same_words "long Arabic: same words as Pango's line breaking" "$WORK/out/long2.pdf" "$WORK/out/longp.pdf"
	same "long Arabic: fonts embedded as with one thread" \
		"$(pdf_fonts "$WORK/out/long2.pdf" | sort | tr '\n' ' ')" \
		"$(pdf_fonts "$WORK/out/long1.pdf" | sort | tr '\n' ' ')"
	same "long Arabic: short lines start at the right margin (RTL)" "$(sides "$WORK/out/long2.pdf")" "end"
	# Glyphs painted as outlines (text/stamps.c) are drawn once each and
	# stamped as tiling patterns wherever they recur.
	tiles=$(qpdf --qdf --object-streams=disable "$WORK/out/long2.pdf" - | python3 -c '
import re, sys
d = sys.stdin.buffer.read()
x = re.findall(rb"/PatternType 1\s.*?/XObject\s*<<\s*/x\d+\s+(\d+) 0 R", d, re.S)
print(len(x), len(set(x)))')
	atleast "long Arabic: outlines stamped as patterns" "${tiles% *}" 300
	atleast "long Arabic: each stamp drawn once, used ten times or more" \
		"${tiles% *}" "$((${tiles#* } > 0 ? ${tiles#* } * 10 : 1))"
else
	fail "long Arabic: converts" "$(cat "$WORK/err" "$WORK/err2" 2>/dev/null)"
fi


# A list item of inline elements parted by spaces keeps its spaces (pdf.xsl
# once stripped white space inside every item, glueing "alphabeta").
mkdir -p "$WORK/items"
cat > "$WORK/items/a.xml" <<'EOX'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en" dir="ltr">
  <meta><title>Items</title></meta>
  <body>
    <section><title>One</title>
      <list>
        <item><em>alpha</em> <strong>beta</strong> <code>--gamma</code></item>
        <item><p>delta</p> <p>epsilon</p></item>
      </list>
    </section>
  </body>
</article>
EOX
if "$CONVERT" --to pdf -o "$WORK/items/" "$WORK/items/a.xml" 2> "$WORK/err"; then
	same "an item's inline elements keep the spaces between them" \
		"$(pdftotext "$WORK/items/a.pdf" - | grep -c 'alpha beta --gamma')" 1
else
	fail "an item of inline elements converts" "$(cat "$WORK/err")"
fi

finish
