#!/bin/bash
# Archival editions (docs/archival.md).
#
# Standards: every sample (and the bench book, bench/gen-large) converted
# with --param standard= each of pdf/a-2u, pdf/a-3u, pdf/ua-1 and
# pdf/a-3u,pdf/ua-1, and without, is clean for qpdf --check and keeps
# every rule tests/tools/pdf-archival-check checks (the machine-checkable
# clauses of ISO 19005-2/-3 and ISO 14289-1 that apply, listed in
# docs/archival.md); the checker fails a PDF made without the standard.
# pdfinfo shows the XMP. Every extractor reads the same text with and
# without a standard. Round trip: the article pdfdetach takes out of a
# pdf/a-3u file is the input byte for byte, and converted again, beside
# the images taken out with it, gives the same PDF.
#
# Same bytes on every run: every sample, and an article without a date, in
# every format, converted under time zones with odd offsets, other locales
# and fontconfig languages, other umasks and working folders, gives the
# same files; with SOURCE_DATE_EPOCH too. The dates inside come from
# SOURCE_DATE_EPOCH, else the article's date, else 1980-01-01, never the
# clock.
#
# (Locales need not be generated for this: convert never calls setlocale,
# so what could leak is what libraries read from the environment
# themselves, as fontconfig reads LANG.)
. "$(dirname "$0")/lib.sh"

FORMATS=docbook,epub,html,pdf

# The samples, and features.en.xml without its date (images beside it).
mkdir -p "$WORK/in"
cp "$SAMPLES"/*.xml "$WORK/in/"
cp -R "$SAMPLES/images" "$WORK/in/"
sed '/<date>/d' "$SAMPLES/features.en.xml" > "$WORK/in/undated.en.xml"
grep -q '<date>' "$WORK/in/undated.en.xml" && fail "undated.en.xml still has a date"
ARTICLES=$(cd "$WORK/in" && ls *.xml)

# in_env UMASK FOLDER ASSIGNMENT... -- COMMAND...: runs COMMAND from FOLDER
# under UMASK with the locale, time zone and date variables cleared, then
# the given assignments made (the sanitizers' options pass through).
in_env() {
	local mask=$1 dir=$2
	shift 2
	local vars=()
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	(umask "$mask" && cd "$dir" &&
		exec env -u SOURCE_DATE_EPOCH -u TZ -u LANG -u LANGUAGE -u LC_ALL -u LC_CTYPE \
			-u LC_TIME -u LC_NUMERIC -u FC_LANG "${vars[@]}" "$@")
}

# convert_all NAME UMASK FOLDER ASSIGNMENT...: every article in every
# format into $WORK/NAME/.
convert_all() {
	local name=$1 mask=$2 dir=$3
	shift 3
	mkdir -p "$WORK/$name"
	for a in $ARTICLES; do
		in_env "$mask" "$dir" "$@" -- "$CONVERT" --to "$FORMATS" -o "$WORK/$name/" "$WORK/in/$a" ||
			fail "$name: $a does not convert"
	done
}

convert_all plain 022 "$WORK" TZ=UTC
convert_all tehran 077 / TZ=Asia/Tehran LANG=fa_IR.UTF-8 LC_ALL=ar_EG.UTF-8
convert_all stjohns 002 "$WORK/in" TZ=America/St_Johns LANG=he_IL.UTF-8 LC_CTYPE=ur_PK.UTF-8 \
	FC_LANG=ur LC_NUMERIC=de_DE.UTF-8
convert_all sde 022 "$WORK" TZ=UTC SOURCE_DATE_EPOCH=1700000000
convert_all sde-kiritimati 077 / TZ=Pacific/Kiritimati LANG=ar_EG.UTF-8 SOURCE_DATE_EPOCH=1700000000

# same_files A B: every output of run A is byte for byte the one of run B.
same_files() {
	local differ="" n=0
	for f in "$WORK/$1"/*; do
		n=$((n + 1))
		cmp -s "$f" "$WORK/$2/$(basename "$f")" || differ="$differ $(basename "$f")"
	done
	[ "$n" -eq $(($(echo "$ARTICLES" | wc -w) * 4)) ] || differ="$differ (only $n files)"
	[ -z "$differ" ] || { echo "differ:$differ"; return 1; }
}
check "no SOURCE_DATE_EPOCH: same bytes in UTC, Tehran (+03:30), umask 077, LC_ALL=ar_EG" \
	same_files plain tehran
check "no SOURCE_DATE_EPOCH: same bytes in St. John's (-03:30), umask 002, FC_LANG=ur, LC_NUMERIC=de_DE" \
	same_files plain stjohns
check "SOURCE_DATE_EPOCH: same bytes in UTC and Kiritimati (+14:00), LANG=ar_EG, umask 077" \
	same_files sde sde-kiritimati

# The dates written: the EPUB's dcterms:modified and its zip entries' times.
epub_modified() {
	unzip -p "$1" OEBPS/package.opf | sed -n 's|.*<meta property="dcterms:modified">\([^<]*\)</meta>.*|\1|p'
}
zip_times() { unzip -Z -T "$1" | awk 'NF >= 8 && $1 ~ /^-/ { print $7 }' | sort -u | paste -sd' '; }
same "EPUB dcterms:modified: the article's date" \
	"$(epub_modified "$WORK/plain/features.en.epub")" 2024-03-15T00:00:00Z
same "EPUB dcterms:modified: 1980-01-01 for an article without a date" \
	"$(epub_modified "$WORK/plain/undated.en.epub")" 1980-01-01T00:00:00Z
same "EPUB dcterms:modified: SOURCE_DATE_EPOCH first" \
	"$(epub_modified "$WORK/sde/features.en.epub")" 2023-11-14T22:13:20Z
same "EPUB zip entries: the article's date" "$(zip_times "$WORK/plain/features.en.epub")" 20240315.000000
same "EPUB zip entries: 1980-01-01 without a date" "$(zip_times "$WORK/plain/undated.en.epub")" 19800101.000000
# The PDF's Info dates (pdfinfo reads the D: form Cairo alone left out).
pdf_dates() { pdfinfo -isodates "$1" | sed -n 's/^\(CreationDate\|ModDate\): *//p' | paste -sd' '; }
same "PDF dates: the article's date" "$(pdf_dates "$WORK/plain/features.en.pdf")" \
	"2024-03-15T00:00:00Z 2024-03-15T00:00:00Z"
