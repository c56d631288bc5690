/*
 * kashida.c: justifying Arabic by elongating its joins (local.h).
 *
 * Arabic is justified by kashida (tatweel): a join between two letters
 * drawn longer. Where, follows the priorities Microsoft set out for its
 * Arabic justification (Internet Explorer 5.5, written up by the Khatt
 * Foundation as "The big kashida secret", khtt.net/en/page/1821), as
 * LibreOffice implements them (i18nutil's kashida.cxx, with its change
 * that no kashida goes before a final Yeh unless after a Seen), and as
 * W3C's "Requirements for Arabic and Persian Text Layout" (alreq, §
 * "Justification") describes them. In a word, the join chosen is the
 * first of these it has, the last one in the word when several tie:
 *
 *   1. after a tatweel the author typed;
 *   2. after an initial or medial Seen or Sad (and their family);
 *   3. before a final Teh Marbuta, Dal (or Thal), or a word-final Heh;
 *   4. before a final Alef, or a word-final Lam, Tah, Kaf or Gaf;
 *   5. before a medial Beh-like letter followed by Reh or a Yeh;
 *   6. before a final Waw, or a word-final Ain, Qaf or Feh;
 *   7. before a final Reh, or any other word-final letter but Yeh.
 *
 * Only joins Unicode's joining types allow (the letter before joins
 * forward, the one after joins back: ICU's Joining_Type and
 * Joining_Group), never inside Lam-Alef, and only where both letters are
 * a glyph each, drawn at its pen (a ligature, a mark, a letter the face
 * moves keep their shape): one site per word at most. Only in runs set in
 * a Naskh face that has a tatweel: Nastaliq is justified otherwise (its
 * joins slope; it has no kashida in this sense).
 *
 * A line to fill takes its kashidas first: as few as keep each between
 * PDF_KASHIDA_MIN_EM and PDF_KASHIDA_MAX_EM of the face, at the best
 * ranked sites, spread along the line when more rank alike than are
 * needed; the word spaces take the rest (lines.c). The last line of a
 * paragraph is never elongated (it is not justified).
 */
#include <math.h>
#include <string.h>

#include <hb.h>
#include <unicode/uchar.h>

#include "lines/local.h"

/* A kashida adds between a tenth of an em (less reads as uneven
 * spacing, not as elongation) and 0.18 em, about one tatweel of a Naskh
 * face (Amiri's is 0.185 em): the steered text layer shows the letter
 * before it centred over letter and kashida (text/added.h), and the
 * readers part a word at a gap of 0.1 em on either side. */
#define PDF_KASHIDA_MIN_EM 0.1
#define PDF_KASHIDA_MAX_EM 0.18

double pdf_lines_em(PangoFont *font)
{
	PangoFontDescription *d = pango_font_describe(font);
	double em = pango_units_to_double(pango_font_description_get_size(d));
	pango_font_description_free(d);
	return em;
}

PangoGlyph pdf_lines_glyph(PangoFont *font, gunichar u)
{
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	hb_codepoint_t g = 0;
	if (hb == NULL || !hb_font_get_nominal_glyph(hb, u, &g))
		return 0;
	return g;
}

int pdf_lines_cluster_glyph(const PangoGlyphItem *run, int byte)
{
	const PangoGlyphString *g = run->glyphs;
	int rel = byte - run->item->offset;
	for (int i = 0; i < g->num_glyphs; i++)
		if (g->log_clusters[i] == rel)
			return i;
	return -1;
}

void pdf_lines_insert_glyph(PangoGlyphItem *run, int at, PangoGlyph glyph, int width, int byte)
{
	PangoGlyphString *g = run->glyphs;
	int n = g->num_glyphs;
	pango_glyph_string_set_size(g, n + 1);
	memmove(g->glyphs + at + 1, g->glyphs + at, sizeof *g->glyphs * (size_t)(n - at));
	memmove(g->log_clusters + at + 1, g->log_clusters + at, sizeof *g->log_clusters * (size_t)(n - at));
	PangoGlyphInfo *gi = &g->glyphs[at];
	memset(gi, 0, sizeof *gi);
	gi->glyph = glyph;
	gi->geometry.width = width;
	g->log_clusters[at] = byte - run->item->offset;
	/* The leftmost glyph of a cluster starts it, as Pango marks them. */
	if (at + 1 <= n && g->log_clusters[at + 1] == g->log_clusters[at]) {
		gi->attr.is_cluster_start = g->glyphs[at + 1].attr.is_cluster_start;
		g->glyphs[at + 1].attr.is_cluster_start = 0;
	}
}

/* Whether a face is a Naskh (not a Nastaliq) with a tatweel. */
static int pdf_kashida_face(PangoFont *font)
{
	if (font == NULL || pdf_lines_glyph(font, 0x0640) == 0)
		return 0;
	PangoFontDescription *d = pango_font_describe(font);
	const char *family = pango_font_description_get_family(d);
	int ok = family && !strcasestr(family, "nastaliq") && !strcasestr(family, "nastaleeq");
	pango_font_description_free(d);
	return ok;
}

