#!/bin/bash
# PDF output, element by element (issue 5): each block of the article
# format is typeset as docs/pdf-layout.md and stylesheets/pdf.xsl say,
# checked on where the ink lands, not only on the text:
#   lists      start number, Arabic-Indic numbers, nesting, markers on the
#              start side, items of several paragraphs;
#   quotes     indented on both sides, attribution on its own line;
#   pre        spaces kept, long lines wrapped inside the text block with
#              a drawn continuation mark;
#   figures    JPEG bytes kept, width in %, mm, in, px, clamped to the
#              text block, numbered captions;
#   tables     colspan, rowspan, alignment mirrored right to left, rules,
#              numbered captions, rows never split across pages;
#   footnotes  at the foot of the marker's page under a short rule,
#              numbered through the article, markers linked to the notes;
#   refs       print the target's number or title and link to it;
#   toc        page numbers are the pages the sections start on (Arabic
#              article, Arabic-Indic digits; and English).
# Positions come from pdftotext -bbox (words), mutool trace (paths and
# images, in the same top-down page coordinates) and qpdf --json (link
# annotations and named destinations). A4, 22 mm margins: the text block
# runs from x = 62.36 to 532.91 (470.55 pt wide), y = 62.36 to 779.53.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf-lib.sh"
# Byte-wise regular expressions and '.' decimals, whatever the caller's locale.
export LC_ALL=C
export SOURCE_DATE_EPOCH=1700000000

# near NAME GOT WANT TOL: |GOT - WANT| <= TOL (decimals).
near() {
	if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { if (g == "") exit 1; g += 0; exit !(g - w <= t && w - g <= t) }'; then
		pass "$1"
	else
		fail "$1" "got '$2', expected '$3' (within $4)"
	fi
}
# is NAME A OP B: a numeric comparison (OP one of < <= > >=).
is() {
	if awk -v a="$2" -v op="$3" -v b="$4" 'BEGIN { if (a == "" || b == "") exit 1; a += 0; b += 0
		exit !((op == "<" && a < b) || (op == "<=" && a <= b) || (op == ">" && a > b) || (op == ">=" && a >= b)) }'; then
		pass "$1"
	else
		fail "$1" "got '$2', expected $3 '$4'"
	fi
}

# minus A B, mid A B: A - B and (A + B) / 2, or nothing when either is
# missing (so that a check on a word or box not found fails).
minus() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "") print a - b }'; }
mid() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "") print (a + b) / 2 }'; }

LEFT=62.36 RIGHT=532.91 TEXTW=470.55 BOTTOM=779.53

# read_pdf PDF COMMAND...: what COMMAND, which reads PDF, prints; fails the
# case "COMMAND reads PDF" and returns 1 when it fails or prints nothing.
read_pdf() {
	cv_read=$(out "${@:2}") || { fail "$2 reads $(basename "$1")" "$cv_read"; return 1; }
	printf '%s\n' "$cv_read"
}
# Every word: "page xMin yMin xMax yMax text" (points, y down the page),
# its text without the bidi marks (LRM, RLM, ALM) that may ride at its
# edge (a cell's edge RLM: text/glyphrun.h, PDF_MARK_RLM_EDGE).
words() {
	read_pdf "$1" pdftotext -bbox "$1" - | awk '
		/<page / { p++ }
		/<word / { match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7);
		           match($0, /yMin="[0-9.]+"/); y0 = substr($0, RSTART + 6, RLENGTH - 7);
		           match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7);
		           match($0, /yMax="[0-9.]+"/); y1 = substr($0, RSTART + 6, RLENGTH - 7);
		           w = $0; sub(/^[^>]*>/, "", w); sub(/<\/word>.*/, "", w);
		           printf "%d %.2f %.2f %.2f %.2f %s\n", p, x0, y0, x1, y1, w }' |
		sed 's/\xe2\x80[\x8e\x8f]//g; s/\xd8\x9c//g'
}
# w FILE WORD FIELD [N]: a field (1 page, 2 xMin, 3 yMin, 4 xMax, 5 yMax)
# of the Nth word (default the first) that is exactly WORD.
w() { awk -v t="$2" -v f="$3" -v n="${4:-1}" '$6 == t && ++k == n { print $f; exit }' "$1"; }
# Paths and images from mutool trace, transformed to page coordinates:
# "stroke|fill page x0 y0 x1 y1 points color" for each path, and
# "image page x y width height" for each image drawn.
ink() {
	read_pdf "$1" mutool trace "$1" | awk '
		function attr(s, a) { if (!match(s, a "=\"[^\"]*\"")) return ""; return substr(s, RSTART + length(a) + 2, RLENGTH - length(a) - 3) }
		/<page / { p++ }
		/<(stroke|fill)_path/ { kind = ($0 ~ /<stroke/) ? "stroke" : "fill"; n = 0; c = attr($0, "color"); gsub(/ /, ",", c)
			split(attr($0, "transform"), m, " "); x0 = y0 = 1e9; x1 = y1 = -1e9; inpath = 1; next }
		inpath && /<(moveto|lineto)/ { x = attr($0, "x") + 0; y = attr($0, "y") + 0
			X = m[1] * x + m[3] * y + m[5]; Y = m[2] * x + m[4] * y + m[6]; n++
			if (X < x0) x0 = X; if (X > x1) x1 = X; if (Y < y0) y0 = Y; if (Y > y1) y1 = Y; next }
		inpath && /<\/(stroke|fill)_path>/ { printf "%s %d %.2f %.2f %.2f %.2f %d %s\n", kind, p, x0, y0, x1, y1, n, c; inpath = 0 }
		/<fill_image/ { split(attr($0, "transform"), m, " ")
			printf "image %d %.2f %.2f %.2f %.2f\n", p, m[5], m[6], m[1], m[4] }'
}
# Link annotations: "page x0 y0 x1 y1 dest destpage desty" (y down the
# page; dest is the named destination, or the URI with destpage 0).
links() {
	read_pdf "$1" qpdf --json=2 --json-key=qpdf "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)["qpdf"][1]
def get(v):
    return d.get("obj:" + v, {}).get("value") if isinstance(v, str) and v.endswith(" R") else v
def s(v):
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v
root = get(d["trailer"]["value"]["/Root"])
pages = []
def walk(n):
    o = get(n)
    if o.get("/Type") == "/Pages":
        for k in o["/Kids"]:
            walk(k)
    else:
        pages.append(n)
walk(root["/Pages"])
names = {}
def tree(n):
    o = get(n)
    for k in o.get("/Kids", []):
        tree(k)
    a = o.get("/Names", [])
    for i in range(0, len(a), 2):
        names[s(a[i])] = get(a[i + 1])
if "/Names" in root and "/Dests" in get(root["/Names"]):
    tree(get(root["/Names"])["/Dests"])
for i, p in enumerate(pages):
    po = get(p)
    h = float(get(po["/MediaBox"])[3])
    for a in get(po.get("/Annots", [])) or []:
        a = get(a)
        if a.get("/Subtype") != "/Link":
            continue
        r = [float(x) for x in get(a["/Rect"])]
        dest = get(a.get("/Dest"))
        if dest is None and "/A" in a:
            act = get(a["/A"])
            dest = get(act.get("/D", act.get("/URI")))
        name = s(dest) if isinstance(dest, str) else "-"
        arr = names.get(name) if isinstance(dest, str) else dest
        dp, dy = 0, 0.0
        if isinstance(arr, dict):
            arr = get(arr.get("/D"))
        if isinstance(arr, list) and arr:
            dp = pages.index(arr[0]) + 1 if arr[0] in pages else 0
            dy = h - float(arr[3]) if len(arr) > 3 and arr[3] is not None else 0.0
        print("%d %.1f %.1f %.1f %.1f %s %d %.1f" % (i + 1, r[0], h - r[3], r[2], h - r[1], name, dp, dy))'
}
# Text without the bidi controls poppler puts around right-to-left runs
# (LRM, RLM, LRE, RLE, PDF, LRO, RLO), and without the space it puts
# before a colon that follows an Arabic-Indic number ("الشكل ١ :"; the
# space after the colon may go with it), so Arabic phrases can be grepped
# as the stylesheet writes them.
plain() { read_pdf "$1" pdftotext "$@" - | sed 's/\xe2\x80[\x8e\x8f\xaa-\xae]//g; s/\xd8\x9c//g; s/ *:/:/g'; }
# Arabic-Indic digits to Latin ones.
latin() { sed 's/٠/0/g; s/١/1/g; s/٢/2/g; s/٣/3/g; s/٤/4/g; s/٥/5/g; s/٦/6/g; s/٧/7/g; s/٨/8/g; s/٩/9/g'; }
# Words whose box leaves [left, right] (points) on any page.
outside_margins() {
	awk -v l="$2" -v r="$3" '$2 != $4 && ($2 + 0 < l - 1 || $4 + 0 > r + 1)' "$1"
}
# make_pdf NAME IN OUT [ARGS...]: converts (the case "NAME: converts"),
# returning 1 when it cannot.
make_pdf() {
	name=$1 in=$2 out=$3; shift 3
	if "$CONVERT" --to pdf "$@" -o "$out" "$in" 2>"$WORK/err"; then pass "$name: converts"; return 0; fi
	fail "$name: converts" "$(cat "$WORK/err")"
	return 1
}