same "PDF dates: 1980-01-01 without a date" "$(pdf_dates "$WORK/plain/undated.en.pdf")" \
	"1980-01-01T00:00:00Z 1980-01-01T00:00:00Z"
same "PDF dates: SOURCE_DATE_EPOCH first" "$(pdf_dates "$WORK/sde/undated.en.pdf")" \
	"2023-11-14T22:13:20Z 2023-11-14T22:13:20Z"

# ------------------------------------------------------------------
# Standards.

CHECKER="$TOP/tests/tools/pdf-archival-check"
STANDARDS="pdf/a-2u pdf/a-3u pdf/ua-1 pdf/a-3u,pdf/ua-1"
export SOURCE_DATE_EPOCH=1700000000

# conforms ARTICLE PDF STANDARD: qpdf finds the file clean, and the
# checker every rule of the standard kept.
conforms() {
	local out
	out=$(qpdf --check "$2" 2>&1) || { echo "qpdf --check: $out" | tail -3; return 1; }
	case $out in *WARNING*) echo "qpdf --check: $out" | grep WARNING | head -3; return 1 ;; esac
	out=$(python3 "$CHECKER" "$1" "$2" "$3") || { echo "$out" | grep '^FAIL'; return 1; }
}

# figures ARTICLE TEXT: word recall and word order of an extraction.
figures() {
	echo "$(python3 "$TOP/tests/tools/recall" "$1" "$2") $(python3 "$TOP/tests/tools/recall" "$1" "$2" --pairs)"
}

