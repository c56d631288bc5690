#!/bin/bash
# How the PDF plugin sets lines and starts tables and lists (issue 21), and
# words longer than the line (issue 22, items 3 and 9):
#   manual     tests/typeset/check on the pandoc manual (bench/manual/, a
#              real English technical manual): code never breaks after a
#              "-" inside a token, its spaces keep their width, no table
#              starts with fewer than two body rows on a page, no list has
#              its first two items on two pages;
#   kashida    the Arabic sample justified with kashida=yes draws other
#              pages than with kashida=no (the default), and each of
#              poppler, pdf.js, MuPDF.js and PDFium copies no U+0640 out
#              of it and finds as many of its words and word pairs as
#              without kashida; and 30 pages of the bench book with kashida make
#              a PDF at most 15% larger than without (the drawing shared),
#              in which the four readers find as many words and pairs as
#              without kashida;
#   hyphenate  English news (the PUD sentences of tests/data/pud-news.txt)
#              with hyphenate=yes ends lines with a hyphen the text does
#              not have, within the text block, and poppler still reads
#              the words whole; with the default (no), no line ends so;
#   long words a 300,000-letter word is set in seconds (breaking it is
#              linear: on a quadratic breaker it took 70 s; the timeout is
#              120 s, so a machine 50 times slower than this one would
#              still pass and a quadratic breaker would still fail), every
#              letter printed; an Arabic word wider than the line adds no
#              hyphen and leaves the words before it whole (not
#              letter-spaced), and in a table cell leaves the next cell
#              room for its words.
# MuPDF.js and PDFium are bench/hyphen's pinned copies (npm ci there when
# missing). About 60 seconds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf-lib.sh"

mkdir -p "$WORK/out"
export SOURCE_DATE_EPOCH=1700000000
PUD="$TOP/tests/data/pud-news.txt"
RECALL="$TOP/tests/tools/recall"
EXTRACT="$TOP/bench/hyphen/extract.mjs"

# --- The pandoc manual: tests/typeset/check's four cases ---------------
if "$TOP/tests/typeset/check" "$BUILD" > "$WORK/typeset.txt" 2>&1; then :; fi
for c in code-hyphen code-spaces table-start list-start; do
	line=$(grep -E "^(pass|FAIL) $c:" "$WORK/typeset.txt")
	case $line in
	pass*) pass "manual: $line" ;;
	FAIL*) fail "manual: $c" "$line" ;;
	*) fail "manual: $c" "not run: $(tail -3 "$WORK/typeset.txt")" ;;
	esac
done

# --- Kashida: drawn, and no reader copies it ----------------------------
# text READER PDF OUT: the text READER copies out of PDF, into OUT.
text() {
	case $1 in
	poppler) pdftotext "$2" "$3" ;;
	pdf.js) node "$TOP/tests/js/extract.mjs" "$2" > "$3" ;;
	MuPDF.js) node "$EXTRACT" mupdf "$2" > "$3" ;;
	PDFium) node "$EXTRACT" pdfium "$2" > "$3" ;;
	esac
}
# no_fewer LABEL SOURCE WITH.pdf WITHOUT.pdf: each of the four readers
# copies no U+0640 out of WITH (kashida=yes) and finds in it all the words
# and word pairs of SOURCE it finds in WITHOUT (kashida=no), not one fewer
# (a tolerance of 0.005 let a word split by a kashida's gap pass: "بشأن"
# read "ب" and "شأن" at 0.9971). MuPDF.js's pairs too: a comma first in
# its text object after a kashida's faint letter took MuPDF's
# left-to-right default and cut its line in two, halves swapped (0.9631,
# without 0.9846; text/glyphrun.c, pdf_needs_rtl_lead).
no_fewer() {
	for r in poppler pdf.js MuPDF.js PDFium; do
		if ! text $r "$3" "$WORK/k1.txt" 2>"$WORK/err" ||
		   ! text $r "$4" "$WORK/k0.txt" 2>>"$WORK/err"; then
			fail "$1: $r reads the PDF" "$(tail -3 "$WORK/err")"
			continue
		fi
		same "$1: $r copies no U+0640" "$(grep -c 'ـ' "$WORK/k1.txt")" 0
		for how in words pairs; do
			opt=; [ $how = pairs ] && opt=--pairs
			with=$("$RECALL" "$2" "$WORK/k1.txt" $opt 2>&1)
			without=$("$RECALL" "$2" "$WORK/k0.txt" $opt 2>&1)
			if awk -v a="$with" -v b="$without" 'BEGIN { exit !(a + 0 >= b + 0 && a != "") }'; then
				pass "$1: $r finds the $how it finds without kashida ($with, without $without)"
			else
				fail "$1: $r finds the $how it finds without kashida" "$with, without $without"
			fi
		done
	done
}
if [ ! -d "$TOP/bench/hyphen/node_modules" ]; then
	(cd "$TOP/bench/hyphen" && npm ci --no-audit --no-fund --silent) > "$WORK/npm.err" 2>&1 ||
		fail "kashida: MuPDF.js and PDFium installed (bench/hyphen)" "$(tail -3 "$WORK/npm.err")"