mkdir -p "$WORK/a/images"
cp "$SAMPLES"/images/type-case.png "$SAMPLES"/images/press.jpg "$WORK/a/images/"

# --- 1. Lists ----------------------------------------------------------
# One numbered list starting at 5; its third item has two paragraphs and
# a nested numbered list (which starts at 1 again). Item words are made
# up so that each names one place in the output.
cat > "$WORK/a/list.en.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Lists</title></meta><body>
<p>Bodyfirst paragraph before the lists, long enough to reach the right margin of the page and wrap onto a second line.</p>
<list type="number" start="5">
<item>Fifthitem text</item>
<item>Sixthitem text</item>
<item><p>Seventhfirst paragraph of the item.</p><p>Seventhsecond paragraph of the item.</p>
<list type="number"><item>Nestedone item</item><item>Nestedtwo item</item></list></item>
</list>
</body></article>
EOF
cat > "$WORK/a/list.ar.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="ar"><meta><title>قوائم</title></meta><body>
<p>فقرة قبل القائمة طويلة بما يكفي لتصل إلى الهامش الأيسر من الصفحة ثم تلتف إلى سطر ثان من النص في هذا المثال البسيط جدا.</p>
<list type="number" start="5">
<item>البند الخامس</item>
<item>البند السادس</item>
<item><p>الفقرة الأولى من البند.</p><p>الفقرة الثانية من البند.</p>
<list type="number"><item>متداخل أول</item><item>متداخل ثان</item></list></item>
</list>
</body></article>
EOF
if make_pdf "list (en)" "$WORK/a/list.en.xml" "$WORK/list.en.pdf"; then
	W=$WORK/list.en.w; words "$WORK/list.en.pdf" > "$W"
	same "list (en): start=\"5\" numbers 5, 6, 7; the nested list 1, 2" \
		"$(awk '$6 ~ /^[0-9]+\.$/ { printf "%s ", $6 }' "$W")" "5. 6. 7. 1. 2. "
	# Each marker ends left of the first word of its item's text, on the
	# same line (LTR: the start side is the left).
	same "list (en): every marker left of its item's text" "$(awk '
		{ key = $1 " " int($3 + 0.5) }
		$6 ~ /^[0-9]+\.$/ { mk[key] = $4; next }
		{ if (!(key in tx) || $2 < tx[key]) tx[key] = $2 }
		END { for (k in mk) if (k in tx && mk[k] < tx[k]) ok++; print ok + 0 }' "$W")" 5
	is "list (en): the nested list's markers are indented from its parent's" \
		"$(w "$W" 1. 2)" ">=" "$(minus "$(w "$W" 5. 2)" -10)"
	is "list (en): the nested list's text is indented from its parent's" \
		"$(w "$W" Nestedone 2)" ">=" "$(minus "$(w "$W" Fifthitem 2)" -10)"
	# Both paragraphs of item 7 are there, one under the other, aligned on
	# the item's text (the second is not pulled back to the marker).
	is "list (en): an item's second paragraph is kept, below its first" \
		"$(w "$W" Seventhsecond 3)" ">" "$(w "$W" Seventhfirst 5)"
	near "list (en): an item's two paragraphs share the item's indent" \
		"$(w "$W" Seventhsecond 2)" "$(w "$W" Seventhfirst 2)" 0.5
	near "list (en): paragraph items are indented as text items are" \
		"$(w "$W" Seventhfirst 2)" "$(w "$W" Fifthitem 2)" 0.5
	same "list (en): nothing outside the margins" "$(outside_margins "$W" 62.3 533.0)" ""
