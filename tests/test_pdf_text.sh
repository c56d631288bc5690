# Text comes back out of our PDFs (issue 4): every sample is converted to
# PDF and read back with the three extractors users' tools are built on,
# poppler (pdftotext), pdf.js (tests/js/extract.mjs, as Firefox copies) and
# mupdf (mutool draw -F txt); tests/tools/recall gives the fraction of the
# article's words found in each extraction, after NFKC and without bidi
# controls and tatweel. Required: Latin words 100% in all three; Arabic
# articles >= 99% in poppler and pdf.js; mupdf is reported (docs/pdf-text.md
# explains why it reads right-to-left lines backwards). Order counts too
# ("every word copies out in the right order"): for Arabic articles the
# fraction of neighbouring word pairs kept (recall --pairs) is measured
# against the same 0.99 in poppler and pdf.js. Issue 5 asks the same of
# the text of captions, table cells and notes, measured alone.
. "$(dirname "$0")/lib.sh"

RECALL="$TOP/tests/tools/recall"
EXTRACT_JS="$TOP/tests/js/extract.mjs"

have_pdfjs=1
if ! command -v node >/dev/null 2>&1 || [ ! -d "$TOP/tests/js/node_modules/pdfjs-dist" ]; then
	have_pdfjs=0
	fail "pdf.js extractor installed" "run scripts/install-deps (npm install in tests/js)"
fi

# at_least NAME GOT MIN: a case that passes when GOT >= MIN.
at_least() {
	if awk -v g="$2" -v m="$3" 'BEGIN { exit !(g + 0 >= m + 0) }'; then
		pass "$1 = $2 (>= $3)"
	else
		fail "$1 = $2" "below $3"
	fi
}

# Issue 4 is not fully met yet. Where a target is still missed, the case
# asserts a regression floor instead (the figure measured on 2026-11-29,
# less 0.005, rounded down) and prints a visible NOT MET line, so main stays
# green without hiding the gap. Raise or delete a floor when the figure
# improves; docs/pdf-text.md explains the remaining causes.
# floor SAMPLE EXTRACTOR METRIC -> the floor, or nothing when the target holds.
# The pdf.js Latin floor of mixed-content.ar was lowered once more
# (0.918 -> 0.880) when glyphs stopped carrying other characters' text
# (fontslots.h, carriers): pdf.js then reads "عـ" right where it read
# "لع", but regroups the list lines' items and glues two code points to
# the Arabic word beside them. The two pdf.js floors of mixed-content.ar
# were lowered on 2026-11-29 (0.956 -> 0.918 Latin, 0.880 -> 0.860 all;
# all since raised to 0.876) when right-to-left lines
# stopped switching font at every space (plugins/pdf/fontslots.h): pdf.js
# then reads such a line as one item, in order (pairs 0.07 -> 0.60 here,
# 0.01 -> 0.93 on the seed), but still glues the words on either side of
# a change of font, which per-word items used to keep apart.
# The pdf.js Latin and note floors of mixed-content.ar went on 2026-11-29
# (the session after) when a run that starts a new pdf.js item after a run
# it touches got a gap before it (runorder.h, pdf_runorder_gap_before):
# Latin 0.904 -> 1.000, notes 0.913 -> 1.000, all 0.945 -> 0.970.
# Word order (pairs) has been counted within the source's blocks since
# that session: across two blocks the page has what the source does not
# (a heading's number, the date under the title), so such a pair said
# nothing of order; nor across a cross-reference, whose text the page
# makes. The seed went 0.974 / 0.965 -> 1.000 / 0.994 (poppler / pdf.js)
# and lost its floors; mixed-content.ar 0.940 / 0.780 -> 0.990 / 0.834
# (a word with a note mark glued to it also stands for the word in a pair,
# as it does for recall).
# The poppler Latin floor of mixed-content.ar went on 2026-11-29 (the
# session after that) when left-to-right lines got bidi marks that keep
# their stretches apart on a page poppler reads right to left (0.981 ->
# 1.000; glyphrun.h, PDF_MARK_LRM_LEFT), and its pdf.js pairs floor went
# up (0.839 -> 0.879) when a letter before a space of 0.6 em or more on a
# right-to-left line got a stretched carrier (pairs 0.844 -> 0.887), and
# again (0.879 -> 0.883) when a tight space did (0.887 -> 0.889), and
# (0.883 -> 0.912) when lines of several pdf.js items were drawn item by
# item in logical order (0.889 -> 0.917), and (0.912 -> 0.942) when a
# number drawn with primers became an item of its own (0.917 -> 0.947),
# and (0.942 -> 0.968) when a punctuation mark shown first did too and
# an item's runs had to go on from each other's text (0.947 -> 0.974),
# and (0.968 -> 0.978) when a left-to-right run with primers became an
# item of its own and an item starting with a vowel mark got the carrier
# a line gets (0.974 -> 0.984), and (0.978 -> 0.995) on 2026-11-29 (the
# session after stop 12) when the carrier between two items held an ALM,
# which pdf.js counts as Arabic (an RLM counts as Latin there, and
# "س<sub>٢</sub>" read "س ٢"), a run that goes on with a word across a
# change of size was tucked left ("2<sup>16</sup>" read "2 16"), and a
# right-to-left stretch of a left-to-right line was drawn in logical
# order (the listing line; 0.984 -> 0.998).
# nestar (tests/tools/gen-nested-mix ar 12) had pdf.js floors for the
# day it was added (2026-11-29, the session after stop 13; Latin 0.984,
# pairs 0.990) and lost them the same day, when a left-to-right run on a
# right-to-left line became a pdf.js item of its own (1.000 and 1.000).
floor() {
	case "$1 $2 $3" in
	"mixed-content.ar poppler pairs") echo 0.984 ;;
	"mixed-content.ar pdfjs pairs") echo 0.995 ;;
	esac
}

