#!/bin/bash
# The PDF plugin where an adversarial run made it lose text (issue 22):
#   rows     a table row, and rows a rowspan joins, taller than a page: cut
#            between the lines of their cells, each cell going on at the
#            top of the next page under the header row repeated; every
#            word printed, in English and in Arabic, none below the bottom
#            margin;
#   lines    a word too long to break into lines (Pango measures a line in
#            an int of 1/1024 points, which overflows past 2,097,151
#            points) either prints every letter or fails with a message
#            and no file: never exit 0 with text missing;
#   lists    a list numbered from nine digits prints its numbers whole
#            ("1000000000.", not "1e+09."), its markers inside the text
#            block;
#   threads  the layout uses the threads the job's budget allows
#            (cv_job_threads): one when the process may use one core, or
#            when convert -j 2 shares two, with the bytes two threads write.
# The text is real: news sentences of the PUD treebanks
# (tests/data/pud-news.txt) and the Arabic sample. A4, 22 mm margins: the
# text block runs from x = 62.36 to 532.91 and from y = 62.36 to 779.53.
# About 20 seconds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdf-lib.sh"
. "$(dirname "$0")/pdf-cases.sh"

mkdir -p "$WORK/out"
export SOURCE_DATE_EPOCH=1700000000
# Byte-wise regular expressions, whatever the caller's locale.
export LC_ALL=C
PUD="$TOP/tests/data/pud-news.txt"

# sentences LANG [N]: the first N (default all) sentences in LANG of the
# PUD sample, one a line, escaped for XML.
sentences() {
	grep "^$1	" "$PUD" | cut -f2 | head -n "${2:-100000}" |
		sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# missing_words XML PDF: how many words of XML's table cells (letters and
# digits, punctuation dropped) are not in the text pdftotext reads from
# PDF, counted as multisets; then "of N" and the first few missing.
missing_words() {
	pdftotext "$2" "$WORK/words.txt" 2>/dev/null || { echo "(pdftotext failed on $2)"; return; }
	python3 - "$1" "$WORK/words.txt" <<'EOF'
import collections, sys, unicodedata
import xml.etree.ElementTree as ET
# Words of letters, marks and digits; the bidi controls poppler adds (Cf)
# are dropped, any other character parts words.
def words(s):
    s = ''.join(c if unicodedata.category(c)[0] in 'LMN' else '' if unicodedata.category(c) == 'Cf'
                else ' ' for c in s)
    return collections.Counter(s.split())
cells = ' '.join(' '.join(c.itertext()) for c in ET.parse(sys.argv[1]).getroot().iter('cell'))
want, got = words(cells), words(open(sys.argv[2], encoding='utf-8').read())
lost = want - got
print(sum(lost.values()), 'of', sum(want.values()), ' '.join(list(lost)[:5]))
EOF
}

# below_body PDF: the words pdftotext finds under the body's bottom
# (779.53), but the page numbers in the footer.
below_body() {
	b=$(out pdftotext -bbox "$1" -) || { echo "$b"; return; }
	printf '%s\n' "$b" | awk '
		/<word / { match($0, /yMax="[0-9.]+"/); y1 = substr($0, RSTART + 6, RLENGTH - 7);
		           t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t);
		           if (t ~ /^[0-9]+$/ || t ~ /^(\xd9[\xa0-\xa9])+$/) next;
		           if (y1 + 0 > 780.5) print t, y1 }' | head -5
}

# header_pages PDF ONE TWO: how many pages of PDF have a line holding the
# words ONE and TWO (the header row), and nothing else.
header_pages() {
	n=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
	k=0
	for p in $(seq 1 "${n:-0}"); do
		pdftotext -f "$p" -l "$p" "$1" - 2>/dev/null | sed 's/\xe2\x80[\x8e\x8f\xaa-\xae]//g' |
			grep -qx "$2 *$3\|$3 *$2" && k=$((k + 1))
	done
	echo $k
}

# --- Rows taller than a page -------------------------------------------
# One cell of 1,500 words beside a short one, under a header row.
for lang in en ar; do
	if [ $lang = en ]; then h1=Topic; h2=Text; short=Short; else h1=الموضوع; h2=النص; short=قصير; fi
	words=$(sentences $lang | tr '\n' ' ' | tr -s ' ' '\n' | head -1500 | tr '\n' ' ')
	cat > "$WORK/tall.$lang.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="$lang"><meta><title>$h2</title></meta><body>
