#!/bin/bash
# HTML output: every sample becomes one standalone page that is well-formed,
# carries its language and direction, embeds its images byte for byte,
# keeps its notes, references, figures, tables and lists, is parsed by a
# real browser (headless Chromium) into the same element tree, is laid out
# in the article's direction, renders to a non-trivial screenshot, prints in
# the intended fonts (Amiri for Arabic), shows every word of the article,
# and passes the Nu Html Checker.
. "$(dirname "$0")/lib.sh"

count() { xmllint --xpath "count($2)" "$1"; }
h() { printf '//*[local-name()="%s"]' "$1"; }

# Text nodes one per line (each ends a word) and element names in document
# order, for an XML file or (with --html) for what a browser serialised.
cat > "$WORK/text-nodes.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="text()"><xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>
EOF
cat > "$WORK/tags.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="*"><xsl:value-of select="local-name()"/><xsl:text>&#10;</xsl:text><xsl:apply-templates select="*"/></xsl:template>
</xsl:stylesheet>
EOF
words() { xsltproc --novalid ${2:-} "$WORK/text-nodes.xsl" "$1" 2>/dev/null | tr -s '[:space:][:punct:]' '\n' | sed '/^$/d' | sort -u; }

chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$WORK/chr" "$@" 2>/dev/null
}

# PNG width and height from the IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }'; }

# The probe: the document's computed direction, and which edge of the
# first paragraph its first letter touches (within 2 px).
cat > "$WORK/probe.js" <<'EOF'
(function () {
  var dir = getComputedStyle(document.documentElement).direction;
  var p = document.querySelector('main p');
  var walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  var t = walk.nextNode();
  while (t && !/\S/.test(t.data)) t = walk.nextNode();
  var i = t.data.search(/\S/);
  var r = document.createRange();
  r.setStart(t, i);
  r.setEnd(t, i + 1);
  var c = r.getBoundingClientRect(), b = p.getBoundingClientRect();
  var edge = 'middle';
  if (dir === 'rtl' && b.right - c.right <= 2 && c.left - b.left > 100) edge = 'start-edge';
  if (dir === 'ltr' && c.left - b.left <= 2 && b.right - c.right > 100) edge = 'start-edge';
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = dir + ' ' + edge;
  document.body.appendChild(out);
})();
EOF