# target NAME SAMPLE EXTRACTOR METRIC GOT TARGET: the issue's threshold when
# it is met; otherwise the sample's regression floor plus a NOT MET line.
target() {
	if awk -v g="$5" -v m="$6" 'BEGIN { exit !(g + 0 >= m + 0) }'; then
		pass "$1 = $5 (>= $6)"
		return
	fi
	fl=$(floor "$2" "$3" "$4")
	if [ -z "$fl" ]; then
		fail "$1 = $5" "below $6"
		return
	fi
	case $4 in *-*) issue=5 ;; *) issue=4 ;; esac
	echo "  NOT MET: $2 $3 $4 $5 < $6 (issue $issue)"
	at_least "$1 regression floor" "$5" "$fl"
}

# measure NAME EXTRACTOR SOURCE TEXT PART: the cases for SOURCE's words
# found in TEXT (SOURCE is the article, or with PART the words of its
# PARTs); Latin words in every article, all words and their order in
# Arabic ones ($lang), mupdf's reported only.
measure() {
	label="$1 $2${5:+ $5}"
	metric=${5:+$5-}
	latin=$("$RECALL" "$3" "$4" --only=latin 2>/dev/null || echo none)
	if [ "$latin" != none ]; then
		target "$label Latin word recall" "$1" "$2" "${metric}latin" "$latin" 1.0
	fi
	case $lang in
	ar*)
		all=$("$RECALL" "$3" "$4")
		if [ "$2" = mupdf ]; then
			# Reported, not required: see docs/pdf-text.md.
			echo "  info $label word recall = $all (goal 0.99)"
		else
			target "$label word recall" "$1" "$2" "${metric}all" "$all" 0.99
			if [ -z "$5" ]; then
				pairs=$("$RECALL" "$3" "$4" --pairs)
				target "$label word order (pairs kept)" "$1" "$2" pairs "$pairs" 0.99
			fi
		fi
		;;
	esac
}

# part_text ARTICLE ELEMENT: the text of each ELEMENT, a line each,
# without the notes inside it.
part_text() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
def text(e):
    out = [e.text or ""]
    for c in e:
        if c.tag != "note":
            out.append(text(c))
        out.append(c.tail or "")
    return "".join(out)
for e in ET.parse(sys.argv[1]).iter(sys.argv[2]):
    print(" ".join(text(e).split()))' "$1" "$2"
}