fi
if make_pdf "list (ar)" "$WORK/a/list.ar.xml" "$WORK/list.ar.pdf"; then
	W=$WORK/list.ar.w; words "$WORK/list.ar.pdf" > "$W"
	# Markers are the only words with digits above the footer.
	awk '$3 < 780 && $6 ~ /[0-9]|٠|١|٢|٣|٤|٥|٦|٧|٨|٩/' "$W" > "$W.mk"
	same "list (ar): start=\"5\" numbers ٥، ٦، ٧; the nested list ١، ٢ (Arabic-Indic digits)" \
		"$(awk '{ print $6 }' "$W.mk" | grep -o '٠\|١\|٢\|٣\|٤\|٥\|٦\|٧\|٨\|٩' | tr '\n' ' ')" "٥ ٦ ٧ ١ ٢ "
	same "list (ar): marker text holds Arabic-Indic digits only" \
		"$(awk '$6 ~ /[0-9]/ { print $6 }' "$W.mk")" ""
	# RTL: the start side is the right; each marker begins right of the
	# last word of its item's text on the same line.
	same "list (ar): every marker right of its item's text" "$(awk '
		FNR == NR { mk[$1 " " int($3 + 0.5)] = $2; next }
		{ key = $1 " " int($3 + 0.5) }
		(key in mk) && $2 != mk[key] { if (!(key in tx) || $4 > tx[key]) tx[key] = $4 }
		END { for (k in mk) if (k in tx && mk[k] > tx[k]) ok++; print ok + 0 }' "$W.mk" "$W")" 5
	# The nested markers (the 4th and 5th) end further from the right margin.
	is "list (ar): the nested list's markers are indented from the right" \
		"$(awk 'NR == 4 { print $4 }' "$W.mk")" "<=" "$(awk 'NR == 1 { print $4 - 10 }' "$W.mk")"
	same "list (ar): nothing outside the margins" "$(outside_margins "$W" 62.3 533.0)" ""
fi
# The sample's numbered list (start="3", four items) and its inner bullets.
if make_pdf "features.en" "$SAMPLES/features.en.xml" "$WORK/features.en.pdf"; then
	words "$WORK/features.en.pdf" > "$WORK/features.en.w"
	same "features.en: the list with start=\"3\" prints 3. to 6." \
		"$(awk '$6 ~ /^[0-9]+\.$/ && $2 < 80 { printf "%s ", $6 }' "$WORK/features.en.w")" "3. 4. 5. 6. "
fi

# --- 2. Quotes ---------------------------------------------------------
cat > "$WORK/a/quote.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Quote</title></meta><body>
<p>Bodyfirst paragraph of ordinary text, long enough to run from the left margin to the right margin and wrap onto a second line.</p>
<quote><p>Quotefirst words of a quotation that is long enough to fill its whole measure and wrap onto a second and even a third line of text, so that its right edge is seen.</p><attribution>Attrib Person, Somebook</attribution></quote>
<p>Bodyafter paragraph.</p>
</body></article>
EOF
if make_pdf "quote" "$WORK/a/quote.xml" "$WORK/quote.pdf"; then
	W=$WORK/quote.w; words "$WORK/quote.pdf" > "$W"
	# The right edge of a justified (full) line: its last word's xMax.
	edge() { awk -v y="$(w "$W" "$1" 3)" '$3 == y { if ($4 > m) m = $4 } END { print m }' "$W"; }
	is "quote: indented on the start (left) side" \
		"$(w "$W" Quotefirst 2)" ">=" "$(minus "$(w "$W" Bodyfirst 2)" -5)"
	is "quote: indented on the end (right) side" \
		"$(edge Quotefirst)" "<=" "$(minus "$(edge Bodyfirst)" 5)"
	near "quote: the body text's full line reaches the right margin (reference)" "$(edge Bodyfirst)" "$RIGHT" 1
	# The attribution: on a line of its own, under the quotation's last
	# line, before the next paragraph, introduced by a dash and set at
	# the quotation's end side.
	is "quote: attribution below the quotation's last line" \
		"$(w "$W" Attrib 3)" ">=" "$(w "$W" seen. 5)"
	same "quote: attribution on a line of its own" \
		"$(awk -v y="$(w "$W" Attrib 3)" '$3 == y { printf "%s ", $6 }' "$W")" "— Attrib Person, Somebook "
	is "quote: attribution before the next paragraph" "$(w "$W" Attrib 5)" "<=" "$(w "$W" Bodyafter 3)"
	near "quote: attribution ends at the quotation's end side" "$(w "$W" Somebook 4)" "$(edge Quotefirst)" 1
fi

# --- 3. pre ------------------------------------------------------------
# Five spaces inside a line, four leading ones, one source line that
# wraps once and one that wraps at least twice.
cat > "$WORK/a/pre.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Listing</title></meta><body>
<p>Before the listing.</p>
<pre>alpha     beta
    indented four
longline_start and then many more words that go on past the right margin of the page so that the line must wrap tail_end
second_long words words words words words words words words words words words words words words words words words words words words words words words words words words words words words words words words words words final_end</pre>
<p>After the listing.</p>
</body></article>
EOF
if make_pdf "pre" "$WORK/a/pre.xml" "$WORK/pre.pdf"; then
	W=$WORK/pre.w; words "$WORK/pre.pdf" > "$W"
	ink "$WORK/pre.pdf" > "$WORK/pre.ink"
	# In the monospaced face every character is as wide as alpha's fifth.
	same "pre: five spaces between alpha and beta kept (by position)" "$(awk '
		$6 == "alpha" { a0 = $2; a1 = $4 } $6 == "beta" { b0 = $2 }
		END { cw = (a1 - a0) / 5; printf "%.0f", (b0 - a1) / cw }' "$W")" 5
	same "pre: four leading spaces kept (by position)" "$(awk '
		$6 == "alpha" { a0 = $2; a1 = $4 } $6 == "indented" { i0 = $2 }
		END { cw = (a1 - a0) / 5; printf "%.0f", (i0 - a0) / cw }' "$W")" 4
	check "pre: pdftotext -layout reads 'alpha     beta'" \
		sh -c "pdftotext -layout '$WORK/pre.pdf' - | grep -q '^alpha     beta\$'"
	is "pre: the long line wraps (its tail is on a later line)" "$(w "$W" tail_end 3)" ">" "$(w "$W" longline_start 3 | awk '{ print $1 + 5 }')"
	same "pre: no word of the listing outside the text block" "$(outside_margins "$W" 62.3 533.0)" ""
	# The copied text is the listing's words and nothing else: the
	# continuation mark is drawn, not typed.
	same "pre: copied text is the listing's own words (no mark in the text)" \
		"$(pdftotext "$WORK/pre.pdf" - | tr -s ' \n' '\n\n' | awk '$0 == "After" { exit } on { print } $0 == "listing." { on = 1 }' | tr '\n' ' ')" \
		"$(xmllint --xpath 'string(//pre)' "$WORK/a/pre.xml" | tr -s ' \n' '\n\n' | sed '/^$/d' | tr '\n' ' ')"
	# Visual lines of the listing (distinct baselines between the two
	# paragraphs) less its four source lines = the wrapped lines, each of
	# which gets one mark: two stroked paths in the mark's grey.
	vlines=$(awk -v a="$(w "$W" Before 5)" -v b="$(w "$W" After 3)" '$3 > a && $5 < b { print int($3 + 0.5) }' "$W" | sort -u | wc -l)
	atleast "pre: the listing wraps into 7 lines or more" "$vlines" 7
	same "pre: one continuation mark per wrapped line" \
		"$(awk '$1 == "stroke" && $8 == ".45,.45,.45"' "$WORK/pre.ink" | wc -l)" "$(( (vlines - 4) * 2 ))"
	# Each mark sits right of its line's last word and inside the text block.
	same "pre: every mark after its line's text, inside the right margin" "$(awk '
		FNR == NR { if ($1 == "stroke" && $8 == ".45,.45,.45") { n++; mx0[n] = $3; mx1[n] = $5; my[n] = ($4 + $6) / 2 } next }
		{ for (i = 1; i <= n; i++) if (my[i] > $3 && my[i] < $5 && $4 > last[i]) last[i] = $4 }
		END { if (n == 0) print "no mark"
		      for (i = 1; i <= n; i++) if (!(i in last) || mx0[i] < last[i] || mx1[i] > 533.0) print "mark " i " at " mx0[i] "-" mx1[i] " y " my[i] " after text ending " last[i] }' "$WORK/pre.ink" "$W")" ""
	# The grey shading behind the listing is part of its ink too.
	same "pre: the listing's shading stays inside the text block" "$(awk '
		$1 == "fill" && $8 ~ /^\.95/ && ($3 < 62.36 - 0.5 || $5 > 532.91 + 0.5) { print "shading x " $3 " to " $5 }' "$WORK/pre.ink")" ""
