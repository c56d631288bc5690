/*
 * reproducible.c: keeps the process environment out of the PDF's bytes.
 *
 * fontconfig adds the languages of the environment (FC_LANG, else LC_ALL,
 * LC_CTYPE, LANG) to every font pattern it matches, after the pattern's
 * own. Where a family is generic or lacks a character, they decide the
 * font: the "sans-serif" labels of an SVG figure came out in Noto Sans
 * under LANG=C and in DejaVu Sans under LANG=fa_IR.UTF-8, so one article
 * gave two PDFs. The language of our text comes from the article's
 * xml:lang, which Pango passes on; the environment's is pinned to English,
 * what fontconfig assumes for the C locale, before fontconfig first reads
 * it (it keeps the answer for the life of the process). The core loads
 * the plugin before any conversion, and nothing else in convert uses
 * fontconfig.
 */
#include <stdlib.h>

__attribute__((constructor)) static void pdf_reproducible_fontconfig_lang(void)
{
	setenv("FC_LANG", "en", 1);
}