<p>$short</p>
<table><row role="header"><cell>$h1</cell><cell>$h2</cell></row>
<row><cell>$short</cell><cell>$words</cell></row>
<row><cell>$short</cell><cell>$short</cell></row></table>
</body></article>
EOF
	pdf="$WORK/out/tall.$lang.pdf"
	if "$CONVERT" --to pdf -o "$pdf" "$WORK/tall.$lang.xml" 2>"$WORK/err"; then
		pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
		atleast "tall row ($lang): goes on over pages" "$pages" 3
		same "tall row ($lang): every word of its cells printed" \
			"$(missing_words "$WORK/tall.$lang.xml" "$pdf" | cut -d' ' -f1)" 0
		same "tall row ($lang): the header row on every page" "$(header_pages "$pdf" "$h1" "$h2")" "$pages"
		same "tall row ($lang): nothing below the bottom margin" "$(below_body "$pdf")" ""
		check "tall row ($lang): qpdf clean" qpdf --check "$pdf"
	else
		fail "tall row ($lang): converts" "$(cat "$WORK/err")"
	fi
done

# A cell spanning 80 rows of a sentence each: the rows go on page after
# page, the spanning cell beside them.
for lang in en ar; do
	if [ $lang = en ]; then h1=Topic; h2=Text; span="Eighty sentences of the news"; else h1=الموضوع; h2=النص; span="ثمانون جملة من الأخبار"; fi
	{
		echo "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		echo "<article version=\"1.0\" xml:lang=\"$lang\"><meta><title>$h2</title></meta><body>"
		echo "<table><row role=\"header\"><cell>$h1</cell><cell>$h2</cell></row>"
		sentences $lang 80 | awk -v span="$span" 'NR == 1 { printf "<row><cell rowspan=\"80\">%s</cell><cell>%s</cell></row>\n", span, $0; next }
			{ printf "<row><cell>%s</cell></row>\n", $0 }'
		echo "<row><cell>$h1</cell><cell>$h2</cell></row></table></body></article>"
	} > "$WORK/span.$lang.xml"
	pdf="$WORK/out/span.$lang.pdf"
	if "$CONVERT" --to pdf -o "$pdf" "$WORK/span.$lang.xml" 2>"$WORK/err"; then
		pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
		atleast "rowspan of 80 rows ($lang): goes on over pages" "$pages" 3
		same "rowspan of 80 rows ($lang): every word of its cells printed" \
			"$(missing_words "$WORK/span.$lang.xml" "$pdf" | cut -d' ' -f1)" 0
		same "rowspan of 80 rows ($lang): nothing below the bottom margin" "$(below_body "$pdf")" ""
		check "rowspan of 80 rows ($lang): qpdf clean" qpdf --check "$pdf"
	else
		fail "rowspan of 80 rows ($lang): converts" "$(cat "$WORK/err")"
	fi
done