fi

# --- 4. Figures --------------------------------------------------------
# The same PNG (400 x 240 px) at four widths of the schema's units, once
# too wide, and the JPEG at 70 mm. Widths in points: 50% of the text
# block, 60 mm, 2 in, 200 px at 96 to the inch, 300% clamped to the text
# block, 70 mm.
cat > "$WORK/a/fig.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Widths</title></meta><body>
<figure><image src="images/type-case.png" alt="half" width="50%"/><caption>Half the text width.</caption></figure>
<figure><image src="images/type-case.png" alt="mm" width="60mm"/><caption>Sixty millimetres.</caption></figure>
<figure><image src="images/type-case.png" alt="in" width="2in"/><caption>Two inches.</caption></figure>
<figure><image src="images/type-case.png" alt="px" width="200px"/><caption>Two hundred pixels.</caption></figure>
<figure><image src="images/type-case.png" alt="huge" width="300%"/><caption>Three times the text width.</caption></figure>
<figure><image src="images/press.jpg" alt="press" width="70mm"/><caption>A press.</caption></figure>
</body></article>
EOF
if make_pdf "figure" "$WORK/a/fig.xml" "$WORK/fig.pdf"; then
	ink "$WORK/fig.pdf" | awk '$1 == "image"' > "$WORK/fig.img"
	same "figure: six images drawn" "$(wc -l < "$WORK/fig.img" | awk '{ print $1 }')" 6
	nth() { awk -v n="$1" -v f="$2" 'NR == n { print $f }' "$WORK/fig.img"; }
	# 1% of the width (and 0.5 pt for rounding).
	for spec in "1 50% 235.28" "2 60mm 170.08" "3 2in 144.00" "4 200px 150.00" "6 70mm(JPEG) 198.43"; do
		set -- $spec
		near "figure: width=\"$2\" drawn $3 pt wide" "$(nth "$1" 5)" "$3" "$(awk -v x="$3" 'BEGIN { print x / 100 + 0.5 }')"
	done
	near "figure: width=\"300%\" clamped to the text width" "$(nth 5 5)" "$TEXTW" 0.5
	same "figure: height follows width (aspect ratio kept)" "$(awk '{ r = $6 / $5; if (r < 0.59 || r > 0.61) print "image " NR " ratio " r } END { if (!NR) print "no image" }' "$WORK/fig.img")" ""
	same "figure: every image inside the side margins" \
		"$(awk '$3 < 62.36 - 0.5 || $3 + $5 > 532.91 + 0.5 { print "image " NR " from " $3 " width " $5 }' "$WORK/fig.img")" ""
	same "figure: captions numbered Figure 1 to Figure 6" \
		"$(pdftotext "$WORK/fig.pdf" - | grep -o '^Figure [0-9]*:' | tr '\n' ' ')" \
		"Figure 1: Figure 2: Figure 3: Figure 4: Figure 5: Figure 6: "
