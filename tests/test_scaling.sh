#!/bin/bash
# Work grows linearly with the article, so a long article cannot stall a
# batch. Each case is sized so that the quadratic code it guards against
# takes minutes (measured on the 2-core build machine) while the linear
# code takes seconds:
#   - 20,000 notes, each referred to, with figures, tables, lists,
#     quotations and listings referred to: HTML numbered them with
#     xsl:number level="any" (10,000 notes: 12 s; 20,000: about 700 s) and
#     DocBook found each ref's note with //note[@id = ...] (about 190 s);
#     8,000 of them to PDF, whose stylesheet did both (4,000: 59 s);
#   - 100,000 blocks before the first section and 100,000 after a section:
#     EPUB and DocBook walked back from every block to its section (67 s
#     and 82 s);
#   - a section of a million empty paragraphs: libxml2's RelaxNG
#     validation was quadratic in a section's children (50,000: 1.5 s; a
#     million: about ten minutes).
# No clock is read. Each conversion runs under a CPU-time limit (ulimit -t,
# CPU seconds, which a busy machine does not inflate the way it does wall
# time) of CV_CPU_LIMIT seconds, 30 by default: five times what the linear
# code needs here, and a small part of what the quadratic code needs. The
# outputs are checked too, so a converter cannot pass by writing less.
. "$(dirname "$0")/lib.sh"

LIMIT=${CV_CPU_LIMIT:-30}

# limited NAME ARGS...: runs convert ARGS under the CPU limit; fails NAME
# when it is killed for its CPU time or fails.
limited() {
	name=$1; shift
	# (the outer parentheses keep bash's "Killed" notice off the report)
	( ( ulimit -t "$LIMIT"; exec "$CONVERT" "$@" ) > "$WORK/out.log" 2>&1 ) 2> /dev/null
	st=$?
	if [ $st = 0 ]; then
		pass "$name (under $LIMIT CPU seconds)"
		return 0
	fi
	if [ $st = 152 ] || [ $st = 137 ]; then
		fail "$name" "killed after $LIMIT CPU seconds (status $st)"
	else
		fail "$name" "status $st: $(head -c 300 "$WORK/out.log")"
	fi
	return 1
}

python3 -c 'import struct, zlib, sys
raw = b"\0\xff\0\0"
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))' > "$WORK/x.png"

