/*
 * choose.c: where a paragraph's lines end (lines.h, pdf_lines_choose).
 *
 * The paragraph is first cut into segments at what forces a line to end:
 * a forced break, and a word wider than the line, whose pieces are set
 * one to a line, each as wide as fits (cut before a glyph cluster, found
 * in one pass over the word), the last going on with the words after it;
 * the line before such a word is set at its natural width. Each segment
 * is then broken:
 *
 *  - ragged (not justified): each line takes the most words that fit, as
 *    Pango and browsers break;
 *  - justified: for the segment as a whole (total fit), after Knuth and
 *    Plass, "Breaking paragraphs into lines" (1981), as TeX does. A line
 *    is a box of its characters' widths, its word spaces glue that may
 *    stretch by PDF_STRETCH of their width and shrink by PDF_SHRINK, and
 *    its kashida sites (kashida.c) glue that may stretch by the
 *    breakable's kashida width each. A line's adjustment ratio r is what
 *    it must stretch (or shrink) over what it can; its badness 100 |r|^3;
 *    its demerits (PDF_LINE_PENALTY + badness)^2, plus the penalty of its
 *    break squared (a hyphenation point), plus PDF_ADJ_DEMERITS where its
 *    fitness class (very loose, loose, decent, tight) is two or more from
 *    the line before's, PDF_DOUBLE_HYPHEN after a hyphenated line, and
 *    PDF_FINAL_HYPHEN when the line before the last is hyphenated. The
 *    breaks chosen are those of least total demerits among lines whose
 *    badness is within the pass's tolerance: first PDF_TOLERANCE_1 (no
 *    space over 150% of its width unless kashida help), then
 *    PDF_TOLERANCE_2, then any. The last line is filled with white
 *    (badness 0).
 *
 * Each break point is tried against the active nodes (breaks from which a
 * line to here can still be short enough); a node is dropped once the
 * line from it is overfull, so the active list holds about as many nodes
 * as there are break points on a line, times four fitness classes, and
 * PDF_ACTIVE_MAX bounds it whatever the text: the work is linear in the
 * paragraph's length.
 */
#include <math.h>
#include <stdlib.h>

#include "lines/lines.h"

/* A word space may stretch by half its width before its line is loose
 * (r = 1: 150%) and shrink by a third (TeX's defaults for its fonts). */
#define PDF_STRETCH 0.5
#define PDF_SHRINK (1.0 / 3)

/* TeX's \linepenalty, \hyphenpenalty, \adjdemerits,
 * \doublehyphendemerits and \finalhyphendemerits. */
#define PDF_LINE_PENALTY 10.0
#define PDF_HYPHEN_PENALTY 50.0
#define PDF_ADJ_DEMERITS 10000.0
#define PDF_DOUBLE_HYPHEN 10000.0
#define PDF_FINAL_HYPHEN 5000.0

/* The badness of a line that cannot stretch to fill the line (TeX's
 * inf_bad), and the tolerances of the passes: 100 is a ratio of 1 (spaces
 * at 150% when only they stretch), 400 about 1.6. */
#define PDF_INF_BAD 10000.0
#define PDF_TOLERANCE_1 100.0
#define PDF_TOLERANCE_2 400.0

/* How far (points) a line may run past its width and still fit: the
 * rounding of glyph widths to Pango units. */
#define PDF_OVERRUN 0.01

/* The most active nodes kept: the oldest (longest lines) go first. Far
 * above what text needs (about four per break point on a line). */
#define PDF_ACTIVE_MAX 512

/* A paragraph measured for choosing. */
struct pdf_chooser {
	const struct pdf_breakable *p;
	double width;
	double *space;           /* n + 1: widths of the word spaces before i */
	int *sites;              /* n + 1: kashida sites before i */
	int *trail;              /* n + 1: where the white space ending at i starts */
	int *bp;                 /* the break points after 0, ascending; n last */
	int nbp;
};

static unsigned pdf_flags(const struct pdf_breakable *p, int i)
{
	return p->flags ? p->flags[i] : 0;
}

/* Whether a line may end before character e (0 < e < n). */
static int pdf_can_break(const struct pdf_breakable *p, int e)
{
	unsigned f = pdf_flags(p, e);
	if (f & (PDF_CHAR_FORCED | PDF_CHAR_HYPHEN))
		return 1;
	return p->attrs[e].is_line_break && !(f & PDF_CHAR_KEEP);
}