fi
# A figure taller than the page at full width (a 100 x 1000 px PNG) is
# scaled down to fit the page's text block with its caption, on one page.
python3 - "$WORK/a/images/tall.png" <<'PY'
import struct, sys, zlib
w, h = 100, 1000
rows = b"".join(b"\x00" + bytes([(x * 2 + y) % 256 for x in range(w)]) for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
cat > "$WORK/a/tall.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Tall</title></meta><body>
<p>Before the tall figure.</p>
<figure><image src="images/tall.png" alt="tall" width="100%"/><caption>A very tall figure.</caption></figure>
</body></article>
EOF
if make_pdf "tall figure" "$WORK/a/tall.xml" "$WORK/tall.pdf"; then
	ink "$WORK/tall.pdf" | awk '$1 == "image"' > "$WORK/tall.img"
	same "tall figure: drawn once" "$(wc -l < "$WORK/tall.img" | awk '{ print $1 }')" 1
	same "tall figure: inside the text block, top to bottom" \
		"$(awk -v b="$BOTTOM" '$4 < 62.36 - 0.5 || $4 + $6 > b + 0.5 { print "from " $4 " height " $6 }' "$WORK/tall.img")" ""
	same "tall figure: scaled down, aspect ratio kept" \
		"$(awk '{ r = $6 / $5; if (r < 9.9 || r > 10.1 || $5 > 470) print "width " $5 " height " $6 }' "$WORK/tall.img")" ""
	W=$WORK/tall.w; words "$WORK/tall.pdf" > "$W"
	same "tall figure: caption on the figure's page" "$(w "$W" very 1)" "$(awk '{ print $2 }' "$WORK/tall.img")"
fi
# JPEG: embedded byte for byte in both samples that use it.
make_pdf "mixed-content.ar" "$SAMPLES/mixed-content.ar.xml" "$WORK/mixed-content.ar.pdf"
for art in features.en mixed-content.ar; do
	pdf=$WORK/$art.pdf
	[ -f "$pdf" ] || continue
	same "$art: pdfimages lists one image as jpeg" "$(pdfimages -list "$pdf" | awk 'NR > 2 && $9 == "jpeg"' | wc -l | awk '{ print $1 }')" 1
	mkdir -p "$WORK/x-$art"
	pdfimages -j "$pdf" "$WORK/x-$art/img"
	same "$art: the extracted JPEG is press.jpg, byte for byte" \
		"$(md5sum "$WORK/x-$art"/*.jpg 2>/dev/null | awk '{ print $1 }')" "$(md5sum < "$SAMPLES/images/press.jpg" | awk '{ print $1 }')"
done
if [ -f "$WORK/mixed-content.ar.pdf" ]; then
	plain "$WORK/mixed-content.ar.pdf" > "$WORK/mixed.txt"
	same "mixed-content.ar: figure captions are الشكل ١ and الشكل ٢" \
		"$(grep -o '^الشكل [^:]*:' "$WORK/mixed.txt" | tr '\n' ' ')" "الشكل ١: الشكل ٢: "
	same "mixed-content.ar: table caption is الجدول ١" "$(grep -c '^الجدول ١: *محطات' "$WORK/mixed.txt")" 1
	same "mixed-content.ar: no English caption word" "$(grep -c 'Figure\|Table' "$WORK/mixed.txt")" 0
fi

# --- 5. Tables ---------------------------------------------------------
# Three columns: a header, a cell spanning all three, a cell spanning two
# rows, and the three alignments. Cell boxes are the stroked rectangles
# (the rules), found by the word they hold.
cat > "$WORK/a/table.en.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en"><meta><title>Tables</title></meta><body>
<p>Intro.</p>
<table><caption>Spans and alignment</caption>
<row role="header"><cell>Hone</cell><cell>Htwo</cell><cell>Hthree wide heading</cell></row>
<row><cell colspan="3" align="center">Spanall</cell></row>
<row><cell rowspan="2">Tallcell</cell><cell align="start">Startcell words words</cell><cell align="end">Endcell</cell></row>
<row><cell align="center">Centercell</cell><cell>Plain</cell></row>
</table>
<table><caption>Second</caption><row><cell>x</cell></row></table>
</body></article>
EOF
cat > "$WORK/a/table.ar.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="ar"><meta><title>جداول</title></meta><body>
<p>مقدمة.</p>
<table><caption>المحاذاة</caption>
<row role="header"><cell>عمود أول طويل جدا</cell><cell>عمود ثان طويل جدا</cell><cell>عمود ثالث طويل جدا</cell></row>
<row><cell align="start">١١</cell><cell align="center">٢٢</cell><cell align="end">٣٣</cell></row>
<row><cell colspan="3" align="center">٤٤</cell></row>
</table>
</body></article>
EOF
# cell INK WORDS WORD: "x0 y0 x1 y1" of the smallest stroked rectangle
# (a cell's rules) holding the centre of WORD; nothing when there is none,
# so that the checks built on it fail.
cell() {
	awk -v t="$3" 'FNR == NR { if ($6 == t && !p) { p = $1; cx = ($2 + $4) / 2; cy = ($3 + $5) / 2 } next }
		$1 == "stroke" && $7 == 4 && $2 == p && $3 <= cx && $5 >= cx && $4 <= cy && $6 >= cy {
			a = ($5 - $3) * ($6 - $4); if (!best || a < best) { best = a; r = $3 " " $4 " " $5 " " $6 } }
		END { if (r != "") print r }' "$2" "$1"
}
if make_pdf "table (en)" "$WORK/a/table.en.xml" "$WORK/table.en.pdf"; then
	W=$WORK/table.en.w; words "$WORK/table.en.pdf" > "$W"; I=$WORK/table.en.ink; ink "$WORK/table.en.pdf" > "$I"
	c() { cell "$I" "$W" "$1"; }
	width() { c "$1" | awk '{ print $3 - $1 }'; }
	same "table (en): rules drawn, one stroked box per cell" \
		"$(awk '$1 == "stroke" && $7 == 4' "$I" | wc -l | awk '{ print $1 }')" \
		"$(xmllint --xpath 'count(//cell)' "$WORK/a/table.en.xml")"
	near "table (en): a colspan=3 cell is as wide as the three cells above it" "$(width Spanall)" \
		"$(awk -v a="$(width Hone)" -v b="$(width Htwo)" -v c="$(width Hthree)" 'BEGIN { print a + b + c }')" 1
	same "table (en): a colspan=3 cell runs from the first column's left to the last's right" \
		"$(c Spanall | awk '{ print $1, $3 }')" "$(c Hone | awk '{ print $1 }') $(c Hthree | awk '{ print $3 }')"
	near "table (en): a rowspan=2 cell is as tall as the two rows beside it" \
		"$(c Tallcell | awk '{ print $4 - $2 }')" \
		"$(awk -v a="$(c Startcell | awk '{ print $4 - $2 }')" -v b="$(c Centercell | awk '{ print $4 - $2 }')" 'BEGIN { print a + b }')" 1
	same "table (en): the row under a rowspan skips its column" \
		"$(c Centercell | awk '{ print $1, $3 }')" "$(c Startcell | awk '{ print $1, $3 }' | grep . || echo "no cell")"
	# Alignment: the gap between the text and each side of its cell.
	read -r b0 b1 b2 b3 < <(c Startcell)
	is "table (en): align=start touches the cell's left side" "$(minus "$(w "$W" Startcell 2)" "$b0")" "<" 6
	read -r b0 b1 b2 b3 < <(c Endcell)
	is "table (en): align=end touches the cell's right side" "$(minus "$b2" "$(w "$W" Endcell 4)")" "<" 6
	is "table (en): align=end leaves room on the left" "$(minus "$(w "$W" Endcell 2)" "$b0")" ">" 6
	read -r b0 b1 b2 b3 < <(c Centercell)
	near "table (en): align=center centres the text in its cell" \
		"$(mid "$(w "$W" Centercell 2)" "$(w "$W" Centercell 4)")" \
		"$(mid "$b0" "$b2")" 1
	read -r b0 b1 b2 b3 < <(c Spanall)
	near "table (en): a centred colspan cell is centred on the whole span" \
		"$(mid "$(w "$W" Spanall 2)" "$(w "$W" Spanall 4)")" \
		"$(mid "$b0" "$b2")" 1
	# Columns are as wide as their content asks: the long heading's
	# column is the widest, the short ones narrower than an even third.
	is "table (en): column widths from content (the long heading's column widest)" \
		"$(width Hthree)" ">" "$(awk -v a="$(width Hone)" 'BEGIN { print a * 1.5 }')"
	is "table (en): column widths from content (a short column under a third)" \
		"$(width Hone)" "<" "$(awk -v t="$TEXTW" 'BEGIN { print t / 3 }')"
	same "table (en): captions numbered Table 1 and Table 2" \
		"$(pdftotext "$WORK/table.en.pdf" - | grep -o '^Table [0-9]*: [A-Z][a-z]*' | tr '\n' ' ')" \
		"Table 1: Spans Table 2: Second "
	is "table (en): the caption is above the table" "$(w "$W" Spans 5)" "<=" "$(c Hone | awk '{ print $2 }')"
fi
if make_pdf "table (ar)" "$WORK/a/table.ar.xml" "$WORK/table.ar.pdf"; then
	W=$WORK/table.ar.w; words "$WORK/table.ar.pdf" > "$W"; I=$WORK/table.ar.ink; ink "$WORK/table.ar.pdf" > "$I"
	c() { cell "$I" "$W" "$1"; }
	# ١١ is in the first column, ٣٣ in the last: right to left, the first
	# column is on the right.
	is "table (ar): the first column is on the right" "$(w "$W" ١١ 2)" ">" "$(w "$W" ٣٣ 4)"
	read -r b0 b1 b2 b3 < <(c ١١)
	is "table (ar): align=start touches the cell's right side" "$(minus "$b2" "$(w "$W" ١١ 4)")" "<" 6
	is "table (ar): align=start leaves room on the left" "$(minus "$(w "$W" ١١ 2)" "$b0")" ">" 6
	read -r b0 b1 b2 b3 < <(c ٣٣)
	is "table (ar): align=end touches the cell's left side" "$(minus "$(w "$W" ٣٣ 2)" "$b0")" "<" 6
	is "table (ar): align=end leaves room on the right" "$(minus "$b2" "$(w "$W" ٣٣ 4)")" ">" 6
	read -r b0 b1 b2 b3 < <(c ٢٢)
	near "table (ar): align=center centres the text in its cell" \
		"$(mid "$(w "$W" ٢٢ 2)" "$(w "$W" ٢٢ 4)")" \
		"$(mid "$b0" "$b2")" 1
	near "table (ar): a colspan=3 cell spans the three columns" "$(c ٤٤ | awk '{ print $3 - $1 }')" \
		"$(awk -v a="$(c ٣٣ | awk '{ print $1 }')" -v b="$(c ١١ | awk '{ print $3 }')" 'BEGIN { print b - a }')" 1
	same "table (ar): rules drawn, one stroked box per cell" \
		"$(awk '$1 == "stroke" && $7 == 4' "$I" | wc -l | awk '{ print $1 }')" \
		"$(xmllint --xpath 'count(//cell)' "$WORK/a/table.ar.xml")"
	same "table (ar): caption numbered الجدول ١" "$(plain "$WORK/table.ar.pdf" | grep -c '^الجدول ١: *المحاذاة')" 1
fi
# Forty rows whose second cell takes several lines: no row is cut by a
# page break. Each cell's first and last words (RaN, RzN) mark the row.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<article version="1.0" xml:lang="en"><meta><title>Rows</title></meta><body><p>Before.</p><table><caption>Tall rows</caption>'
	echo '<row role="header"><cell>Key</cell><cell>Text</cell></row>'
	for i in $(seq 1 40); do
		echo "<row><cell>K$i</cell><cell>Ra$i one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree twentyfour twentyfive twentysix twentyseven twentyeight twentynine thirty thirtyone thirtytwo thirtythree thirtyfour thirtyfive Rz$i</cell></row>"
	done
	echo '</table></body></article>'
} > "$WORK/a/rows.xml"
if make_pdf "table rows" "$WORK/a/rows.xml" "$WORK/rows.pdf"; then
	W=$WORK/rows.w; words "$WORK/rows.pdf" > "$W"
	pages=$(pdfinfo "$WORK/rows.pdf" | sed -n 's/^Pages: *//p')
	atleast "table rows: the table spans 3 pages or more" "$pages" 3
	same "table rows: every row has several lines" "$(awk '
		$6 ~ /^Ra[0-9]+$/ { a[substr($6, 3)] = $3 } $6 ~ /^Rz[0-9]+$/ { z[substr($6, 3)] = $3 }
		END { for (i = 1; i <= 40; i++) if (!(i in a) || !(i in z) || z[i] < a[i] + 20) printf "row %d ", i }' "$W")" ""
	same "table rows: every row's lines on one page" "$(awk '
		$6 ~ /^Ra[0-9]+$/ { a[substr($6, 3)] = $1 } $6 ~ /^Rz[0-9]+$/ { z[substr($6, 3)] = $1 }
		END { for (i = 1; i <= 40; i++) if (!(i in a) || a[i] != z[i]) printf "row %d (page %s to %s) ", i, a[i], z[i] }' "$W")" ""
	same "table rows: rules drawn on every page" \
		"$(ink "$WORK/rows.pdf" | awk '$1 == "stroke" && $7 == 4 { print $2 }' | sort -u | wc -l | awk '{ print $1 }')" "$pages"