mkdir -p "$WORK/std"
for a in features.en mixed-content.ar qatar-cybercrime-convention.ar; do
	in="$WORK/in/$a.xml"
	"$CONVERT" --to pdf -o "$WORK/std/$a.none.pdf" "$in" 2>/dev/null || fail "$a: converts"
	check "$a: the rules every PDF keeps" conforms "$in" "$WORK/std/$a.none.pdf" none
	for s in $STANDARDS; do
		tag=$(echo "$s" | tr '/,' '-+')
		if ! "$CONVERT" --to pdf --param "standard=$s" -o "$WORK/std/$a.$tag.pdf" "$in" 2>"$WORK/err"; then
			fail "$a: converts with standard=$s" "$(cat "$WORK/err")"
			continue
		fi
		check "$a: $s: qpdf --check clean, every rule kept" conforms "$in" "$WORK/std/$a.$tag.pdf" "$s"
	done
	# The checker can fail: the plain PDF breaks the standards' rules.
	python3 "$CHECKER" "$in" "$WORK/std/$a.none.pdf" pdf/a-3u,pdf/ua-1 > "$WORK/neg" 2>&1
	atleast "$a: the checker rejects a PDF made without the standard (output intent, pdfaid...)" \
		"$(grep -c '^FAIL' "$WORK/neg")" 5
	same "$a: pdfinfo shows the XMP with pdfaid and pdfuaid" \
		"$(pdfinfo -meta "$WORK/std/$a.pdf-a-3u+pdf-ua-1.pdf" | grep -c -e '<pdfaid:part>3<' -e '<pdfuaid:part>1<' -e '<pdfaid:conformance>U<')" 3
	# What the extractors read: under PDF/A alone the same text; under
	# PDF/UA the running heads and page numbers are artifacts drawn as
	# outlines, so the article's words and their order are what stays the
	# same (tests/tools/recall).
	for t in none pdf-a-3u pdf-a-3u+pdf-ua-1; do
		pdftotext -q "$WORK/std/$a.$t.pdf" "$WORK/std/$a.$t.poppler.txt"
		mutool draw -q -F txt -o "$WORK/std/$a.$t.mupdf.txt" "$WORK/std/$a.$t.pdf" 2>/dev/null
		node "$TOP/tests/js/extract.mjs" "$WORK/std/$a.$t.pdf" > "$WORK/std/$a.$t.pdfjs.txt" 2>/dev/null
	done
	for x in poppler mupdf pdfjs; do
		if [ -s "$WORK/std/$a.none.$x.txt" ]; then
			check "$a: $x reads the same text with and without pdf/a-3u" \
				cmp "$WORK/std/$a.none.$x.txt" "$WORK/std/$a.pdf-a-3u.$x.txt"
			same "$a: $x reads the article's words and their order as well with pdf/a-3u,pdf/ua-1" \
				"$(figures "$in" "$WORK/std/$a.pdf-a-3u+pdf-ua-1.$x.txt")" \
				"$(figures "$in" "$WORK/std/$a.none.$x.txt")"
		else
			fail "$a: $x reads the PDF"
		fi
	done
done

# Every text layer, with kashidas too, keeps what it draws in marked
# content or an artifact (ISO 14289-1 7.1): a line's primers went between
# two runs' marked content, and the kashidas' letters, painted after a
# page's text, into a section that opened at the page's foot.
for v in text-layer=plain kashida=yes; do
	for a in features.en qatar-cybercrime-convention.ar; do
		out="$WORK/std/$a.$v.pdf"
		if "$CONVERT" --to pdf --param standard=pdf/ua-1 --param "$v" -o "$out" "$WORK/in/$a.xml" 2>"$WORK/err"; then
			check "$a: pdf/ua-1 with $v: qpdf --check clean, every rule kept" conforms "$WORK/in/$a.xml" "$out" pdf/ua-1
		else
			fail "$a: converts with standard=pdf/ua-1 and $v" "$(cat "$WORK/err")"
		fi
	done
done