static int pdf_group(UChar32 c)
{
	return u_getIntPropertyValue(c, UCHAR_JOINING_GROUP);
}

static int pdf_is_yeh(int g)
{
	return g == U_JG_YEH || g == U_JG_FARSI_YEH || g == U_JG_YEH_BARREE ||
	       g == U_JG_BURUSHASKI_YEH_BARREE || g == U_JG_YEH_WITH_TAIL;
}

static int pdf_is_beh(int g)
{
	return g == U_JG_BEH || g == U_JG_NOON || g == U_JG_AFRICAN_NOON || g == U_JG_NYA ||
	       g == U_JG_YEH || g == U_JG_FARSI_YEH || g == U_JG_BURUSHASKI_YEH_BARREE;
}

/* The rank (1 best) of a kashida between prev and ch, letters of a word
 * (next the letter after ch, or 0; final: ch ends the word), or 0 where
 * none may go. */
static int pdf_kashida_rank(UChar32 prev, UChar32 ch, UChar32 next, int final)
{
	int pj = u_getIntPropertyValue(prev, UCHAR_JOINING_TYPE);
	int cj = u_getIntPropertyValue(ch, UCHAR_JOINING_TYPE);
	if ((pj != U_JT_DUAL_JOINING && pj != U_JT_JOIN_CAUSING) ||
	    (cj != U_JT_DUAL_JOINING && cj != U_JT_RIGHT_JOINING && cj != U_JT_JOIN_CAUSING))
		return 0;
	int pg = pdf_group(prev), cg = pdf_group(ch);
	if (pg == U_JG_LAM && cg == U_JG_ALEF)
		return 0; /* the Lam-Alef ligature */
	if (prev == 0x0640)
		return 1;
	if (pg == U_JG_SEEN || pg == U_JG_SAD)
		return 2;
	if (final && pdf_is_yeh(cg))
		return 0;
	if (cg == U_JG_TEH_MARBUTA || cg == U_JG_DAL || (final && cg == U_JG_HEH))
		return 3;
	if (cg == U_JG_ALEF ||
	    (final && (cg == U_JG_LAM || cg == U_JG_TAH || cg == U_JG_KAF || cg == U_JG_GAF)))
		return 4;
	if (!final && next && pdf_is_beh(cg) && (pdf_group(next) == U_JG_REH || pdf_is_yeh(pdf_group(next))))
		return 5;
	if (cg == U_JG_WAW || (final && (cg == U_JG_AIN || cg == U_JG_QAF || cg == U_JG_AFRICAN_QAF ||
	                                  cg == U_JG_FEH || cg == U_JG_AFRICAN_FEH)))
		return 6;
	if (cg == U_JG_REH || final)
		return 7;
	return 0;
}

/* Whether run may be elongated: right to left, Arabic, in a Naskh face
 * with a tatweel (eligible caches the answer per run). */
static int pdf_kashida_run(const struct pdf_shaped *sp, int r, signed char *eligible)
{
	if (eligible[r] < 0) {
		const PangoItem *it = sp->runs[r]->item;
		eligible[r] = (it->analysis.level & 1) &&
		              it->analysis.script == G_UNICODE_SCRIPT_ARABIC &&
		              pdf_kashida_face(it->analysis.font);
	}
	return eligible[r];
}

/* Marks the best site of the word [ws, we) of sp, if it has one. */
static void pdf_kashida_word(struct pdf_shaped *sp, int ws, int we, signed char *eligible,
                             double *em)
{
	/* The word's letters, marks skipped. */
	int letters[64], nl = 0;
	for (int i = ws; i < we && nl < (int)(sizeof letters / sizeof *letters); i++) {
		UChar32 c = (UChar32)g_utf8_get_char(sp->text + sp->byte_of[i]);
		if (u_getIntPropertyValue(c, UCHAR_JOINING_TYPE) != U_JT_TRANSPARENT)
			letters[nl++] = i;
	}
	int best = 0, best_rank = 0;
	for (int k = 1; k < nl; k++) {
		int a = letters[k - 1], b = letters[k];
		/* The letter before the join has its text shown apart from its
		 * ink (text/added.h): the letter before it must be drawn as
		 * shaped too, or its own gap adds to the kashida's. */
		int before_ok = a == ws || (sp->cluster[a - 1] & PDF_CLUSTER_LONE);
		/* Nor may a mark follow the letter after it (a carrier shows
		 * the mark's text beside it). */
		if (b + 1 < we && !(sp->cluster[b + 1] & PDF_CLUSTER_START))
			before_ok = 0;
		if (b + 1 < we && u_getIntPropertyValue((UChar32)g_utf8_get_char(sp->text + sp->byte_of[b + 1]),
		                                        UCHAR_JOINING_TYPE) == U_JT_TRANSPARENT)
			before_ok = 0;
		if (b != a + 1 || sp->run_of[a] != sp->run_of[b] || sp->run_of[b] < 0 ||
		    !(sp->cluster[a] & PDF_CLUSTER_LONE) || !(sp->cluster[b] & PDF_CLUSTER_LONE) ||
		    !before_ok || !pdf_kashida_run(sp, sp->run_of[b], eligible))
			continue;
		UChar32 prev = (UChar32)g_utf8_get_char(sp->text + sp->byte_of[a]);
		UChar32 ch = (UChar32)g_utf8_get_char(sp->text + sp->byte_of[b]);
		UChar32 next = k + 1 < nl ? (UChar32)g_utf8_get_char(sp->text + sp->byte_of[letters[k + 1]]) : 0;
		int rank = pdf_kashida_rank(prev, ch, next, k == nl - 1);
		if (rank > 0 && (best_rank == 0 || rank <= best_rank)) {
			best = b;
			best_rank = rank;
		}
	}
	if (best_rank == 0)
		return;
	sp->flags[best] |= PDF_CHAR_KASHIDA;
	sp->rank[best] = (unsigned char)best_rank;
	if (*em == 0)
		*em = pdf_lines_em(sp->runs[sp->run_of[best]]->item->analysis.font);
}

