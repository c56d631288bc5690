#!/bin/bash
# The plugin SDK: install convert into a staging folder, build plugins
# outside the source tree with nothing but the installed header and
# pkg-config file, and load them through CONVERT_PLUGIN_PATH and from the
# installed plugin folder:
#   tests/sdk/myformat.c   "wordcount", in C, with a parameter check
#   docs/plugins.md        the two examples of the page, extracted from it:
#                          "outline" (C) and "txt" (C and its own stylesheet)
#   tests/sdk/legacy.c     a plugin that needs ABI 1.0 only
#   tests/sdk/toonew.c     one that needs a newer minor than the core has
#   tests/sdk/sandbox.c    stylesheets that try to leave their sandbox
#   tests/sdk/pages.c      a format of several files
# and check that parameters are checked once, before any article is read,
# and that every message names its plugin once.
. "$(dirname "$0")/lib.sh"

command -v strace >/dev/null || { fail "strace is installed (it watches what convert opens)"; finish; }
# traced CMD...: CMD under strace (the syscalls in $TRACE, the log in
# $WORK/$LOG). LeakSanitizer cannot run under ptrace: under the sanitizers
# leaks are checked by the untraced runs.
traced() {
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -e trace="$TRACE" -o "$WORK/$LOG" "$@"
}


stage="$WORK/stage"
if ! msg=$(make -C "$TOP" --no-print-directory BUILD="$BUILD" DESTDIR="$stage" PREFIX=/usr install 2>&1); then
	fail "make install DESTDIR=... PREFIX=/usr" "$(printf '%s' "$msg" | tail -5)"
	finish
fi
pass "make install DESTDIR=... PREFIX=/usr"
for f in usr/bin/convert usr/include/convert/plugin.h usr/lib/pkgconfig/convert-plugin.pc \
         usr/share/convert/stylesheets/html.xsl usr/lib/convert/plugins/html.so; do
	if [ -e "$stage/$f" ]; then pass "installed /$f"; else fail "installed /$f"; fi
done

# pkg-config sees the staged install as a sysroot. A sysroot holds the
# dependencies too, so libxml2's headers are linked into it, where the
# sysroot prefix that pkg-config adds to every -I will look for them.
mkdir -p "$stage/usr/include"
ln -s /usr/include/libxml2 "$stage/usr/include/libxml2"
pc() { PKG_CONFIG_SYSROOT_DIR="$stage" PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" pkg-config "$@"; }
if cflags=$(pc --cflags convert-plugin); then
	pass "pkg-config --cflags convert-plugin"
else
	fail "pkg-config --cflags convert-plugin"
	finish
fi
case " $cflags " in
	*" -I$stage/usr/include "*) pass "cflags point at the installed header" ;;
	*) fail "cflags point at the installed header" "$cflags" ;;
esac
# pkg-config puts the sysroot in front of variables too.
plugindir=$(pc --variable=plugindir convert-plugin)
same "plugindir is the installed plugin folder" "$plugindir" "$stage/usr/lib/convert/plugins"

# Build outside the tree: a copy of the source in an empty folder, the
# compiler flags from pkg-config only (plus the project's warnings).
mkdir -p "$WORK/outside" "$WORK/myplugins"
cp "$TOP/tests/sdk/myformat.c" "$WORK/outside/"
# shellcheck disable=SC2086
check "plugin compiles with pkg-config flags only, -Wall -Wextra -Werror" \
	sh -c "cd '$WORK/outside' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags myformat.c -o '$WORK/myplugins/wordcount.so'"
[ -f "$WORK/myplugins/wordcount.so" ] || finish
same "the plugin exports exactly its descriptor" \
	"$(nm -D --defined-only "$WORK/myplugins/wordcount.so" | awk '$2 ~ /[TDRB]/ { print $3 }' | sort | tr '\n' ' ')" \
	"cv_plugin_descriptor "

