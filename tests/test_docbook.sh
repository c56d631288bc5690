#!/bin/bash
# DocBook 5.0 output: every sample converts, validates against the DocBook
# 5.0 RELAX NG schema with jing, and keeps the article's content (sections,
# footnotes, cross-references, links, figures, list numbering, language).
. "$(dirname "$0")/lib.sh"

DOCBOOK_RNG=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng

# jing prints classpath warnings on standard error; the exit status and
# the messages on standard output are what count.
valid_docbook() { jing "$DOCBOOK_RNG" "$1" 2>/dev/null; }

# count FILE XPATH: the number XPATH counts in FILE (DocBook elements are
# matched by local name: xmllint --xpath knows no namespace prefixes).
count() { xmllint --xpath "count($2)" "$1"; }

db() { printf '//*[local-name()="%s"]' "$1"; }

# same NAME GOT EXPECTED: a case that passes when the two are equal.

# The words of FILE's text, one per line, sorted and unique. Each text
# node ends a word, so that blocks written without whitespace between
# them ("<title>A</title><para>B") do not glue their words together.
cat > "$WORK/text-nodes.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="text()"><xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>
EOF
words() { xsltproc "$WORK/text-nodes.xsl" "$1" | tr -s '[:space:][:punct:]' '\n' | sed '/^$/d' | sort -u; }

[ -f "$DOCBOOK_RNG" ] || fail "DocBook 5.0 schema installed" "$DOCBOOK_RNG missing (package docbook5-xml)"

