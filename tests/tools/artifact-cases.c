/*
 * artifact-cases: plugins/pdf/artifact.c's content rewriting on content
 * streams Cairo does not write today but a PDF may hold (strings with
 * parentheses, inline images whose data looks like operators, comments,
 * tags inside text objects, decorative figures). For each case it checks
 * that after the rewrite every painting operator is tagged or an artifact
 * and never both, that marked content nests with BT/ET, and that the
 * operators are the input's with only artifact marks added. Prints
 * "ok CASE" or "FAIL CASE: why" per case; exits 1 if any failed.
 *
 * Build (tests/test_archival.sh does):
 *   cc -std=c11 -D_GNU_SOURCE -Icore/include tests/tools/artifact-cases.c \
 *      $(pkg-config --cflags --libs glib-2.0 libqpdf libxml-2.0)
 */
#include "../../plugins/pdf/artifact.c"

#include <stdio.h>

int cv_error_set(struct cv_error *err, enum cv_error_class klass, const char *file, int line,
                 int column, const char *fmt, ...)
{
	(void)err, (void)klass, (void)file, (void)line, (void)column, (void)fmt;
	return CV_FAIL;
}

/* The operators of s, one per line, without the artifact marks if
 * strip. */
static GString *operators(const char *s, int strip)
{
	struct pdf_lexer lx = { (const unsigned char *)s, strlen(s), 0, 0 };
	GString *out = g_string_new(NULL);
	enum pdf_token t;
	long first = -1;
	while ((t = pdf_lex(&lx)) != PDF_TOKEN_END) {
		if (first < 0)
			first = (long)lx.start;
		if (t != PDF_TOKEN_OPERATOR)
			continue;
		if (pdf_op_is(&lx, "BI")) {
			while ((t = pdf_lex(&lx)) != PDF_TOKEN_END)
				if (t == PDF_TOKEN_OPERATOR && pdf_op_is(&lx, "ID"))
					break;
			pdf_skip_inline_image(&lx);
		}
		int mark = (pdf_op_is(&lx, "BMC") && strncmp(s + first, "/Artifact", 9) == 0) ||
		           pdf_op_is(&lx, "EMC");
		if (!(strip && mark))
			g_string_append_printf(out, "%.*s\n", (int)(lx.pos - lx.start), s + lx.start);
		first = -1;
	}
	return out;
}

/* What is wrong with the rewritten stream s, or NULL. */
static const char *problem(const char *s)
{
	struct pdf_lexer lx = { (const unsigned char *)s, strlen(s), 0, 0 };
	char kinds[64]; /* per open sequence: 'a' artifact, 't' tagged, '-' */
	int depth = 0, text_depth = -1, has_mcid = 0, artifact = 0;
	enum pdf_token t;
	while ((t = pdf_lex(&lx)) != PDF_TOKEN_END) {
		if (t == PDF_TOKEN_NAME) {
			if (lx.pos - lx.start == 5 && memcmp(s + lx.start, "/MCID", 5) == 0)
				has_mcid = 1;
			if (lx.pos - lx.start == 9 && memcmp(s + lx.start, "/Artifact", 9) == 0)
				artifact = 1;
			continue;
		}
		if (t != PDF_TOKEN_OPERATOR)
			continue;
		int paints = 0;
		if (pdf_op_is(&lx, "BI")) {
			while ((t = pdf_lex(&lx)) != PDF_TOKEN_END)
				if (t == PDF_TOKEN_OPERATOR && pdf_op_is(&lx, "ID"))
					break;
			pdf_skip_inline_image(&lx);
			paints = 1;
		} else if (pdf_op_is(&lx, "BDC") || pdf_op_is(&lx, "BMC")) {
			if (depth >= 63)
				return "nested too deep";
			char k = artifact ? 'a' : has_mcid ? 't' : '-';
			for (int i = 0; i < depth; i++)
				if ((k == 'a' && kinds[i] == 't') || (k == 't' && kinds[i] == 'a'))
					return "tagged content and an artifact inside each other";
			kinds[depth++] = k;
		} else if (pdf_op_is(&lx, "EMC")) {
			if (depth == 0)
				return "EMC without a sequence";
			if (depth - 1 < text_depth)
				return "a sequence ends inside a text object it began outside";
			depth--;
		} else if (pdf_op_is(&lx, "BT")) {
			text_depth = depth;
		} else if (pdf_op_is(&lx, "ET")) {
			if (depth != text_depth)
				return "a sequence begun in a text object is open at its ET";
			text_depth = -1;
		} else {
			const char *ops[] = { "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ",
			                      "'", "\"", "Do", "sh" };
			for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
				paints |= pdf_op_is(&lx, ops[i]);
		}
		if (paints) {
			int covered = 0;
			for (int i = 0; i < depth; i++)
				covered |= kinds[i] != '-';
			if (!covered)
				return "a painting operator neither tagged nor an artifact";
		}
		has_mcid = artifact = 0;
	}
	return depth == 0 ? NULL : "a sequence left open";
}