# Found through CONVERT_PLUGIN_PATH, by the built and the installed convert.
for bin in "$CONVERT" "$stage/usr/bin/convert"; do
	which=built; [ "$bin" = "$CONVERT" ] || which=installed
	list=$(CONVERT_PLUGIN_PATH="$WORK/myplugins" "$bin" --list-formats 2>&1)
	if printf '%s\n' "$list" | grep -q '^wordcount .*Counts of sections, paragraphs and words, as text'; then
		pass "$which convert --list-formats lists wordcount with its description"
	else
		fail "$which convert --list-formats lists wordcount with its description" "$list"
	fi
	if printf '%s\n' "$list" | grep -A1 '^wordcount ' | grep -qF "($WORK/myplugins/wordcount.so)"; then
		pass "$which convert --list-formats names the folder it loaded wordcount from"
	else
		fail "$which convert --list-formats names the folder it loaded wordcount from" "$list"
	fi
done
if "$CONVERT" --list-formats 2>&1 | grep -q '^wordcount '; then
	fail "without CONVERT_PLUGIN_PATH the built convert does not see wordcount"
else
	pass "without CONVERT_PLUGIN_PATH the built convert does not see wordcount"
fi

# Convert with it, and check what it wrote against the article itself.
expect() {
	local in=$1
	printf 'title: %s\nlang: %s\ndirection: %s\nsections: %s\nparagraphs: %s\nwords: %s\n' \
		"$(xmllint --xpath 'string(/article/meta/title)' "$in")" \
		"$(xmllint --xpath 'string(/article/@xml:lang)' "$in")" "$2" \
		"$(xmllint --xpath 'count(/article/body//section)' "$in")" \
		"$(xmllint --xpath 'count(/article/body//p)' "$in")" \
		"$(xmllint --xpath 'string(/article/body)' "$in" | LC_ALL=C tr -s ' \t\n\r\v\f' '\n' | grep -c .)"
}
for f in "$SAMPLES"/*.xml; do
	art=$(basename "$f" .xml)
	dir=$(article_dir "$f")
	if CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to wordcount -o "$WORK/out/" "$f" 2>"$WORK/err"; then
		same "$art: wordcount output" "$(cat "$WORK/out/$art.txt")" "$(expect "$f" "$dir")"
	else
		fail "$art: converts with the out-of-tree plugin" "$(cat "$WORK/err")"
	fi
done

# Its declared parameter, through --param and --help-format.
f="$SAMPLES/qatar-cybercrime-convention.ar.xml"
same "--param heading=no drops the title line" \
	"$(CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to wordcount --param heading=no -o - "$f" 2>&1 | head -1)" \
	"lang: ar"
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to wordcount --param heading=maybe -o "$WORK/bad.txt" "$f" 2>"$WORK/err"
same "a bad parameter value is a usage error (exit 2)" "$?" 2
same "a bad parameter value: the plugin's message, named once, no output" \
	"$(cat "$WORK/err"; [ -e "$WORK/bad.txt" ] && echo "bad.txt written")" \
	'convert: wordcount: heading must be yes or no, not "maybe"'
printf '<article version="1.0" xml:lang="en"><meta><title>x</title></meta><body><p>one two</p></body></article>' \
	> "$WORK/flat.xml"
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to wordcount -o "$WORK/flat.txt" "$WORK/flat.xml" 2>"$WORK/err"
same "a warning names the article, then the plugin, once" "$?:$(cat "$WORK/err")" \
	"0:convert: warning: $WORK/flat.xml: wordcount: the article has no sections"
if CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --help-format wordcount 2>&1 | grep -q 'heading.*write the title line first'; then
	pass "--help-format wordcount shows the parameter and its help"
else
	fail "--help-format wordcount shows the parameter and its help" \
		"$(CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --help-format wordcount 2>&1)"
fi

# The complete example in docs/plugins.md ("outline") builds and works as
# the page says: the block is taken from the page itself.
awk '/<!-- example: outline.c -->/ { f = 1; next } f && /^```c$/ { g = 1; next } g && /^```$/ { exit } g' \
	"$TOP/docs/plugins.md" > "$WORK/outside/outline.c"
if [ -s "$WORK/outside/outline.c" ]; then pass "docs/plugins.md holds the outline example"
else fail "docs/plugins.md holds the outline example"; fi
check "docs example compiles with pkg-config flags only, -Wall -Wextra -Werror" \
	sh -c "cd '$WORK/outside' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags outline.c -o '$WORK/myplugins/outline.so'"
if CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --list-formats 2>&1 | grep -q '^outline .*Section titles'; then
	pass "--list-formats lists the docs example"
else
	fail "--list-formats lists the docs example"
fi
cat > "$WORK/outline.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="indent" select="4"/>
  <xsl:template match="/">
    <xsl:for-each select="//section">
      <xsl:for-each select="ancestor::section">
        <xsl:value-of select="substring('        ', 1, $indent)"/>
      </xsl:for-each>
      <xsl:value-of select="title"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
XSL
ex="$SAMPLES/features.en.xml"
same "the docs example writes the outline (--param indent=4)" \
	"$(CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to outline --param indent=4 -o - "$ex" 2>&1)" \
	"$(xsltproc "$WORK/outline.xsl" "$ex")"
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to outline --param indent=x -o - "$ex" > /dev/null 2>"$WORK/err"
same "the docs example refuses --param indent=x once, with exit 2" "$?:$(cat "$WORK/err")" \
	'2:convert: outline: indent must be a number from 0 to 8, not "x"'
rm -f "$WORK/myplugins/outline.so"

# ------------------------------------------------------------------
# The XSLT route out of tree: the page's txt example, a C file and its
# stylesheet, built as the page says for a convert installed under a
# prefix of its own (PKG_CONFIG_PATH), installed with its folder into the
# staged plugin folder, and run by the staged convert.
prefix="$WORK/prefix"
if msg=$(make -C "$TOP" --no-print-directory BUILD="$BUILD" PREFIX="$prefix" FORCE=1 install 2>&1); then
	pass "make install PREFIX=(a folder of its own)"
else
	fail "make install PREFIX=(a folder of its own)" "$(printf '%s' "$msg" | tail -5)"
fi
mkdir -p "$WORK/txtsrc/txt"
extract() { # extract NAME: the code block after <!-- example: NAME --> in docs/plugins.md
	awk -v tag="<!-- example: $1 -->" '$0 == tag { f = 1; next } f && /^```[a-z]+$/ { g = 1; next } g && /^```$/ { exit } g' \
		"$TOP/docs/plugins.md"
}
extract txt.c > "$WORK/txtsrc/txt.c"
extract txt/txt.xsl > "$WORK/txtsrc/txt/txt.xsl"
if [ -s "$WORK/txtsrc/txt.c" ] && [ -s "$WORK/txtsrc/txt/txt.xsl" ]; then
	pass "docs/plugins.md holds the txt example: txt.c and txt/txt.xsl"
else
	fail "docs/plugins.md holds the txt example: txt.c and txt/txt.xsl"
fi
check "the docs' PKG_CONFIG_PATH step finds the prefix's convert-plugin" \
	env PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --exists convert-plugin
# shellcheck disable=SC2046
check "txt.c builds with pkg-config --cflags --libs only, -Wall -Wextra -Werror" \
	sh -c "cd '$WORK/txtsrc' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared \
	$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs convert-plugin) txt.c -o txt.so"
install -m 644 "$WORK/txtsrc/txt.so" "$plugindir/" && cp -R "$WORK/txtsrc/txt" "$plugindir/"
sconvert="$stage/usr/bin/convert"
help=$(env -u CONVERT_PLUGIN_PATH "$sconvert" --help-format txt 2>&1)
if printf '%s\n' "$help" | grep -qxF "  stylesheets: $plugindir/txt first, then the built-in folder"; then
	pass "--help-format txt shows the plugin's own stylesheets folder"
else
	fail "--help-format txt shows the plugin's own stylesheets folder" "$help"
fi
help=$(env -u CONVERT_PLUGIN_PATH "$sconvert" --help-format html 2>&1)
if printf '%s\n' "$help" | grep -qxF "  stylesheets: the built-in folder"; then
	pass "--help-format html: a plugin without a folder uses the built-in one"
else
	fail "--help-format html: a plugin without a folder uses the built-in one" "$help"
fi
# What txt.xsl should write, computed apart from it: the title, then per
# section a blank line and its heading (numbered by position among its
# sibling sections), then every paragraph, text normalised as XPath's
# normalize-space(); U+200F before a right-to-left line.
txt_expect() {
	python3 - "$1" "$2" <<'PY'
import re, sys, unicodedata, xml.etree.ElementTree as ET
XML = "{http://www.w3.org/XML/1998/namespace}"
RTL = {"ar", "fa", "ur", "ps", "sd", "ug", "yi", "he", "dv", "ckb", "syr"}
def text(e): return re.sub(r"[ \t\r\n]+", " ", "".join(e.itertext())).strip(" ")
def strong(e):  # dir="auto": the first strong letter, notes and children with a dir skipped
    for t in [e.text or ""] + [x for c in e for x in ([] if c.tag == "note" or c.get("dir") else [c]) + [c.tail or ""]]:
        if not isinstance(t, str):
            d = strong(t)
            if d: return d
            continue
        for ch in t:
            b = unicodedata.bidirectional(ch)
            if b in ("R", "AL"): return "rtl"
            if b == "L": return "ltr"
    return None
def rtl(e, anc):  # docs/article-format.md, "Text direction": the nearest decision wins
    for a in [e] + anc:
        d = a.get("dir")
        if d in ("ltr", "rtl"): return d == "rtl"
        if d == "auto" and strong(a): return strong(a) == "rtl"
        if a.get(XML + "lang"):
            l = a.get(XML + "lang").lower().split("-")
            return l[0] in RTL or "arab" in l or "hebr" in l
    return False
out = []
def line(e, anc, number=""):
    out.append(("\u200f" if rtl(e, anc) else "") + number + text(e))
def walk(e, anc, nums):
    n = 0
    for c in e:
        if c.tag == "section":
            n += 1
            out.append("")
            t = c.find("title")
            line(t, [c] + anc, "".join(f"{k}." for k in nums + [n]) + " " if sys.argv[2] == "yes" else "")
            walk(c, [c] + anc, nums + [n])
        elif c.tag == "p": line(c, anc)
        elif c.tag != "title": walk(c, [c] + anc, nums)
root = ET.parse(sys.argv[1]).getroot()
line(root.find("meta/title"), [root.find("meta"), root])
walk(root.find("body"), [root.find("body"), root], [])
print("\n".join(out))
PY
}
for f in "$SAMPLES"/*.xml; do
	art=$(basename "$f" .xml)
	if got=$(env -u CONVERT_PLUGIN_PATH "$sconvert" --to txt -o - "$f" 2>"$WORK/err"); then
		same "$art: the txt example's text" "$got" "$(txt_expect "$f" yes)"
	else
		fail "$art: converts with the txt example" "$(cat "$WORK/err")"
	fi
done
f="$SAMPLES/features.en.xml"
same "txt --param numbers=no: headings without numbers" \
	"$(env -u CONVERT_PLUGIN_PATH "$sconvert" --to txt --param numbers=no -o - "$f" 2>&1)" "$(txt_expect "$f" no)"
env -u CONVERT_PLUGIN_PATH "$sconvert" --to txt --param numbers=maybe -o - "$f" >/dev/null 2>"$WORK/err"
same "txt --param numbers=maybe: refused once by the plugin's check, exit 2" "$?:$(cat "$WORK/err")" \
	'2:convert: txt: numbers must be yes or no, not "maybe"'

# ------------------------------------------------------------------
# ABI minors: a plugin that asks for 1.0 builds against exactly 1.0, says
# so in its descriptor and runs; one that needs a newer minor is refused.
cp "$TOP/tests/sdk/legacy.c" "$TOP/tests/sdk/toonew.c" "$WORK/outside/"
# shellcheck disable=SC2086
check "legacy.c (CV_PLUGIN_ABI_MINOR 0) compiles with pkg-config flags only, -Wall -Wextra -Werror" \
	sh -c "cd '$WORK/outside' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags legacy.c -o '$WORK/myplugins/legacy.so'"
# shellcheck disable=SC2086
if (cd "$WORK/outside" && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags -DLEGACY_USES_1_2 legacy.c \
	-o "$WORK/legacy12.so") > "$WORK/cc.log" 2>&1; then
	fail "a 1.0 plugin that calls a 1.2 function does not compile"
else
	check "a 1.0 plugin that calls a 1.2 function does not compile" grep -q 'cv_settings_lookup' "$WORK/cc.log"
fi
# shellcheck disable=SC2086
if (cd "$WORK/outside" && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags -DCV_PLUGIN_ABI_MINOR=99 \
	myformat.c -o "$WORK/minor99.so") > "$WORK/cc.log" 2>&1; then
	fail "asking for a minor the header does not have is a compile error"
else
	check "asking for a minor the header does not have is a compile error" grep -q 'CV_PLUGIN_ABI_MINOR is newer' "$WORK/cc.log"
fi
# The descriptor's first two fields, abi_major and abi_minor, as stored.
abi_of() {
	local addr
	addr=$(nm -D --defined-only "$1" | awk '$3 == "cv_plugin_descriptor" { print $1 }')
	[ -n "$addr" ] || return 1
	objdump -s --start-address=0x"$addr" --stop-address=$((0x$addr + 8)) "$1" |
		awk '/^ [0-9a-f]+ / { print $2 $3; exit }' | python3 -c '
import struct, sys
major, minor = struct.unpack("<II", bytes.fromhex(sys.stdin.read().strip()))
print(f"{major}.{minor}")'
}
same "legacy.so's descriptor says it needs ABI 1.0" "$(abi_of "$WORK/myplugins/legacy.so")" "1.0"
same "wordcount.so's descriptor says it needs the header's ABI" "$(abi_of "$WORK/myplugins/wordcount.so")" \
	"$("$CONVERT" --version | sed -n 's/.*plugin ABI \([0-9.]*\),.*/\1/p')"
