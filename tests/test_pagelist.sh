#!/bin/bash
# The EPUB page-list of the PDF edition (--param page-list=yes;
# docs/archival.md, "The EPUB page-list").
#
# For every page of the PDF that convert writes with the same parameters
# (--to pdf,epub), the book has a page-break marker with the PDF's own
# page label, listed in its page-list nav in order, and the first word
# poppler reads on the page is the first word after that marker
# (tests/tools/pagelist-check says how words are compared, and how a
# page that begins inside a word, inside a table with repeated header
# rows, or with no text at all, is taken). The PDFs are made with
# standard=pdf/ua-1, whose running heads and page numbers are outlines,
# so that the first word poppler reads is the page's text.
#
# Articles: the samples (English with footnotes, figures and a table cut
# across pages; Arabic with Arabic-Indic page labels; an Arabic legal
# text), on A4, on A5 (more breaks, inside paragraphs, lists and footnoted
# text) and on 100x140 mm with hyphenation (breaks inside table rows cut
# between lines, a listing, a cross-reference and hyphenated words), and
# the preamble of the Universal Declaration of Human
# Rights in Persian (tests/data/udhr-preamble.txt, public domain) on A6. EPUBCheck and Ace by DAISY (tests/ace, run offline on
# Debian's chromium) report nothing on the books. Without page-list=yes
# the book has no trace of it.
. "$(dirname "$0")/lib.sh"