static int failed;

static void check_case(const char *name, const char *in, int drop_mcid)
{
	GHashTable *drop = NULL;
	if (drop_mcid >= 0) {
		drop = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_hash_table_add(drop, GINT_TO_POINTER(drop_mcid + 1));
	}
	GString *out = pdf_artifacts_rewrite((const unsigned char *)in, strlen(in), drop);
	const char *text = out ? out->str : in;
	const char *why = problem(text);
	GString *before = operators(in, 1), *after = operators(text, 1);
	if (why == NULL && drop_mcid < 0 && strcmp(before->str, after->str) != 0)
		why = "the operators changed";
	if (why == NULL && drop_mcid >= 0 && strstr(text, "/MCID 3") != NULL)
		why = "the dropped sequence is still tagged";
	if (why) {
		failed = 1;
		printf("FAIL %s: %s\n--- in:\n%s\n--- out:\n%s\n", name, why, in, text);
	} else {
		printf("ok   %s\n", name);
	}
	g_string_free(before, TRUE);
	g_string_free(after, TRUE);
	if (out)
		g_string_free(out, TRUE);
	if (drop)
		g_hash_table_destroy(drop);
}

int main(void)
{
	check_case("all tagged: nothing added", "/P <</MCID 0>> BDC BT (x) Tj ET EMC", -1);
	check_case("a running head, then tagged text, then a rule",
	           "q 1 0 0 1 0 0 cm BT (a\\)b(c)d) Tj ET q /P0 cs 0 0 1 1 re f Q BT <0102> Tj ET "
	           "/P <</MCID 0>> BDC BT (x) Tj ET EMC 0 0 m 1 1 l S Q", -1);
	check_case("an inline image whose data holds EMC and Tj",
	           "BI /W 2 /H 1 /BPC 8 /CS /G ID \x01\x45MC Tj\x02 EI /P <</MCID 1>> BDC 1 2 3 4 re f EMC", -1);
	check_case("a clipping path paints nothing",
	           "q 0 0 10 10 re W n /P <</MCID 0>> BDC BT (x) Tj ET EMC Q", -1);
	check_case("a comment, and a tag inside a text object",
	           "% a comment (\nBT (h) Tj /Span <</MCID 2>> BDC (x) Tj EMC (t) Tj ET", -1);
	check_case("untagged text after a tag inside the same text object",
	           "BT /Span <</MCID 2>> BDC (x) Tj EMC (t) Tj ' ET /P <</MCID 4>> BDC EMC", -1);
	check_case("a decorative figure becomes an artifact",
	           "/Figure <</MCID 3>> BDC q /Im0 Do Q EMC /P <</MCID 4>> BDC BT (x) Tj ET EMC", 3);
	check_case("an unterminated string at the end", "BT (abc Tj", -1);
	return failed;
}
