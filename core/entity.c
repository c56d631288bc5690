/*
 * entity.c: the process-wide guard on everything libxml2 loads.
 *
 * On libxml2 2.9.14, XML_PARSE_NONET refuses only http and ftp: a
 * file:///etc/passwd entity, an external DTD or an XSLT import would
 * still be read. The only hook that sees every load (documents, DTDs,
 * entities, xsl:import, document(), schemas) is the global external
 * entity loader, so this is the one piece of global state in the core:
 * written at start-up (convert's own folders, then each plugin's),
 * read-only afterwards.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/catalog.h>

#include "internal.h"

/* Convert's stylesheets and schema, and one folder per plugin that has
 * its own: a few dozen at most. */
#define ENTITY_MAX_FOLDERS 64

static char entity_folders[ENTITY_MAX_FOLDERS][PATH_MAX];
static size_t entity_nfolders;

static int entity_allowed(const char *url, char *resolved)
{
	char path[PATH_MAX];
	const char *p = url;

	if (strncmp(p, "file://", 7) == 0) {
		p += 7;
		if (strncmp(p, "localhost/", 10) == 0)
			p += 9;
	} else if (strstr(p, "://") != NULL || p[0] != '/') {
		return 0;
	}
	/* URIs may escape characters; resolve what the file system sees. */
	char *unescaped = xmlURIUnescapeString(p, 0, NULL);
	if (unescaped == NULL)
		return 0;
	int ok = realpath(unescaped, path) != NULL;
	xmlFree(unescaped);
	if (!ok)
		return 0;
	for (size_t i = 0; i < entity_nfolders; i++) {
		size_t n = strlen(entity_folders[i]);
		if (strncmp(path, entity_folders[i], n) == 0 && path[n] == '/') {
			strcpy(resolved, path);
			return 1;
		}
	}
	return 0;
}

static xmlParserInputPtr entity_load(const char *url, const char *id,
                                     xmlParserCtxtPtr ctxt)
{
	char resolved[PATH_MAX];

	(void)id;
	/* A refusal surfaces as the caller's "failed to load" error. */
	if (url == NULL || !entity_allowed(url, resolved))
		return NULL;
	return xmlNewInputFromFile(ctxt, resolved);
}

int cv_entity_policy_allow(const char *folder)
{
	if (entity_nfolders == ENTITY_MAX_FOLDERS || strlen(folder) >= PATH_MAX)
		return CV_FAIL;
	snprintf(entity_folders[entity_nfolders++], PATH_MAX, "%s", folder);
	return CV_OK;
}

void cv_entity_policy_install(const char *const *folders)
{
	entity_nfolders = 0;
	for (size_t i = 0; folders[i] != NULL; i++)
		cv_entity_policy_allow(folders[i]);
	/* Catalog processing instructions could redirect loads; obey none. */
	xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
	xmlSetExternalEntityLoader(entity_load);
}