f="$SAMPLES/qatar-cybercrime-convention.ar.xml"
same "this convert loads and runs the ABI 1.0 plugin" \
	"$(CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to legacy -o - "$f" 2>&1)" "ar"
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to legacy --param mode=warn -o - "$f" 2>"$WORK/err" >/dev/null
same "a 1.0 plugin's warning, which names itself, is named once" "$(cat "$WORK/err")" \
	"convert: warning: $f: legacy: a warning, named as ABI 1.0 plugins did"
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to legacy --param mode=fail -o "$WORK/legacy.out" "$f" 2>"$WORK/err"
same "a 1.0 plugin's error, which names itself, is named once (exit 1, no output)" \
	"$?:$(cat "$WORK/err"; [ -e "$WORK/legacy.out" ] && echo written)" "1:convert: $f: legacy: asked to fail"
# shellcheck disable=SC2086
check "toonew.c compiles" sh -c "cd '$WORK/outside' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags toonew.c -o '$WORK/myplugins/toonew.so'"
minor=$("$CONVERT" --version | sed -n 's/.*plugin ABI 1\.\([0-9]*\),.*/\1/p')
list=$(CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --list-formats 2>&1)
if printf '%s\n' "$list" | grep -qF "toonew.so: plugin needs ABI 1.$((minor + 1)) but this convert has 1.$minor; upgrade convert; skipped" &&
	! printf '%s\n' "$list" | grep -q '^toonew '; then
	pass "a plugin that needs a newer minor is refused: upgrade convert"