fi
ar="$TOP/samples/qatar-cybercrime-convention.ar.xml"
if "$CONVERT" --to pdf --param kashida=yes -o "$WORK/out/k1.pdf" "$ar" 2>"$WORK/err" &&
   "$CONVERT" --to pdf --param kashida=no -o "$WORK/out/k0.pdf" "$ar" 2>>"$WORK/err"; then
	if cmp -s "$WORK/out/k1.pdf" "$WORK/out/k0.pdf"; then
		fail "kashida: justified Arabic is drawn with kashidas" "kashida=yes and no give the same PDF"
	else
		pass "kashida: justified Arabic is drawn with kashidas (kashida=no differs)"
	fi
	no_fewer "kashida" "$ar" "$WORK/out/k1.pdf" "$WORK/out/k0.pdf"
else
	fail "kashida: the Arabic sample converts" "$(cat "$WORK/err")"
fi

# --- Kashida: its drawing shared, so the file stays near its size -------
# The first 240 sections of the bench book (30 pages): a kashida's letter
# and tatweel are painted as the forms of their stamps (text/stamps.h),
# one Do each, +13% with kashida (each kashida a tiling pattern object
# of its own, as before, made it +123%; the names Cairo repeats in the
# pages' resources at every Do, written again by the archival update,
# +19%: archive/names.h).
KASHIDA_SIZE_MAX=15
python3 "$TOP/bench/gen-large" > "$WORK/book.xml"
awk '/<section id="s241"/ { print "</body>"; print "</article>"; exit } { print }' \
	"$WORK/book.xml" > "$WORK/part.xml"
if "$CONVERT" --to pdf --param kashida=yes -o "$WORK/out/p1.pdf" "$WORK/part.xml" 2>"$WORK/err" &&
   "$CONVERT" --to pdf --param kashida=no -o "$WORK/out/p0.pdf" "$WORK/part.xml" 2>>"$WORK/err"; then
	with=$(stat -c %s "$WORK/out/p1.pdf")
	without=$(stat -c %s "$WORK/out/p0.pdf")
	growth=$(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.1f", (a - b) * 100 / b }')
	if awk -v g="$growth" -v m="$KASHIDA_SIZE_MAX" 'BEGIN { exit !(g <= m) }'; then
		pass "kashida: 30 pages with kashida are at most $KASHIDA_SIZE_MAX% larger ($with against $without bytes, +$growth%)"
	else
		fail "kashida: 30 pages with kashida are at most $KASHIDA_SIZE_MAX% larger" "$with against $without bytes, +$growth%"
	fi
	# The same four readers on these pages: PDFium read the mark and
	# space between a number and the Arabic run on its right inside a
	# word where kashida had split the run's text ("بش ‏ أن" for "بشأن":
	# 0.9989, without kashida 0.9995; docs/pdf-text.md, PDFium).
	no_fewer "kashida, 30 pages" "$WORK/part.xml" "$WORK/out/p1.pdf" "$WORK/out/p0.pdf"
else
	fail "kashida: 30 pages of the bench book convert" "$(cat "$WORK/err")"
fi

# --- Hyphenation: English news, justified -------------------------------
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<article version="1.0" xml:lang="en"><meta><title>News</title></meta><body>'
	grep "^en	" "$PUD" | cut -f2 | head -n 60 |
		sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' | paste -d ' ' - - - - - - |
		sed -e 's|^|<p>|' -e 's|$|</p>|'
	echo '</body></article>'
} > "$WORK/news.xml"
# ends_hyphenated PDF: how many lines end with a letter and "-" where the
# text has no such word-final hyphen.
ends_hyphenated() {
	pdftotext -layout "$1" - | grep -cE '[[:alpha:]]-$'
}
if "$CONVERT" --to pdf --param hyphenate=yes -o "$WORK/out/hy.pdf" "$WORK/news.xml" 2>"$WORK/err" &&
   "$CONVERT" --to pdf -o "$WORK/out/nohy.pdf" "$WORK/news.xml" 2>>"$WORK/err"; then
	source_ends=$(grep -cE '[[:alpha:]]- ' "$WORK/news.xml")
	atleast "hyphenate: hyphenate=yes ends lines with a hyphen" "$(ends_hyphenated "$WORK/out/hy.pdf")" $((source_ends + 3))
	atmost "hyphenate: off by default" "$(ends_hyphenated "$WORK/out/nohy.pdf")" "$source_ends"
	pdftotext "$WORK/out/hy.pdf" "$WORK/hy.txt"
	# poppler also joins a word the text hyphenates ("in-flight") when a
	# line ends at its hyphen, with or without hyphenation: one such word
	# in this text.
	got=$("$RECALL" "$WORK/news.xml" "$WORK/hy.txt")
	if awk -v g="$got" 'BEGIN { exit !(g != "" && g + 0 >= 0.995) }'; then
		pass "hyphenate: poppler reads the words whole ($got)"
	else
		fail "hyphenate: poppler reads the words whole" "recall $got < 0.995"
	fi
	same "hyphenate: the text block's right edge is kept" "$(outside_margins "$WORK/out/hy.pdf" 62.3 533.0)" ""
