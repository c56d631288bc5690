#!/bin/bash
# Archival editions (docs/archival.md).
#
# Same bytes on every run: every sample, and an article without a date, in
# every format, converted under time zones with odd offsets, other locales
# and fontconfig languages, other umasks and working folders, gives the
# same files; with SOURCE_DATE_EPOCH too. The dates inside come from
# SOURCE_DATE_EPOCH, else the article's date, else 1980-01-01, never the
# clock.
#
# (Locales need not be generated for this: convert never calls setlocale,
# so what could leak is what libraries read from the environment
# themselves, as fontconfig reads LANG.)
. "$(dirname "$0")/lib.sh"

FORMATS=docbook,epub,html,pdf

# The samples, and features.en.xml without its date (images beside it).
mkdir -p "$WORK/in"
cp "$SAMPLES"/*.xml "$WORK/in/"
cp -R "$SAMPLES/images" "$WORK/in/"
sed '/<date>/d' "$SAMPLES/features.en.xml" > "$WORK/in/undated.en.xml"
grep -q '<date>' "$WORK/in/undated.en.xml" && fail "undated.en.xml still has a date"
ARTICLES=$(cd "$WORK/in" && ls *.xml)

# in_env UMASK FOLDER ASSIGNMENT... -- COMMAND...: runs COMMAND from FOLDER
# under UMASK with the locale, time zone and date variables cleared, then
# the given assignments made (the sanitizers' options pass through).
in_env() {
	local mask=$1 dir=$2
	shift 2
	local vars=()
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	(umask "$mask" && cd "$dir" &&
		exec env -u SOURCE_DATE_EPOCH -u TZ -u LANG -u LANGUAGE -u LC_ALL -u LC_CTYPE \
			-u LC_TIME -u LC_NUMERIC -u FC_LANG "${vars[@]}" "$@")
}

# convert_all NAME UMASK FOLDER ASSIGNMENT...: every article in every
# format into $WORK/NAME/.
convert_all() {
	local name=$1 mask=$2 dir=$3
	shift 3
	mkdir -p "$WORK/$name"
	for a in $ARTICLES; do
		in_env "$mask" "$dir" "$@" -- "$CONVERT" --to "$FORMATS" -o "$WORK/$name/" "$WORK/in/$a" ||
			fail "$name: $a does not convert"
	done
}

convert_all plain 022 "$WORK" TZ=UTC
convert_all tehran 077 / TZ=Asia/Tehran LANG=fa_IR.UTF-8 LC_ALL=ar_EG.UTF-8
convert_all stjohns 002 "$WORK/in" TZ=America/St_Johns LANG=he_IL.UTF-8 LC_CTYPE=ur_PK.UTF-8 \
	FC_LANG=ur LC_NUMERIC=de_DE.UTF-8
convert_all sde 022 "$WORK" TZ=UTC SOURCE_DATE_EPOCH=1700000000
convert_all sde-kiritimati 077 / TZ=Pacific/Kiritimati LANG=ar_EG.UTF-8 SOURCE_DATE_EPOCH=1700000000

# same_files A B: every output of run A is byte for byte the one of run B.
same_files() {
	local differ="" n=0
	for f in "$WORK/$1"/*; do
		n=$((n + 1))
		cmp -s "$f" "$WORK/$2/$(basename "$f")" || differ="$differ $(basename "$f")"
	done
	[ "$n" -eq $(($(echo "$ARTICLES" | wc -w) * 4)) ] || differ="$differ (only $n files)"
	[ -z "$differ" ] || { echo "differ:$differ"; return 1; }
}
check "no SOURCE_DATE_EPOCH: same bytes in UTC, Tehran (+03:30), umask 077, LC_ALL=ar_EG" \
	same_files plain tehran
check "no SOURCE_DATE_EPOCH: same bytes in St. John's (-03:30), umask 002, FC_LANG=ur, LC_NUMERIC=de_DE" \
	same_files plain stjohns
check "SOURCE_DATE_EPOCH: same bytes in UTC and Kiritimati (+14:00), LANG=ar_EG, umask 077" \
	same_files sde sde-kiritimati

# The dates written: the EPUB's dcterms:modified and its zip entries' times.
epub_modified() {
	unzip -p "$1" OEBPS/package.opf | sed -n 's|.*<meta property="dcterms:modified">\([^<]*\)</meta>.*|\1|p'
}
zip_times() { unzip -Z -T "$1" | awk 'NF >= 8 && $1 ~ /^-/ { print $7 }' | sort -u | paste -sd' '; }
same "EPUB dcterms:modified: the article's date" \
	"$(epub_modified "$WORK/plain/features.en.epub")" 2024-03-15T00:00:00Z
same "EPUB dcterms:modified: 1980-01-01 for an article without a date" \
	"$(epub_modified "$WORK/plain/undated.en.epub")" 1980-01-01T00:00:00Z
same "EPUB dcterms:modified: SOURCE_DATE_EPOCH first" \
	"$(epub_modified "$WORK/sde/features.en.epub")" 2023-11-14T22:13:20Z
same "EPUB zip entries: the article's date" "$(zip_times "$WORK/plain/features.en.epub")" 20240315.000000
same "EPUB zip entries: 1980-01-01 without a date" "$(zip_times "$WORK/plain/undated.en.epub")" 19800101.000000

finish
