/*
 * hyphen.c: hyphenation points from libhyphen (lines.h, local.h).
 *
 * libhyphen applies TeX's hyphenation patterns (Liang's algorithm);
 * Debian's hyphen-* packages install them as /usr/share/hyphen/hyph_LL_CC.dic
 * (scripts/install-deps installs those of the languages our text faces
 * set). A language tag "de-CH" takes hyph_de_CH.dic, else hyph_de.dic,
 * else the first hyph_de_*.dic. Words in a right-to-left run or an
 * Arabic or Hebrew script, words in code (rigid ranges) and words with
 * anything but letters and marks are never hyphenated; a word keeps at
 * least two letters before a break and three after (TeX's English
 * \lefthyphenmin and \righthyphenmin), or more when its dictionary says.
 *
 * Dictionaries are loaded the first time a language is met and kept for
 * the conversion; the lookup is locked, hyphenating reads a dictionary
 * only (hnj_hyphen_hyphenate2 keeps no state), so both layout threads
 * use them at once.
 */
#include <stdio.h>
#include <string.h>

#include <hyphen.h>

#include "lines/local.h"

#define PDF_HYPHEN_DIR "/usr/share/hyphen"
#define PDF_LEFT_MIN 2
#define PDF_RIGHT_MIN 3
#define PDF_WORD_MAX 64

struct pdf_hyphens {
	GMutex lock;
	GHashTable *dicts;       /* language tag -> HyphenDict (NULL: none) */
};

static void pdf_dict_free(gpointer d)
{
	if (d)
		hnj_hyphen_free(d);
}

struct pdf_hyphens *pdf_hyphens_new(void)
{
	struct pdf_hyphens *h = g_new0(struct pdf_hyphens, 1);
	g_mutex_init(&h->lock);
	h->dicts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pdf_dict_free);
	return h;
}

void pdf_hyphens_free(struct pdf_hyphens *h)
{
	if (!h)
		return;
	g_hash_table_destroy(h->dicts);
	g_mutex_clear(&h->lock);
	g_free(h);
}

/* Loads the dictionary for lang ("de-CH" or "de_CH"), or NULL. */
static HyphenDict *pdf_dict_load(const char *lang)
{
	char ll[16] = "", cc[16] = "";
	sscanf(lang, "%15[A-Za-z]%*[-_]%15[A-Za-z0-9]", ll, cc);
	if (!*ll)
		return NULL;
	for (char *p = ll; *p; p++)
		*p = (char)g_ascii_tolower(*p);
	for (char *p = cc; *p; p++)
		*p = (char)g_ascii_toupper(*p);
	char path[256];
	if (*cc) {
		snprintf(path, sizeof path, PDF_HYPHEN_DIR "/hyph_%s_%s.dic", ll, cc);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			return hnj_hyphen_load(path);
	}
	snprintf(path, sizeof path, PDF_HYPHEN_DIR "/hyph_%s.dic", ll);
	if (g_file_test(path, G_FILE_TEST_EXISTS))
		return hnj_hyphen_load(path);
	/* The first of the language's countries, in name order. */
	GDir *dir = g_dir_open(PDF_HYPHEN_DIR, 0, NULL);
	if (!dir)
		return NULL;
	char prefix[32];
	snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
	char *first = NULL;
	for (const char *name; (name = g_dir_read_name(dir));)
		if (g_str_has_prefix(name, prefix) && g_str_has_suffix(name, ".dic") &&
		    (!first || strcmp(name, first) < 0)) {
			g_free(first);
			first = g_strdup(name);
		}
	g_dir_close(dir);
	HyphenDict *d = NULL;
	if (first) {
		snprintf(path, sizeof path, PDF_HYPHEN_DIR "/%s", first);
		d = hnj_hyphen_load(path);
		g_free(first);
	}
	return d;
}

/* The dictionary for lang, loaded when first asked for; NULL when none. */
static HyphenDict *pdf_dict(struct pdf_hyphens *h, const char *lang)
{
	g_mutex_lock(&h->lock);
	gpointer d = NULL;
	if (!g_hash_table_lookup_extended(h->dicts, lang, NULL, &d)) {
		d = pdf_dict_load(lang);
		g_hash_table_insert(h->dicts, g_strdup(lang), d);
	}
	g_mutex_unlock(&h->lock);
	return d;
}