ACE="$TOP/tests/ace/node_modules/@daisy/ace-cli/bin/ace.js"
mkdir -p "$WORK/in"
cp "$SAMPLES"/*.xml "$WORK/in/"
cp -R "$SAMPLES/images" "$WORK/in/"
"$TOP/tests/tools/gen-udhr" fa > "$WORK/in/udhr.fa.xml"
SAMPLE_ARTICLES="features.en mixed-content.ar qatar-cybercrime-convention.ar"

# convert_set NAME PAGE-SIZE HYPHENATE ARTICLES...: PDF and EPUB of each
# into $WORK/NAME.
convert_set() {
	dir=$1 size=$2 hyphenate=$3; shift 3
	files=""
	for a in "$@"; do files="$files $WORK/in/$a.xml"; done
	# shellcheck disable=SC2086
	check "$dir: pdf and epub with page-list=yes, page-size=$size, hyphenate=$hyphenate" \
		"$CONVERT" --to pdf,epub --param page-list=yes --param standard=pdf/ua-1 \
		--param page-size="$size" --param hyphenate="$hyphenate" -o "$WORK/$dir/" $files
}
convert_set a4 A4 no $SAMPLE_ARTICLES
convert_set a5 A5 no $SAMPLE_ARTICLES
# Narrow pages: breaks inside cut table rows, listings, cross-references
# and hyphenated words.
convert_set narrow 100x140 yes $SAMPLE_ARTICLES
convert_set a6 105x148 no udhr.fa

for set in a4 a5 narrow a6; do
	for f in "$WORK/$set"/*.pdf; do
		a=$(basename "$f" .pdf)
		check "$set $a: the first word of every page of the PDF follows its marker in the book" \
			"$TOP/tests/tools/pagelist-check" "$f" "$WORK/$set/$a.epub"
	done
done
pages=$(pdfinfo "$WORK/a5/features.en.pdf" | awk '/^Pages:/ {print $2}')
atleast "a5 features.en: the English article breaks into several pages" "$pages" 5
check "the checker fails a book whose page-list cites another edition (A5 against A4)" \
	bash -c '! "$1" "$2" "$3"' _ "$TOP/tests/tools/pagelist-check" \
	"$WORK/a4/features.en.pdf" "$WORK/a5/features.en.epub"
check "the labels of an Arabic article are the PDF's Arabic-Indic ones" \
	grep -q 'aria-label="٣"' <(unzip -p "$WORK/a5/mixed-content.ar.epub" 'OEBPS/*.xhtml')
unzip -p "$WORK/a5/features.en.epub" OEBPS/package.opf > "$WORK/a5.opf"
check "the book names the PDF edition as its page source (dc:source)" \
	grep -q '<dc:source id="page-source">PDF edition made by convert with page-size=A5, ' "$WORK/a5.opf"
check "... as the source of its pagination (source-of)" \
	grep -q '<meta refines="#page-source" property="source-of">pagination</meta>' "$WORK/a5.opf"

# The EPUB alone: the PDF it cites is the one --to pdf would write.
"$CONVERT" --to epub --param page-list=yes -o "$WORK/alone.epub" "$WORK/in/features.en.xml"
"$CONVERT" --to pdf --param standard=pdf/ua-1 -o "$WORK/alone.pdf" "$WORK/in/features.en.xml"
check "--to epub alone cites the pages of --to pdf with the same parameters" \
	"$TOP/tests/tools/pagelist-check" "$WORK/alone.pdf" "$WORK/alone.epub"

# Validators. EPUBCheck on every book of a set, Ace on two (each takes
# about 15 s of wall time in a headless chromium).
# The A5 books also against EPUB 3.3's rules (EPUBCheck 5.3.0): the
# page-list, its markers and the edition they cite.
for f in "$WORK/a5"/*.epub; do
	EPUBCHECK5=yes check "EPUBCheck 4.2.6 and 5.3.0: $(basename "$f") (page-list)" epubcheck_clean "$f"
done
for f in "$WORK/a6"/*.epub; do
	check "epubcheck: $(basename "$f") (page-list)" epubcheck_clean "$f"
done
if [ -f "$ACE" ] && [ -x /usr/bin/chromium ]; then
	for a in features.en mixed-content.ar; do
		PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium node "$ACE" -s -f -o "$WORK/ace-$a" \
			"$WORK/a5/$a.epub" > /dev/null 2>&1
		check "ace: $a.epub (page-list) has no violation" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
bad = ["%s: %s" % (a["earl:testSubject"]["url"], x["earl:test"]["dct:title"])
       for a in r["assertions"] for x in a.get("assertions", [])]
print("\n".join(bad))
sys.exit(1 if bad or r["earl:result"]["earl:outcome"] != "pass" else 0)' "$WORK/ace-$a/report.json"
	done
else
	fail "ace: Ace by DAISY (tests/ace: npm ci) and /usr/bin/chromium are installed"
fi

# The markers take nothing away: each content document of a book with
# page-list=yes (--to epub alone), its markers taken out, is the book
# without it, byte for byte.
for a in $SAMPLE_ARTICLES; do
	"$CONVERT" --to epub -o "$WORK/plain-$a.epub" "$WORK/in/$a.xml"
	"$CONVERT" --to epub --param page-list=yes -o "$WORK/marked-$a.epub" "$WORK/in/$a.xml"
	check "$a: the book's text is the plain book's, but for the markers" bash -c '
		mkdir -p "$1" && cd "$1" && mkdir -p pl plain && unzip -qo "$2" -d pl && unzip -qo "$3" -d plain || exit 1
		grep -q "epub:type=\"pagebreak\"" pl/OEBPS/*.xhtml || exit 1
		for f in plain/OEBPS/*.xhtml; do
			[ "${f##*/}" = nav.xhtml ] && continue
			sed "s|<span epub:type=\"pagebreak\" [^>]*/>||g" "pl/OEBPS/${f##*/}" | cmp - "$f" || exit 1
		done' _ "$WORK/cmp-$a" "$WORK/marked-$a.epub" "$WORK/plain-$a.epub"
done

# Without page-list=yes: nothing of it, and the same bytes as page-list=no.
"$CONVERT" --to epub -o "$WORK/plain.epub" "$WORK/in/features.en.xml"
"$CONVERT" --to epub --param page-list=no -o "$WORK/no.epub" "$WORK/in/features.en.xml"
check "page-list=no is the default, byte for byte" cmp "$WORK/plain.epub" "$WORK/no.epub"
check "without page-list=yes the book has no page breaks, page-list or page source" \
	bash -c '! unzip -p "$1" | grep -q "pagebreak\|page-list\|page-source"' _ "$WORK/plain.epub"
"$CONVERT" --to epub --param page-list=maybe -o "$WORK/bad.epub" "$WORK/in/features.en.xml" \
	2> "$WORK/bad.err"
same "page-list=maybe is refused before any article is read (exit 2)" "$?" 2
check "page-list=maybe: the message says what page-list takes" grep -q "page-list must be yes or no" "$WORK/bad.err"

finish