/* Whether a break before e adds a hyphen. */
static int pdf_hyphen_at(const struct pdf_chooser *c, int e)
{
	return e < c->p->n && (pdf_flags(c->p, e) & PDF_CHAR_HYPHEN) &&
	       !c->p->attrs[e].is_line_break;
}

/* Whether a word wider than the line may be cut before character i. */
static int pdf_cluster_at(const struct pdf_breakable *p, int i)
{
	return p->flags ? (p->flags[i] & PDF_CHAR_CLUSTER) != 0 : p->attrs[i].is_cursor_position;
}

static void pdf_chooser_init(struct pdf_chooser *c, const struct pdf_breakable *p, double width)
{
	int n = p->n;
	c->p = p;
	c->width = width;
	c->space = g_new(double, n + 1);
	c->sites = g_new(int, n + 1);
	c->trail = g_new(int, n + 1);
	c->bp = g_new(int, n + 1);
	c->nbp = 0;
	c->space[0] = 0;
	c->sites[0] = 0;
	c->trail[0] = 0;
	for (int i = 0; i < n; i++) {
		unsigned f = pdf_flags(p, i);
		int space = p->flags ? (f & PDF_CHAR_SPACE) != 0 : p->attrs[i].is_white;
		c->space[i + 1] = c->space[i] + (space ? p->prefix[i + 1] - p->prefix[i] : 0);
		c->sites[i + 1] = c->sites[i] + ((f & PDF_CHAR_KASHIDA) != 0);
		c->trail[i + 1] = p->attrs[i].is_white ? c->trail[i] : i + 1;
	}
	for (int e = 1; e < n; e++)
		if (pdf_can_break(p, e))
			c->bp[c->nbp++] = e;
	c->bp[c->nbp++] = n;
}

static void pdf_chooser_free(struct pdf_chooser *c)
{
	g_free(c->space);
	g_free(c->sites);
	g_free(c->trail);
	g_free(c->bp);
}

/* The width of a line of characters [s, e), its trailing white space not
 * counted, with the hyphen it ends with (unless it ends the segment). */
static double pdf_line_width(const struct pdf_chooser *c, int s, int e, int hyphen)
{
	int t = c->trail[e] > s ? c->trail[e] : s;
	return c->p->prefix[t] - c->p->prefix[s] + (hyphen ? c->p->hyphen : 0);
}