check_article() {
	# Not "name" or "out": lib.sh's check() assigns those, and bash
	# scoping would let it overwrite ours.
	local in=$1 art dbk msg missing
	art=$(basename "$in" .xml)
	dbk="$WORK/out/$art.dbk"
	mkdir -p "$WORK/out"
	if ! msg=$("$CONVERT" --to docbook -o "$WORK/out/" "$in" 2>&1); then
		fail "$art: converts" "$msg"
		return
	fi
	pass "$art: converts"
	if [ ! -s "$dbk" ]; then
		fail "$art: default output name is NAME.dbk" "no $dbk"
		return
	fi
	check "$art: valid DocBook 5.0 (jing)" valid_docbook "$dbk"

	same "$art: root is a DocBook 5.0 article" \
		"$(xmllint --xpath 'concat(namespace-uri(/*), " ", local-name(/*), " ", /*/@version)' "$dbk")" \
		"http://docbook.org/ns/docbook article 5.0"
	same "$art: section count" "$(count "$dbk" "$(db section)")" "$(count "$in" //section)"
	same "$art: every section id kept as xml:id" \
		"$(xmllint --xpath "$(db section)/@*[local-name()='id']" "$dbk" 2>/dev/null | tr -s ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')" \
		"$(xmllint --xpath '//section/@id' "$in" 2>/dev/null | tr -s ' ' '\n' | sed 's/^id=/xml:id=/' | sed '/^$/d' | sort | tr '\n' ' ')"
	# A note inside a note cannot be a footnote in DocBook (it stays inline).
	same "$art: footnotes" "$(count "$dbk" "$(db footnote)")" "$(count "$in" '//note[not(ancestor::note or ancestor::attribution)]')"
	same "$art: cross-references" "$(count "$dbk" "$(db xref) | $(db footnoteref)")" "$(count "$in" //ref)"
	same "$art: links" "$(count "$dbk" "$(db link)")" "$(count "$in" //a)"
	same "$art: external link targets" \
		"$(xmllint --xpath "$(db link)/@*[local-name()='href']" "$dbk" 2>/dev/null | tr -s ' ' '\n' | sed '/^$/d' | sed 's/^[a-z:]*href=//' | sort | tr '\n' ' ')" \
		"$(xmllint --xpath "//a[not(starts-with(@href,'#'))]/@href" "$in" 2>/dev/null | tr -s ' ' '\n' | sed '/^$/d' | sed 's/^[a-z:]*href=//' | sort | tr '\n' ' ')"
	same "$art: figures (formal and informal)" "$(count "$dbk" "$(db figure) | $(db informalfigure)")" "$(count "$in" //figure)"
	same "$art: figure titles are the captions" "$(count "$dbk" "$(db figure)/*[local-name()='title']")" "$(count "$in" //figure/caption)"
	same "$art: images" "$(count "$dbk" "$(db imagedata)[@fileref]")" "$(count "$in" //image)"
	same "$art: tables" "$(count "$dbk" "$(db table) | $(db informaltable)")" "$(count "$in" //table)"
	same "$art: table cells" "$(count "$dbk" "$(db td) | $(db th)")" "$(count "$in" //cell)"
	same "$art: lists" "$(count "$dbk" "$(db itemizedlist) | $(db orderedlist)")" "$(count "$in" //list)"
	same "$art: list starting numbers" \
		"$(xmllint --xpath "$(db orderedlist)/@startingnumber" "$dbk" 2>/dev/null | tr -dc '0-9 ')" \
		"$(xmllint --xpath '//list[@type="number"]/@start' "$in" 2>/dev/null | tr -dc '0-9 ')"
	same "$art: program listings" "$(count "$dbk" "$(db programlisting)")" "$(count "$in" //pre)"
	same "$art: block quotes and attributions" \
		"$(count "$dbk" "$(db blockquote)") $(count "$dbk" "$(db attribution)")" \
		"$(count "$in" //quote) $(count "$in" //attribution)"
	same "$art: line breaks" "$(count "$dbk" "//processing-instruction('linebreak')")" "$(count "$in" //br)"
	same "$art: language of the article" \
		"$(xmllint --xpath 'string(/*/@xml:lang)' "$dbk")" "$(xmllint --xpath 'string(/article/@xml:lang)' "$in")"
	same "$art: every xml:lang kept" "$(count "$dbk" '//@xml:lang')" \
		"$(count "$in" '//@xml:lang[not(parent::body or parent::br)] | /article/body[@xml:lang]/*[not(@xml:lang)]')"
	same "$art: title" \
		"$(xmllint --xpath "normalize-space(/*/*[local-name()='info']/*[local-name()='title'])" "$dbk")" \
		"$(xmllint --xpath 'normalize-space(/article/meta/title)' "$in")"
	same "$art: keywords" "$(count "$dbk" "$(db keyword)")" "$(count "$in" //keyword)"
	same "$art: identifiers" "$(count "$dbk" "$(db biblioid)")" "$(count "$in" //identifier)"
	same "$art: authors, editors and other credits" \
		"$(count "$dbk" "$(db author) | $(db editor) | $(db othercredit)")" "$(count "$in" //author)"
	missing=$(comm -23 <(words "$in") <(words "$dbk") | head -5 | tr '\n' ' ')
	same "$art: every word of the article is in the DocBook text" "$missing" ""
}

for f in "$SAMPLES"/*.xml; do
	check_article "$f"
done

# The Arabic samples: right to left at the root, Arabic title intact.
for f in "$SAMPLES"/*.ar.xml; do
	[ -f "$f" ] || continue
	base=$(basename "$f" .xml)
	dbk="$WORK/out/$base.dbk"
	same "$base: xml:lang=\"ar\" and dir=\"rtl\" on the root" \
		"$(xmllint --xpath 'concat(/*/@xml:lang, " ", /*/@dir)' "$dbk")" "ar rtl"
	title=$(xmllint --xpath 'string(/article/meta/title)' "$f")
	if grep -qF "$title" "$dbk"; then pass "$base: Arabic title byte for byte"; else fail "$base: Arabic title byte for byte"; fi
done

[ -f "$SAMPLES/features.en.xml" ] && for d in rtl auto; do check_article "$(everywhere $d)"; done

# An article written for the corners of the mapping: blocks between and
# after subsections, an empty section, a nested note, a note in an
# attribution, a header row in mid-table, a rowspan out of the header,
# dir="auto", a body carrying xml:lang and dir.
mkdir -p "$WORK/edge/images"
cp "$SAMPLES/images/type-case.png" "$WORK/edge/images/"
cat > "$WORK/edge/edge.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article version="1.0" xml:lang="en">
  <meta>
    <title>Edge cases<br/>for <code>DocBook</code> and <ref target="s-a"/></title>
    <author role="illustrator and colourist">Ana Lee</author>
    <author role="author">Bo Chen</author>
    <identifier scheme="other">X-1</identifier>
  </meta>
  <body xml:lang="fr" dir="ltr">
    <p>Avant les sections.</p>
    <section id="s-a">
      <title>Alpha</title>
      <section id="s-a1"><title>Empty section</title></section>
      <p id="between">Between subsections.</p>
      <section id="s-a2">
        <title>Has a note<note id="n-title">In a title.</note></title>
        <p dir="auto">مرحبا with a nested note<note>Outer <em>note</em><note>inner note</note>.</note> and <ref target="n-title"/>.</p>
      </section>
      <p>Trailing after subsections.</p>
      <list type="number" start="7"><item>seven</item><item><p>eight</p></item></list>
    </section>
    <p>After all sections, <a href="#s-a">link</a> and <a href="https://example.org/">web</a>.</p>
    <quote><p>Q</p><attribution><strong>S</strong> <code>c</code><note>n</note> <em>T<sub>2</sub></em> <span xml:lang="ar">ع</span><ref target="s-a"/><br/></attribution></quote>
    <figure id="fig-plain"><image src="images/type-case.png" alt="" width="50%"/></figure>
    <table><row><cell/><cell align="start">x</cell></row><row role="header"><cell colspan="2" align="end">mid header</cell></row></table>
    <table id="t2" xml:lang="ar"><caption>جدول<note>ح</note></caption><row role="header"><cell>a</cell><cell rowspan="2">b</cell></row><row><cell align="start">c</cell></row></table>
    <pre>  two  spaces
line</pre>
  </body>
</article>
EOF
check_article "$WORK/edge/edge.xml"
e="$WORK/out/edge.dbk"
same "edge: blocks after subsections kept in continuation simplesects" \
	"$(count "$e" "$(db simplesect)[@role='continuation']")" 3
same "edge: dir=\"auto\" resolved from the first strong character" \
	"$(xmllint --xpath "string($(db para)[starts-with(.,'مرحبا')]/@dir)" "$e")" rtl
same "edge: programlisting whitespace kept" \
	"$(xmllint --xpath "string($(db programlisting))" "$e")" "$(printf '  two  spaces\nline')"
same "edge: a rowspan leaving the header keeps the rows in the body" \
	"$(count "$e" "$(db table)[@*[local-name()='id']='t2']/*[local-name()='thead']")" 0
same "edge: align=start in a left-to-right cell is left" \
	"$(xmllint --xpath "string($(db informaltable)//*[local-name()='td'][.='x']/@align)" "$e")" left
same "edge: footnoteref for a reference to a note" \
	"$(xmllint --xpath "string($(db footnoteref)/@linkend)" "$e")" n-title

# -o - writes the document to standard output, identical to the file.
if "$CONVERT" --to docbook -o - "$SAMPLES/qatar-cybercrime-convention.ar.xml" > "$WORK/stdout.dbk" 2> "$WORK/stderr"; then
	if cmp -s "$WORK/stdout.dbk" "$WORK/out/qatar-cybercrime-convention.ar.dbk"; then
		pass "-o - writes the same DocBook to standard output"
	else
		fail "-o - writes the same DocBook to standard output" "differs from the file output"
	fi
	check "-o - output is valid DocBook" valid_docbook "$WORK/stdout.dbk"
else
	fail "-o - writes the same DocBook to standard output" "$(cat "$WORK/stderr")"
fi

# --list-formats names the plugin.
if "$CONVERT" --list-formats 2>&1 | grep -q '^docbook\b'; then
	pass "--list-formats lists docbook"
else
	fail "--list-formats lists docbook" "$("$CONVERT" --list-formats 2>&1 | head -5)"
fi

finish
