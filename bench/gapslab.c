/*
 * gapslab OUT.pdf: draws, through Pango and Cairo, a two-page PDF whose
 * word gaps are known, and prints every gap of every justified line it
 * drew ("gap POINTS SHARE", SHARE being the gap over the font's natural
 * space) and every justified line ("line SHARE", its mean), so that
 * bench/gaps-check can compare bench/gaps with the truth.
 *
 * Each word is laid out alone and placed by hand, so the gaps are exactly
 * what this program chose. The page holds what bench/gaps must measure:
 * justified paragraphs left to right (Noto Serif) and right to left
 * (Amiri), with and without a space glyph drawn in the gap, lines from
 * 1.0 to over 2 times the natural space, a list item whose marker hangs in
 * the margin, a paragraph that goes on overleaf; and what it must leave
 * out: the last line of each paragraph, a centred heading and caption, a
 * listing, a running head and a page number.
 *
 * Build: cc -std=c11 bench/gapslab.c $(pkg-config --cflags --libs pangocairo) -lm
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 60.0

struct lab {
	cairo_t *cr;
	PangoLayout *lay;
	double y;          /* baseline of the next line */
	int page;
};

static void lab_font(struct lab *l, const char *desc)
{
	PangoFontDescription *fd = pango_font_description_from_string(desc);
	pango_layout_set_font_description(l->lay, fd);
	pango_font_description_free(fd);
}

/* The advance width of TEXT in the current font, in points. */
static double lab_width(struct lab *l, const char *text, int len)
{
	PangoRectangle log;
	pango_layout_set_text(l->lay, text, len);
	pango_layout_get_extents(l->lay, NULL, &log);
	return log.width / (double)PANGO_SCALE;
}

/* Draws TEXT with the start of its advance at X, on the current baseline. */
static void lab_draw(struct lab *l, const char *text, int len, double x)
{
	pango_layout_set_text(l->lay, text, len);
	double base = pango_layout_get_baseline(l->lay) / (double)PANGO_SCALE;
	cairo_move_to(l->cr, x, l->y - base);
	pango_cairo_show_layout(l->cr, l->lay);
}

/* The page number, centred and smaller: never measured. */
static void lab_footer(struct lab *l)
{
	lab_font(l, "Noto Serif 9");
	char num[16];
	snprintf(num, sizeof num, "%d", l->page);
	l->y = PAGE_H - 30;
	lab_draw(l, num, -1, (PAGE_W - lab_width(l, num, -1)) / 2);
}

static void lab_new_page(struct lab *l)
{
	lab_footer(l);
	cairo_show_page(l->cr);
	l->page++;
	/* Running head, centred, smaller. */
	lab_font(l, "Noto Serif 8");
	const char *head = "A running head that is centred";
	l->y = 40;
	lab_draw(l, head, -1, (PAGE_W - lab_width(l, head, -1)) / 2);
	l->y = MARGIN + 12;
}

/*
 * Sets the words of WORDS (space separated) justified between LEFT and
 * RIGHT, one line per entry of MIN_SHARE: each line takes as many words as
 * fit with gaps of at least MIN_SHARE[i] times the natural space, and the
 * gaps then share what is left of the measure (the last line is ragged, at
 * the start side: four words with natural gaps). The words are taken
 * from the start again when they run out. FONT at SIZE points, lines PITCH
 * points apart; RTL puts the first word on the right. SPACE_GLYPH draws a
 * space glyph at the start of each gap (as Pango does), else the gap is
 * only the pen's move. BREAK_AFTER > 0 starts a new page after that many
 * lines. MARKER, if any, hangs outside LEFT (or RIGHT) on the first line.
 * Prints the justified lines' gaps.
 */
static void lab_paragraph(struct lab *l, const char *font, double size, double pitch,
			  const char *words, const double *min_share, int nlines, int rtl,
			  int space_glyph, double left, double right, int break_after,
			  const char *marker)
{
	char desc[128];
	snprintf(desc, sizeof desc, "%s %g", font, size);
	lab_font(l, desc);
	double natural = lab_width(l, " ", 1);
	const char *p = words;
	for (int i = 0; i < nlines; i++) {
		if (break_after > 0 && i == break_after) {
			lab_new_page(l);
			lab_font(l, desc);
		}
		const char *start[64];
		int len[64], n = 0;
		double w[64], sum = 0;
		int last = i == nlines - 1;
		while (n < (last ? 4 : 64)) {
			const char *q = p;
			while (*q == ' ')
				q++;
			if (!*q)
				q = words; /* the text again, as often as needed */
			const char *e = q;
			while (*e && *e != ' ')
				e++;
			double ww = lab_width(l, q, (int)(e - q));
			if (n > 0 && !last && sum + ww + n * natural * min_share[i] > right - left)
				break;
			start[n] = q;
			len[n] = (int)(e - q);
			w[n++] = ww;
			sum += ww;
			p = e;
		}
		double gap = (!last && n > 1) ? (right - left - sum) / (n - 1) : natural;
		double x = rtl ? right : left;
		for (int k = 0; k < n; k++) {
			double x0 = rtl ? x - w[k] : x;
			lab_draw(l, start[k], len[k], x0);
			if (space_glyph && k < n - 1)
				lab_draw(l, " ", 1, rtl ? x0 - natural : x0 + w[k]);
			x = rtl ? x0 - gap : x0 + w[k] + gap;
		}
		if (marker && i == 0) {
			double mw = lab_width(l, marker, -1);
			lab_draw(l, marker, -1, rtl ? right + 6 : left - 6 - mw);
			lab_font(l, desc);
		}
		if (!last && n > 1) {
			for (int k = 0; k < n - 1; k++)
				printf("gap %.4f %.6f\n", gap, gap / natural);
			printf("line %.6f\n", gap / natural);
		}
		l->y += pitch;
	}
}