# --- A word too long to break ------------------------------------------
# The English sentences without their spaces, repeated to 450,000
# letters: some 2.7 million points on one line.
text=$(sentences en | tr -d ' \n')
python3 - "$text" > "$WORK/word.xml" <<'EOF'
import sys
t = sys.argv[1]
w = (t * (450000 // len(t) + 1))[:450000]
print('<?xml version="1.0" encoding="UTF-8"?><article version="1.0" xml:lang="en">'
      '<meta><title>Word</title></meta><body><p>' + w + '</p></body></article>')
EOF
rm -f "$WORK/out/word.pdf"
if "$CONVERT" --to pdf -o "$WORK/out/word.pdf" "$WORK/word.xml" 2>"$WORK/err"; then
	letters=$(pdftotext -nopgbrk "$WORK/out/word.pdf" - | tr -d ' \n' | wc -c)
	# The word, the title and a page number on every page.
	atleast "a word of 450,000 letters: every letter printed" "$letters" 450004
else
	same "a word of 450,000 letters: refused, saying why" \
		"$(grep -c 'too long to be broken into lines' "$WORK/err")" 1
	same "a word of 450,000 letters: refused, no file left" "$(ls "$WORK/out" | grep -c word)" 0
fi

# --- Lists numbered from nine digits ------------------------------------
for lang in en ar; do
	if [ $lang = en ]; then one="first item"; two="second item"; else one="البند الأول"; two="البند الثاني"; fi
	cat > "$WORK/list.$lang.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="$lang"><meta><title>$one</title></meta><body>
<list type="number" start="999999999"><item>$one</item><item>$two</item><item>$two</item></list>
<list type="number" start="-999999999"><item>$one</item></list>
</body></article>
EOF
	pdf="$WORK/out/list.$lang.pdf"
	if "$CONVERT" --to pdf --param digits=latin -o "$pdf" "$WORK/list.$lang.xml" 2>"$WORK/err"; then
		txt=$(out pdftotext -raw "$pdf" - | sed 's/\xe2\x80[\x8e\x8f\xaa-\xae]//g; s/\xd8\x9c//g')
		# A right-to-left line reads "999999999." as ".999999999", and
		# "-999999999." as ".999999999-", whichever order extraction gives.
		for n in 999999999 1000000000 1000000001 -999999999; do
			m=${n#-}
			case $txt in *"$n."* | *".$m${n%$m}"*) pass "list from 999999999 ($lang): prints $n." ;;
			*) fail "list from 999999999 ($lang): prints $n." "$(printf '%s' "$txt" | head -9 | tr '\n' '|')" ;; esac
		done
		same "list from 999999999 ($lang): no number in exponent form" "$(printf '%s' "$txt" | grep -c 'e+0')" 0
		same "list from 999999999 ($lang): markers inside the text block" \
			"$(outside_margins "$pdf" 62.36 532.91)" ""
	else
		fail "list from 999999999 ($lang): converts" "$(cat "$WORK/err")"
	fi
done

# Past the schema's nine digits (a plugin can be handed any tree), the
# stylesheet itself still writes numbers whole: XPath's string() wrote
# 2147483647 as "2.147483647e+09".
cat > "$WORK/big.xml" <<'EOF'
<article version="1.0" xml:lang="en"><meta><title>T</title></meta><body>
<list type="number" start="2147483647"><item>a</item><item>b</item></list></body></article>
EOF
same "list from 2147483647: pdf.xsl writes its numbers whole" \
	"$(xsltproc "$TOP/stylesheets/pdf.xsl" "$WORK/big.xml" 2>&1 | grep -o 'marker="[^"]*"' | tr '\n' ' ')" \
	'marker="2147483647." marker="2147483648." '

# --- The thread budget ---------------------------------------------------
# The long Arabic article lays out on two threads when it may; a process
# that may use one core, or each of two workers sharing two cores, lays it
# out on one, with the same bytes.
case_long_arabic "$WORK/long.ar.xml"
cp "$WORK/long.ar.xml" "$WORK/long2.ar.xml"
threads() { grep -o '[0-9]* thread(s)' "$1" | tr '\n' ' '; }
if ! command -v taskset > /dev/null 2>&1; then
	fail "thread budget: taskset is installed" "apt-get install util-linux"
elif ! taskset -c 0,1 true 2>/dev/null; then
	fail "thread budget: two cores to share" "taskset -c 0,1 fails: $(nproc) core(s)"
else
	CV_PDF_THREADS=2 "$CONVERT" --to pdf -o "$WORK/out/two.pdf" "$WORK/long.ar.xml" 2>/dev/null
	CV_PDF_TIMING=1 taskset -c 0,1 "$CONVERT" --to pdf -o "$WORK/out/own.pdf" "$WORK/long.ar.xml" 2>"$WORK/t0"
	same "thread budget: one article on two cores, two layout threads" "$(threads "$WORK/t0")" "2 thread(s) "
	CV_PDF_TIMING=1 taskset -c 0 "$CONVERT" --to pdf -o "$WORK/out/one.pdf" "$WORK/long.ar.xml" 2>"$WORK/t1"
	same "thread budget: one core, one layout thread" "$(threads "$WORK/t1")" "1 thread(s) "
	check "thread budget: one thread writes the bytes two do" cmp "$WORK/out/one.pdf" "$WORK/out/two.pdf"
	mkdir -p "$WORK/out/j"
	CV_PDF_TIMING=1 taskset -c 0,1 "$CONVERT" -j 2 -q --to pdf -o "$WORK/out/j/" \
		"$WORK/long.ar.xml" "$WORK/long2.ar.xml" 2>"$WORK/t2"
	same "thread budget: -j 2 on two cores, one layout thread per worker" \
		"$(threads "$WORK/t2")" "1 thread(s) 1 thread(s) "
	check "thread budget: -j 2 writes the bytes two threads do" cmp "$WORK/out/j/long2.ar.pdf" "$WORK/out/two.pdf"
	CV_PDF_THREADS=2 CV_PDF_TIMING=1 taskset -c 0 "$CONVERT" --to pdf -o "$WORK/out/forced.pdf" \
		"$WORK/long.ar.xml" 2>"$WORK/t3"
	same "thread budget: CV_PDF_THREADS=2 overrides it" "$(threads "$WORK/t3")" "2 thread(s) "
fi

finish