fi

# --- 6. Footnotes ------------------------------------------------------
# Three sections over several pages, two notes in each. The word before
# each marker is mkN; each note's words all start with fn, the first is
# fnN. The marker and the note's label must both be N, counted through
# the whole article.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<article version="1.0" xml:lang="en"><meta><title>Notes</title></meta><body>'
	n=0
	for s in 1 2 3; do
		echo "<section><title>Part $s</title>"
		for k in $(seq 1 12); do
			if [ "$k" = 2 ] || [ "$k" = 9 ]; then
				n=$((n + 1))
				echo "<p>Paragraph $k of part $s has a marker after mk$n<note>fn$n fnwords fnof fnthis fnnote fnagain fnend.</note> and goes on with ordinary words until it has filled three lines of the page, which takes a while longer.</p>"
			else
				echo "<p>Paragraph $k of part $s is plain text with ordinary words that go on until it has filled three lines of the page, which takes quite a while longer still.</p>"
			fi
		done
		echo '</section>'
	done
	echo '<p>Last words.</p></body></article>'
} > "$WORK/a/notes.xml"
if make_pdf "notes" "$WORK/a/notes.xml" "$WORK/notes.pdf"; then
	W=$WORK/notes.w; words "$WORK/notes.pdf" > "$W"
	I=$WORK/notes.ink; ink "$WORK/notes.pdf" > "$I"
	links "$WORK/notes.pdf" > "$WORK/notes.links"
	atleast "notes: the article spans 3 pages or more" "$(pdfinfo "$WORK/notes.pdf" | sed -n 's/^Pages: *//p')" 3
	same "notes: markers numbered 1 to 6 through the article" "$(awk '
		prev ~ /^mk[0-9]+$/ { printf "%s ", $6 } { prev = $6 }' "$W")" "1 2 3 4 5 6 "
	same "notes: each note's label is its marker's number" "$(awk '
		$6 ~ /^fn[0-9]+$/ { if (prev != substr($6, 3)) printf "note %s labelled %s ", substr($6, 3), prev } { prev = $6 }' "$W")" ""
	same "notes: on more than one page (numbering does not restart)" \
		"$(awk '$6 ~ /^fn[0-9]+$/ { print $1 }' "$W" | sort -u | wc -l | awk '{ print ($1 > 1) }')" 1
	same "notes: each note on its marker's page" "$(awk '
		$6 ~ /^mk[0-9]+$/ { m[substr($6, 3)] = $1 } $6 ~ /^fn[0-9]+$/ { f[substr($6, 3)] = $1 }
		END { for (i = 1; i <= 6; i++) if (!(i in m) || m[i] != f[i]) printf "note %d: marker page %s, note page %s ", i, m[i], f[i] }' "$W")" ""
	# Note text is every word starting with fn; body text every other word
	# above the footer that is not a bare number (labels, page number).
	same "notes: below all the body text of their page" "$(awk '
		$6 ~ /^fn/ { if (!($1 in top) || $3 < top[$1]) top[$1] = $3; next }
		$6 !~ /^[0-9]+$/ && $3 < 785 { if ($5 > body[$1]) body[$1] = $5 }
		END { for (p in top) { n++; if (top[p] <= body[p]) printf "page %s: notes from y %s, body to %s ", p, top[p], body[p] }
		      if (!n) print "no notes" }' "$W")" ""
	same "notes: at the foot of their page (last note line at the bottom margin)" "$(awk -v b="$BOTTOM" '
		$6 ~ /^fn/ { if ($5 > bot[$1]) bot[$1] = $5 }
		END { for (p in bot) { n++; if (bot[p] < b - 15 || bot[p] > b + 1) printf "page %s: notes end at y %s ", p, bot[p] }
		      if (!n) print "no notes" }' "$W")" ""
	# A horizontal stroke between the body and the notes, shorter than
	# half the text width, starting at the left margin.
	same "notes: a short rule between the body text and the notes" "$(awk -v l="$LEFT" -v tw="$TEXTW" '
		FNR == NR { if ($6 ~ /^fn/) { if (!($1 in top) || $3 < top[$1]) top[$1] = $3 }
		            else if ($6 !~ /^[0-9]+$/ && $3 < 785 && $5 > body[$1]) body[$1] = $5; next }
		$1 == "stroke" && $7 == 2 && $4 == $6 && ($2 in top) && $4 > body[$2] && $4 < top[$2] &&
			$5 - $3 > 20 && $5 - $3 < tw / 2 && $3 > l - 1 && $3 < l + 1 { ok[$2] = 1 }
		END { for (p in top) { n++; if (!(p in ok)) printf "page %s has no rule ", p }
		      if (!n) print "no notes" }' "$W" "$I")" ""
	# The marker (the word after mkN) is inside a link annotation whose
	# destination is on the note's page, at the note's first line.
	same "notes: each marker links to its note (page and place)" "$(awk '
		FNR == NR { if (prev ~ /^mk[0-9]+$/) { k = substr(prev, 3); mp[k] = $1; mx[k] = ($2 + $4) / 2; my[k] = ($3 + $5) / 2 }
		            if ($6 ~ /^fn[0-9]+$/) { k = substr($6, 3); np[k] = $1; ny[k] = $3 }
		            prev = $6; next }
		{ for (k in mp) if ($1 == mp[k] && $2 <= mx[k] && $4 >= mx[k] && $3 <= my[k] + 2 && $5 >= my[k] - 2 &&
		                   $7 == np[k] && $8 > ny[k] - 12 && $8 < ny[k] + 3) ok[k] = 1 }
		END { for (i = 1; i <= 6; i++) if (!(i in ok)) printf "note %d ", i }' "$W" "$WORK/notes.links")" ""
