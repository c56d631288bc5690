/*
 * html: the article as one standalone HTML5 page.
 *
 * This is the reference example of a plugin (docs/plugins.md walks
 * through it). The page itself is made by stylesheets/html.xsl: the core
 * has already parsed and validated the article, resolved its images and
 * languages, and runs the stylesheet in its hardened XSLT runner. What is
 * left to the plugin is what makes the format different:
 *
 *   - a descriptor (CV_PLUGIN_DEFINE_CHECKED, at the end), naming the
 *     format and declaring the one parameter it accepts;
 *   - a check function for that parameter, which the core calls once,
 *     before it reads any article;
 *   - a convert function that runs the stylesheet, whose result the core
 *     writes atomically to the output.
 */
#include <ctype.h>
#include <string.h>

#include <convert/plugin.h>

/* Parameters: --param font-size=20px. The core passes each declared
 * parameter to the stylesheet as a string parameter of the same name,
 * with the default below when the user gives none. */
static const struct cv_param html_params[] = {
	{"font-size", "18px", "base font size of the page, a CSS length: 18px, 12pt, 1.2em, 110%"},
	{NULL, NULL, NULL}
};

/* The value goes into the page's <style> element, so it must be a CSS
 * length and nothing else: a number and a known unit. Anything looser
 * would let a parameter inject style rules (or close the element). */
static int
html_is_css_length(const char *s)
{
	static const char *const units[] = {"px", "pt", "em", "rem", "%", NULL};
	size_t digits = 0;

	while (isdigit((unsigned char)*s)) {
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s)) {
			s++;
			digits++;
		}
	}
	if (digits == 0 || digits > 6)
		return 0;
	for (size_t i = 0; units[i]; i++)
		if (strcmp(s, units[i]) == 0)
			return 1;
	return 0;
}

/* The message says what is wrong and leaves out the format's name: the
 * core puts "html: " before it. */
static int
html_check(const struct cv_settings *settings, struct cv_error *err)
{
	const char *font_size = cv_settings_lookup(settings, "font-size");

	if (!html_is_css_length(font_size))
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "font-size \"%s\" is not a CSS length "
		                    "(a number and px, pt, em, rem or %%)", font_size);
	return CV_OK;
}

static int
html_convert(struct cv_job *job, struct cv_error *err)
{
	/* Renders the page and writes it to the job's output; on failure err
	 * names the problem and the core leaves no partial file behind. */
	return cv_xslt_write(job, "html.xsl", NULL, err);
}

CV_PLUGIN_DEFINE_CHECKED("html", "Standalone HTML5 page (inline CSS, embedded images)",
                         "html", "text/html", html_params, html_convert, html_check);