# --- numbers and references ------------------------------------------------------
cat > "$WORK/notes.py" <<'EOF'
"""N notes, each referred to; every tenth paragraph a figure (captioned
every other time), list, quotation, listing and table, all referred to,
and a ref to the section; 20 paragraphs per section."""
import sys
n = int(sys.argv[1])
w = sys.stdout.write
w('<?xml version="1.0" encoding="UTF-8"?>\n<article version="1.0" xml:lang="en"><meta><title>Notes</title></meta><body>\n')
for i in range(1, n + 1):
    if i % 20 == 1:
        w('<section id="s%d"><title>S%d</title>' % (i, i))
    w('<p>P<note id="n%d">N</note> <ref target="n%d"/></p>' % (i, i))
    if i % 10 == 0:
        w('<figure id="f%d"><image src="x.png" alt=""/>%s</figure>' % (i, '<caption>C</caption>' if i % 20 else ''))
        w('<list id="l%d"><item>I</item></list><quote id="q%d"><p>Q</p></quote><pre id="c%d">C</pre>' % (i, i, i))
        w('<table id="t%d"><row><cell>T</cell></row></table>' % i)
        w('<p><ref target="f%d"/> <ref target="l%d"/> <ref target="q%d"/> <ref target="c%d"/> <ref target="t%d"/> <ref target="s%d"/></p>'
          % (i, i, i, i, i, (i - 1) // 20 * 20 + 1))
    if i % 20 == 0:
        w('</section>\n')
w('<p/></body></article>\n')
EOF
python3 "$WORK/notes.py" 20000 > "$WORK/notes.xml"
python3 "$WORK/notes.py" 8000 > "$WORK/notes8k.xml"

if limited "20,000 notes to HTML" --to html -o "$WORK/notes.html" "$WORK/notes.xml"; then
	same "HTML: the ref to the last note shows its number" \
		"$(grep -o '<a href="#n20000" role="doc-noteref">[^<]*</a>' "$WORK/notes.html")" \
		'<a href="#n20000" role="doc-noteref">20000</a>'
	same "HTML: 20,000 footnotes" "$(grep -o '<a href="#fnref-[0-9]*" class="backref"' "$WORK/notes.html" | wc -l)" 20000
	same "HTML: the last captioned figure is Figure 1000" \
		"$(grep -o '<a href="#f19990" class="xref">[^<]*</a>' "$WORK/notes.html")" '<a href="#f19990" class="xref">Figure 1000</a>'
	same "HTML: an uncaptioned figure is named by its place among all figures" \
		"$(grep -o '<a href="#f20000" class="xref">[^<]*</a>' "$WORK/notes.html")" '<a href="#f20000" class="xref">Figure 2000</a>'
	same "HTML: the last listing is Listing 2000" \
		"$(grep -o '<a href="#c20000" class="xref">[^<]*</a>' "$WORK/notes.html")" '<a href="#c20000" class="xref">Listing 2000</a>'
fi
if limited "20,000 notes to EPUB" --to epub -o "$WORK/notes.epub" "$WORK/notes.xml"; then
	same "EPUB: the ref to the last note shows its number" \
		"$(unzip -p "$WORK/notes.epub" OEBPS/s1000.xhtml | grep -o '<a class="ref" href="s1000.xhtml#n20000">[^<]*</a>')" \
		'<a class="ref" href="s1000.xhtml#n20000">20000</a>'
	same "EPUB: 20,000 footnotes" "$(unzip -p "$WORK/notes.epub" 'OEBPS/s*.xhtml' | grep -o 'role="doc-footnote"' | wc -l)" 20000
fi
if limited "20,000 notes to DocBook" --to docbook -o "$WORK/notes.dbk" "$WORK/notes.xml"; then
	same "DocBook: 20,000 footnoterefs" "$(grep -o '<footnoteref linkend="n[0-9]*"' "$WORK/notes.dbk" | wc -l)" 20000
fi
if limited "8,000 notes to PDF" --to pdf -o "$WORK/notes8k.pdf" "$WORK/notes8k.xml"; then
	pdftotext "$WORK/notes8k.pdf" "$WORK/notes8k.txt"
	same "PDF: the last note's marker and the ref to it" "$(grep -c '^P 8000 note 8000$' "$WORK/notes8k.txt")" 1
	same "PDF: the last footnote" "$(grep -c '^8000 N$' "$WORK/notes8k.txt")" 1
fi

# --- long runs of blocks -------------------------------------------------------------
python3 -c 'import sys
n = 100000
sys.stdout.write("<?xml version=\"1.0\"?>\n<article version=\"1.0\" xml:lang=\"en\"><meta><title>Runs</title></meta><body>"
                 + "<p/>" * n + "<section><title>S</title></section>" + "<p>x</p>" * n
                 + "<section><title>T</title></section></body></article>\n")' > "$WORK/runs.xml"
if limited "100,000 blocks before a section and 100,000 after one, to EPUB" --to epub -o "$WORK/runs.epub" "$WORK/runs.xml"; then
	same "EPUB: the blocks before the first section open the book" \
		"$(unzip -p "$WORK/runs.epub" OEBPS/front.xhtml | grep -o '<p[ />]' | wc -l)" 100000
	same "EPUB: the blocks after the section end its document" \
		"$(unzip -p "$WORK/runs.epub" OEBPS/s0001.xhtml | grep -o '<p[ >]' | wc -l)" 100000
fi
if limited "100,000 blocks before a section and 100,000 after one, to DocBook" --to docbook -o "$WORK/runs.dbk" "$WORK/runs.xml"; then
	same "DocBook: the blocks after the section, in its continuation" \
		"$(awk '/<simplesect role="continuation">/ { on = 1 } on' "$WORK/runs.dbk" | grep -o '<para[^>]*>x</para>' | wc -l)" 100000
fi

# --- a long section ------------------------------------------------------------------
python3 -c 'import sys
sys.stdout.write("<?xml version=\"1.0\"?>\n<article version=\"1.0\" xml:lang=\"en\"><meta><title>Long</title></meta>"
                 "<body><section><title>S</title>" + "<p/>" * 1000000 + "</section></body></article>\n")' > "$WORK/long.xml"
limited "a section of a million paragraphs validates" --validate "$WORK/long.xml"

finish