# The bench book: 300 pages, the three standards' rules.
python3 "$TOP/bench/gen-large" > "$WORK/in/large.ar.xml"
for s in pdf/a-2u pdf/a-3u,pdf/ua-1; do
	tag=$(echo "$s" | tr '/,' '-+')
	if "$CONVERT" --to pdf --param "standard=$s" -o "$WORK/std/large.$tag.pdf" "$WORK/in/large.ar.xml"; then
		check "bench book: $s: qpdf --check clean, every rule kept" \
			conforms "$WORK/in/large.ar.xml" "$WORK/std/large.$tag.pdf" "$s"
	else
		fail "bench book: converts with standard=$s"
	fi
done

# Round trip through the embedded source.
src="$WORK/std/features.en.pdf-a-3u+pdf-ua-1.pdf"
pdfdetach -list "$src" > "$WORK/list"
same "pdf/a-3u: pdfdetach lists the article and its three images" \
	"$(sed -n 's/^[0-9]*: //p' "$WORK/list" | paste -sd' ')" \
	"features.en.xml images/press.jpg images/timeline.svg images/type-case.png"
mkdir -p "$WORK/back/images"
n=0
while read -r name; do
	n=$((n + 1))
	pdfdetach -save "$n" -o "$WORK/back/$name" "$src" || fail "pdfdetach -save $n ($name)"
done < <(sed -n 's/^[0-9]*: //p' "$WORK/list")
check "pdf/a-3u: the embedded article is the input, byte for byte" cmp "$WORK/back/features.en.xml" "$WORK/in/features.en.xml"
for i in press.jpg timeline.svg type-case.png; do
	check "pdf/a-3u: the embedded images/$i is the file, byte for byte" cmp "$WORK/back/images/$i" "$SAMPLES/images/$i"
done
"$CONVERT" --to pdf --param standard=pdf/a-3u,pdf/ua-1 -o "$WORK/back/again.pdf" "$WORK/back/features.en.xml" ||
	fail "the extracted article converts"
check "pdf/a-3u: the extracted article converts to the same PDF, byte for byte" cmp "$WORK/back/again.pdf" "$src"
same "pdf/a-2u: nothing embedded (PDF/A-2 admits only PDF/A attachments)" \
	"$(pdfdetach -list "$WORK/std/features.en.pdf-a-2u.pdf" | head -1)" "0 embedded files"

# A decorative image (alt="") is an artifact under PDF/UA, not a Figure.
same "pdf/ua-1: the decorative image is no Figure: three Figures for three alts" \
	"$(pdfinfo -struct "$WORK/std/features.en.pdf-ua-1.pdf" | grep -c 'Figure')" 3

# The structure tree poppler reads (pdfinfo -struct-text): every element
# type the draw stage writes for this article, each cross-reference and
# note marker a Reference around its Link, each header cell's scope, each
# Note's /ID (ISO 14289-1 7.4-7.9, 7.18).
tree="$(pdfinfo -struct-text "$WORK/std/features.en.none.pdf")"
same "the structure tree has every element type the article needs" \
	"$(echo "$tree" | grep -oE '^ *[A-Za-z0-9]+' | tr -d ' ' | sort -u | tr '\n' ' ')" \
	"BlockQuote Caption Code Document Figure H1 H2 H3 L LBody LI Lbl Link Note Object P Reference Sect Span TD TH TR Table "
same "each ref and note marker is a Link inside a Reference" \
	"$(echo "$tree" | grep -A1 '^ *Reference' | grep -c '^ *Link')" \
	"$(echo "$tree" | grep -c '^ *Reference')"
atleast "cross-references and note markers tagged" "$(echo "$tree" | grep -c '^ *Reference')" \
	"$(grep -c -e '<ref ' -e '<note' "$WORK/in/features.en.xml")"
struct="$(pdfinfo -struct "$WORK/std/features.en.none.pdf")"
same "every TH has /Scope /Column" "$(echo "$struct" | grep -A1 '^ *TH' | grep -c '/Scope /Column')" \
	"$(echo "$struct" | grep -c '^ *TH')"