/* The index in c->bp of the first break point after s. */
static int pdf_first_bp_after(const struct pdf_chooser *c, int s)
{
	int lo = 0, hi = c->nbp;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (c->bp[mid] <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Ragged: lines of [s, z), each with the most words that fit. Appends
 * them to out (the last ends at z, ragged) and returns how many. */
static int pdf_choose_greedy(const struct pdf_chooser *c, int s, int z, struct pdf_break *out)
{
	int n = 0, k = pdf_first_bp_after(c, s);
	while (s < z) {
		int best = -1, best_k = k;
		for (int j = k; j < c->nbp && c->bp[j] <= z; j++) {
			int e = c->bp[j], hy = e < z && pdf_hyphen_at(c, e);
			if (pdf_line_width(c, s, e, hy) > c->width + PDF_OVERRUN) {
				if (hy)
					continue; /* the hyphen does not fit; what follows may */
				break;
			}
			best = e;
			best_k = j;
		}
		if (best < 0) { /* no word fits (a hyphen does not): the next */
			best = k < c->nbp && c->bp[k] <= z ? c->bp[k] : z;
			best_k = k;
		}
		out[n].end = best;
		out[n].how = best < z && pdf_hyphen_at(c, best) ? PDF_BREAK_HYPHEN : 0;
		n++;
		s = best;
		k = best_k + 1;
	}
	if (n > 0)
		out[n - 1].how = PDF_BREAK_RAGGED;
	return n;
}

/* A feasible break of total fit: the best way found to end a line here. */
struct pdf_node {
	int pos;                 /* where the line ends (the next starts) */
	int prev;                /* the node the line starts at, or -1 */
	double demerits;         /* the total, from the segment's start */
	signed char fitness;     /* 0 very loose, 1 loose, 2 decent, 3 tight */
	signed char hyphen;      /* the line ending here is hyphenated */
};

/* The fitness class of a line of adjustment ratio r. */
static int pdf_fitness(double r)
{
	return r < -0.5 ? 3 : r <= 0.5 ? 2 : r <= 1 ? 1 : 0;
}

/* Lines from node a's position to e (the segment's end when last), if
 * feasible at tolerance tol: their demerits, else INFINITY; *fit is
 * their fitness class; *overfull says the line cannot shrink enough (it
 * will not, for any e after). */
static double pdf_try_line(const struct pdf_chooser *c, const struct pdf_node *a, int e, int last,
                           double tol, int *fit, int *overfull)
{
	const struct pdf_breakable *p = c->p;
	int s = a->pos, hy = !last && pdf_hyphen_at(c, e);
	int t = c->trail[e] > s ? c->trail[e] : s;
	double w = c->width;
	double len = p->prefix[t] - p->prefix[s] + (hy ? p->hyphen : 0);
	double spaces = c->space[t] - c->space[s];
	double shrink = spaces * PDF_SHRINK;
	*overfull = len - shrink > w + PDF_OVERRUN;
	if (*overfull)
		return INFINITY;
	double stretch = spaces * PDF_STRETCH + (c->sites[t] - c->sites[s]) * p->kashida;
	double r;
	if (len > w + PDF_OVERRUN)
		r = (w - len) / shrink;
	else if (last || len >= w)
		r = 0;
	else
		r = stretch > 0 ? (w - len) / stretch : INFINITY;
	double bad = isinf(r) ? PDF_INF_BAD : fmin(100 * fabs(r * r * r), PDF_INF_BAD);
	if (bad > tol)
		return INFINITY;
	*fit = pdf_fitness(r);
	double d = (PDF_LINE_PENALTY + bad) * (PDF_LINE_PENALTY + bad);
	if (hy)
		d += PDF_HYPHEN_PENALTY * PDF_HYPHEN_PENALTY;
	if (abs(*fit - a->fitness) > 1)
		d += PDF_ADJ_DEMERITS;
	if (hy && a->hyphen)
		d += PDF_DOUBLE_HYPHEN;
	if (last && a->hyphen)
		d += PDF_FINAL_HYPHEN;
	/* Lines that cannot stretch all have badness inf_bad: the fuller
	 * wins among them, so that a run of them fills as it goes. */
	if (isinf(r))
		d += (w - len) * (w - len);
	return a->demerits + d;
}

/* Appends to out the lines of the path ending at node end of nodes (the
 * last ragged) and returns how many. */
static int pdf_backtrack(const struct pdf_node *nodes, int end, struct pdf_break *out)
{
	int n = 0;
	for (int k = end; nodes[k].prev >= 0; k = nodes[k].prev)
		n++;
	int i = n;
	for (int k = end; nodes[k].prev >= 0; k = nodes[k].prev) {
		i--;
		out[i].end = nodes[k].pos;
		out[i].how = nodes[k].hyphen ? PDF_BREAK_HYPHEN : 0;
	}
	if (n > 0)
		out[n - 1].how = PDF_BREAK_RAGGED;
	return n;
}

/* One pass of total fit over [s, z) at tolerance tol: appends the lines
 * to out and returns how many, or -1 when no breaks are feasible. */
static int pdf_total_fit_pass(const struct pdf_chooser *c, int s, int z, double tol,
                              struct pdf_break *out)
{
	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(struct pdf_node));
	GArray *active = g_array_new(FALSE, FALSE, sizeof(int));
	struct pdf_node start = { s, -1, 0, 2, 0 };
	g_array_append_val(nodes, start);
	int zero = 0;
	g_array_append_val(active, zero);
	int result = -1;
	for (int j = pdf_first_bp_after(c, s); j < c->nbp && active->len > 0; j++) {
		int e = c->bp[j] < z ? c->bp[j] : z, last = e == z;
		double best[4] = { INFINITY, INFINITY, INFINITY, INFINITY };
		int from[4] = { -1, -1, -1, -1 };
		guint kept = 0;
		for (guint k = 0; k < active->len; k++) {
			int a = g_array_index(active, int, k), fit = 2, overfull = 0;
			double d = pdf_try_line(c, &g_array_index(nodes, struct pdf_node, a), e, last, tol,
			                        &fit, &overfull);
			if (!overfull)
				g_array_index(active, int, kept++) = a;
			if (d < best[fit]) {
				best[fit] = d;
				from[fit] = a;
			}
		}
		g_array_set_size(active, kept);
		double least = fmin(fmin(best[0], best[1]), fmin(best[2], best[3]));
		if (last) {
			if (!isinf(least)) {
				int f = 0;
				while (best[f] != least)
					f++;
				struct pdf_node end = { e, from[f], least, (signed char)f, 0 };
				g_array_append_val(nodes, end);
				result = pdf_backtrack((struct pdf_node *)(void *)nodes->data,
				                       (int)nodes->len - 1, out);
			}
			break;
		}
		for (int f = 0; f < 4; f++) {
			if (isinf(best[f]) || best[f] > least + PDF_ADJ_DEMERITS)
				continue;
			struct pdf_node nd = { e, from[f], best[f], (signed char)f,
			                       (signed char)pdf_hyphen_at(c, e) };
			int idx = (int)nodes->len;
			g_array_append_val(nodes, nd);
			g_array_append_val(active, idx);
		}
		if (active->len > PDF_ACTIVE_MAX)
			g_array_remove_range(active, 0, active->len - PDF_ACTIVE_MAX);
	}
	g_array_free(nodes, TRUE);
	g_array_free(active, TRUE);
	return result;
}

/* Justified: lines of [s, z), the last ragged, appended to out. */
static int pdf_choose_total_fit(const struct pdf_chooser *c, int s, int z, struct pdf_break *out)
{
	if (s >= z)
		return 0;
	const double tolerance[] = { PDF_TOLERANCE_1, PDF_TOLERANCE_2, INFINITY };
	for (size_t i = 0; i < sizeof tolerance / sizeof *tolerance; i++) {
		int n = pdf_total_fit_pass(c, s, z, tolerance[i], out);
		if (n >= 0)
			return n;
	}
	/* Not reached: every piece between two break points fits a line. */
	return pdf_choose_greedy(c, s, z, out);
}

/* Lines of the segment [s, z). */
static int pdf_choose_segment(const struct pdf_chooser *c, int s, int z, int justify,
                              struct pdf_break *out)
{
	if (s >= z)
		return 0;
	return justify ? pdf_choose_total_fit(c, s, z, out) : pdf_choose_greedy(c, s, z, out);
}

/* The pieces of the word [q, t) (hyphen: one is added after it) that do
 * not fit on a line: each a line as wide as fits, cut before a cluster,
 * marked continued. Appends them to out, stores where the rest starts in
 * *rest and returns how many. One pass over the word. */
static int pdf_choose_pieces(const struct pdf_chooser *c, int q, int t, int hyphen, int *rest,
                             struct pdf_break *out)
{
	const struct pdf_breakable *p = c->p;
	double extra = hyphen ? p->hyphen : 0;
	int n = 0;
	while (p->prefix[t] - p->prefix[q] + extra > c->width + PDF_OVERRUN) {
		int r = q, j = q + 1;
		for (; j < t; j++) {
			if (p->prefix[j] - p->prefix[q] > c->width + PDF_OVERRUN)
				break;
			if (pdf_cluster_at(p, j))
				r = j;
		}
		if (r == q) { /* one cluster wider than the line: it alone */
			while (j < t && !pdf_cluster_at(p, j))
				j++;
			r = j;
		}
		if (r >= t)
			break;
		out[n].end = r;
		out[n].how = PDF_BREAK_CONTINUED;
		n++;
		q = r;
	}
	*rest = q;
	return n;
}

int pdf_lines_choose(const struct pdf_breakable *p, double width, int justify,
                     struct pdf_break *breaks)
{
	if (p->n <= 0)
		return 0;
	struct pdf_chooser c;
	pdf_chooser_init(&c, p, width);
	int n = 0, s = 0, prev = 0;
	for (int j = 0; j < c.nbp; j++) {
		int e = c.bp[j], hy = pdf_hyphen_at(&c, e);
		if (pdf_line_width(&c, prev, e, hy) > width + PDF_OVERRUN) {
			/* A word wider than the line: the lines before it end
			 * before it, and its pieces take a line each. */
			n += pdf_choose_segment(&c, s, prev, justify, breaks + n);
			int t = c.trail[e] > prev ? c.trail[e] : prev;
			n += pdf_choose_pieces(&c, prev, t, hy, &s, breaks + n);
		}
		if (e < p->n && (pdf_flags(p, e) & PDF_CHAR_FORCED)) {
			n += pdf_choose_segment(&c, s, e, justify, breaks + n);
			s = e;
		}
		prev = e;
	}
	n += pdf_choose_segment(&c, s, p->n, justify, breaks + n);
	pdf_chooser_free(&c);
	return n;
}