else
	fail "a plugin that needs a newer minor is refused: upgrade convert" "$list"
fi
rm -f "$WORK/myplugins/toonew.so"

# ------------------------------------------------------------------
# Further outputs: a file per top-level section beside the main output,
# all there on success, none (nor their folder) on failure.
cp "$TOP/tests/sdk/pages.c" "$WORK/outside/"
# shellcheck disable=SC2086
check "pages.c compiles with pkg-config flags only" \
	sh -c "cd '$WORK/outside' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags pages.c -o '$WORK/myplugins/pages.so'"
f="$SAMPLES/features.en.xml"
n=$(xmllint --xpath 'count(/article/body/section)' "$f")
if CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to pages -o "$WORK/pages/" "$f" 2>"$WORK/err"; then
	same "pages: the main output names a further output per section" \
		"$(cat "$WORK/pages/features.en.list")" "$(for i in $(seq 1 "$n"); do echo "features.en/s$i.txt"; done)"
	ok=1
	for i in $(seq 1 "$n"); do
		[ "$(cat "$WORK/pages/features.en/s$i.txt")" = \
		  "$(xmllint --xpath "string(/article/body/section[$i]/title)" "$f")" ] || ok=0
	done
	same "pages: each further output holds its section's title" "$ok" 1
	same "pages: nothing else is left beside them" \
		"$(cd "$WORK/pages" && find . | LC_ALL=C sort | tr '\n' ' ')" \
		". ./features.en ./features.en.list $(for i in $(seq 1 "$n"); do printf './features.en/s%d.txt ' "$i"; done | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')"