/* Words to set: invented sentences. */
static const char *LATIN =
	"The quick brown fox jumps over the lazy dog while seven wizards quietly judge "
	"a box of mixed liquor jugs and every sentence here is only a way to fill lines "
	"with words of many lengths so that justification has to stretch the spaces by "
	"different amounts on each line of this short paragraph about nothing much at all "
	"extraordinarily incomprehensibilities internationalization characterization "
	"interdisciplinary counterrevolutionaries make loose lines when few of them fit "
	"and then the paragraph ends with a short last line.";
static const double LATIN_SHARES[] = { 1.0, 1.05, 1.1, 1.2, 1.3, 1.45, 1.6, 2.0, 3.0, 1 };

static const char *ITEM =
	"An item of a list whose marker hangs in the margin to the left of its first "
	"line and whose lines are justified between the indents of the list itself "
	"and not between the margins of the page.";
static const double ITEM_SHARES[] = { 1.0, 1.25, 1 };

static const char *OVERLEAF =
	"This paragraph begins near the foot of the first page and goes on overleaf "
	"so that its last line on the first page is not the last line of the "
	"paragraph and must be measured while its real last line on the second "
	"page must not be measured.";
static const double OVERLEAF_SHARES[] = { 1.1, 1.0, 1.2, 1.0 };

static const char *ARABIC =
	"في البدء كانت الكلمة وكانت الكلمة عند الناس يقرؤونها في الكتب والصحف "
	"ويكتبونها على الجدران والألواح ثم جاءت المطابع فصارت الحروف تصف في السطور "
	"وتضبط المسافات بينها حتى يستوي طرفا السطر من اليمين ومن اليسار وهذا "
	"ما يسمى الضبط أو المحاذاة من الجهتين وقد عرف الخطاطون المد بين الحروف "
	"قبل المطابع بقرون فكانوا يمدون الكلمة في آخر السطر ليستقيم وبه "
	"تنتهي هذه الفقرة";
static const double ARABIC_SHARES[] = { 1.0, 1.15, 1.3, 1.5, 1.8, 2.5, 1 };

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gapslab OUT.pdf\n");
		return 2;
	}
	cairo_surface_t *s = cairo_pdf_surface_create(argv[1], PAGE_W, PAGE_H);
	struct lab l = { .cr = cairo_create(s), .page = 1 };
	l.lay = pango_cairo_create_layout(l.cr);
	/* Unhinted metrics: advances as the font has them, as in a PDF. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(l.lay), fo);
	pango_context_set_round_glyph_positions(pango_layout_get_context(l.lay), FALSE);
	pango_cairo_context_set_resolution(pango_layout_get_context(l.lay), 72); /* sizes in points */
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(l.lay);
	pango_layout_set_auto_dir(l.lay, TRUE);

	double L = MARGIN, R = PAGE_W - MARGIN;
	l.y = MARGIN + 12;
	const char *title = "A Centred Heading";
	lab_font(&l, "Noto Sans Bold 16");
	lab_draw(&l, title, -1, (PAGE_W - lab_width(&l, title, -1)) / 2);
	l.y += 30;
	lab_paragraph(&l, "Noto Serif", 11, 15.4, LATIN, LATIN_SHARES, 10, 0, 0, L, R, 0, NULL);
	l.y += 8;
	lab_paragraph(&l, "Amiri", 11, 19.25, ARABIC, ARABIC_SHARES, 7, 1, 1, L, R, 0, NULL);
	l.y += 8;
	/* A listing: monospace, ragged; its longest line reaches neither edge. */
	lab_font(&l, "Noto Sans Mono 9");
	const char *code[] = { "int main(void)", "{", "    return printf(\"%d words\\n\", count(a, b, c));", "}" };
	for (int i = 0; i < 4; i++, l.y += 12)
		lab_draw(&l, code[i], -1, L + 4);
	l.y += 8;
	lab_paragraph(&l, "Noto Serif", 11, 15.4, ITEM, ITEM_SHARES, 3, 0, 1, L + 18, R, 0, "\xe2\x80\xa2");
	l.y += 8;
	/* A centred two-line caption. */
	lab_font(&l, "Noto Serif Italic 10");
	const char *cap[] = { "Figure 1: a caption of two lines that are centred on", "the page" };
	for (int i = 0; i < 2; i++, l.y += 14)
		lab_draw(&l, cap[i], -1, (PAGE_W - lab_width(&l, cap[i], -1)) / 2);
	l.y = PAGE_H - MARGIN - 3 * 15.4;
	lab_paragraph(&l, "Noto Serif", 11, 15.4, OVERLEAF, OVERLEAF_SHARES, 4, 0, 1, L, R, 3, NULL);
	lab_footer(&l);
	cairo_show_page(l.cr);

	g_object_unref(l.lay);
	cairo_destroy(l.cr);
	cairo_surface_finish(s);
	int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	return bad;
}
