# Type and digits for each right-to-left language (issue 18): an article
# of the corpus in Arabic, Persian, Urdu and Hebrew (tests/corpus) is set
# in its own face in the PDF (pdffonts: Amiri, Noto Naskh Arabic, Noto
# Nastaliq Urdu, Noto Serif Hebrew, and no fallback face), with the line
# height its script needs, and the numbers the stylesheet makes (list
# markers, the date) are in the language's digits: Arabic-Indic for
# Arabic, Extended Arabic-Indic for Persian and Urdu, Latin for Hebrew,
# unless --param digits overrides; the font parameters override the
# faces. The EPUB (epubcheck) and the HTML (Nu Html Checker) of the same
# articles are clean and name the same faces and counter styles. About
# 40 s, most of it epubcheck's and vnu's JVMs.
. "$(dirname "$0")/lib.sh"

CORPUS="$TOP/tests/corpus"
export SOURCE_DATE_EPOCH=1700000000

# lang:article:PDF font:family:digit one:date as printed:line height
CASES="ar:ar-02:Amiri:Amiri:١:١٥/٠٧/٢٠٠٠:1.75
fa:fa-07:NotoNaskhArabic:Noto Naskh Arabic, Noto Serif:۱:۲۰۲۰/۰۵/۲۸:1.75
ur:ur-01:NotoNastaliqUrdu:Noto Nastaliq Urdu, Noto Serif:۱:۰۷/۱۲/۲۰۲۶:2.5
he:he-01:NotoSerifHebrew:Noto Serif Hebrew, Noto Serif:1:2026-12-07:1.4"

mkdir -p "$WORK/out" "$WORK/layout"

# layout ARTICLE [PARAMS...]: the PDF stylesheet's layout tree (the
# plugin's input; xsltproc's XPath stands in for the core's cv:lang()).
layout() {
	a=$1; shift
	xsltproc "$@" "$TOP/stylesheets/pdf.xsl" "$CORPUS/$a.xml"
}

while IFS=: read -r lang art face family one date lh; do
	t="$WORK/layout/$art.xml"
	layout "$art" > "$t"
	same "$lang: the article's faces" "$(xmllint --xpath 'string(/layout/@font-family)' "$t")" "$family"
	same "$lang: line height" "$(xmllint --xpath 'string(/layout/@line-height)' "$t")" "$lh"
	same "$lang: the date in the language's digits" \
		"$(xmllint --xpath 'string(//block[@tag="P"][2])' "$t")" "$date"
	marker=$(xmllint --xpath 'string((//block[@marker and contains("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", substring(@marker, 1, 1))])[1]/@marker)' "$t")
	same "$lang: a numbered list's first marker" "$marker" "$one."
done <<EOF
$CASES
EOF

# digits overrides the language; a font parameter overrides the face.
same "fa: digits=latin writes the date as written, in Latin digits" \
	"$(layout fa-07 --stringparam digits latin | xmllint --xpath 'string(//block[@tag="P"][2])' -)" "2020-05-28"
same "fa: digits=arabic-indic writes it in Arabic-Indic digits" \
	"$(layout fa-07 --stringparam digits arabic-indic | xmllint --xpath 'string(//block[@tag="P"][2])' -)" "٢٠٢٠/٠٥/٢٨"
same "fa: font-persian=Amiri sets Persian in Amiri" \
	"$(layout fa-07 --stringparam font-persian Amiri | xmllint --xpath 'string(/layout/@font-family)' -)" "Amiri, Noto Serif"
same "he: font-hebrew=Noto Sans Hebrew sets Hebrew in it" \
	"$(layout he-01 --stringparam font-hebrew 'Noto Sans Hebrew' | xmllint --xpath 'string(/layout/@font-family)' -)" "Noto Sans Hebrew, Noto Serif"

