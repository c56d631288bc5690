# Articles made to exercise the PDF plugin's page-spanning rules, shared by
# tests/test_pdf.sh (which checks the rules on them) and tests/pdf-hashes.sh
# (which keeps their bytes). Sourced, not run; needs $TOP, the repository.
# Each function writes one article to the file it is given; the ones with
# a figure copy samples/images/type-case.png into an images/ folder beside
# that file.

# case_long_table FILE: a 200-row table with a header row and a caption,
# between two paragraphs.
case_long_table() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<article version="1.0" xml:lang="en"><meta><title>Long table</title></meta><body>'
		echo '<p>Before the table.</p><table id="big"><caption>Two hundred rows</caption>'
		echo '<row role="header"><cell>Item</cell><cell>Quantity</cell><cell align="end">Price</cell></row>'
		for i in $(seq 1 200); do
			echo "<row><cell>Row $i with some words to wrap</cell><cell>$((i * 3))</cell><cell align=\"end\">$i.00</cell></row>"
		done
		echo '</table><p>See <ref target="big"/>.</p></body></article>'
	} > "$1"
}

# case_long_note FILE: a note marker near the foot of the first page,
# its note (NOTESTART ... NOTEEND) too long for the room left, and a
# second long note (NOTE2START ... NOTE2END) right behind it.
case_long_note() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<article version="1.0" xml:lang="en"><meta><title>Long note</title></meta><body>'
		for i in $(seq 1 12); do
			echo "<p>Paragraph $i of the text that fills the first page with ordinary words, line after line, so that the note marker falls near its end.</p>"
		done
		printf '<p>The marker is here<note id="long">NOTESTART '
		for i in $(seq 1 120); do printf 'note words go on and on %d ' "$i"; done
		echo 'NOTEEND</note>, and a second long one right after it<note>NOTE2START '
		for i in $(seq 1 60); do printf 'second note words %d ' "$i"; done
		echo 'NOTE2END</note>.</p>'
		for i in $(seq 1 30); do
			echo "<p>After the note, paragraph $i continues the article with more words.</p>"
		done
		echo '</body></article>'
	} > "$1"
}

# case_headings FILE: 40 sections ("Heading number N") of one to four
# paragraphs of several lines each, so that page breaks fall inside
# paragraphs and right after headings.
case_headings() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<article version="1.0" xml:lang="en"><meta><title>Headings</title></meta><body>'
		for s in $(seq 1 40); do
			echo "<section><title>Heading number $s</title>"
			for k in $(seq 1 $(( (s % 4) + 1 ))); do
				words="has enough words to run over several lines of text at the usual size, so that breaks fall inside paragraphs as well as between them, which is what this test wants to see happen."
				[ $((s % 3)) = 0 ] && words="$words $words $words"
				echo "<p>Section $s paragraph $k $words</p>"
			done
			echo '</section>'
		done
		echo '</body></article>'
	} > "$1"
}

# case_images FILE: copies the PNG the figures below use beside FILE.
case_images() {
	mkdir -p "$(dirname "$1")/images"
	cp "$TOP/samples/images/type-case.png" "$(dirname "$1")/images/"
}

# case_float FILE: twelve paragraphs that fill most of the first page, a
# figure too tall for the rest of it, and eight short paragraphs after.
case_float() {
	case_images "$1"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<article version="1.0" xml:lang="en"><meta><title>Float</title></meta><body>'
		for i in $(seq 1 12); do
			echo "<p>Paragraph $i before the figure, long enough to take three lines of the page at the usual size of the text, so that twelve of them fill most of it.</p>"
		done
		echo '<figure><image src="images/type-case.png" alt="A type case" width="100%"/><caption>Tall figure.</caption></figure>'
		for i in $(seq 1 8); do echo "<p>Short paragraph $i after the figure.</p>"; done
		echo '</body></article>'
	} > "$1"
}

# case_edges FILE: an empty paragraph, an unbreakable URL in Arabic text,
# tiny and too-wide images, one-row and spanning tables, lists six deep,
# tabs in a listing, a note inside a note.
case_edges() {
	case_images "$1"
	cat > "$1" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="ar">
  <meta><title>حالات حدية</title></meta>
  <body>
    <p></p>
    <p>https://example.org/a/very/long/url/that/does/not/fit/on/one/line/at/all/and/keeps/going/and/going/without/any/space/whatsoever/end</p>
    <p dir="ltr" xml:lang="en">English inside Arabic with <span xml:lang="ar">نص عربي</span> and <code>code   spaced</code>.</p>
    <table><row role="header"><cell>أ</cell><cell>ب</cell></row></table>
    <table><caption>جدول</caption><row><cell colspan="3" align="center">عرض كامل</cell></row><row><cell>١</cell><cell align="end">٢</cell><cell>٣</cell></row></table>
    <pre>	tab	separated	line with a very long tail that goes on and on and on and on and on and on and on and on and on and on and on</pre>
    <list><item><list><item><list><item><list><item><list><item><list><item>عميق جداً</item></list></item></list></item></list></item></list></item></list></item></list>
    <figure><image src="images/type-case.png" alt="" width="0.5in"/></figure>
    <figure><image src="images/type-case.png" alt="" width="300%"/></figure>
    <p>نهاية<note>حاشية <note>داخلية</note></note>.</p>
  </body>
</article>
EOF
}

# case_long_arabic FILE: the Arabic sample's paragraphs twelve times over,
# one section each time (long enough to be laid out on two threads).
case_long_arabic() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<article version="1.0" xml:lang="ar"><meta><title>مقال طويل</title><date>2025-10-25</date></meta><body>'
		paras=$(grep -o '<p[^>]*>[^<]*</p>' "$TOP/samples/qatar-cybercrime-convention.ar.xml" | sed 's/<p[^>]*>/<p>/')
		for s in $(seq 1 12); do
			echo "<section><title>قسم $s</title>"
			echo "$paras"
			echo '</section>'
		done
		echo '</body></article>'
	} > "$1"
}