int pdf_hyphens_word(struct pdf_hyphens *h, const char *lang, const char *word, int len, int n,
                     unsigned char *flags)
{
	HyphenDict *d = h && lang ? pdf_dict(h, lang) : NULL;
	if (d == NULL || n < PDF_LEFT_MIN + PDF_RIGHT_MIN || n > PDF_WORD_MAX)
		return 0;
	/* Patterns are lower case, in the dictionary's encoding. */
	char *lower = g_utf8_strdown(word, len);
	char *in = lower;
	gsize in_len = strlen(lower);
	if (!d->utf8) {
		in = g_convert(lower, -1, d->cset, "UTF-8", NULL, &in_len, NULL);
		if (in == NULL) {
			g_free(lower);
			return 0;
		}
	}
	/* Lower case must not change the number of characters (it is a
	 * per-character vector). */
	int marked = 0;
	if ((d->utf8 ? g_utf8_strlen(in, (gssize)in_len) : (glong)in_len) == n) {
		char *hyphens = g_malloc0(in_len + 5);
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;
		hnj_hyphen_hyphenate2(d, in, (int)in_len, hyphens, NULL, &rep, &pos, &cut);
		int left = d->lhmin > PDF_LEFT_MIN ? d->lhmin : PDF_LEFT_MIN;
		int right = d->rhmin > PDF_RIGHT_MIN ? d->rhmin : PDF_RIGHT_MIN;
		for (int i = left - 1; i < n - right; i++) {
			/* Hyphens[i] odd: a point after character i; one with a
			 * replacement (non-standard: "Schiff-fahrt") is skipped. */
			if ((hyphens[i] & 1) && !(rep && rep[i])) {
				flags[i + 1] |= PDF_CHAR_HYPHEN;
				marked++;
			}
		}
		if (rep) {
			for (int i = 0; i < (int)in_len; i++)
				free(rep[i]);
			free(rep);
		}
		free(pos);
		free(cut);
		g_free(hyphens);
	}
	if (in != lower)
		g_free(in);
	g_free(lower);
	return marked;
}

/* Whether characters [from, to) of sp overlap a rigid range. */
static int pdf_in_rigid(const struct pdf_shaped *sp, int from, int to, const int *rigid, int n_rigid)
{
	int a = sp->byte_of[from], b = sp->byte_of[to];
	for (int k = 0; k < n_rigid; k++)
		if (rigid[2 * k] < b && rigid[2 * k + 1] > a)
			return 1;
	return 0;
}

/* Whether run's words may be hyphenated: left to right, in a script
 * that hyphenates. */
static int pdf_hyphen_run(const PangoItem *it)
{
	GUnicodeScript s = (GUnicodeScript)it->analysis.script;
	return !(it->analysis.level & 1) && s != G_UNICODE_SCRIPT_ARABIC &&
	       s != G_UNICODE_SCRIPT_HEBREW && s != G_UNICODE_SCRIPT_SYRIAC &&
	       s != G_UNICODE_SCRIPT_THAANA && s != G_UNICODE_SCRIPT_NKO;
}

void pdf_hyphens_mark(struct pdf_hyphens *h, struct pdf_shaped *sp, const int *rigid, int n_rigid)
{
	for (int i = 0; i < sp->n;) {
		gunichar c = g_utf8_get_char(sp->text + sp->byte_of[i]);
		if (!g_unichar_isalpha(c) || sp->run_of[i] < 0) {
			i++;
			continue;
		}
		/* A word: letters and marks, in one run. */
		int r = sp->run_of[i], we = i;
		while (we < sp->n && sp->run_of[we] == r) {
			gunichar w = g_utf8_get_char(sp->text + sp->byte_of[we]);
			if (!g_unichar_isalpha(w) && !g_unichar_ismark(w))
				break;
			we++;
		}
		const PangoItem *it = sp->runs[r]->item;
		/* A word glued to digits or other signs ("x86", "e-mail's") is
		 * left whole. */
		int glued = we < sp->n && !sp->chars.attrs[we].is_white &&
		            !g_unichar_ispunct(g_utf8_get_char(sp->text + sp->byte_of[we]));
		if (!glued && pdf_hyphen_run(it) && it->analysis.language &&
		    !pdf_in_rigid(sp, i, we, rigid, n_rigid))
			pdf_hyphens_word(h, pango_language_to_string(it->analysis.language),
			                 sp->text + sp->byte_of[i], sp->byte_of[we] - sp->byte_of[i], we - i,
			                 sp->flags + i);
		i = we;
	}
}