fi

# --- 7. Cross-references -----------------------------------------------
# References on page 1 to a section, a figure (the second captioned one)
# and a table on page 2, and one back from page 2 to page 1.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<article version="1.0" xml:lang="en"><meta><title>References</title></meta><body>'
	echo '<section id="s-one"><title>Opening</title>'
	echo '<p>Forward refs: <ref target="s-two"/> for more, <ref target="f-one"/> for a picture and <ref target="t-one"/> for numbers.</p>'
	for k in $(seq 1 16); do
		echo "<p>Filler paragraph $k of the opening section, long enough to take three lines of the page at the usual size of the text, so that sixteen of them push the next section to page two.</p>"
	done
	echo '</section><section id="s-two"><title>Closing words</title>'
	echo '<p>Backward ref: <ref target="s-one"/> opened.</p>'
	echo '<figure id="f-zero"><image src="images/type-case.png" alt="" width="30%"/><caption>First figure.</caption></figure>'
	echo '<figure id="f-one"><image src="images/type-case.png" alt="" width="30%"/><caption>Second figure.</caption></figure>'
	echo '<table id="t-one"><caption>Numbers</caption><row><cell>1</cell><cell>2</cell></row></table>'
	echo '</section></body></article>'
} > "$WORK/a/refs.xml"
if make_pdf "ref" "$WORK/a/refs.xml" "$WORK/refs.pdf"; then
	W=$WORK/refs.w; words "$WORK/refs.pdf" > "$W"
	links "$WORK/refs.pdf" > "$WORK/refs.links"
	txt=$(pdftotext "$WORK/refs.pdf" - | tr -s ' \n' '  ')
	case $txt in *"Forward refs: Section 2 for more, Figure 2 for a picture and Table 1 for numbers."*)
		pass "ref: prints Section 2, Figure 2, Table 1 for a section, figure and table" ;;
	*)	fail "ref: prints Section 2, Figure 2, Table 1 for a section, figure and table" "$(echo "$txt" | grep -o 'Forward refs:[^.]*\.')" ;;
	esac
	case $txt in *"Backward ref: Section 1 opened."*) pass "ref: a backward reference prints Section 1" ;;
	*)	fail "ref: a backward reference prints Section 1" "$(echo "$txt" | grep -o 'Backward ref:[^.]*\.')" ;;
	esac
	same "ref: the sections are on pages 1 and 2 (the layout these checks need)" \
		"$(w "$W" Opening 1) $(w "$W" Closing 1)" "1 2"
	# Where each target's ink starts: heading word, image top, caption.
	fy=$(ink "$WORK/refs.pdf" | awk '$1 == "image" { n++ } $1 == "image" && n == 2 { print $2, $4 }')
	# linkcheck ID WORD N PAGE Y: a link annotation over the Nth WORD whose
	# destination is ID on PAGE, within 12 pt above Y.
	linkcheck() {
		awk -v id="$1" -v p="$(w "$W" "$2" 1 "$3")" -v x="$(w "$W" "$2" 2 "$3")" -v y="$(w "$W" "$2" 3 "$3")" \
		    -v tp="$4" -v ty="$5" '$6 == id && $1 == p && $2 <= x + 1 && $4 >= x + 1 && $3 <= y + 4 && $5 >= y + 4 &&
		    $7 == tp && $8 >= ty - 12 && $8 <= ty + 2 { ok = 1 } END { exit !ok }' "$WORK/refs.links"
	}
	check "ref: Section 2 is a link to the section's heading" \
		linkcheck s-two Section 1 "$(w "$W" Closing 1)" "$(w "$W" Closing 3)"
	check "ref: Figure 2 is a link to the second figure" \
		linkcheck f-one Figure 1 ${fy:-0 0}
	check "ref: Table 1 is a link to the table" \
		linkcheck t-one Table 1 "$(w "$W" Numbers 1)" "$(w "$W" Numbers 3)"
	check "ref: the backward Section 1 is a link to the first heading" \
		linkcheck s-one Section 2 "$(w "$W" Opening 1)" "$(w "$W" Opening 3)"
