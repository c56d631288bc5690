/*
 * docbook: the article as DocBook 5.0 XML.
 *
 * Everything that makes this format lives in stylesheets/docbook.xsl; the
 * core parses and validates the article, runs the stylesheet in its
 * hardened XSLT runner and writes the result atomically. So the plugin is
 * only its descriptor and one call.
 */
#include <convert/plugin.h>

static int
docbook_convert(struct cv_job *job, struct cv_error *err)
{
	return cv_xslt_write(job, "docbook.xsl", NULL, err);
}

/* "dbk" is DocBook's customary extension: the default output name is the
 * input's name with this extension, so "article.xml" -> "article.dbk"
 * never overwrites its own input. */
CV_PLUGIN_DEFINE("docbook", "DocBook 5.0 XML (validates against the 5.0 RELAX NG schema)",
                 "dbk", "application/docbook+xml", NULL, docbook_convert);