for src in "$SAMPLES"/*.xml; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .xml)
	pdf="$WORK/$name.pdf"
	if ! out=$("$CONVERT" --to pdf -o "$pdf" "$src" 2>&1); then
		fail "$name converts to PDF" "$out"
		continue
	fi
	pdftotext -q "$pdf" "$WORK/$name.poppler.txt" || fail "$name: pdftotext reads it"
	mutool draw -q -F txt -o "$WORK/$name.mupdf.txt" "$pdf" 2>/dev/null || fail "$name: mutool reads it"
	extractors="poppler mupdf"
	if [ $have_pdfjs = 1 ]; then
		node "$EXTRACT_JS" "$pdf" > "$WORK/$name.pdfjs.txt" 2>"$WORK/err" || fail "$name: pdf.js reads it" "$(tail -3 "$WORK/err")"
		extractors="poppler pdfjs mupdf"
	fi
	lang=$(xmllint --xpath 'string(/article/@*[local-name()="lang"])' "$src" 2>/dev/null)
	for ex in $extractors; do
		txt="$WORK/$name.$ex.txt"
		[ -f "$txt" ] || continue
		measure "$name" "$ex" "$src" "$txt" ""
		# Issue 5: the same thresholds for the words of the captions,
		# table cells and notes alone (a note inside a caption counts as
		# a note).
		for part in caption cell note; do
			part_text "$src" "$part" > "$WORK/$name.$part.txt"
			[ -s "$WORK/$name.$part.txt" ] || continue
			measure "$name" "$ex" "$WORK/$name.$part.txt" "$txt" "$part"
		done
	done
done

# article NAME LANG TITLE: writes $WORK/NAME.xml, an article in LANG
# titled TITLE whose body is standard input.
article() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo "<article version=\"1.0\" xml:lang=\"$2\"><meta><title>$3</title></meta><body>"
		cat
		echo '</body></article>'
	} > "$WORK/$1.xml"
}

# extract_generated NAME CASE [ARGS...]: converts $WORK/NAME.xml (with
# convert's ARGS) and extracts its text with pdf.js and poppler
# (NAME.pdfjs.txt, NAME.poppler.txt); when it does not convert, fails the
# case "CASE: converts" with Cairo's or our message and returns 1.
extract_generated() {
	name=$1 case=$2
	shift 2
	if ! "$CONVERT" --to pdf "$@" -o "$WORK/$name.pdf" "$WORK/$name.xml" 2>"$WORK/err"; then
		fail "$case: converts" "$(cat "$WORK/err")"
		return 1
	fi
	node "$EXTRACT_JS" "$WORK/$name.pdf" > "$WORK/$name.pdfjs.txt" 2>"$WORK/err"
	pdftotext -q "$WORK/$name.pdf" "$WORK/$name.poppler.txt"
}

# all_found NAME WHAT SOURCE BASE: asserts that pdf.js and poppler find every
# word of SOURCE in their text of BASE.pdf, as checks "NAME: EXTRACTOR WHAT".
all_found() {
	for ex in pdfjs poppler; do
		at_least "$1: $ex $2" "$("$RECALL" "$3" "$WORK/$4.$ex.txt")" 1.0
	done
}

# order_kept CASE NAME MIN EXTRACTOR...: asserts that each EXTRACTOR's text
# of $WORK/NAME.pdf keeps MIN of the source's pairs of neighbouring words,
# as "CASE: EXTRACTOR word order (pairs kept)".
order_kept() {
	ok_case=$1 ok_name=$2 ok_min=$3
	shift 3
	for ok_ex in "$@"; do
		at_least "$ok_case: $ok_ex word order (pairs kept)" \
			"$("$RECALL" "$WORK/$ok_name.xml" "$WORK/$ok_name.$ok_ex.txt" --pairs)" "$ok_min"
	done
}

# mupdf_latin CASE NAME: asserts that mupdf's text of $WORK/NAME.pdf has
# every Latin word of the source, as "CASE: mupdf Latin word recall".
mupdf_latin() {
	at_least "$1: mupdf Latin word recall" \
		"$("$RECALL" "$WORK/$2.xml" "$WORK/$2.mupdf.txt" --only=latin)" 1.0
}

# Vocalised Arabic: every paragraph's last line ends in a vowel mark
# ("فَحَوْمَلِ"), which in visual order is the first glyph of that line's
# stream (glyphrun.h, pdf_glyphrun_lead_line). pdf.js kept such a mark in
# the previous line's item and lost the word, one a paragraph.
if [ $have_pdfjs = 1 ]; then
	{
		for i in $(seq 1 12); do
			echo '<p>قِفا نَبْكِ مِنْ ذِكْرى حَبيبٍ ومَنْزِلِ بِسِقْطِ اللِّوى بَيْنَ الدَّخولِ فَحَوْمَلِ</p>'
			echo '<p>وكان الشعر العربي تحدياً خاصاً لأن البيت يُقسم إلى شطرين كما نرى دائماً</p>'
		done
	} | article vowels ar شعر
	if extract_generated vowels "lines ending in a vowel mark"; then
		# Every word: the space before a word that ends in a mark, after a
		# letter Amiri moves sideways ("مِنْ ذِكْرى"), rides on a carrier.
		all_found "vocalised paragraphs" "word recall" "$WORK/vowels.xml" vowels
		# The paragraphs' last words alone: each is the last on its line.
		part_text "$WORK/vowels.xml" p | awk '{ print $NF }' > "$WORK/vowels.last.txt"
		all_found "lines ending in a vowel mark" "recall of their last words" \
			"$WORK/vowels.last.txt" vowels
	fi
fi

# A word that runs into a span in another font or a link ("و<code>medi</code>",
# "و<ref/>"): on a right-to-left line the two runs are drawn the other way
# round (runorder.h, pdf_runorder_draw_before), so pdf.js, which reads its
# items in drawing order, has the word whole.
if [ $have_pdfjs = 1 ]; then
	{
		echo '<section id="s1"><title>الخصائص</title>'
		for i in $(seq 1 6); do
			echo "<p>يختار محرك التشكيل الشكل المناسب عبر خصائص مثل <code>init</code> و<code>medi</code> و<code>fina</code> في الفقرة $i من هذا القسم.</p>"
			echo "<p>دخلت آلات السبك مثل <span xml:lang=\"en\">Linotype</span> و<span xml:lang=\"en\">Monotype</span> إلى المطابع، كما في و<ref target=\"s1\"/> من المقالة.</p>"
		done
		echo '</section>'
	} | article spans ar خصائص
	if extract_generated spans "words that run into a span"; then
		all_found "words that run into a span" "word recall" "$WORK/spans.xml" spans
	fi
fi
# Lines of the other direction than the page (pdf.js's and poppler's whole
# text, Latin words in mupdf too). poppler decides one reading direction
# per page, by counting letters, and prints the stretches of every line of
# that page in that direction: a left-to-right line on an Arabic page came
# out glued where a stretch met the Arabic before it (".</pعام",
# "1514طُبع", "كتابThe"), and so did a right-to-left line with numbers on
# an English page ("وهذه1820"). The bidi marks at the edges of the runs and
# a space's width outside the lines keep them apart (glyphrun.h,
# PDF_MARK_LRM_LEFT and the others). pdf.js finds every word too (it lost
# "1514" while a face's first digits were drawn with primers in the middle
# of an item: render.c, pdf_split_primed and pdf_line_primes).
# other_direction NAME ARTICLE: the checks for ARTICLE ($WORK/NAME.xml).
other_direction() {
	extract_generated "$2" "$1" || return
	mutool draw -q -F txt -o "$WORK/$2.mupdf.txt" "$WORK/$2.pdf" 2>/dev/null
	all_found "$1" "word recall" "$WORK/$2.xml" "$2"
	mupdf_latin "$1" "$2"
}
if [ $have_pdfjs = 1 ]; then
	{
		for i in $(seq 1 8); do
			echo "<p>طُبع أول كتاب عربي بحروف متحركة في مدينة فانو عام 1514، ثم انتقلت الطباعة إلى مطبعة بولاق في القاهرة سنة 1820 وهذه الفقرة $i.</p>"
			echo "<p xml:lang=\"en\">The word كتاب means book and مكتبة means library; the press at بولاق printed its first book in 1822, paragraph $i.</p>"
			echo "<pre dir=\"ltr\">&lt;p&gt;طُبع &lt;span xml:lang=\"en\"&gt;Kitab Salat&lt;/span&gt; عام 1514.&lt;/p&gt;</pre>"
		done
	} | article ltrlines ar نصوص
	other_direction "left-to-right lines on Arabic pages" ltrlines
	{
		for i in $(seq 1 8); do
			echo "<p>The first book printed in Arabic movable type appeared in Fano in 1514, and the press at Bulaq in Cairo printed its first book in 1822; this is paragraph $i of the test.</p>"
			echo "<p xml:lang=\"ar\">طُبع أول كتاب عربي بحروف متحركة في مدينة فانو عام 1514، ثم انتقلت الطباعة إلى مطبعة بولاق سنة 1820 وهذه الفقرة $i.</p>"
		done
	} | article rtllines en Texts
	other_direction "right-to-left lines on English pages" rtllines
fi
# Loose justified lines (a page 80 mm wide): pdf.js ends its text item at
# a gap of 0.6 em and joins the items in drawing order, so every word of a
# right-to-left line whose spaces had grown that wide was an item of its
# own and the line came out last word first. The letter before such a
# space carries its text on a wider glyph (glyphrun.c,
# pdf_glyphrun_show_stretched). Word order in pdf.js: 0.790 before, 0.975
# with it, 0.988 once a paragraph's full stop shown first by its face was
# a run of its own (render.c, pdf_split_primed).
if [ $have_pdfjs = 1 ]; then
	{
		for i in $(seq 1 6); do
			echo '<p>يختار محرك التشكيل الشكل المناسب لكل حرف بحسب موقعه من الكلمة، فالحرف المتصل يأخذ شكلاً في أول الكلمة وآخر في وسطها وثالثاً في آخرها، والمنفصل شكلاً رابعاً مستقلاً.</p>'
		done
	} | article loose ar سطور
	if extract_generated loose "loose justified lines" --param page-size=80x200; then
		order_kept "loose justified lines" loose 0.98 pdfjs
		all_found "loose justified lines" "word recall" "$WORK/loose.xml" loose
	fi
fi
# Spaces Amiri's kerning leaves hardly any gap around ("كل " before
# "مرحلة"): pdf.js took the space glyph, followed by a letter less than
# 0.1 em past the last one's end, for the end of its text item, and the
# line came out in pieces back to front (0.895 of the pairs). The letter
# and the space ride on one carrier (glyphrun.c, pdf_glyphrun_show_spaced).
if [ $have_pdfjs = 1 ]; then
	{
		for i in $(seq 1 8); do
			echo '<p>وتتناول الأقسام التالية كل مرحلة منها، ويتناول كل قسم كل ما يتصل بها، فلكل مرحلة كلمة وكل كلمة لها شكل.</p>'
		done
	} | article tight ar مراحل
	if extract_generated tight "tight spaces"; then
		order_kept "tight spaces" tight 0.99 pdfjs
		all_found "tight spaces" "word recall" "$WORK/tight.xml" tight
	fi
fi
# Right-to-left lines that pdf.js reads as several text items (a Latin
# word in Noto, code, a link): pdf.js joins its items in drawing order and
# reverses each on its own, so such a line drawn left to right came out
# item by item from its end (0.696 of the pairs; 1.000 now). render.c draws such a
# line item by item in logical order, with the spaces between items on
# carriers (runorder.h, pdf_runorder_items; glyphrun.h,
# pdf_glyphrun_edge_text). mupdf, which reads the stream as it comes, has
# a space where it jumps, so its Latin words stay whole.
if [ $have_pdfjs = 1 ]; then
	{
		echo '<section id="s1"><title>المعيار</title>'
		for i in $(seq 1 8); do
			echo "<p>يخزّن معيار <span xml:lang=\"en\">Unicode</span> الحرف مرة واحدة، ويختار محرك التشكيل الشكل المناسب عبر خصائص مثل <code>init</code> و<code>medi</code> في خط <span xml:lang=\"en\">Amiri</span> الرقمي، كما في <ref target=\"s1\"/> من هذه المقالة.</p>"
		done
		echo '</section>'
	} | article fonts ar خطوط
	if extract_generated fonts "lines of several pdf.js items"; then
		mutool draw -q -F txt -o "$WORK/fonts.mupdf.txt" "$WORK/fonts.pdf" 2>/dev/null
		order_kept "lines of several pdf.js items" fonts 0.99 pdfjs poppler
		all_found "lines of several pdf.js items" "word recall" "$WORK/fonts.xml" fonts
		mupdf_latin "lines of several pdf.js items" fonts
	fi
fi
# A number whose digits a face shows for the first time is drawn with
# primers, in Cairo's other font for the face (fontslots.h), so it is a
# pdf.js item of its own; render.c knows it as one and draws the line item
# by item in logical order like any other (pdf_line_primes). Before, such
# a line was drawn left to right and came out in pieces back to front
# (0.917 of the pairs).
if [ $have_pdfjs = 1 ]; then
	for n in 1514 2023 678 90 1514 2023; do
		echo "<p>طُبع أول كتاب عربي بحروف متحركة في مدينة فانو عام $n ثم انتقلت الطباعة إلى مطبعة بولاق في القاهرة وتلاها كثير من المطابع في المشرق.</p>"
	done | article numbers ar أعداد
	if extract_generated numbers "numbers first shown"; then
		order_kept "numbers first shown" numbers 0.99 pdfjs
		all_found "numbers first shown" "word recall" "$WORK/numbers.xml" numbers
	fi
fi
# A right-to-left stretch of several pdf.js items in a left-to-right line
# (Arabic and a number in an English paragraph or in a listing): pdf.js
# joins items in drawing order, so drawn left to right the stretch came
# out number first ("such as 1820 مطبعة بولاق"; 0.603 of the pairs).
# render.c draws the stretch's items in logical order too. poppler reads
# such a stretch in visual order whatever is drawn (it prints a number as
# a left-to-right piece), so only its words are checked: the space
# between an Arabic word and a number on its right went into the Arabic
# stretch and to its far end ("في فانو1514": 0.956 of the words) until the
# LRM there came before the space (glyphrun.c). Arabic in code is set in
# Amiri, which has glyphs to carry the spaces, not in DejaVu Sans.
if [ $have_pdfjs = 1 ]; then
	article rtlspans en Spans <<'EOF_ARTICLE'
<p>The press was known as <span dir="rtl">مطبعة بولاق 1820</span> in its first catalogue, and later books name <span xml:lang="ar">المطبعة الأميرية عام 1865</span> as its successor with a longer run of titles.</p>
<p>A reader searching for <span xml:lang="ar">الطبعة الثانية 1902</span> finds the same text as <span xml:lang="ar">الطبعة الأولى 1898</span> with corrections.</p>
<pre>&lt;p&gt;طبع عام 1514 في فانو&lt;/p&gt;</pre>
<p>Numbers inside: <span xml:lang="ar">سنة 1727 في إسطنبول</span> and <span xml:lang="ar">من 1514 إلى 1538</span> close the list.</p>
EOF_ARTICLE
	if extract_generated rtlspans "right-to-left stretches in left-to-right lines"; then
		order_kept "right-to-left stretches in left-to-right lines" rtlspans 0.99 pdfjs
		all_found "right-to-left stretches in left-to-right lines" "word recall" "$WORK/rtlspans.xml" rtlspans
		same "right-to-left stretches in left-to-right lines: Arabic set in Amiri (no fallback face)" \
			"$(pdffonts "$WORK/rtlspans.pdf" | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1 }' |
			   grep -v -e '^Amiri' -e '^Noto' | sort -u | tr '\n' ' ')" ""
	fi
fi
# Table cells whose lines are several pdf.js items are drawn item by item
# in logical order like any other line (pdf.js word order of such an
# Arabic table 0.127 -> 1.000, of an English one with Arabic cells 0.750
# -> 1.000); the space that ends such a cell is drawn after its last item,
# where the stream now ends, or mupdf read the next cell into it
# ("Unicodeرقمي"). poppler reads a row of an Arabic table as one line,
# and a cell's left-to-right end ran into the next cell's text: a number
# cell ("1991الإصدار") or a Latin word at a cell's left ("Unicodeخط"; 0.692
# of the words): such a cell line now gets its edge RLM (glyphrun.h,
# PDF_MARK_RLM_EDGE), carried in Amiri when the word is in Noto.
if [ $have_pdfjs = 1 ]; then
	{
		echo '<table id="t1"><caption>إصدارات المعيار</caption>'
		echo '<row role="header"><cell>السنة</cell><cell>الإصدار</cell><cell>الوصف</cell></row>'
		for i in 1 2 3 4 5 6; do
			echo "<row><cell>199$i</cell><cell>الإصدار $i.0 من <span xml:lang=\"en\">Unicode</span></cell><cell>خط <span xml:lang=\"en\">Amiri</span> مع <code>U+06$i$i</code> للحروف</cell></row>"
		done
		echo '</table>'
	} | article cells ar جدول
	if extract_generated cells "cells of several pdf.js items"; then
		mutool draw -q -F txt -o "$WORK/cells.mupdf.txt" "$WORK/cells.pdf" 2>/dev/null
		order_kept "cells of several pdf.js items" cells 0.99 pdfjs poppler
		all_found "cells of several pdf.js items" "word recall" "$WORK/cells.xml" cells
		mupdf_latin "cells of several pdf.js items" cells
	fi
	{
		echo '<table id="t1"><caption>Editions</caption>'
		echo '<row role="header"><cell>Year</cell><cell>Press</cell><cell>Note</cell></row>'
		for i in 1 2 3 4 5 6; do
			echo "<row><cell>182$i</cell><cell><span xml:lang=\"ar\">مطبعة بولاق $i</span> in Cairo</cell><cell>Set in <span xml:lang=\"ar\">خط النسخ</span> type</cell></row>"
		done
		echo '</table>'
	} | article cellsen en Table
	if extract_generated cellsen "cells of an English table with Arabic in them"; then
		order_kept "cells of an English table with Arabic in them" cellsen 0.99 pdfjs
		all_found "cells of an English table with Arabic in them" "word recall" "$WORK/cellsen.xml" cellsen
	fi
fi
# Inline features meeting at random (tests/tools/gen-inline-mix, seeded):
# in Arabic, Latin spans, code, links, numbers, emphasis and sub- and
# superscripts side by side, at line ends and paragraph starts. The samples
# passed while such an article lost words in pdf.js (recall 0.970, Latin
# 0.884: "H 2O", "H2Opage", "pressligature", two <em>s read back to front)
# and in mupdf (Latin 0.897: "H 2 O"); see docs/pdf-text.md, "Inline
# features that meet". Seed 2 has "word، number" (poppler read the comma
# with the number: "الكوفي73 ،"), seed 3 in English a justified space in
# an Arabic span. Both Arabic seeds have a line whose left end is a
# superscript and which holds a subscript, the case below. Seed 7 has a
# link and then a word that starts with a kerned "ك" on a justified line,
# whose space carrier pdf.js made an item of its own ("العربيةكتاب";
# glyphrun.c, pdf_glyphrun_edge_text). English seed 18 has two Arabic
# spans side by side at a line's start, the first ending in "كتاب", whose
# initial "ك" overhangs its advance: by the font's width it reached the
# next span's word, and poppler and pdf.js read "كتاببولاق". Arabic seed
# 23 has a justified space wider than 0.6 em between an Arabic word and a
# number ("الرقعة 1551", read "1551 الرقعة" by pdf.js).
if [ $have_pdfjs = 1 ]; then
	"$TOP/tests/tools/gen-inline-mix" ar > "$WORK/mixar.xml"
	"$TOP/tests/tools/gen-inline-mix" ar 2 > "$WORK/mixar2.xml"
	"$TOP/tests/tools/gen-inline-mix" en > "$WORK/mixen.xml"
	"$TOP/tests/tools/gen-inline-mix" en 3 > "$WORK/mixen3.xml"
	"$TOP/tests/tools/gen-inline-mix" ar 23 > "$WORK/mixar23.xml"
	"$TOP/tests/tools/gen-inline-mix" en 18 > "$WORK/mixen18.xml"
	for a in mixar mixar2 mixar23 mixen mixen3 mixen18; do
		extract_generated $a "inline features mixed ($a)" || continue
		mutool draw -q -F txt -o "$WORK/$a.mupdf.txt" "$WORK/$a.pdf" 2>/dev/null
		at_least "inline features mixed ($a): pdfjs word recall" \
			"$("$RECALL" "$WORK/$a.xml" "$WORK/$a.pdfjs.txt")" 1.0
		order_kept "inline features mixed ($a)" $a 0.99 pdfjs
		at_least "inline features mixed ($a): poppler word recall" \
			"$("$RECALL" "$WORK/$a.xml" "$WORK/$a.poppler.txt")" 1.0
		for ex in pdfjs poppler mupdf; do
			at_least "inline features mixed ($a): $ex Latin word recall" \
				"$("$RECALL" "$WORK/$a.xml" "$WORK/$a.$ex.txt" --only=latin)" 1.0
		done
	done
	for a in mixar mixar2; do
		order_kept "inline features mixed ($a)" $a 0.99 poppler
	done
fi
# poppler builds a line from its leftmost word and takes in only words
# whose baselines are within half that word's size: a superscript at the
# left end of an Arabic line (the line's last word, "الكتاب<sup>7</sup>")
# left out a subscript on the same line, read as a line of its own ("H O"
# and "2"). A faint mark on the baseline now starts such a line
# (render.c, pdf_draw_baseline_lead).
article supsub ar أرقام <<'EOF_ARTICLE'
<p>الماء H<sub>2</sub>O في الكتاب<sup>7</sup></p>
<p>وثاني أكسيد الكربون CO<sub>2</sub> في الهواء<sup>12</sup></p>
EOF_ARTICLE
if "$CONVERT" --to pdf -o "$WORK/supsub.pdf" "$WORK/supsub.xml" 2>"$WORK/err"; then
	pdftotext -q "$WORK/supsub.pdf" "$WORK/supsub.poppler.txt"
	at_least "a subscript on a line that ends in a superscript: poppler word recall" \
		"$("$RECALL" "$WORK/supsub.xml" "$WORK/supsub.poppler.txt")" 1.0
else
	fail "a subscript on a line that ends in a superscript: converts" "$(cat "$WORK/err")"
fi
# Nested inline features, notes, cross-references, line breaks and spans
# with dir and no xml:lang (tests/tools/gen-nested-mix), in Arabic and
# English, measured as the samples are (measure: Latin 1.0 in all three,
# Arabic words and their order 0.99 in poppler and pdf.js); and the
# English article's Arabic words in pdf.js, all of them: a space carrier
# justified 0.6 em past a word ended pdf.js's item ("إسطنبولالمتحركة").
if [ $have_pdfjs = 1 ]; then
	for a in nestar nesten; do
		case $a in nestar) lang=ar ;; *) lang=en ;; esac
		"$TOP/tests/tools/gen-nested-mix" $lang 12 > "$WORK/$a.xml"
		extract_generated $a "nested inline features ($a)" || continue
		mutool draw -q -F txt -o "$WORK/$a.mupdf.txt" "$WORK/$a.pdf" 2>/dev/null
		for ex in poppler pdfjs mupdf; do
			measure $a $ex "$WORK/$a.xml" "$WORK/$a.$ex.txt" ""
		done
	done
	[ -f "$WORK/nesten.pdfjs.txt" ] &&
		at_least "nested inline features (nesten): pdfjs word recall" \
			"$("$RECALL" "$WORK/nesten.xml" "$WORK/nesten.pdfjs.txt")" 1.0
	# And every word of the Arabic one in poppler: its "1908" read
	# "1 908" (a digit's primer, below).
	[ -f "$WORK/nestar.poppler.txt" ] &&
		at_least "nested inline features (nestar): poppler word recall" \
			"$("$RECALL" "$WORK/nestar.xml" "$WORK/nestar.poppler.txt")" 1.0
fi
# A digit's primer is chosen for the glyph that first shows it: Amiri
# (Slanted) shows "1" 0.487 em wide among Latin letters and 0.532 em among
# Arabic, so the "1" of "1908", primed with the number's new digits, left
# a gap poppler read as a space ("1 908": tests/tools/gen-nested-mix ar 12
# before 2026-11-29, the session after stop 14).
article digitvar ar أرقام <<'EOF_ARTICLE'
<p><em>الفقرة <span dir="ltr">press 1</span> التشكيل الرقعة.</em></p>
<p><em>طبع الكتاب عام 1908 في بولاق.</em></p>
EOF_ARTICLE
if [ $have_pdfjs = 1 ] && extract_generated digitvar "a digit first shown in Latin text, then in an Arabic number"; then
	all_found "a digit first shown in Latin text, then in an Arabic number" "word recall" \
		"$WORK/digitvar.xml" digitvar
	order_kept "a digit first shown in Latin text, then in an Arabic number" digitvar 1.0 poppler pdfjs
fi
# A reference to a section whose title refers to that section: the title
# is quoted without its own reference, and without the space that stood
# before it ("“الأولى ”" until 2026-11-29, the session after stop 14).
article selfref ar إحالات <<'EOF_ARTICLE'
<section id="a"><title>الأولى <ref target="a"/></title><p>انظر <ref target="a"/> هنا.</p></section>
EOF_ARTICLE
if "$CONVERT" --to pdf --param number-headings=no -o "$WORK/selfref.pdf" "$WORK/selfref.xml" 2>"$WORK/err"; then
	same "a title that refers to its own section: quoted without the reference or a space" \
		"$(pdftotext -q "$WORK/selfref.pdf" - | grep -c '“الأولى”')" 2
else
	fail "a title that refers to its own section: converts" "$(cat "$WORK/err")"
fi
# Code inside Arabic text is set left to right as written: without an
# isolate, the parentheses at the end of "page()" took the Arabic
# direction and were drawn on the left, mirrored (")(page" on the page).
article codeiso ar شيفرة <<'EOF_ARTICLE'
<p>الفقرة <code>page()</code> التشكيل الرقعة.</p>
EOF_ARTICLE
if "$CONVERT" --to pdf -o "$WORK/codeiso.pdf" "$WORK/codeiso.xml" 2>"$WORK/err"; then
	same "code in Arabic text: \"page()\" drawn left to right, its parentheses right of it" \
		"$(mutool trace "$WORK/codeiso.pdf" 1 2>/dev/null | awk '
			match($0, /unicode="[^"]*"/) { u = substr($0, RSTART + 9, RLENGTH - 10)
				if (u ~ /^[()pge]$/ || u == "a") { match($0, / x="[0-9.]+"/); print substr($0, RSTART + 4, RLENGTH - 5), u } }' |
		   sort -n | awk '{ printf "%s", $2 }')" "page()"
else
	fail "code in Arabic text: converts" "$(cat "$WORK/err")"
fi
finish
