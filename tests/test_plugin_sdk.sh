#!/bin/bash
# The plugin SDK: install convert into a staging folder, build a plugin
# outside the source tree with nothing but the installed header and
# pkg-config file (tests/sdk/myformat.c, a "wordcount" format), and load
# it both through CONVERT_PLUGIN_PATH and from the installed plugin folder.
. "$(dirname "$0")/lib.sh"


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
# The direction of the whole article, as docs/article-format.md defines it:
# its dir when ltr or rtl, else from its language.
article_dir() {
	local d l
	d=$(xmllint --xpath 'string(/article/@dir)' "$1")
	l=$(xmllint --xpath 'string(/article/@xml:lang)' "$1" | tr 'A-Z' 'a-z')
	case $d in ltr|rtl) echo "$d"; return ;; esac
	case "-${l}-" in
		-ar-*|-fa-*|-ur-*|-ps-*|-sd-*|-ug-*|-yi-*|-he-*|-dv-*|-ckb-*|-syr-*|*-arab-*|*-hebr-*) echo rtl ;;
		*) echo ltr ;;
	esac
}
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
same "a bad parameter value exits 1" "$?" 1
if grep -q 'heading must be yes or no' "$WORK/err" && [ ! -e "$WORK/bad.txt" ]; then
	pass "a bad parameter value: the plugin's message, no output"
else
	fail "a bad parameter value: the plugin's message, no output" "$(cat "$WORK/err")"
fi
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

# Installed into the plugin folder pkg-config names, the installed convert
# finds it with no environment at all.
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