same "every Note has an /ID" "$(echo "$struct" | grep -c '^ *Note <')" \
	"$(echo "$struct" | grep -c '^ *Note')"

# Inline structure elements (ISO 14289-1 7.1, 7.2; ISO 32000-1 14.8.4.4):
# inline code is a Code element in its paragraph, a run in another
# language a Span with its /Lang, a link in such a run a Link inside the
# Span; a run broken over lines and pages is one element whose marked
# content is on each page (tests/tools/struct-dump reads the tree through
# qpdf and poppler alike; the checker that each sequence is in one element
# that lists it with its page). On mixed-content.ar and on the UDHR
# preamble, an English run in Arabic (tests/tools/gen-inline-tags).
dump="$(python3 "$TOP/tests/tools/struct-dump" "$WORK/std/mixed-content.ar.pdf-ua-1.pdf")" ||
	fail "struct-dump reads mixed-content.ar"
has_elem() { printf '%s\n' "$dump" | awk -F'\t' -v p="$1" -v l="$2" -v t="$3" \
	'$1 == p && $2 == l && index($4, t) { n++ } END { exit !n }'; }
check "mixed-content.ar: inline code is a Code in its list item's body: U+FEC9" \
	has_elem "Document/Sect/Sect/L/LI/LBody/Code" - "U+FEC9"
check "mixed-content.ar: inline code is a Code in its paragraph: init" \
	has_elem "Document/Sect/Sect/P/Code" - "init"
check "mixed-content.ar: an English run is a Span with /Lang en: Linotype" \
	has_elem "Document/Sect/P/Span" en "Linotype"
check "mixed-content.ar: an Italian run in a footnote is a Span with /Lang it: Gregorio de Gregorii" \
	has_elem "Document/Sect/Sect/Note/Span" it "Gregorio de Gregorii"
same "mixed-content.ar: every Span with a /Lang is one the article has (en, it)" \
	"$(printf '%s\n' "$dump" | awk -F'\t' '$2 != "-" { print $2 }' | sort -u | paste -sd' ')" "en it"
python3 "$TOP/tests/tools/gen-inline-tags" > "$WORK/in/inline-tags.ar.xml"
"$CONVERT" --to pdf --param standard=pdf/ua-1 --param page-size=105x148 \
	-o "$WORK/std/inline-tags.pdf" "$WORK/in/inline-tags.ar.xml" || fail "inline-tags.ar converts"
check "inline-tags.ar (A6): qpdf --check clean, every pdf/ua-1 rule kept" \
	conforms "$WORK/in/inline-tags.ar.xml" "$WORK/std/inline-tags.pdf" pdf/ua-1
dump="$(python3 "$TOP/tests/tools/struct-dump" "$WORK/std/inline-tags.pdf")" ||
	fail "struct-dump reads inline-tags.ar"
same "an English run over pages is one Span with /Lang en: its text whole, its marked content on each page" \
	"$(printf '%s\n' "$dump" | awk -F'\t' '$1 == "Document/P/Span" && $2 == "en" &&
		index($4, "Whereas recognition of the inherent dignity") {
		print ($3 >= 2), (index($4, "barbarous acts") > 0), (index($4, "protected by the rule of") > 0) }')" \
	"1 1 1"
same "the English run is one element: no other Span with /Lang en holds its words" \
	"$(printf '%s\n' "$dump" | awk -F'\t' '$2 == "en"' | grep -c -e 'protected by the rule of' -e 'barbarous acts')" 1
check "a link in an English run is a Link inside the Span" \
	has_elem "Document/P/Span/Link" - "to promote the development of"
# The text inside each English Span that holds elements, one line each.
en_parents() { printf '%s\n' "$dump" | awk -F'\t' '
	$1 == "Document/P/Span" { if (t != "") print t; t = ""; lang = $2; next }
	index($1, "Document/P/Span/") == 1 && lang == "en" { t = t $4; next }
	{ if (t != "") print t; t = ""; lang = "" }
	END { if (t != "") print t }'; }
same "the English run with the link is one Span: its text (in Spans) and the Link all inside it" \
	"$(en_parents | awk '{ print (index($0, "Whereas it is essential") > 0), (index($0, "to promote the development of") > 0),
		(index($0, "friendly relations") > 0), (index($0, "in larger") > 0) }')" "1 1 1 1"