# The real PDFs: each language in its face; no fallback face (DejaVu)
# and no other language's face stands in.
arts=$(echo "$CASES" | cut -d: -f2 | sed "s|^|$CORPUS/|; s|$|.xml|")
# shellcheck disable=SC2086
check "the four articles convert to PDF, EPUB and HTML" "$CONVERT" --to pdf,epub,html -o "$WORK/out/" $arts
while IFS=: read -r lang art face family one date lh; do
	fonts=$(pdffonts "$WORK/out/$art.pdf" 2>&1 | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')
	case $fonts in
	*"$face"*) pass "$lang: pdffonts shows $face" ;;
	*) fail "$lang: pdffonts shows $face" "$fonts" ;;
	esac
	case $fonts in
	*DejaVu*) fail "$lang: no fallback face in the PDF" "$fonts" ;;
	*) pass "$lang: no fallback face in the PDF" ;;
	esac
	if [ "$lang" != ar ]; then
		case $fonts in
		*Amiri*) fail "$lang: not set in the Arabic face" "$fonts" ;;
		*) pass "$lang: not set in the Arabic face" ;;
		esac
	fi
	check "$lang: $art.epub passes epubcheck" epubcheck_clean "$WORK/out/$art.epub"
	# The page labels the plugin makes in C, in the language's digits.
	case $one in
	١) labels='/P <feff066' ;;
	۱) labels='/P <feff06f' ;;
	*) continue ;; # Latin page numbers need no labels
	esac
	if qpdf --qdf --object-streams=disable "$WORK/out/$art.pdf" "$WORK/qdf.pdf" 2>/dev/null; then
		same "$lang: page labels in the language's digits" \
			"$(grep -ac "$labels" "$WORK/qdf.pdf")" "$(pdfinfo "$WORK/out/$art.pdf" | sed -n 's/^Pages: *//p')"
	else
		fail "$lang: page labels in the language's digits" "qpdf could not read $art.pdf"
	fi
done <<EOF
$CASES
EOF
# digits=persian gives an Arabic article's page numbers Persian digits.
check "ar: converts with digits=persian" "$CONVERT" --to pdf --param digits=persian -o "$WORK/ar-persian.pdf" "$CORPUS/ar-02.xml"
qpdf --qdf --object-streams=disable "$WORK/ar-persian.pdf" "$WORK/qdf.pdf" 2>/dev/null
same "ar: digits=persian labels the pages in U+06F0-06F9" \
	"$(grep -ac '/P <feff06f' "$WORK/qdf.pdf")" "$(pdfinfo "$WORK/ar-persian.pdf" | sed -n 's/^Pages: *//p')"

# The EPUB and the HTML name the PDF's faces and count lists in the
# language's digits.
css=$(unzip -p "$WORK/out/fa-07.epub" OEBPS/epub.css)
for want in ':lang(fa) {' '"Noto Naskh Arabic"' '"Noto Nastaliq Urdu"' '"Noto Serif Hebrew"' \
	'ol:lang(fa), ol:lang(ur) { list-style-type: persian; }' 'ol:lang(ar) { list-style-type: arabic-indic; }'; do
	case $css in *"$want"*) pass "EPUB CSS has $want" ;; *) fail "EPUB CSS has $want" ;; esac
done
for page in fa-07 ur-01 he-01; do
	html=$(cat "$WORK/out/$page.html")
	case $html in *'list-style-type: persian'*'--urdu: "Noto Nastaliq Urdu"'*|*'--urdu: "Noto Nastaliq Urdu"'*'list-style-type: persian'*) pass "$page.html names the faces and the counter style" ;;
	*) fail "$page.html names the faces and the counter style" ;;
	esac
done
vnu="$TOP/tests/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
if [ -f "$vnu" ]; then
	# Without run-e2e's JAVA_TOOL_OPTIONS, as tests/test_html.sh: with the
	# client compiler alone the checker's schema recursion overflows its
	# thread's stack, and the JVM notes the options on standard error.
	env -u JAVA_TOOL_OPTIONS java -jar "$vnu" --errors-only "$WORK"/out/*.html > "$WORK/vnu.log" 2>&1
	same "the four HTML pages are valid HTML5 and CSS (Nu Html Checker)" "$?:$(head -3 "$WORK/vnu.log")" "0:"
else
	fail "Nu Html Checker installed (npm install in tests/vnu)"
fi
finish