check_page() {
	# Not "name" or "out": lib.sh's check() assigns those.
	# $2: the smallest screenshot that counts as rendered, in bytes.
	local in=$1 min_png=${2:-40000} art page msg i n src file size
	art=$(basename "$in" .xml)
	page="$WORK/out/$art.html"
	mkdir -p "$WORK/out"
	if ! msg=$("$CONVERT" --to html -o "$WORK/out/" "$in" 2>&1); then
		fail "$art: converts" "$msg"
		return
	fi
	pass "$art: converts"
	if [ ! -s "$page" ]; then
		fail "$art: default output name is NAME.html" "no $page"
		return
	fi
	check "$art: well-formed (xmllint)" xmllint --noout "$page"
	same "$art: HTML5 doctype" "$(head -c 15 "$page")" "<!DOCTYPE html "

	# Language and direction.
	expect_dir=$(article_dir "$in")
	same "$art: lang and dir on <html>" \
		"$(xmllint --xpath 'concat(/*/@lang, " ", /*/@dir)' "$page")" \
		"$(xmllint --xpath 'string(/article/@xml:lang)' "$in") $expect_dir"
	same "$art: every span with xml:lang has lang and dir" \
		"$(count "$page" "$(h main)$(h span)[@lang and @dir]")" "$(count "$in" '//body//span[@xml:lang]')"
	# (code is left to right everywhere: html.xsl gives it dir="ltr")
	same "$art: every element with dir keeps it" \
		"$(count "$page" "$(h main)//*[@dir][not(@class='xref')]")" \
		"$(count "$in" '/article/body//*[@dir or @xml:lang][not(self::br or self::ref)] | /article/meta//note[@dir or @xml:lang] | /article/body//code')"

	same "$art: publication date" "$(xmllint --xpath "string($(h time)/@datetime)" "$page")" \
		"$(xmllint --xpath 'string(//meta/date)' "$in")"

	# Self-contained: images inline, nothing fetched.
	same "$art: one <img> per image" "$(count "$page" "$(h img)")" "$(count "$in" //image)"
	same "$art: every image is a data: URI" \
		"$(count "$page" "$(h img)[starts-with(@src, 'data:image/')]")" "$(count "$in" //image)"
	same "$art: nothing external (no link, script, or src outside data:)" \
		"$(count "$page" "$(h link) | $(h script) | //*[@src and not(starts-with(@src, 'data:'))]")" 0
	n=$(count "$in" //image)
	for i in $(seq 1 "$n"); do
		src=$(xmllint --xpath "string((//image)[$i]/@src)" "$in")
		file="$(dirname "$in")/$src"
		xmllint --xpath "string(($(h img))[$i]/@src)" "$page" | sed 's/^data:[^,]*,//' | base64 -d > "$WORK/img.bin" 2>/dev/null
		if cmp -s "$WORK/img.bin" "$file"; then pass "$art: $src embedded byte for byte"
		else fail "$art: $src embedded byte for byte"; fi
		same "$art: $src alt text" \
			"$(xmllint --xpath "string(($(h img))[$i]/@alt)" "$page")" "$(xmllint --xpath "string((//image)[$i]/@alt)" "$in")"
	done

	# Structure.
	same "$art: sections" "$(count "$page" "$(h main)$(h section)[not(@class)]")" "$(count "$in" //section)"
	same "$art: footnotes listed" "$(count "$page" "//*[@class='footnotes']$(h li)")" "$(count "$in" //note)"
	same "$art: footnote markers" "$(count "$page" "//*[@class='noteref']")" \
		"$(count "$in" "//note | //ref[@target = //note/@id]")"
	same "$art: cross-references" "$(count "$page" "//*[@class='xref'] | //*[@class='noteref']/*[@href and not(@id)]")" \
		"$(count "$in" //ref)"
	same "$art: every internal link has a target" \
		"$(xmllint --xpath "$(h a)[starts-with(@href, '#')]/@href" "$page" 2>/dev/null | tr ' ' '\n' | sed -n 's/^href="#\(.*\)"$/\1/p' | sort -u | while read -r id; do [ "$(count "$page" "//*[@id='$id']")" = 1 ] || echo "$id"; done)" ""
	same "$art: figures and captions" \
		"$(count "$page" "$(h figure)[not(@class)]") $(count "$page" "$(h figure)[not(@class)]/*[local-name()='figcaption']")" \
		"$(count "$in" //figure) $(count "$in" //figure/caption)"
	same "$art: tables and cells" \
		"$(count "$page" "$(h table)") $(count "$page" "$(h td) | $(h th)")" "$(count "$in" //table) $(count "$in" //cell)"
	same "$art: lists and items" \
		"$(count "$page" "$(h main)$(h ul) | $(h main)$(h ol)[not(parent::*[@class='footnotes'])]") $(count "$page" "$(h main)$(h li)[not(ancestor::*[@class='footnotes'])]")" \
		"$(count "$in" //list) $(count "$in" //item)"
	same "$art: list start numbers" \
		"$(xmllint --xpath "$(h ol)/@start" "$page" 2>/dev/null | tr -dc '0-9 ')" \
		"$(xmllint --xpath '//list[@type="number"]/@start' "$in" 2>/dev/null | tr -dc '0-9 ')"
	same "$art: block quotes" "$(count "$page" "$(h blockquote)")" "$(count "$in" //quote)"
	same "$art: preformatted blocks" "$(count "$page" "$(h pre)")" "$(count "$in" //pre)"
	same "$art: preformatted text kept exactly" \
		"$(xmllint --xpath "$(h pre)" "$page" 2>/dev/null | sed 's/<[^>]*>//g' | md5sum)" \
		"$(xmllint --xpath '//pre' "$in" 2>/dev/null | sed 's/<[^>]*>//g' | md5sum)"

	# The browser: it parses the page into the same elements (no empty
	# element read as an open tag), renders it, and shows every word.
	chromium_run --dump-dom "file://$page" > "$WORK/$art.dom.html"
	if [ -s "$WORK/$art.dom.html" ]; then
		same "$art: Chromium parses the same element tree" \
			"$(xsltproc --html "$WORK/tags.xsl" "$WORK/$art.dom.html" 2>/dev/null | md5sum)" \
			"$(xsltproc --novalid "$WORK/tags.xsl" "$page" | md5sum)"
		# The date is shown spelled out ("15 March 2024"); checked below.
		msg=$(comm -23 <(words "$in" | grep -vxF -f <(xmllint --xpath 'string(//meta/date)' "$in" | tr -s '-' '\n')) \
			<(words "$WORK/$art.dom.html" --html) | head -5 | tr '\n' ' ')
		same "$art: every word of the article is in the page Chromium loaded" "$msg" ""
	else
		fail "$art: Chromium loads the page" "no DOM dumped"
	fi
	# Layout: in a copy of the page with a probe script added (the page
	# itself has no script), the browser's computed direction is the
	# article's, and the first letter of the first paragraph sits at the
	# start edge: the right one for a right-to-left article.
	# (Only where that paragraph is long enough to fill its first line.)
	if [ "$(xmllint --xpath 'string-length(normalize-space((/article/body//p)[1]))' "$in")" -gt 120 ]; then
		mkdir -p "$WORK/probe"
		cp "$WORK/probe.js" "$WORK/probe/"
		sed 's#</body>#<script src="probe.js"></script></body>#' "$page" > "$WORK/probe/$art.html"
		msg=$(chromium_run --dump-dom "file://$WORK/probe/$art.html" | sed -n 's/.*<pre id="probe">\([^<]*\)<.*/\1/p')
		if [ "$expect_dir" = rtl ]; then
			same "$art: Chromium lays the page out right to left, first letter at the right edge" "$msg" "rtl start-edge"
		else
			same "$art: Chromium lays the page out left to right, first letter at the left edge" "$msg" "ltr start-edge"
		fi
	fi

	rm -f "$WORK/$art.png"
	(cd "$WORK" && chromium_run --screenshot="$WORK/$art.png" --window-size=1000,1400 "file://$page")
	if [ -s "$WORK/$art.png" ]; then
		same "$art: screenshot is 1000x1400" "$(png_size "$WORK/$art.png")" 1000x1400
		# A blank or error page compresses to a few kilobytes; text and
		# images do not.
		size=$(stat -c %s "$WORK/$art.png")
		if [ "$size" -gt "$min_png" ]; then pass "$art: screenshot is non-trivial ($size bytes)"
		else fail "$art: screenshot is non-trivial" "only $size bytes"; fi
	else
		fail "$art: Chromium takes a screenshot"
	fi
}

for f in "$SAMPLES"/*.xml; do
	check_page "$f"
done

[ -f "$SAMPLES/features.en.xml" ] && check_page "$(everywhere auto)"

# Empty elements: written as <p/> they would be read by a browser as open
# tags swallowing what follows; the page must parse into the same tree.
mkdir -p "$WORK/empty"
cat > "$WORK/empty/empty.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en">
  <meta><title><em/></title></meta>
  <body>
    <p/>
    <p id="x">a<em/>b<strong/>c<span xml:lang="ar"/>d<sub/><sup/><a href="#x"/><code/>e</p>
    <list><item/><item>f</item></list>
    <table><row><cell/><cell>g</cell></row></table>
    <pre/>
    <quote><p>h</p><attribution/></quote>
    <section id="s"><title/></section>
  </body>
</article>
EOF
check_page "$WORK/empty/empty.xml" 8000

# The Nu Html Checker (the W3C's validator, run offline from the vnu-jar
# npm package in tests/vnu): every page is valid HTML5, CSS included.
vnu="$TOP/tests/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
if [ ! -f "$vnu" ]; then
	(cd "$TOP/tests/vnu" && npm install --no-audit --no-fund --silent) > "$WORK/npm.log" 2>&1
fi
if [ -f "$vnu" ]; then
	# One run for all pages (the JVM starts in seconds); errors name the file.
	# With the client compiler alone (run-e2e's JAVA_TOOL_OPTIONS) the
	# checker's schema recursion overflows its thread's stack, whatever -Xss.
	env -u JAVA_TOOL_OPTIONS java -jar "$vnu" --errors-only "$WORK"/out/*.html > "$WORK/vnu.log" 2>&1
	st=$?
	for page in "$WORK"/out/*.html; do
		if grep -qF "$page\"" "$WORK/vnu.log"; then
			fail "$(basename "$page" .html): valid HTML5 and CSS (Nu Html Checker)" "$(grep -F "$page\"" "$WORK/vnu.log" | head -5)"
		else
			pass "$(basename "$page" .html): valid HTML5 and CSS (Nu Html Checker)"
		fi
	done
	same "Nu Html Checker exit status" "$st" 0
else
	fail "Nu Html Checker installed (npm install in tests/vnu)" "$(tail -3 "$WORK/npm.log")"
fi

# An identifier's text is not checked as a URL by the schema: only a web
# address becomes a link, so no javascript: URL reaches the page.
mkdir -p "$WORK/unsafe"
cat > "$WORK/unsafe/unsafe.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en">
  <meta><title>T</title>
    <identifier scheme="url">javascript:alert(1)</identifier>
    <identifier scheme="url">https://example.org/a</identifier>
  </meta>
  <body><p>x</p></body>
</article>
EOF
if "$CONVERT" --to html -o "$WORK/unsafe/" "$WORK/unsafe/unsafe.xml" 2>"$WORK/err"; then
	same "a javascript: identifier is shown, not linked" \
		"$(count "$WORK/unsafe/unsafe.html" "//@href[contains(translate(., 'JAVSCRIPT', 'javscript'), 'javascript')]") $(count "$WORK/unsafe/unsafe.html" "$(h a)[@href='https://example.org/a']")" "0 1"
else
	fail "an article with a javascript: identifier converts" "$(cat "$WORK/err")"
fi

# Labels of cross-references: a table by number, a section by its title.
f="$WORK/out/features.en.html"
if [ -f "$f" ]; then
	same "a reference to a table reads \"Table 1\"" \
		"$(xmllint --xpath "string($(h a)[@class='xref'][@href='#methods'])" "$f")" "Table 1"
	# The note's own number, not the count of notes before the reference
	# (xsl:number select= is XSLT 2.0: libxslt numbered the ref instead).
	same "a reference to a note reads as the note's own marker" \
		"$(xmllint --xpath "string($(h a)[@role='doc-noteref'][@href='#n-vocab'][not(@id)])" "$f")" \
		"$(xmllint --xpath "string($(h a)[@role='doc-noteref'][@href='#n-vocab'][@id])" "$f")"
fi
f="$WORK/out/mixed-content.ar.html"
if [ -f "$f" ]; then
	same "Arabic page: a reference to a figure reads \"الشكل 1\"" \
		"$(xmllint --xpath "string($(h a)[@class='xref'][@href='#fig-case'])" "$f")" "الشكل 1"
	same "Arabic page: a reference to a section reads as its title" \
		"$(xmllint --xpath "string($(h a)[@class='xref'][@href='#europe'])" "$f")" "البدايات الأوروبية"
	same "Arabic page: an English span is marked lang=en dir=ltr" \
		"$(count "$f" "$(h span)[@lang='en'][@dir='ltr'][not(@class)]")" "$(count "$SAMPLES/mixed-content.ar.xml" "//span[@xml:lang='en'][not(@dir)] | //span[@xml:lang='en'][@dir='ltr']")"
fi

# The English page through the print path as well: Chromium's PDF holds
# the article's words (pdftotext reads them back; it marks right-to-left
# runs with Unicode bidi controls, which are not word characters).
if [ -f "$WORK/out/features.en.html" ]; then
	chromium_run --print-to-pdf="$WORK/features.pdf" --no-pdf-header-footer "file://$WORK/out/features.en.html"
	if [ -s "$WORK/features.pdf" ]; then
		missing=$(comm -23 \
			<(words "$SAMPLES/features.en.xml" | grep -E '^[A-Za-z]{4,}$') \
			<(pdftotext -enc UTF-8 "$WORK/features.pdf" "$WORK/features.txt"
			  # Both as printed and with words hyphenated at line ends
			  # joined again (the style sheet asks for hyphens: auto).
			  { cat "$WORK/features.txt"; sed -e ':a' -e '/-$/{N;s/-\n//;ba}' "$WORK/features.txt"; } \
				| LC_ALL=C sed 's/\xe2\x80[\x8e\x8f\xaa-\xae]/ /g; s/\xe2\x81[\xa6-\xa9]/ /g' \
				| tr -s '[:space:][:punct:]' '\n' | sort -u) | head -5 | tr '\n' ' ')
		same "printed page: every English word of the body is in the PDF text" "$missing" ""
	else
		fail "printed page: Chromium prints the page to PDF"
	fi
fi

# font_names PDF: the PDF's font names, subset tags cut, sorted, a space
# after each.
font_names() {
	pdffonts "$1" 2>/dev/null | tail -n +3 | awk '{ print $1 }' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '
}

# Fonts: the printed Arabic pages are set in Amiri (the first of the
# Arabic font stack, from fonts-hosny-amiri), the English one in Noto Serif.
for art in mixed-content.ar qatar-cybercrime-convention.ar features.en; do
	[ -f "$WORK/out/$art.html" ] || continue
	chromium_run --print-to-pdf="$WORK/$art.pdf" --no-pdf-header-footer "file://$WORK/out/$art.html"
	fonts=$(font_names "$WORK/$art.pdf")
	case $art in
		*.ar) want=Amiri ;;
		*) want=NotoSerif ;;
	esac
	case " $fonts" in
		*" $want"*) pass "$art: printed in $want ($fonts)" ;;
		*) fail "$art: printed in $want" "fonts: $fonts" ;;
	esac
done

# The same through WeasyPrint, which resolves a font list with Pango: a
# generic family before Amiri ("Noto Serif, ..., serif, Amiri") and the
# body's Latin list inherited by paragraphs without a lang of their own
# set the whole Arabic article in DejaVu Sans (DejaVu-Sans, DejaVu-Sans-Bold,
# Noto-Serif, Noto-Serif-Bold before 2026-11-29, the session after stop 14).
art=qatar-cybercrime-convention.ar
if ! command -v weasyprint > /dev/null 2>&1; then
	fail "$art: printed by WeasyPrint" "weasyprint is not installed (scripts/install-deps)"
elif [ -f "$WORK/out/$art.html" ] && weasyprint -q "$WORK/out/$art.html" "$WORK/$art.weasy.pdf" 2>/dev/null; then
	same "$art: printed by WeasyPrint in Amiri alone" \
		"$(font_names "$WORK/$art.weasy.pdf")" \
		"Amiri Amiri-Bold "
else
	fail "$art: printed by WeasyPrint"
fi

# The font-size parameter goes into the style sheet; anything that is not
# a CSS length is refused before any output is written.
in="$SAMPLES/qatar-cybercrime-convention.ar.xml"
if "$CONVERT" --to html --param font-size=21px -o "$WORK/p.html" "$in" 2>"$WORK/err" \
	&& grep -q 'font-size: 21px' "$WORK/p.html"; then
	pass "--param font-size=21px reaches the style sheet"
else
	fail "--param font-size=21px reaches the style sheet" "$(cat "$WORK/err")"
fi
"$CONVERT" --to html --param 'font-size=1px}body{display:none' -o "$WORK/bad.html" "$in" 2>"$WORK/err"
st=$?
same "--param font-size with CSS in it is a usage error (exit 2)" "$st" 2
if [ ! -e "$WORK/bad.html" ] && grep -q 'font-size' "$WORK/err"; then
	pass "--param font-size with CSS in it: no output, message names the parameter"
else
	fail "--param font-size with CSS in it: no output, message names the parameter" "$(cat "$WORK/err")"
fi

# -o - writes the page to standard output.
if "$CONVERT" --to html -o - "$in" > "$WORK/stdout.html" 2>"$WORK/err" \
	&& cmp -s "$WORK/stdout.html" "$WORK/out/qatar-cybercrime-convention.ar.html"; then
	pass "-o - writes the same page to standard output"
else
	fail "-o - writes the same page to standard output" "$(cat "$WORK/err")"
fi

finish