check "inline code in Arabic text is a Code in its paragraph" has_elem "Document/P/Code" - "A/RES/217(III)"

# Block elements over a page break, links over a line break (ISO 14289-1
# 7.1; ISO 32000-1 14.7.4, 14.7.5.4): the UDHR preamble at 105x148 mm in
# English, Arabic and Hebrew (tests/tools/gen-page-pieces), its paragraph,
# second list item and table cell each running onto the next page, its
# link over two lines, its footnote over a page break where the layout puts one. One P,
# one LBody per item, one TD per cell, one Note, each with marked content
# on each page it covers; one Link with an OBJR per annotation (the
# checker: the ParentTree names it for each, with its page).
for l in en ar he; do
	python3 "$TOP/tests/tools/gen-page-pieces" "$l" > "$WORK/in/page-pieces.$l.xml"
	pdf="$WORK/std/page-pieces.$l.pdf"
	if ! "$CONVERT" --to pdf --param standard=pdf/ua-1 --param page-size=105x148 \
		-o "$pdf" "$WORK/in/page-pieces.$l.xml" 2>"$WORK/err"; then
		fail "page-pieces.$l converts" "$(cat "$WORK/err")"
		continue
	fi
	check "page-pieces.$l (A6): qpdf --check clean, every pdf/ua-1 rule kept" \
		conforms "$WORK/in/page-pieces.$l.xml" "$pdf" pdf/ua-1
	dump="$(python3 "$TOP/tests/tools/struct-dump" "$pdf")" || fail "struct-dump reads page-pieces.$l"
	# count PATH [MIN_PAGES]: elements at PATH (with marked content on
	# MIN_PAGES pages or more).
	count() { printf '%s\n' "$dump" | awk -F'\t' -v p="$1" -v m="${2:-0}" '$1 == p && $3 >= m { n++ } END { print n + 0 }'; }
	same "page-pieces.$l: the paragraph over a page break is one P, its marked content on two pages (with the title and the link's paragraph, three)" \
		"$(count Document/P) $(count Document/P 2)" "3 1"
	same "page-pieces.$l: each list item's body is one LBody, the second's on two pages or more" \
		"$(count Document/L/LI/LBody) $(($(count Document/L/LI/LBody 2) >= 1))" "2 1"
	same "page-pieces.$l: each cell of the row over the page breaks is one TD, the longer on two pages or more" \
		"$(count Document/Table/TR/TD) $(($(count Document/Table/TR/TD 2) >= 1))" "2 1"
	same "page-pieces.$l: the link over a line break is one Link with an OBJR for each of its annotations (two or more)" \
		"$(printf '%s\n' "$dump" | awk -F'\t' '$1 == "Document/P/Link" { n++; if ($5 >= 2) k++ } END { print n + 0, k + 0 }')" "1 1"
	same "page-pieces.$l: the footnote is one Note" "$(count Document/Note)" 1
	notes_over=$((${notes_over:-0} + $(count Document/Note 2)))
done
atleast "page-pieces: the footnote is one Note over a page break in some language (en, he)" "${notes_over:-0}" 1

# Refusals: a bad value, two PDF/A parts.
for bad in pdf/a-1b "pdf/a-2u,pdf/a-3u" "pdf/ua-1,"; do
	out=$("$CONVERT" --to pdf --param "standard=$bad" -o "$WORK/bad.pdf" "$WORK/in/features.en.xml" 2>&1)
	rc=$?
	same "standard=$bad refused with exit 2 (usage) and no file" "$rc $( [ -e "$WORK/bad.pdf" ] && echo file)" "2 "
	case $out in *standard*|*PDF/A*) pass "standard=$bad: the message says why" ;;
	*) fail "standard=$bad: the message says why" "$out" ;; esac
done

finish
