<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub.xsl: the article as the files of an EPUB 3 book.

  One pass makes a wrapper tree that the epub plugin packages in order:
    <files>
      <file path="META-INF/container.xml"> <container/> </file>
      <file path="OEBPS/package.opf"> <package/> </file>
      <file path="OEBPS/nav.xhtml" doctype="html"> <html/> </file>
      <file path="OEBPS/epub.css" stylesheet="epub.css"/>
      <file path="OEBPS/front.xhtml" doctype="html"> title page, abstract and
            the body's blocks before its first section </file>
      <file path="OEBPS/s0001.xhtml" doctype="html"> one per top-level section,
            with the non-section blocks that follow it </file>
      <file path="OEBPS/media/..." resource="SRC"/>  one per distinct image
    </files>

  Splitting at top-level sections keeps every content document small, so a
  book of thousands of sections opens and pages fast in a reader.

  Direction: every content document's root carries the article's xml:lang,
  lang and dir; every element that switches language or direction (or is
  moved away from its context, as footnotes are) carries its own. The
  spine reads right to left when the article does.

  Numbers (figures, tables, notes) and generated anchors are looked up in a
  map built once, so the work stays linear in the size of the article;
  generate-id() values never reach the output, which must be the same
  bytes on every run.

  Parameters: toc-depth (declared by the plugin), modified (the
  dcterms:modified timestamp) and content-uuid (set when the article has no
  identifier), both from the plugin.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:epub="http://www.idpf.org/2007/ops"
    xmlns:cv="urn:x-convert:xslt"
    xmlns:lx="http://xmlsoft.org/XSLT/namespace"
    xmlns:map="urn:x-convert:epub-map"
    xmlns:after="urn:x-convert:after-section"
    exclude-result-prefixes="cv lx map after">

  <xsl:include href="after-section.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="toc-depth" select="'6'"/>
  <xsl:param name="modified" select="'1980-01-01T00:00:00Z'"/>
  <xsl:param name="content-uuid" select="''"/>

  <xsl:variable name="meta" select="/article/meta"/>
  <xsl:variable name="lang" select="cv:lang(/article)"/>
  <xsl:variable name="dir" select="cv:dir(/article)"/>
  <xsl:variable name="depth" select="number($toc-depth)"/>
  <!-- The prefix of the ids this stylesheet makes up (for notes, sections
       without an id, note markers): one that no id of the article starts
       with, so the two can never clash. -->
  <xsl:variable name="gen">
    <xsl:choose>
      <xsl:when test="not(//@id[starts-with(., 'cv-')])">cv-</xsl:when>
      <xsl:when test="not(//@id[starts-with(., 'cv_')])">cv_</xsl:when>
      <xsl:when test="not(//@id[starts-with(., 'cv.')])">cv.</xsl:when>
      <xsl:otherwise>_cv.</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="arabic"
      select="translate(substring($lang, 1, 2), 'AR', 'ar') = 'ar' and
              (string-length($lang) = 2 or substring($lang, 3, 1) = '-')"/>

  <!-- ============================================================== -->
  <!-- Keys and the number map                                          -->

  <xsl:key name="id" match="*[@id]" use="@id"/>
  <xsl:key name="refs-to" match="ref" use="@target"/>
  <!-- The body's blocks before its first section, and those after each
       top-level section, by that section (after-section.xsl). -->
  <xsl:variable name="first-section" select="/article/body/section[1]"/>
  <xsl:variable name="lead" select="$first-section/preceding-sibling::* | /article/body/*[not($first-section)]"/>
  <xsl:variable name="after-tree">
    <xsl:call-template name="after-section">
      <xsl:with-param name="nodes" select="/article/body/*"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="after-map" select="lx:node-set($after-tree)"/>
  <!-- One manifest entry per distinct image file. -->
  <xsl:key name="image" match="image" use="cv:resource-name(@src)"/>
  <xsl:key name="num" match="map:m" use="@k"/>
  <!-- The content document that holds each id (none: front.xhtml). -->
  <xsl:key name="file" match="map:id" use="@id"/>

  <xsl:variable name="map-tree">
    <!-- One for-each per block: a path from a set of many nodes
         ($lead//x) makes libxml2 merge each node's results into the
         others', comparing every pair. -->
    <xsl:for-each select="$meta | $lead">
      <xsl:for-each select="descendant-or-self::*[@id]">
        <map:id id="{@id}" file="front.xhtml"/>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="/article/body/section">
      <xsl:variable name="section" select="."/>
      <xsl:variable name="k" select="generate-id()"/>
      <xsl:variable name="file" select="concat('s', format-number(position(), '0000'), '.xhtml')"/>
      <map:m k="{$k}" file="{$file}"/>
      <xsl:for-each select="descendant-or-self::*[@id]">
        <map:id id="{@id}" file="{$file}"/>
      </xsl:for-each>
      <xsl:for-each select="$after-map">
        <xsl:for-each select="key('after', $k)/after:b">
          <xsl:variable name="b" select="string(@k)"/>
          <xsl:for-each select="$section">
            <xsl:for-each select="key('block', $b)/descendant-or-self::*[@id]">
              <map:id id="{@id}" file="{$file}"/>
            </xsl:for-each>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="/article/body//section">
      <map:m k="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
    <xsl:for-each select="/article/body//figure">
      <map:m k="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
    <xsl:for-each select="/article/body//table">
      <map:m k="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
    <xsl:for-each select="/article//note">
      <map:m k="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="map" select="lx:node-set($map-tree)"/>

  <!-- The number of a section (document order), figure, table or note. -->
  <xsl:template name="number">
    <xsl:param name="of" select="."/>
    <xsl:variable name="k" select="generate-id($of)"/>
    <xsl:for-each select="$map">
      <xsl:value-of select="key('num', $k)/@n"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The content document a node ends up in. -->
  <xsl:template name="file-of">
    <xsl:param name="of" select="."/>
    <xsl:variable name="top" select="$of/ancestor-or-self::*[parent::body]"/>
    <xsl:variable name="chunk" select="$top/self::section | $top[not(self::section)]/preceding-sibling::section[1]"/>
    <xsl:choose>
      <xsl:when test="$chunk">
        <xsl:variable name="k" select="generate-id($chunk)"/>
        <xsl:for-each select="$map">
          <xsl:value-of select="key('num', $k)/@file"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>front.xhtml</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The anchor (id) of a node in the output. -->
  <xsl:template name="anchor">
    <xsl:param name="of" select="."/>
    <xsl:choose>
      <xsl:when test="$of/@id"><xsl:value-of select="$of/@id"/></xsl:when>
      <xsl:when test="$of/self::note">
        <xsl:value-of select="concat($gen, 'note-')"/>
        <xsl:call-template name="number"><xsl:with-param name="of" select="$of"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat($gen, 'sec-')"/>
        <xsl:call-template name="number"><xsl:with-param name="of" select="$of"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A link to $to, an element with an id: its document, then the id.
       (Also within the same document: a reader resolves that the same.) -->
  <xsl:template name="href">
    <xsl:param name="to"/>
    <xsl:variable name="id" select="string($to/@id)"/>
    <xsl:for-each select="$map">
      <xsl:value-of select="concat(key('file', $id)/@file, '#', $id)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- Words, in the article's language                                 -->

  <xsl:template name="word">
    <xsl:param name="w"/>
    <xsl:choose>
      <xsl:when test="$arabic">
        <xsl:choose>
          <xsl:when test="$w = 'figure'">الشكل</xsl:when>
          <xsl:when test="$w = 'table'">الجدول</xsl:when>
          <xsl:when test="$w = 'contents'">المحتويات</xsl:when>
          <xsl:when test="$w = 'landmarks'">معالم الكتاب</xsl:when>
          <xsl:when test="$w = 'start'">بداية النص</xsl:when>
          <xsl:when test="$w = 'abstract'">ملخص</xsl:when>
          <xsl:when test="$w = 'notes'">الحواشي</xsl:when>
          <xsl:when test="$w = 'editor'">تحرير</xsl:when>
          <xsl:when test="$w = 'translator'">ترجمة</xsl:when>
          <xsl:when test="$w = 'keywords'">الكلمات المفتاحية</xsl:when>
          <xsl:when test="$w = 'source'">المصدر</xsl:when>
          <xsl:when test="$w = 'back'">العودة إلى النص</xsl:when>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="$w = 'figure'">Figure</xsl:when>
          <xsl:when test="$w = 'table'">Table</xsl:when>
          <xsl:when test="$w = 'contents'">Contents</xsl:when>
          <xsl:when test="$w = 'landmarks'">Landmarks</xsl:when>
          <xsl:when test="$w = 'start'">Start of content</xsl:when>
          <xsl:when test="$w = 'abstract'">Abstract</xsl:when>
          <xsl:when test="$w = 'notes'">Notes</xsl:when>
          <xsl:when test="$w = 'editor'">Edited by</xsl:when>
          <xsl:when test="$w = 'translator'">Translated by</xsl:when>
          <xsl:when test="$w = 'keywords'">Keywords</xsl:when>
          <xsl:when test="$w = 'source'">Source</xsl:when>
          <xsl:when test="$w = 'back'">Back to the text</xsl:when>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="word-back">
    <xsl:call-template name="word"><xsl:with-param name="w" select="'back'"/></xsl:call-template>
  </xsl:variable>

  <!-- What a ref shows: a figure's or table's number, a note's number, a
       section's title; a list, quote or listing is named by the title of
       the section it is in. -->
  <xsl:template name="ref-label">
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="$to/self::section and normalize-space($to/title) != ''">
        <xsl:variable name="title"><xsl:apply-templates select="$to/title/node()" mode="label"/></xsl:variable>
        <xsl:value-of select="normalize-space($title)"/>
      </xsl:when>
      <xsl:when test="$to/self::section">
        <xsl:text>§&#xa0;</xsl:text>
        <xsl:call-template name="number"><xsl:with-param name="of" select="$to"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$to/self::figure or $to/self::table">
        <xsl:call-template name="word"><xsl:with-param name="w" select="local-name($to)"/></xsl:call-template>
        <xsl:text>&#xa0;</xsl:text>
        <xsl:call-template name="number"><xsl:with-param name="of" select="$to"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$to/self::note">
        <xsl:call-template name="number"><xsl:with-param name="of" select="$to"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$to/ancestor::section">
        <xsl:apply-templates select="$to/ancestor::section[1]/title/node()" mode="label"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$meta/title/node()" mode="label"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- Language and direction                                           -->

  <!-- Puts xml:lang, lang and dir on the element being made when the source
       element $of switches language or direction. With moved="true" (a
       document's top section, a footnote moved to the end, a toc entry) they
       are compared with the article's instead, since the output context
       is the document root. -->
  <xsl:template name="langdir">
    <xsl:param name="of" select="."/>
    <xsl:param name="moved" select="false()"/>
    <xsl:if test="$of/@xml:lang or $of/@dir or $moved">
      <xsl:variable name="l" select="cv:lang($of)"/>
      <xsl:variable name="d" select="cv:dir($of)"/>
      <xsl:if test="$of/@xml:lang or ($moved and $l != $lang)">
        <xsl:attribute name="xml:lang"><xsl:value-of select="$l"/></xsl:attribute>
        <xsl:attribute name="lang"><xsl:value-of select="$l"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="$of/@xml:lang or $of/@dir or $d != $dir">
        <xsl:attribute name="dir"><xsl:value-of select="$d"/></xsl:attribute>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="root-langdir">
    <xsl:attribute name="xml:lang"><xsl:value-of select="$lang"/></xsl:attribute>
    <xsl:attribute name="lang"><xsl:value-of select="$lang"/></xsl:attribute>
    <xsl:attribute name="dir"><xsl:value-of select="$dir"/></xsl:attribute>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- The wrapper                                                      -->

  <xsl:template match="/">
    <xsl:element name="files" namespace="">
      <xsl:element name="file" namespace="">
        <xsl:attribute name="path">META-INF/container.xml</xsl:attribute>
        <container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"
            xsl:exclude-result-prefixes="epub">
          <rootfiles>
            <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
          </rootfiles>
        </container>
      </xsl:element>
      <xsl:element name="file" namespace="">
        <xsl:attribute name="path">OEBPS/package.opf</xsl:attribute>
        <xsl:call-template name="package"/>
      </xsl:element>
      <xsl:element name="file" namespace="">
        <xsl:attribute name="path">OEBPS/nav.xhtml</xsl:attribute>
        <xsl:attribute name="doctype">html</xsl:attribute>
        <xsl:call-template name="nav"/>
      </xsl:element>
      <xsl:element name="file" namespace="">
        <xsl:attribute name="path">OEBPS/epub.css</xsl:attribute>
        <xsl:attribute name="stylesheet">epub.css</xsl:attribute>
      </xsl:element>
      <xsl:element name="file" namespace="">
        <xsl:attribute name="path">OEBPS/front.xhtml</xsl:attribute>
        <xsl:attribute name="doctype">html</xsl:attribute>
        <xsl:call-template name="front"/>
      </xsl:element>
      <xsl:for-each select="/article/body/section">
        <xsl:element name="file" namespace="">
          <xsl:attribute name="path">
            <xsl:text>OEBPS/</xsl:text>
            <xsl:value-of select="concat('s', format-number(position(), '0000'), '.xhtml')"/>
          </xsl:attribute>
          <xsl:attribute name="doctype">html</xsl:attribute>
          <xsl:call-template name="chunk"/>
        </xsl:element>
      </xsl:for-each>
      <xsl:for-each select="$images">
        <xsl:element name="file" namespace="">
          <xsl:attribute name="path">
            <xsl:text>OEBPS/</xsl:text>
            <xsl:call-template name="image-href"/>
          </xsl:attribute>
          <xsl:attribute name="resource"><xsl:value-of select="@src"/></xsl:attribute>
        </xsl:element>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <!-- The first image element of each distinct file. -->
  <xsl:variable name="images"
      select="/article/body//image[generate-id() = generate-id(key('image', cv:resource-name(@src))[1])]"/>

  <!-- Where an image goes in the package: media/ and its path in the
       article's folder, with every character outside a safe ASCII set made
       '_', so that hrefs need no escaping and no reader trips on a name. -->
  <xsl:template name="image-href">
    <xsl:param name="src" select="@src"/>
    <xsl:variable name="name" select="cv:resource-name($src)"/>
    <xsl:variable name="bad"
        select="translate($name, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/', '')"/>
    <xsl:text>media/</xsl:text>
    <xsl:value-of select="translate($name, $bad, '________________________________________________________________________________________________________________________________')"/>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- The package document                                             -->

  <!-- The identifier as a URI when its scheme has a URN form. -->
  <xsl:template name="identifier-value">
    <xsl:param name="i" select="."/>
    <xsl:variable name="v" select="normalize-space($i)"/>
    <xsl:variable name="hex" select="'0123456789abcdefABCDEF'"/>
    <xsl:choose>
      <xsl:when test="$i/@scheme = 'uuid' and string-length($v) = 36 and
                      translate($v, $hex, '') = '----' and substring($v, 9, 1) = '-' and
                      substring($v, 14, 1) = '-' and substring($v, 19, 1) = '-' and
                      substring($v, 24, 1) = '-'">
        <xsl:value-of select="concat('urn:uuid:', translate($v, 'ABCDEF', 'abcdef'))"/>
      </xsl:when>
      <xsl:when test="$i/@scheme = 'isbn' and not(starts-with($v, 'urn:'))">
        <xsl:value-of select="concat('urn:isbn:', $v)"/>
      </xsl:when>
      <xsl:when test="$i/@scheme = 'issn' and not(starts-with($v, 'urn:'))">
        <xsl:value-of select="concat('urn:issn:', $v)"/>
      </xsl:when>
      <xsl:when test="$i/@scheme = 'doi' and not(starts-with($v, 'doi:')) and not(contains($v, '://'))">
        <xsl:value-of select="concat('doi:', $v)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="package">
    <!-- The book's own identifier: the article's UUID, else its first
         identifier, else one derived from the content by the plugin. -->
    <xsl:variable name="main-id" select="($meta/identifier[@scheme = 'uuid'] | $meta/identifier[1])[1]"/>
    <xsl:variable name="has-images" select="boolean(/article/body//image)"/>
    <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"
        xsl:exclude-result-prefixes="epub">
      <xsl:call-template name="root-langdir-opf"/>
      <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:identifier id="pub-id">
          <xsl:choose>
            <xsl:when test="$main-id">
              <xsl:call-template name="identifier-value"><xsl:with-param name="i" select="$main-id"/></xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('urn:uuid:', $content-uuid)"/></xsl:otherwise>
          </xsl:choose>
        </dc:identifier>
        <xsl:for-each select="$meta/identifier[generate-id() != generate-id($main-id)]">
          <dc:identifier id="{concat('id-', position())}">
            <xsl:call-template name="identifier-value"/>
          </dc:identifier>
        </xsl:for-each>
        <dc:title id="title">
          <xsl:call-template name="opf-langdir"><xsl:with-param name="of" select="$meta/title"/></xsl:call-template>
          <xsl:call-template name="title-text"/>
        </dc:title>
        <meta refines="#title" property="title-type">main</meta>
        <xsl:for-each select="$meta/subtitle">
          <dc:title id="subtitle">
            <xsl:call-template name="opf-langdir"/>
            <xsl:variable name="t"><xsl:apply-templates mode="text"/></xsl:variable>
            <xsl:value-of select="normalize-space($t)"/>
          </dc:title>
          <meta refines="#subtitle" property="title-type">subtitle</meta>
        </xsl:for-each>
        <dc:language><xsl:value-of select="$lang"/></dc:language>
        <xsl:for-each select="$meta/author">
          <xsl:variable name="role" select="normalize-space(@role)"/>
          <xsl:variable name="code">
            <xsl:choose>
              <xsl:when test="$role = '' or $role = 'author'">aut</xsl:when>
              <xsl:when test="$role = 'editor'">edt</xsl:when>
              <xsl:when test="$role = 'translator'">trl</xsl:when>
              <xsl:when test="$role = 'illustrator'">ill</xsl:when>
              <xsl:when test="$role = 'photographer'">pht</xsl:when>
              <xsl:when test="$role = 'reviewer'">rev</xsl:when>
              <xsl:otherwise>ctb</xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:variable name="id" select="concat('creator-', position())"/>
          <xsl:choose>
            <xsl:when test="$code = 'aut'">
              <dc:creator id="{$id}">
                <xsl:call-template name="opf-langdir"/>
                <xsl:value-of select="normalize-space(.)"/>
              </dc:creator>
            </xsl:when>
            <xsl:otherwise>
              <dc:contributor id="{$id}">
                <xsl:call-template name="opf-langdir"/>
                <xsl:value-of select="normalize-space(.)"/>
              </dc:contributor>
            </xsl:otherwise>
          </xsl:choose>
          <meta refines="#{$id}" property="role" scheme="marc:relators"><xsl:value-of select="$code"/></meta>
          <meta refines="#{$id}" property="display-seq"><xsl:value-of select="position()"/></meta>
        </xsl:for-each>
        <xsl:for-each select="$meta/date">
          <dc:date><xsl:value-of select="normalize-space(.)"/></dc:date>
        </xsl:for-each>
        <xsl:for-each select="$meta/publisher">
          <dc:publisher><xsl:call-template name="opf-langdir"/><xsl:value-of select="normalize-space(.)"/></dc:publisher>
        </xsl:for-each>
        <xsl:for-each select="$meta/source">
          <dc:source>
            <xsl:choose>
              <xsl:when test="@href"><xsl:value-of select="@href"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
            </xsl:choose>
          </dc:source>
        </xsl:for-each>
        <xsl:for-each select="$meta/rights">
          <dc:rights><xsl:call-template name="opf-langdir"/><xsl:value-of select="normalize-space(.)"/></dc:rights>
        </xsl:for-each>
        <xsl:for-each select="$meta/keyword">
          <dc:subject><xsl:call-template name="opf-langdir"/><xsl:value-of select="normalize-space(.)"/></dc:subject>
        </xsl:for-each>
        <xsl:for-each select="$meta/abstract">
          <dc:description>
            <xsl:call-template name="opf-langdir"/>
            <xsl:for-each select="p">
              <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
              <xsl:variable name="t"><xsl:apply-templates mode="text"/></xsl:variable>
              <xsl:value-of select="normalize-space($t)"/>
            </xsl:for-each>
          </dc:description>
        </xsl:for-each>
        <meta property="dcterms:modified"><xsl:value-of select="$modified"/></meta>

        <!-- Accessibility (schema.org), true of what this stylesheet makes:
             text throughout, images only with their alt text, headings and
             a navigation document, notes linked both ways, no hazards. -->
        <meta property="schema:accessMode">textual</meta>
        <xsl:if test="$has-images">
          <meta property="schema:accessMode">visual</meta>
        </xsl:if>
        <meta property="schema:accessModeSufficient">textual</meta>
        <xsl:if test="$has-images">
          <meta property="schema:accessModeSufficient">textual,visual</meta>
        </xsl:if>
        <meta property="schema:accessibilityFeature">structuralNavigation</meta>
        <meta property="schema:accessibilityFeature">tableOfContents</meta>
        <meta property="schema:accessibilityFeature">readingOrder</meta>
        <meta property="schema:accessibilityFeature">displayTransformability</meta>
        <!-- DPUB-ARIA roles: doc-chapter, doc-noteref, doc-footnote, doc-toc... -->
        <meta property="schema:accessibilityFeature">ARIA</meta>
        <xsl:if test="$has-images">
          <meta property="schema:accessibilityFeature">alternativeText</meta>
        </xsl:if>
        <meta property="schema:accessibilityHazard">none</meta>
        <meta property="schema:accessibilitySummary" xml:lang="en" dir="ltr">
          <xsl:text>A reflowable book with headings for every section, a table of contents and </xsl:text>
          <xsl:text>footnotes linked to and from the text; text direction and language are marked throughout.</xsl:text>
          <xsl:if test="$has-images">
            <xsl:text> Every image carries a text alternative (empty only for decorative images).</xsl:text>
          </xsl:if>
          <xsl:if test="/article/body//table">
            <xsl:text> Tables mark their header cells.</xsl:text>
          </xsl:if>
        </meta>
      </metadata>
      <manifest>
        <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
        <item id="css" href="epub.css" media-type="text/css"/>
        <item id="front" href="front.xhtml" media-type="application/xhtml+xml"/>
        <xsl:for-each select="/article/body/section">
          <xsl:variable name="n" select="format-number(position(), '0000')"/>
          <item id="s{$n}" href="s{$n}.xhtml" media-type="application/xhtml+xml"/>
        </xsl:for-each>
        <xsl:for-each select="$images">
          <xsl:variable name="href"><xsl:call-template name="image-href"/></xsl:variable>
          <item id="{concat('img-', position())}" href="{$href}" media-type="{cv:media-type(@src)}"/>
        </xsl:for-each>
      </manifest>
      <spine page-progression-direction="{$dir}">
        <itemref idref="front"/>
        <itemref idref="nav" linear="no"/>
        <xsl:for-each select="/article/body/section">
          <itemref idref="s{format-number(position(), '0000')}"/>
        </xsl:for-each>
      </spine>
    </package>
  </xsl:template>

  <xsl:template name="root-langdir-opf">
    <xsl:attribute name="xml:lang"><xsl:value-of select="$lang"/></xsl:attribute>
    <xsl:attribute name="dir"><xsl:value-of select="$dir"/></xsl:attribute>
  </xsl:template>

  <!-- Metadata in another language or direction than the book's says so. -->
  <xsl:template name="opf-langdir">
    <xsl:param name="of" select="."/>
    <xsl:variable name="l" select="cv:lang($of)"/>
    <xsl:variable name="d" select="cv:dir($of)"/>
    <xsl:if test="$l != $lang">
      <xsl:attribute name="xml:lang"><xsl:value-of select="$l"/></xsl:attribute>
    </xsl:if>
    <xsl:if test="$d != $dir">
      <xsl:attribute name="dir"><xsl:value-of select="$d"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template name="title-text">
    <xsl:variable name="t"><xsl:apply-templates select="$meta/title/node()" mode="text"/></xsl:variable>
    <xsl:value-of select="normalize-space($t)"/>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- Content documents                                                -->

  <xsl:template name="head">
    <xsl:param name="title"/>
    <head>
      <meta charset="utf-8"/>
      <title>
        <xsl:choose>
          <xsl:when test="normalize-space($title) != ''"><xsl:value-of select="normalize-space($title)"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="title-text"/></xsl:otherwise>
        </xsl:choose>
      </title>
      <link rel="stylesheet" type="text/css" href="epub.css"/>
    </head>
  </xsl:template>

  <!-- Footnotes of one content document, as asides after its text: the
       notes inside the elements $in, then those in the blocks that follow
       the section $after (after-section.xsl), in document order. One
       for-each per element: $in//note would make libxml2 compare every
       pair of results. -->
  <xsl:template name="footnotes">
    <xsl:param name="in"/>
    <xsl:param name="after" select="/.."/>
    <xsl:variable name="asides">
      <xsl:for-each select="$in">
        <xsl:apply-templates select=".//note" mode="footnote"/>
      </xsl:for-each>
      <xsl:if test="$after">
        <xsl:variable name="k" select="generate-id($after)"/>
        <xsl:for-each select="$after-map">
          <xsl:for-each select="key('after', $k)/after:b">
            <xsl:variable name="b" select="string(@k)"/>
            <xsl:for-each select="$after">
              <xsl:apply-templates select="key('block', $b)//note" mode="footnote"/>
            </xsl:for-each>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="lx:node-set($asides)/*">
      <section class="footnotes" epub:type="footnotes">
        <h2 class="footnotes-title"><xsl:call-template name="word"><xsl:with-param name="w" select="'notes'"/></xsl:call-template></h2>
        <xsl:copy-of select="$asides"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="note" mode="footnote">
    <xsl:variable name="k" select="generate-id()"/>
    <xsl:variable name="n">
      <xsl:for-each select="$map"><xsl:value-of select="key('num', $k)/@n"/></xsl:for-each>
    </xsl:variable>
    <aside epub:type="footnote" role="doc-footnote">
      <xsl:attribute name="id">
        <xsl:choose>
          <xsl:when test="@id"><xsl:value-of select="@id"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($gen, 'note-', $n)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="cv:lang(.) != $lang or cv:dir(.) != $dir">
        <xsl:call-template name="langdir"><xsl:with-param name="moved" select="true()"/></xsl:call-template>
      </xsl:if>
      <p>
        <a href="#{$gen}noteref-{$n}" role="doc-backlink" class="backlink">
          <xsl:attribute name="title"><xsl:value-of select="$word-back"/></xsl:attribute>
          <xsl:value-of select="$n"/>
        </a>
        <xsl:text> </xsl:text>
        <xsl:apply-templates/>
      </p>
    </aside>
  </xsl:template>

  <!-- The title page: the article's metadata, its abstract and the body's
       blocks before the first section. -->
  <xsl:template name="front">
    <html>
      <xsl:call-template name="root-langdir"/>
      <xsl:call-template name="head"/>
      <body>
        <section class="titlepage" epub:type="titlepage">
          <h1 class="title">
            <xsl:call-template name="langdir"><xsl:with-param name="of" select="$meta/title"/></xsl:call-template>
            <xsl:apply-templates select="$meta/title/node()"/>
          </h1>
          <xsl:for-each select="$meta/subtitle">
            <p class="subtitle"><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:apply-templates/></p>
          </xsl:for-each>
          <xsl:for-each select="$meta/author">
            <p class="author">
              <xsl:if test="@role = 'editor' or @role = 'translator'">
                <xsl:call-template name="word"><xsl:with-param name="w" select="@role"/></xsl:call-template>
                <xsl:text>: </xsl:text>
              </xsl:if>
              <span><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:value-of select="normalize-space(.)"/></span>
            </p>
          </xsl:for-each>
          <xsl:if test="$meta/date or $meta/publisher">
            <p class="imprint">
              <xsl:for-each select="$meta/publisher">
                <span class="publisher"><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:value-of select="normalize-space(.)"/></span>
              </xsl:for-each>
              <xsl:if test="$meta/date and $meta/publisher">
                <xsl:choose>
                  <xsl:when test="$arabic">، </xsl:when>
                  <xsl:otherwise>, </xsl:otherwise>
                </xsl:choose>
              </xsl:if>
              <!-- An ISO date reads left to right; isolated, so that in
                   Arabic text it does not show as 10-05-2025. -->
              <xsl:for-each select="$meta/date">
                <time datetime="{normalize-space(.)}" dir="ltr"><xsl:value-of select="normalize-space(.)"/></time>
              </xsl:for-each>
            </p>
          </xsl:if>
          <xsl:for-each select="$meta/source">
            <p class="source">
              <xsl:call-template name="word"><xsl:with-param name="w" select="'source'"/></xsl:call-template>
              <xsl:text>: </xsl:text>
              <xsl:choose>
                <xsl:when test="@href">
                  <a href="{@href}"><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:value-of select="normalize-space(.)"/></a>
                </xsl:when>
                <xsl:otherwise>
                  <span><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:value-of select="normalize-space(.)"/></span>
                </xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:for-each>
          <xsl:for-each select="$meta/rights">
            <p class="rights"><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:value-of select="normalize-space(.)"/></p>
          </xsl:for-each>
          <xsl:if test="$meta/keyword">
            <p class="keywords">
              <xsl:call-template name="word"><xsl:with-param name="w" select="'keywords'"/></xsl:call-template>
              <xsl:text>: </xsl:text>
              <xsl:for-each select="$meta/keyword">
                <xsl:if test="position() > 1">
                  <xsl:choose>
                    <xsl:when test="$arabic">، </xsl:when>
                    <xsl:otherwise>, </xsl:otherwise>
                  </xsl:choose>
                </xsl:if>
                <span><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:value-of select="normalize-space(.)"/></span>
              </xsl:for-each>
            </p>
          </xsl:if>
        </section>
        <xsl:for-each select="$meta/abstract">
          <section class="abstract" epub:type="abstract" role="doc-abstract">
            <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
            <h2><xsl:call-template name="word"><xsl:with-param name="w" select="'abstract'"/></xsl:call-template></h2>
            <xsl:apply-templates/>
          </section>
        </xsl:for-each>
        <xsl:if test="$lead">
          <section id="{$gen}body" class="lead" epub:type="bodymatter">
            <xsl:call-template name="langdir">
              <xsl:with-param name="of" select="/article/body"/>
              <xsl:with-param name="moved" select="true()"/>
            </xsl:call-template>
            <xsl:apply-templates select="$lead"/>
          </section>
        </xsl:if>
        <xsl:call-template name="footnotes">
          <xsl:with-param name="in" select="$meta | $lead"/>
        </xsl:call-template>
      </body>
    </html>
  </xsl:template>

  <!-- One top-level section and the non-section blocks after it. -->
  <xsl:template name="chunk">
    <xsl:variable name="title"><xsl:apply-templates select="title/node()" mode="text"/></xsl:variable>
    <xsl:variable name="has-after"><xsl:call-template name="has-after"/></xsl:variable>
    <html>
      <xsl:call-template name="root-langdir"/>
      <xsl:call-template name="head"><xsl:with-param name="title" select="$title"/></xsl:call-template>
      <body>
        <xsl:apply-templates select="."/>
        <xsl:if test="$has-after = 'yes'">
          <div class="after-section">
            <xsl:call-template name="langdir">
              <xsl:with-param name="of" select="/article/body"/>
              <xsl:with-param name="moved" select="true()"/>
            </xsl:call-template>
            <xsl:call-template name="apply-after"/>
          </div>
        </xsl:if>
        <xsl:call-template name="footnotes">
          <xsl:with-param name="in" select="."/>
          <xsl:with-param name="after" select="."/>
        </xsl:call-template>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- The navigation document                                          -->

  <xsl:template name="nav">
    <xsl:variable name="contents"><xsl:call-template name="word"><xsl:with-param name="w" select="'contents'"/></xsl:call-template></xsl:variable>
    <html>
      <xsl:call-template name="root-langdir"/>
      <xsl:call-template name="head"><xsl:with-param name="title" select="$contents"/></xsl:call-template>
      <body>
        <nav epub:type="toc" id="toc" role="doc-toc">
          <h1><xsl:value-of select="$contents"/></h1>
          <ol>
            <li>
              <a href="front.xhtml">
                <xsl:call-template name="langdir">
                  <xsl:with-param name="of" select="$meta/title"/>
                  <xsl:with-param name="moved" select="true()"/>
                </xsl:call-template>
                <xsl:call-template name="title-text"/>
              </a>
            </li>
            <xsl:apply-templates select="/article/body/section" mode="toc"/>
          </ol>
        </nav>
        <nav epub:type="landmarks" id="landmarks" hidden="hidden">
          <h2><xsl:call-template name="word"><xsl:with-param name="w" select="'landmarks'"/></xsl:call-template></h2>
          <ol>
            <li><a epub:type="toc" href="nav.xhtml#toc"><xsl:value-of select="$contents"/></a></li>
            <li><a epub:type="titlepage" href="front.xhtml"><xsl:call-template name="title-text"/></a></li>
            <li>
              <a epub:type="bodymatter">
                <xsl:attribute name="href">
                  <xsl:choose>
                    <xsl:when test="$lead"><xsl:value-of select="concat('front.xhtml#', $gen, 'body')"/></xsl:when>
                    <xsl:otherwise>
                      <xsl:call-template name="file-of"><xsl:with-param name="of" select="/article/body/section[1]"/></xsl:call-template>
                    </xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:call-template name="word"><xsl:with-param name="w" select="'start'"/></xsl:call-template>
              </a>
            </li>
          </ol>
        </nav>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="section" mode="toc">
    <!-- Top-level sections are applied in document order, one file each. -->
    <xsl:param name="file" select="concat('s', format-number(position(), '0000'), '.xhtml')"/>
    <xsl:param name="level" select="1"/>
    <li>
      <a>
        <xsl:attribute name="href">
          <xsl:value-of select="$file"/>
          <xsl:if test="parent::section">
            <xsl:text>#</xsl:text>
            <xsl:choose>
              <xsl:when test="@id"><xsl:value-of select="@id"/></xsl:when>
              <xsl:otherwise><xsl:call-template name="anchor"/></xsl:otherwise>
            </xsl:choose>
          </xsl:if>
        </xsl:attribute>
        <!-- (A test as cheap as the extension functions: an XPath over the
             ancestor axis here cost more than the rest of the entry.) -->
        <xsl:if test="cv:lang(title) != $lang or cv:dir(title) != $dir">
          <xsl:call-template name="langdir">
            <xsl:with-param name="of" select="title"/>
            <xsl:with-param name="moved" select="true()"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="normalize-space(title) != ''"><xsl:apply-templates select="title/node()" mode="text"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="ref-label"><xsl:with-param name="to" select="."/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </a>
      <xsl:if test="section and $level &lt; $depth">
        <ol>
          <xsl:apply-templates select="section" mode="toc">
            <xsl:with-param name="file" select="$file"/>
            <xsl:with-param name="level" select="$level + 1"/>
          </xsl:apply-templates>
        </ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- Blocks                                                           -->

  <!-- level: the section's depth, passed down (counting ancestors for
       every section costs more than the rest of the template). -->
  <xsl:template match="section">
    <xsl:param name="level" select="1"/>
    <section>
      <xsl:choose>
        <xsl:when test="@id"><xsl:attribute name="id"><xsl:value-of select="@id"/></xsl:attribute></xsl:when>
        <xsl:otherwise><xsl:attribute name="id"><xsl:call-template name="anchor"/></xsl:attribute></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$level = 1">
        <xsl:attribute name="epub:type">chapter</xsl:attribute>
        <xsl:attribute name="role">doc-chapter</xsl:attribute>
      </xsl:if>
      <xsl:if test="@xml:lang or @dir or ($level = 1 and (cv:lang(.) != $lang or cv:dir(.) != $dir))">
        <xsl:call-template name="langdir"><xsl:with-param name="moved" select="$level = 1"/></xsl:call-template>
      </xsl:if>
      <xsl:element name="h{$level}">
        <xsl:if test="title/@xml:lang or title/@dir">
          <xsl:call-template name="langdir"><xsl:with-param name="of" select="title"/></xsl:call-template>
        </xsl:if>
        <xsl:apply-templates select="title/node()"/>
      </xsl:element>
      <xsl:apply-templates select="*[not(self::title)]">
        <xsl:with-param name="level" select="$level + 1"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <xsl:template match="p">
    <p>
      <xsl:copy-of select="@id"/>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="list">
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="@type = 'number'">ol</xsl:when>
        <xsl:otherwise>ul</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$name}">
      <xsl:copy-of select="@id"/>
      <xsl:if test="@type = 'number' and @start">
        <xsl:attribute name="start"><xsl:value-of select="normalize-space(@start)"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates select="item"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="item">
    <li><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="quote">
    <xsl:choose>
      <xsl:when test="attribution">
        <!-- HTML keeps an attribution outside the quotation itself. -->
        <figure class="quote">
          <xsl:copy-of select="@id"/>
          <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
          <blockquote><xsl:apply-templates select="*[not(self::attribution)]"/></blockquote>
          <figcaption class="attribution">
            <xsl:call-template name="langdir"><xsl:with-param name="of" select="attribution"/></xsl:call-template>
            <xsl:text>— </xsl:text>
            <xsl:apply-templates select="attribution/node()"/>
          </figcaption>
        </figure>
      </xsl:when>
      <xsl:otherwise>
        <blockquote>
          <xsl:copy-of select="@id"/>
          <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
          <xsl:apply-templates/>
        </blockquote>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="figure">
    <figure>
      <xsl:copy-of select="@id"/>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates select="image"/>
      <xsl:if test="caption or (@id and key('refs-to', @id))">
        <figcaption>
          <xsl:call-template name="langdir"><xsl:with-param name="of" select="caption"/></xsl:call-template>
          <span class="label">
            <xsl:call-template name="word"><xsl:with-param name="w" select="'figure'"/></xsl:call-template>
            <xsl:text>&#xa0;</xsl:text>
            <xsl:call-template name="number"/>
          </span>
          <xsl:if test="caption">
            <xsl:text>: </xsl:text>
            <xsl:apply-templates select="caption/node()"/>
          </xsl:if>
        </figcaption>
      </xsl:if>
    </figure>
  </xsl:template>

  <xsl:template match="image">
    <img alt="{@alt}">
      <xsl:attribute name="src"><xsl:call-template name="image-href"/></xsl:attribute>
      <xsl:if test="@width">
        <xsl:attribute name="style"><xsl:value-of select="concat('width: ', normalize-space(@width), ';')"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
    </img>
  </xsl:template>

  <xsl:template match="table">
    <xsl:variable name="head" select="row[@role = 'header'][not(preceding-sibling::row[not(@role = 'header')])]"/>
    <table>
      <xsl:copy-of select="@id"/>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:if test="caption or (@id and key('refs-to', @id))">
        <caption>
          <xsl:call-template name="langdir"><xsl:with-param name="of" select="caption"/></xsl:call-template>
          <span class="label">
            <xsl:call-template name="word"><xsl:with-param name="w" select="'table'"/></xsl:call-template>
            <xsl:text>&#xa0;</xsl:text>
            <xsl:call-template name="number"/>
          </span>
          <xsl:if test="caption">
            <xsl:text>: </xsl:text>
            <xsl:apply-templates select="caption/node()"/>
          </xsl:if>
        </caption>
      </xsl:if>
      <xsl:if test="$head">
        <thead><xsl:apply-templates select="$head"/></thead>
      </xsl:if>
      <xsl:if test="row[count(. | $head) != count($head)]">
        <tbody><xsl:apply-templates select="row[count(. | $head) != count($head)]"/></tbody>
      </xsl:if>
    </table>
  </xsl:template>

  <xsl:template match="row">
    <tr><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:apply-templates select="cell"/></tr>
  </xsl:template>

  <xsl:template match="cell">
    <xsl:variable name="header" select="../@role = 'header'"/>
    <xsl:element name="{substring('tdth', 1 + 2 * $header, 2)}">
      <xsl:if test="$header">
        <xsl:attribute name="scope">
          <xsl:choose>
            <xsl:when test="@colspan and @colspan > 1">colgroup</xsl:when>
            <xsl:otherwise>col</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="@colspan and @colspan != 1">
        <xsl:attribute name="colspan"><xsl:value-of select="normalize-space(@colspan)"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@rowspan and @rowspan != 1">
        <xsl:attribute name="rowspan"><xsl:value-of select="normalize-space(@rowspan)"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@align">
        <xsl:attribute name="class"><xsl:value-of select="concat('align-', @align)"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="pre">
    <pre>
      <xsl:copy-of select="@id"/>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:value-of select="."/>
    </pre>
  </xsl:template>

  <!-- ============================================================== -->
  <!-- Inline                                                           -->

  <!-- Code reads left to right as written, also inside Arabic text (an
       element with dir is an isolate): without it "page()" showed its
       parentheses on the left. Its own xml:lang or dir still wins. -->
  <xsl:template match="em | strong | code | sub | sup">
    <xsl:element name="{local-name()}">
      <xsl:if test="self::code"><xsl:attribute name="dir">ltr</xsl:attribute></xsl:if>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="span">
    <span><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="br"><br/></xsl:template>

  <xsl:template match="a">
    <a>
      <xsl:attribute name="href">
        <xsl:choose>
          <xsl:when test="starts-with(@href, '#') and key('id', substring(@href, 2))">
            <xsl:call-template name="href">
              <xsl:with-param name="to" select="key('id', substring(@href, 2))"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="@href"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates mode="in-link"/>
    </a>
    <!-- HTML forbids a link inside a link: the markers of notes written
         inside this one follow it instead. -->
    <xsl:apply-templates select=".//note[count(ancestor::note) = count(current()/ancestor::note)]"/>
  </xsl:template>

  <!-- Inside a link: nested links and refs keep their text only; notes
       are marked after the link (see above). -->
  <xsl:template match="a" mode="in-link">
    <span><xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if><xsl:apply-templates mode="in-link"/></span>
  </xsl:template>
  <xsl:template match="ref" mode="in-link">
    <xsl:call-template name="ref-label"><xsl:with-param name="to" select="key('id', @target)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="note" mode="in-link"/>
  <xsl:template match="em | strong | code | sub | sup | span" mode="in-link">
    <xsl:element name="{local-name()}">
      <xsl:if test="self::code"><xsl:attribute name="dir">ltr</xsl:attribute></xsl:if>
      <xsl:if test="@xml:lang or @dir"><xsl:call-template name="langdir"/></xsl:if>
      <xsl:apply-templates mode="in-link"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="br" mode="in-link"><br/></xsl:template>

  <xsl:template match="ref">
    <xsl:variable name="id" select="string(@target)"/>
    <xsl:variable name="to" select="key('id', $id)"/>
    <a class="ref">
      <xsl:attribute name="href">
        <xsl:for-each select="$map">
          <xsl:value-of select="concat(key('file', $id)/@file, '#', $id)"/>
        </xsl:for-each>
      </xsl:attribute>
      <xsl:call-template name="ref-label"><xsl:with-param name="to" select="$to"/></xsl:call-template>
    </a>
  </xsl:template>

  <xsl:template match="note">
    <xsl:variable name="k" select="generate-id()"/>
    <xsl:variable name="n">
      <xsl:for-each select="$map"><xsl:value-of select="key('num', $k)/@n"/></xsl:for-each>
    </xsl:variable>
    <sup class="noteref">
      <a epub:type="noteref" role="doc-noteref" id="{$gen}noteref-{$n}">
        <xsl:attribute name="href">
          <xsl:choose>
            <xsl:when test="@id"><xsl:value-of select="concat('#', @id)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('#', $gen, 'note-', $n)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:value-of select="$n"/>
      </a>
    </sup>
  </xsl:template>

  <!-- Plain text of inline content (titles, nav labels, metadata): notes
       are left out, refs show their label. -->
  <xsl:template match="note" mode="text"/>
  <xsl:template match="br" mode="text"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="ref" mode="text">
    <xsl:call-template name="ref-label"><xsl:with-param name="to" select="key('id', @target)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="*" mode="text"><xsl:apply-templates mode="text"/></xsl:template>

  <!-- A reference's label: the plain text without the references in it
       (spaced as one line by whoever takes it), as in html.xsl. A title
       may refer to its own section, or to one whose title refers back,
       and labels of labels never end (libxslt stops at 3,000 nested
       templates and the book fails). -->
  <xsl:template match="note | ref" mode="label"/>
  <xsl:template match="br" mode="label"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="*" mode="label"><xsl:apply-templates mode="label"/></xsl:template>
</xsl:stylesheet>