fi
if make_pdf "ref (titles)" "$WORK/a/refs.xml" "$WORK/refs2.pdf" --param number-headings=no; then
	txt=$(pdftotext "$WORK/refs2.pdf" - | tr -s ' \n' '  ')
	case $txt in *"Forward refs: “Closing words” for more, Figure 2"*)
		pass "ref: with number-headings=no a section reference prints its title" ;;
	*)	fail "ref: with number-headings=no a section reference prints its title" "$(echo "$txt" | grep -o 'Forward refs:[^.]*\.')" ;;
	esac
fi

# --- 8. Table of contents ----------------------------------------------
# Seven sections of different lengths, each with a subsection, so the
# sections start on pages 1 to 4. Titles carry a Latin tag (SecA, SubA,
# ...) that pdftotext gives back whole in either direction. The TOC line
# holding a tag has the page number at its end side; the heading is the
# tag's last occurrence (the TOC comes first).
toc_article() { # LANG PARAGRAPH
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo "<article version=\"1.0\" xml:lang=\"$1\"><meta><title>TOC</title></meta><body>"
	for s in A B C D E F G; do
		case $1 in ar) t="قسم" u="فرع" ;; *) t="Part" u="Branch" ;; esac
		echo "<section><title>$t <span xml:lang=\"en\">Sec$s</span></title>"
		for k in $(seq 1 $(( $(printf '%d' "'$s") % 5 + 2 ))); do echo "$2"; done
		echo "<section><title>$u <span xml:lang=\"en\">Sub$s</span></title>$2</section></section>"
	done
	echo '</body></article>'
}
toc_article ar '<p>تُعدّ الكتابة العربية من أصعب الكتابات على الطباعة الآلية، فحروفها تتصل ببعضها، وللحرف الواحد أشكال عدة. وقد مرّت طباعتها بأربع مراحل كبرى، وتتناول الأقسام التالية كل مرحلة منها بالتفصيل والشرح الوافي.</p>' > "$WORK/a/toc.ar.xml"
toc_article en '<p>Every page you read was once composed: someone, or something, decided where each letter would stand. The methods changed four times in five hundred years, yet the vocabulary of the trade survived them all, from the case to the screen.</p>' > "$WORK/a/toc.en.xml"
# toc_pages WORDS SIDE: "tag said real" for every tag; SIDE is left or
# right, where the page numbers stand.
toc_pages() {
	awk -v side="$2" '
		$6 ~ /^S(ec|ub)[A-G]$/ { n[$6]++; if (n[$6] == 1) { tp[$6] = $1; ty[$6] = $3 } last[$6] = $1 }
		{ p[NR] = $1; y[NR] = $3; x0[NR] = $2; x1[NR] = $4; t[NR] = $6 }
		END { for (k in tp) { said = "none"
			for (i = 1; i <= NR; i++) if (p[i] == tp[k] && y[i] - ty[k] < 3 && ty[k] - y[i] < 3 &&
				((side == "left" && x0[i] < 62.36 + 2) || (side == "right" && x1[i] > 532.91 - 2))) said = t[i]
			print k, said, last[k] } }' "$1" | sort
}
if make_pdf "toc (ar)" "$WORK/a/toc.ar.xml" "$WORK/toc.ar.pdf" --param toc=yes; then
	W=$WORK/toc.ar.w; words "$WORK/toc.ar.pdf" > "$W"
	toc_pages "$W" left > "$WORK/toc.ar.said"
	same "toc (ar): an entry with a page number for all 14 sections" \
		"$(awk '$2 != "none"' "$WORK/toc.ar.said" | wc -l | awk '{ print $1 }')" 14
	same "toc (ar): page numbers in Arabic-Indic digits" \
		"$(awk '{ print $2 }' "$WORK/toc.ar.said" | grep -vc '^\(٠\|١\|٢\|٣\|٤\|٥\|٦\|٧\|٨\|٩\)*$' || true)" 0
	same "toc (ar): each page number is the page its section starts on" \
		"$(awk '{ print $1, $2 }' "$WORK/toc.ar.said" | latin)" "$(awk '{ print $1, $3 }' "$WORK/toc.ar.said")"
	same "toc (ar): the sections start on pages 1 to 4 (the layout this needs)" \
		"$(awk '{ print $3 }' "$WORK/toc.ar.said" | sort -u | tr '\n' ' ')" "1 2 3 4 "
	same "toc (ar): the footer's page numbers are Arabic-Indic too" \
		"$(for p in 1 2 3 4; do awk -v p=$p '$1 == p && $3 > 785 { print $6 }' "$W"; done | tr '\n' ' ')" "١ ٢ ٣ ٤ "
fi
if make_pdf "toc (en)" "$WORK/a/toc.en.xml" "$WORK/toc.en.pdf" --param toc=yes; then
	W=$WORK/toc.en.w; words "$WORK/toc.en.pdf" > "$W"
	toc_pages "$W" right > "$WORK/toc.en.said"
	same "toc (en): an entry with a page number for all 14 sections" \
		"$(awk '$2 ~ /^[0-9]+$/' "$WORK/toc.en.said" | wc -l | awk '{ print $1 }')" 14
	same "toc (en): each page number is the page its section starts on" \
		"$(awk '{ print $1, $2 }' "$WORK/toc.en.said")" "$(awk '{ print $1, $3 }' "$WORK/toc.en.said")"
	atleast "toc (en): the sections start on 3 pages or more (the layout this needs)" \
		"$(awk '{ print $3 }' "$WORK/toc.en.said" | sort -u | wc -l)" 3
fi

finish