else
	fail "pages: converts" "$(cat "$WORK/err")"
fi
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to pages --param fail=yes -o "$WORK/pagesfail/" "$f" 2>"$WORK/err"
same "pages failing after its pages: exit 1, the plugin named once, nothing left" \
	"$?:$(cat "$WORK/err"):$(ls -A "$WORK/pagesfail")" "1:convert: $f: pages: asked to fail after $n pages:"
CONVERT_PLUGIN_PATH="$WORK/myplugins" "$CONVERT" --to pages -o - "$f" >/dev/null 2>"$WORK/err"
same "pages with -o -: refused, saying why" "$?:$(cat "$WORK/err")" \
	"1:convert: $f: pages: this format writes several files, so it cannot write to standard output (-o -)"

# ------------------------------------------------------------------
# Parameters are checked once, before any article is read: a bad value in
# a batch of 50 is one line, exit 2, nothing written, and no article
# opened (strace sees every open). One input is not even well-formed: it
# would be reported if anything were read.
mkdir -p "$WORK/batch"
for i in $(seq -w 1 49); do cp "$SAMPLES/features.en.xml" "$WORK/batch/a$i.xml"; done
printf '<article' > "$WORK/batch/a50.xml"
CONVERT_PLUGIN_PATH="$WORK/myplugins" TRACE=open,openat LOG=trace traced \
	"$CONVERT" --to wordcount --param heading=maybe -o "$WORK/batchout/" "$WORK"/batch/*.xml 2>"$WORK/err"
same "50 articles, a bad value: exit 2 and one line, naming the plugin once" "$?:$(cat "$WORK/err")" \
	'2:convert: wordcount: heading must be yes or no, not "maybe"'
check "50 articles, a bad value: nothing written" test ! -e "$WORK/batchout"
same "50 articles, a bad value: no article opened" "$(grep -c "$WORK/batch/" "$WORK/trace")" 0
check "(strace saw the plugin opened)" grep -q 'wordcount.so' "$WORK/trace"
"$CONVERT" --to epub,html,pdf --param toc-depth=9 --param font-size=1x --param toc=maybe \
	-o "$WORK/batchout/" "$WORK"/batch/*.xml 2>"$WORK/err"
same "the built-in formats: each refusal once, naming its format, exit 2" "$?:$(cat "$WORK/err")" \
	"2:convert: epub: toc-depth must be a number from 1 to 6, not \"9\"
convert: html: font-size \"1x\" is not a CSS length (a number and px, pt, em, rem or %)
convert: pdf: toc must be yes or no, not 'maybe'"
check "the built-in formats, bad values: nothing written" test ! -e "$WORK/batchout"

# ------------------------------------------------------------------
# A plugin's stylesheets run in the sandbox of the built-in ones. The
# sandbox plugin's stylesheets try to read and write outside it; strace
# shows what convert opened and whether it connected anywhere.
cp "$TOP/tests/sdk/sandbox.c" "$WORK/outside/"
# shellcheck disable=SC2086
check "sandbox.c compiles with pkg-config flags only" \
	sh -c "cd '$WORK/outside' && cc -std=c11 -Wall -Wextra -Werror -O2 -shared $cflags sandbox.c -o '$WORK/myplugins/sandbox.so'"
cp -R "$TOP/tests/sdk/sandbox" "$WORK/myplugins/"
ln -s /etc/passwd "$WORK/myplugins/sandbox/passwd.xml"
mkdir -p "$WORK/art"
cp "$SAMPLES/features.en.xml" "$WORK/art/a.xml" && cp -R "$SAMPLES/images" "$WORK/art/"
# sandbox NAME ARGS...: runs the sandbox plugin under strace; sets st, sb.out, sb.err, sb.trace.
sandbox() {
	CONVERT_PLUGIN_PATH="$WORK/myplugins" TRACE=open,openat,creat,connect,rename,mkdir LOG=sb.trace traced \
		"$CONVERT" --to sandbox "$@" -o - "$WORK/art/a.xml" > "$WORK/sb.out" 2>"$WORK/sb.err"
	st=$?
}
sandbox
same "a plugin stylesheet includes its neighbour and reads its own folder" "$st:$(cat "$WORK/sb.out")" \
	"0:included: the plugin's own data"
check "(strace saw the read of the plugin's data.xml)" grep -q "sandbox/data.xml" "$WORK/sb.trace"
# refused NAME WHAT MESSAGE: the last run failed with MESSAGE (a fixed
# string) naming the plugin once, wrote nothing to standard output, and
# neither opened WHAT nor connected anywhere.
refused() {
	if [ "$st" = 1 ] && [ ! -s "$WORK/sb.out" ] && grep -qF -- "$3" "$WORK/sb.err" &&
	   [ "$(grep -o 'sandbox:' "$WORK/sb.err" | wc -l)" = 1 ] &&
	   ! grep -qF -- "$2" "$WORK/sb.trace" && ! grep -q 'connect(' "$WORK/sb.trace"; then
		pass "$1"
	else
		fail "$1" "exit $st; $(cat "$WORK/sb.err"); $(grep -F -- "$2" "$WORK/sb.trace" | head -3)"
	fi
}
sandbox --param href=/etc/passwd
refused "document('/etc/passwd'): refused, nothing read" /etc/passwd "read rights for /etc/passwd denied"
sandbox --param href=file:///etc/passwd
refused "document('file:///etc/passwd'): refused, nothing read" /etc/passwd "read rights for file:///etc/passwd denied"
sandbox --param href=passwd.xml
refused "document() through a link in the plugin's folder: refused, nothing read" /etc/passwd \
	"read rights for $WORK/myplugins/sandbox/passwd.xml denied"
sandbox --param href="$TOP/stylesheets/html.xsl"
refused "document() of a built-in stylesheet: refused (a stylesheet reads its own folder)" stylesheets/html.xsl \
	"read rights for $TOP/stylesheets/html.xsl denied"
sandbox --param href=http://127.0.0.1:9/x
refused "document() of a network URL: refused, no connection" 127.0.0.1 "Network file read for http://127.0.0.1:9/x refused"
sandbox --param sheet=exsl-document.xsl --param out="$WORK/written-exsl"
refused "exsl:document: refused, nothing written" written-exsl "failed to find extension document"
sandbox --param sheet=xsl-document.xsl --param out="$WORK/written-xsl"
refused "xsl:document: refused, nothing written" written-xsl "write rights for $WORK/written-xsl denied"
sandbox --param sheet=result-document.xsl --param out="$WORK/written-2.0"
refused "xsl:result-document (XSLT 2.0): refused, nothing written" written-2.0 \
	"result-document.xsl:7:1: sandbox: xsl:result-document is not XSLT 1.0"
sandbox --param sheet=result-document-1.0.xsl --param out="$WORK/written-1.0"
refused "xsl:result-document in a 1.0 stylesheet: refused, nothing written" written-1.0 \
	"result-document-1.0.xsl:7:1: sandbox: xsl:result-document is not XSLT 1.0"
sandbox --param sheet=include-outside.xsl
refused "xsl:include of /etc/passwd: refused, nothing read" /etc/passwd "unable to load file:///etc/passwd"
sandbox --param sheet=../../outside/myformat.c
refused "a stylesheet name that climbs out of the folder: refused" outside/myformat.c \
	'stylesheet name "../../outside/myformat.c" must name a file in a stylesheets folder'
sandbox --param sheet=html.xsl
same "the plugin's folder comes first: its html.xsl, not the built-in one" "$st:$(cat "$WORK/sb.out")" \
	"0:the plugin's html.xsl"
sandbox --param sheet=docbook.xsl
if [ "$st" = 0 ] && grep -q 'docbook.org/ns/docbook' "$WORK/sb.out"; then
	pass "a name the plugin's folder lacks is found in the built-in folder"
else
	fail "a name the plugin's folder lacks is found in the built-in folder" "$(cat "$WORK/sb.err")"
fi

# Installed into the plugin folder pkg-config names, the installed convert
# finds it with no environment at all.
f="$SAMPLES/qatar-cybercrime-convention.ar.xml"
cp "$WORK/myplugins/wordcount.so" "$plugindir/"
list=$(env -u CONVERT_PLUGIN_PATH "$stage/usr/bin/convert" --list-formats 2>&1)
if printf '%s\n' "$list" | grep -A1 '^wordcount ' | grep -qF "($plugindir/wordcount.so)"; then
	pass "installed into plugindir, the installed convert lists it from there"
else
	fail "installed into plugindir, the installed convert lists it from there" "$list"
fi
same "the installed convert converts with it" \
	"$(env -u CONVERT_PLUGIN_PATH "$stage/usr/bin/convert" --to wordcount -o - "$f" 2>&1)" "$(expect "$f" rtl)"

finish