else
	fail "hyphenate: English news converts" "$(cat "$WORK/err")"
fi

# --- Words longer than the line -----------------------------------------
python3 -c "
print('<?xml version=\"1.0\" encoding=\"UTF-8\"?><article version=\"1.0\" xml:lang=\"en\"><meta><title>0</title></meta><body><p>Before it ' + 'abcdefghij' * 30000 + ' after it.</p></body></article>')" > "$WORK/long.xml"
if timeout 120 "$CONVERT" --to pdf -o "$WORK/out/long.pdf" "$WORK/long.xml" 2>"$WORK/err"; then
	pass "long word: 300,000 letters set within the timeout"
	same "long word: every letter printed" \
		"$(pdftotext "$WORK/out/long.pdf" - | tr -d '\n\f0-9' | grep -o abcdefghij | wc -l)" 30000
else
	fail "long word: 300,000 letters set within the timeout" "$(tail -3 "$WORK/err")"
fi

# An Arabic word of about 400 letters (PUD sentences written without
# their spaces) after a short paragraph start: the line before it is set
# at its natural width (letter-spaced across the measure, "قبلها" came out
# as five letters), its pieces add no hyphen. lines/ draws a hyphen it
# adds with "-" as its text, so the dash case catches one added here;
# Pango's hyphen on main was no text, and the words-whole case is the one
# that fails there.
aword=$(grep "^ar	" "$PUD" | cut -f2 | head -n 8 |
	python3 -c 'import sys, unicodedata; print("".join(c for c in sys.stdin.read() if unicodedata.category(c)[0] in "LM")[:400])')
awords=$(grep "^ar	" "$PUD" | cut -f2 | sed -n 9,10p | tr '\n' ' ')
cat > "$WORK/arlong.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="ar"><meta><title>كلمة طويلة</title></meta><body>
<p>قبلها $aword بعدها $awords</p>
</body></article>
EOF
if "$CONVERT" --to pdf -o "$WORK/out/arlong.pdf" "$WORK/arlong.xml" 2>"$WORK/err"; then
	pdftotext "$WORK/out/arlong.pdf" "$WORK/arlong.txt"
	same "long Arabic word: no dash in its text" \
		"$(python3 -c 'import sys, unicodedata; print(sum(unicodedata.category(c) == "Pd" for c in open(sys.argv[1], encoding="utf-8").read()))' "$WORK/arlong.txt")" 0
	got=$(python3 - "$WORK/arlong.xml" "$WORK/arlong.txt" <<'PY'
import sys, unicodedata, collections
import xml.etree.ElementTree as ET
def words(s):
    s = ''.join(c if unicodedata.category(c)[0] in 'LMN' else '' if unicodedata.category(c) == 'Cf'
                else ' ' for c in s)
    return collections.Counter(s.split())
root = ET.parse(sys.argv[1]).getroot()
src = words(' '.join(' '.join(p.itertext()) for p in root.iter('p')))
long_word = max(src, key=len)
del src[long_word]
got = words(open(sys.argv[2], encoding='utf-8').read())
print(sum((src - got).values()))
PY
)
	same "long Arabic word: the words around it are read whole (not letter-spaced)" "$got" 0
else
	fail "long Arabic word: converts" "$(cat "$WORK/err")"
fi

# The same word in a table cell beside a cell of words: its column takes
# its share of the table, not the other's room, so the other cell's words
# are read whole (main gave it a column a letter or two wide).
cat > "$WORK/arcell.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="ar"><meta><title>كلمة طويلة</title></meta><body>
<table><row role="header"><cell>الكلمة</cell><cell>النص</cell></row>
<row><cell>$aword</cell><cell>$awords</cell></row></table>
</body></article>
EOF
if "$CONVERT" --to pdf -o "$WORK/out/arcell.pdf" "$WORK/arcell.xml" 2>"$WORK/err"; then
	pdftotext "$WORK/out/arcell.pdf" "$WORK/arcell.txt"
	printf '%s\n' "$awords" > "$WORK/awords.txt"
	same "long Arabic word in a cell: the next cell's words are read whole" \
		"$("$RECALL" "$WORK/awords.txt" "$WORK/arcell.txt")" 1.0000
else
	fail "long Arabic word in a cell: converts" "$(cat "$WORK/err")"
fi

finish