double pdf_kashida_sites(struct pdf_shaped *sp)
{
	signed char *eligible = g_new(signed char, sp->n_runs > 0 ? sp->n_runs : 1);
	memset(eligible, -1, (size_t)(sp->n_runs > 0 ? sp->n_runs : 1));
	double em = 0;
	const PangoLogAttr *attrs = sp->chars.attrs;
	for (int i = 0; i < sp->n;) {
		if (attrs[i].is_white) {
			i++;
			continue;
		}
		int we = i;
		while (we < sp->n && !attrs[we].is_white)
			we++;
		pdf_kashida_word(sp, i, we, eligible, &em);
		i = we;
	}
	g_free(eligible);
	return em * PDF_KASHIDA_MAX_EM;
}

/* The run of line (cut runs, logical order) that holds byte, or NULL. */
static PangoGlyphItem *pdf_line_run_at(GPtrArray *line, int byte)
{
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		if (byte >= run->item->offset && byte < run->item->offset + run->item->length)
			return run;
	}
	return NULL;
}


/* Orders sites by rank, then by position. */
static int pdf_cmp_site(const void *a, const void *b, void *data)
{
	const unsigned char *rank = data;
	int x = *(const int *)a, y = *(const int *)b;
	if (rank[x] != rank[y])
		return rank[x] - rank[y];
	return x - y;
}

static int pdf_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

double pdf_kashida_fill(struct pdf_shaped *sp, GPtrArray *line, int s, int t, double want)
{
	GArray *sites = g_array_new(FALSE, FALSE, sizeof(int));
	double em = 0;
	for (int c = s + 1; c < t; c++) {
		if (!(sp->flags[c] & PDF_CHAR_KASHIDA))
			continue;
		g_array_append_val(sites, c);
		if (em == 0)
			em = pdf_lines_em(sp->runs[sp->run_of[c]]->item->analysis.font);
	}
	int n = (int)sites->len;
	double use = want < n * em * PDF_KASHIDA_MAX_EM ? want : n * em * PDF_KASHIDA_MAX_EM;
	if (n == 0 || use < em * PDF_KASHIDA_MIN_EM / 2) {
		g_array_free(sites, TRUE);
		return 0;
	}
	int m = (int)ceil(use / (em * PDF_KASHIDA_MAX_EM) - 1e-9);
	m = m < 1 ? 1 : m > n ? n : m;
	/* The m best ranked; of the rank the cut falls in, as many as are
	 * needed, evenly spread. */
	int *by_rank = g_memdup2(sites->data, sizeof(int) * (size_t)n);
	g_qsort_with_data(by_rank, n, sizeof(int), pdf_cmp_site, sp->rank);
	int cut_rank = sp->rank[by_rank[m - 1]], taken = 0, tied = 0;
	int *chosen = g_new(int, m);
	for (int k = 0; k < n; k++) {
		if (sp->rank[by_rank[k]] < cut_rank)
			chosen[taken++] = by_rank[k];
		else if (sp->rank[by_rank[k]] == cut_rank)
			tied++;
	}
	int need = m - taken, first_tied = taken;
	for (int q = 0; q < need; q++)
		chosen[taken++] = by_rank[first_tied + (2 * q + 1) * tied / (2 * need)];
	qsort(chosen, (size_t)m, sizeof *chosen, pdf_cmp_int);
	int units = pango_units_from_double(use), added = 0;
	for (int k = 0; k < m; k++) {
		int c = chosen[k], w = units / m + (k < units % m);
		int before = sp->byte_of[c - 1];
		PangoGlyphItem *run = pdf_line_run_at(line, before);
		PangoGlyph tatweel = run ? pdf_lines_glyph(run->item->analysis.font, 0x0640) : 0;
		int at = run && tatweel ? pdf_lines_cluster_glyph(run, before) : -1;
		if (at < 0)
			continue;
		pdf_lines_insert_glyph(run, at, tatweel, w, before);
		added += w;
	}
	g_free(chosen);
	g_free(by_rank);
	g_array_free(sites, TRUE);
	return pango_units_to_double(added);
}
