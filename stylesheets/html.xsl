<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: the structured article (format 1.0) as one standalone HTML5
  page: the style sheet is inline (html-css.xsl) and every image is
  embedded as a data: URI, so the file can be mailed or archived alone.

  Run by plugins/html through the core's XSLT runner, which provides the
  cv: functions (cv:dir, cv:data-uri, cv:image-width, ...) and passes the
  plugin's parameters ($font-size) as string parameters.

  Serialisation: XML syntax with the HTML5 doctype (about:legacy-compat),
  so the page is both a valid HTML5 document and well-formed XML (tools
  such as xmllint can read it). One trap of that choice: an empty
  non-void element written as <span/> is read by an HTML parser as an
  open tag. Templates that may produce an empty element call "children",
  which adds an empty xsl:comment to an otherwise empty element: libxml2
  then closes the element as <span></span> (and writes the empty comment
  as nothing). tests/test_html.sh checks that Chromium parses the page
  into the same element tree.

  Direction: HTML does not derive direction from lang, the article format
  does (docs/article-format.md). So every element that carries xml:lang
  also gets the dir the core resolves for it (cv:dir), and dir="auto" is
  passed through (HTML resolves it from the first strong character, as
  the format does). The CSS uses logical properties only (margin-inline,
  border-inline-start, text-align: start), so one style sheet serves both
  directions.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:cv="urn:x-convert:xslt"
    xmlns:lx="http://xmlsoft.org/XSLT/namespace"
    xmlns:map="urn:x-convert:html-map"
    exclude-result-prefixes="cv lx map">

  <xsl:include href="html-css.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"
              omit-xml-declaration="yes" doctype-system="about:legacy-compat"/>

  <!-- Numbers (notes, figures, tables, and the place of a referable list,
       quotation, listing or paragraph among its kind) are looked up in a
       map built in one pass per kind, and ref targets through a key, so
       the work stays linear in the size of the article: xsl:number
       level="any" walks back through the whole document each time, and
       10,000 notes took 12 s. Keyed by generate-id(), which never reaches
       the page. -->
  <xsl:key name="id" match="*[@id]" use="@id"/>
  <xsl:key name="num" match="map:m" use="@k"/>
  <xsl:variable name="map-tree">
    <xsl:for-each select="//note"><map:m k="{generate-id()}" n="{position()}"/></xsl:for-each>
    <xsl:for-each select="//figure[caption]"><map:m k="c{generate-id()}" n="{position()}"/></xsl:for-each>
    <xsl:for-each select="//table[caption]"><map:m k="c{generate-id()}" n="{position()}"/></xsl:for-each>
    <!-- Without a caption an element is named only by a ref, which needs
         an id. -->
    <xsl:for-each select="//figure"><xsl:if test="@id"><map:m k="{generate-id()}" n="{position()}"/></xsl:if></xsl:for-each>
    <xsl:for-each select="//table"><xsl:if test="@id"><map:m k="{generate-id()}" n="{position()}"/></xsl:if></xsl:for-each>
    <xsl:for-each select="//list"><xsl:if test="@id"><map:m k="{generate-id()}" n="{position()}"/></xsl:if></xsl:for-each>
    <xsl:for-each select="//quote"><xsl:if test="@id"><map:m k="{generate-id()}" n="{position()}"/></xsl:if></xsl:for-each>
    <xsl:for-each select="//pre"><xsl:if test="@id"><map:m k="{generate-id()}" n="{position()}"/></xsl:if></xsl:for-each>
    <xsl:for-each select="//p"><xsl:if test="@id"><map:m k="{generate-id()}" n="{position()}"/></xsl:if></xsl:for-each>
  </xsl:variable>
  <xsl:variable name="map" select="lx:node-set($map-tree)"/>

  <!-- The number of $of among its kind; captioned="yes": among the
       captioned figures or tables. -->
  <xsl:template name="number">
    <xsl:param name="of" select="."/>
    <xsl:param name="captioned" select="'no'"/>
    <xsl:variable name="k">
      <xsl:if test="$captioned = 'yes'">c</xsl:if>
      <xsl:value-of select="generate-id($of)"/>
    </xsl:variable>
    <xsl:for-each select="$map">
      <xsl:value-of select="key('num', $k)/@n"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Plugin parameter (plugins/html/html.c checks it is a CSS length). -->
  <xsl:param name="font-size" select="'18px'"/>

  <!-- The language of the labels the page adds (Figure, Notes...). -->
  <xsl:variable name="ui">
    <xsl:choose>
      <xsl:when test="starts-with(/article/@xml:lang, 'ar')">ar</xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- ============================================================
       Page
       ============================================================ -->

  <xsl:template match="/">
    <xsl:apply-templates select="article"/>
  </xsl:template>

  <xsl:template match="article">
    <html lang="{@xml:lang}" dir="{cv:dir(.)}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:apply-templates select="meta/title" mode="plain"/>
          <!-- HTML requires a non-empty title. -->
          <xsl:if test="normalize-space(meta/title) = ''">
            <xsl:call-template name="word"><xsl:with-param name="key" select="'untitled'"/></xsl:call-template>
          </xsl:if>
        </title>
        <xsl:if test="meta/author">
          <meta name="author">
            <xsl:attribute name="content">
              <xsl:for-each select="meta/author">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:value-of select="normalize-space(.)"/>
              </xsl:for-each>
            </xsl:attribute>
          </meta>
        </xsl:if>
        <xsl:if test="meta/keyword">
          <meta name="keywords">
            <xsl:attribute name="content">
              <xsl:for-each select="meta/keyword">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:value-of select="normalize-space(.)"/>
              </xsl:for-each>
            </xsl:attribute>
          </meta>
        </xsl:if>
        <xsl:if test="meta/abstract">
          <meta name="description" content="{normalize-space(meta/abstract)}"/>
        </xsl:if>
        <xsl:if test="meta/date">
          <meta name="dcterms.date" content="{meta/date}"/>
        </xsl:if>
        <meta name="generator" content="convert"/>
        <style>
          <xsl:text>:root { font-size: </xsl:text>
          <xsl:value-of select="$font-size"/>
          <xsl:text>; }</xsl:text>
          <xsl:call-template name="html-css"/>
        </style>
      </head>
      <body>
        <xsl:apply-templates select="meta"/>
        <main>
          <xsl:call-template name="lang-dir">
            <xsl:with-param name="node" select="body"/>
          </xsl:call-template>
          <xsl:apply-templates select="body/*"/>
          <xsl:call-template name="footnotes"/>
        </main>
        <xsl:call-template name="colophon"/>
      </body>
    </html>
  </xsl:template>

  <!-- lang and dir for the HTML element made from $node (see the header
       comment for why dir is written wherever xml:lang is). -->
  <xsl:template name="lang-dir">
    <xsl:param name="node" select="."/>
    <xsl:for-each select="$node">
      <xsl:if test="@xml:lang">
        <xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="@dir">
          <xsl:attribute name="dir"><xsl:value-of select="@dir"/></xsl:attribute>
        </xsl:when>
        <xsl:when test="@xml:lang">
          <xsl:attribute name="dir"><xsl:value-of select="cv:dir(.)"/></xsl:attribute>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- lang, dir and id. -->
  <xsl:template name="common">
    <xsl:call-template name="lang-dir"/>
    <xsl:if test="@id">
      <xsl:attribute name="id"><xsl:value-of select="@id"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- The children of the context element; for an element without
       children, an empty comment so that it is not written as <x/> (see
       the header comment). -->
  <xsl:template name="children">
    <xsl:apply-templates/>
    <xsl:if test="not(node())"><xsl:comment/></xsl:if>
  </xsl:template>

  <!-- ============================================================
       Metadata: the page header and the colophon
       ============================================================ -->

  <xsl:template match="meta">
    <header class="masthead">
      <xsl:call-template name="lang-dir"/>
      <h1>
        <xsl:for-each select="title">
          <xsl:call-template name="lang-dir"/>
          <xsl:call-template name="children"/>
        </xsl:for-each>
      </h1>
      <xsl:for-each select="subtitle">
        <p class="subtitle">
          <xsl:call-template name="lang-dir"/>
          <xsl:call-template name="children"/>
        </p>
      </xsl:for-each>
      <xsl:if test="author">
        <p class="byline">
          <xsl:for-each select="author">
            <xsl:if test="position() &gt; 1">
              <xsl:call-template name="word"><xsl:with-param name="key" select="'and'"/></xsl:call-template>
            </xsl:if>
            <span class="author">
              <xsl:call-template name="lang-dir"/>
              <xsl:value-of select="normalize-space(.)"/>
            </span>
            <xsl:if test="@role and @role != 'author'">
              <xsl:text> (</xsl:text>
              <xsl:call-template name="word"><xsl:with-param name="key" select="@role"/></xsl:call-template>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="date | publisher">
        <p class="published">
          <xsl:for-each select="date">
            <time datetime="{normalize-space(.)}">
              <xsl:call-template name="lang-dir"/>
              <xsl:call-template name="long-date">
                <xsl:with-param name="iso" select="normalize-space(.)"/>
              </xsl:call-template>
            </time>
          </xsl:for-each>
          <xsl:if test="date and publisher"> · </xsl:if>
          <xsl:for-each select="publisher">
            <span class="publisher">
              <xsl:call-template name="lang-dir"/>
              <xsl:value-of select="normalize-space(.)"/>
            </span>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:apply-templates select="abstract"/>
    </header>
  </xsl:template>

  <xsl:template match="abstract">
    <section class="abstract">
      <xsl:call-template name="lang-dir"/>
      <h2><xsl:call-template name="word"><xsl:with-param name="key" select="'abstract'"/></xsl:call-template></h2>
      <xsl:apply-templates select="*"/>
    </section>
  </xsl:template>

  <!-- Source, identifiers, keywords and rights close the page. -->
  <xsl:template name="colophon">
    <xsl:variable name="m" select="/article/meta"/>
    <xsl:if test="$m/source | $m/identifier | $m/keyword | $m/rights">
      <footer class="colophon">
        <xsl:call-template name="lang-dir">
          <xsl:with-param name="node" select="$m"/>
        </xsl:call-template>
        <dl>
          <xsl:for-each select="$m/source">
            <dt><xsl:call-template name="word"><xsl:with-param name="key" select="'source'"/></xsl:call-template></dt>
            <dd>
              <xsl:call-template name="lang-dir"/>
              <xsl:choose>
                <xsl:when test="@href"><a href="{@href}"><xsl:value-of select="normalize-space(.)"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
              </xsl:choose>
            </dd>
          </xsl:for-each>
          <xsl:for-each select="$m/identifier">
            <dt><xsl:call-template name="word"><xsl:with-param name="key" select="@scheme"/></xsl:call-template></dt>
            <dd dir="ltr">
              <xsl:choose>
                <!-- The schema checks link targets, not identifier text: link
                     only what is plainly a web address (never javascript:). -->
                <xsl:when test="@scheme = 'url' and (starts-with(normalize-space(.), 'https://')
                                or starts-with(normalize-space(.), 'http://'))">
                  <a href="{normalize-space(.)}"><xsl:value-of select="normalize-space(.)"/></a>
                </xsl:when>
                <xsl:when test="@scheme = 'doi'"><a href="https://doi.org/{normalize-space(.)}"><xsl:value-of select="normalize-space(.)"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
              </xsl:choose>
            </dd>
          </xsl:for-each>
          <xsl:if test="$m/keyword">
            <dt><xsl:call-template name="word"><xsl:with-param name="key" select="'keywords'"/></xsl:call-template></dt>
            <dd>
              <ul class="keywords">
                <xsl:for-each select="$m/keyword">
                  <li>
                    <xsl:call-template name="lang-dir"/>
                    <xsl:value-of select="normalize-space(.)"/>
                  </li>
                </xsl:for-each>
              </ul>
            </dd>
          </xsl:if>
        </dl>
        <xsl:for-each select="$m/rights">
          <p class="rights">
            <xsl:call-template name="lang-dir"/>
            <xsl:value-of select="normalize-space(.)"/>
          </p>
        </xsl:for-each>
      </footer>
    </xsl:if>
  </xsl:template>

  <!-- "2024-03-15" as "15 March 2024" (or its Arabic equivalent). -->
  <xsl:template name="long-date">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="number(substring($iso, 6, 2))"/>
    <xsl:value-of select="number(substring($iso, 9, 2))"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$ui = 'ar'">
        <xsl:value-of select="substring-before(substring-after(
          '|1:يناير|2:فبراير|3:مارس|4:أبريل|5:مايو|6:يونيو|7:يوليو|8:أغسطس|9:سبتمبر|10:أكتوبر|11:نوفمبر|12:ديسمبر|',
          concat('|', $month, ':')), '|')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="substring-before(substring-after(
          '|1:January|2:February|3:March|4:April|5:May|6:June|7:July|8:August|9:September|10:October|11:November|12:December|',
          concat('|', $month, ':')), '|')"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>

  <!-- ============================================================
       Blocks
       ============================================================ -->

  <xsl:template match="section">
    <section>
      <xsl:call-template name="common"/>
      <xsl:variable name="depth" select="count(ancestor-or-self::section)"/>
      <!-- h1 is the article's title; sections start at h2, and HTML stops
           at h6 (the format allows six levels). -->
      <xsl:element name="h{1 + $depth - number($depth = 6)}">
        <xsl:for-each select="title">
          <xsl:call-template name="lang-dir"/>
          <xsl:call-template name="children"/>
        </xsl:for-each>
      </xsl:element>
      <xsl:apply-templates select="*[not(self::title)]"/>
    </section>
  </xsl:template>

  <xsl:template match="p">
    <p>
      <xsl:call-template name="common"/>
      <xsl:call-template name="children"/>
    </p>
  </xsl:template>

  <xsl:template match="list">
    <ul>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="item"/>
    </ul>
  </xsl:template>

  <xsl:template match="list[@type = 'number']">
    <ol>
      <xsl:call-template name="common"/>
      <xsl:if test="@start">
        <xsl:attribute name="start"><xsl:value-of select="@start"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="item"/>
    </ol>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <xsl:call-template name="common"/>
      <xsl:choose>
        <xsl:when test="p | list | quote | figure | table | pre">
          <xsl:apply-templates select="*"/>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="children"/></xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <!-- HTML puts a quotation's source outside the blockquote, in the
       caption of a figure that holds both. -->
  <xsl:template match="quote">
    <figure class="quote">
      <xsl:call-template name="common"/>
      <blockquote>
        <xsl:apply-templates select="*[not(self::attribution)]"/>
      </blockquote>
      <xsl:for-each select="attribution">
        <figcaption>
          <xsl:call-template name="lang-dir"/>
          <xsl:text>— </xsl:text>
          <xsl:apply-templates/>
        </figcaption>
      </xsl:for-each>
    </figure>
  </xsl:template>

  <xsl:template match="figure">
    <figure>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="image"/>
      <xsl:for-each select="caption">
        <figcaption>
          <xsl:call-template name="lang-dir"/>
          <span class="label">
            <xsl:call-template name="label">
              <xsl:with-param name="target" select=".."/>
            </xsl:call-template>
            <xsl:text>: </xsl:text>
          </span>
          <xsl:apply-templates/>
        </figcaption>
      </xsl:for-each>
    </figure>
  </xsl:template>

  <!-- The image itself, embedded. width and height give the browser the
       aspect ratio before it decodes the image; the CSS scales it. -->
  <xsl:template match="image">
    <img src="{cv:data-uri(@src)}" alt="{@alt}">
      <xsl:call-template name="lang-dir"/>
      <xsl:if test="cv:image-width(@src) &gt; 0">
        <xsl:attribute name="width"><xsl:value-of select="cv:image-width(@src)"/></xsl:attribute>
        <xsl:attribute name="height"><xsl:value-of select="cv:image-height(@src)"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@width">
        <xsl:attribute name="style">width: <xsl:value-of select="@width"/></xsl:attribute>
      </xsl:if>
    </img>
  </xsl:template>

  <!-- Leading header rows make the thead, unless a cell would span out of
       it (HTML clips a rowspan at the row group); a header row further
       down stays in the body, with th cells. -->
  <xsl:template match="table">
    <div class="table">
      <table>
        <xsl:call-template name="common"/>
        <xsl:for-each select="caption">
          <caption>
            <xsl:call-template name="lang-dir"/>
            <span class="label">
              <xsl:call-template name="label">
                <xsl:with-param name="target" select=".."/>
              </xsl:call-template>
              <xsl:text>: </xsl:text>
            </span>
            <xsl:apply-templates/>
          </caption>
        </xsl:for-each>
        <xsl:variable name="leading" select="row[@role = 'header'][not(preceding-sibling::row[not(@role = 'header')])]"/>
        <xsl:variable name="head" select="$leading[not($leading/cell[@rowspan &gt; count($leading) - count(../preceding-sibling::row)])]"/>
        <xsl:if test="$head">
          <thead><xsl:apply-templates select="$head"/></thead>
        </xsl:if>
        <tbody>
          <xsl:apply-templates select="row[count(. | $head) != count($head)]"/>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="row">
    <tr>
      <xsl:call-template name="lang-dir"/>
      <xsl:apply-templates select="cell"/>
    </tr>
  </xsl:template>

  <xsl:template match="cell">
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="../@role = 'header'">th</xsl:when>
        <xsl:otherwise>td</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$name}">
      <xsl:call-template name="lang-dir"/>
      <xsl:if test="../@role = 'header'">
        <xsl:attribute name="scope">col</xsl:attribute>
      </xsl:if>
      <xsl:if test="@colspan &gt; 1">
        <xsl:attribute name="colspan"><xsl:value-of select="@colspan"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@rowspan &gt; 1">
        <xsl:attribute name="rowspan"><xsl:value-of select="@rowspan"/></xsl:attribute>
      </xsl:if>
      <!-- start and end are logical: the CSS maps them with text-align. -->
      <xsl:if test="@align">
        <xsl:attribute name="class">align-<xsl:value-of select="@align"/></xsl:attribute>
      </xsl:if>
      <xsl:call-template name="children"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="pre">
    <pre>
      <xsl:call-template name="common"/>
      <xsl:value-of select="."/>
      <xsl:if test=". = ''"><xsl:comment/></xsl:if>
    </pre>
  </xsl:template>

  <!-- ============================================================
       Inline
       ============================================================ -->

  <xsl:template match="em | strong | sub | sup | span">
    <xsl:element name="{local-name()}">
      <xsl:call-template name="lang-dir"/>
      <xsl:call-template name="children"/>
    </xsl:element>
  </xsl:template>

  <!-- Code reads left to right as written, also inside Arabic text (an
       element with dir is an isolate): without it "page()" showed its
       parentheses on the left. Its own xml:lang or dir still wins. -->
  <xsl:template match="code">
    <code dir="ltr">
      <xsl:call-template name="lang-dir"/>
      <xsl:value-of select="."/>
      <xsl:if test=". = ''"><xsl:comment/></xsl:if>
    </code>
  </xsl:template>

  <xsl:template match="a">
    <a href="{@href}">
      <xsl:call-template name="lang-dir"/>
      <xsl:call-template name="children"/>
    </a>
  </xsl:template>

  <xsl:template match="br">
    <br/>
  </xsl:template>

  <!-- A reference reads as its target's label: a footnote's number, a
       section's title, "Figure 2", "Table 1"... -->
  <xsl:template match="ref">
    <xsl:variable name="target" select="key('id', @target)[1]"/>
    <xsl:choose>
      <xsl:when test="$target/self::note">
        <sup class="noteref">
          <a href="#{@target}" role="doc-noteref">
            <xsl:call-template name="number"><xsl:with-param name="of" select="$target"/></xsl:call-template>
          </a>
        </sup>
      </xsl:when>
      <xsl:otherwise>
        <!-- The label is in the language of the section title it quotes,
             or of the page ("Figure", "الشكل"); where that is not the
             language around the reference, say so, so that an Arabic
             label in an English sentence is shaped and ordered as Arabic. -->
        <xsl:variable name="from" select="$target/self::section/title | /article[not($target/self::section)]"/>
        <a href="#{@target}" class="xref">
          <xsl:if test="cv:lang($from) != cv:lang(.)">
            <xsl:attribute name="lang"><xsl:value-of select="cv:lang($from)"/></xsl:attribute>
            <xsl:attribute name="dir"><xsl:value-of select="cv:dir($from)"/></xsl:attribute>
          </xsl:if>
          <xsl:call-template name="label">
            <xsl:with-param name="target" select="$target"/>
          </xsl:call-template>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The label of a referable element. -->
  <xsl:template name="label">
    <xsl:param name="target"/>
    <xsl:for-each select="$target">
      <xsl:choose>
        <xsl:when test="self::section">
          <xsl:apply-templates select="title" mode="plain"/>
        </xsl:when>
        <xsl:when test="self::figure[caption]">
          <xsl:call-template name="word"><xsl:with-param name="key" select="'figure'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="number"><xsl:with-param name="captioned" select="'yes'"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="self::table[caption]">
          <xsl:call-template name="word"><xsl:with-param name="key" select="'table'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="number"><xsl:with-param name="captioned" select="'yes'"/></xsl:call-template>
        </xsl:when>
        <!-- Uncaptioned figures and tables, lists, quotations and
             listings have no visible number: they are named by their kind
             and their place among their kind. -->
        <xsl:otherwise>
          <xsl:call-template name="word"><xsl:with-param name="key" select="local-name()"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="number"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- Plain text of inline content, for <title> and for reference labels:
       no footnotes, no nested references (a title may refer to its own
       section). -->
  <xsl:template match="note | ref" mode="plain"/>
  <xsl:template match="br" mode="plain"><xsl:text> </xsl:text></xsl:template>

  <!-- ============================================================
       Footnotes
       ============================================================ -->

  <!-- The note's anchor: its own id when it has one, so that the
       article's ref targets and the footnote list agree. -->
  <xsl:template name="note-id">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="@id"><xsl:value-of select="@id"/></xsl:when>
      <xsl:otherwise>fn-<xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="note">
    <xsl:variable name="n"><xsl:call-template name="number"/></xsl:variable>
    <sup class="noteref">
      <a id="fnref-{$n}" role="doc-noteref">
        <xsl:attribute name="href">#<xsl:call-template name="note-id"><xsl:with-param name="n" select="$n"/></xsl:call-template></xsl:attribute>
        <xsl:value-of select="$n"/>
      </a>
    </sup>
  </xsl:template>

  <xsl:template name="footnotes">
    <xsl:if test="//note">
      <section class="footnotes" role="doc-endnotes">
        <h2><xsl:call-template name="word"><xsl:with-param name="key" select="'notes'"/></xsl:call-template></h2>
        <ol>
          <!-- Document order: the same numbers as the map's. -->
          <xsl:for-each select="//note">
            <xsl:variable name="n" select="position()"/>
            <li>
              <xsl:attribute name="id"><xsl:call-template name="note-id"><xsl:with-param name="n" select="$n"/></xsl:call-template></xsl:attribute>
              <xsl:call-template name="lang-dir"/>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a href="#fnref-{$n}" class="backref" role="doc-backlink">
                <xsl:attribute name="aria-label">
                  <xsl:call-template name="word"><xsl:with-param name="key" select="'back'"/></xsl:call-template>
                </xsl:attribute>
                <xsl:text>↩</xsl:text>
              </a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================
       Words the page adds, in English and Arabic
       ============================================================ -->

  <xsl:template name="word">
    <xsl:param name="key"/>
    <xsl:variable name="k" select="string($key)"/>
    <xsl:choose>
      <xsl:when test="$ui = 'ar'">
        <xsl:choose>
          <xsl:when test="$k = 'and'">، </xsl:when>
          <xsl:when test="$k = 'abstract'">ملخص</xsl:when>
          <xsl:when test="$k = 'untitled'">بلا عنوان</xsl:when>
          <xsl:when test="$k = 'notes'">الهوامش</xsl:when>
          <xsl:when test="$k = 'back'">العودة إلى النص</xsl:when>
          <xsl:when test="$k = 'figure'">الشكل</xsl:when>
          <xsl:when test="$k = 'table'">الجدول</xsl:when>
          <xsl:when test="$k = 'list'">القائمة</xsl:when>
          <xsl:when test="$k = 'quote'">الاقتباس</xsl:when>
          <xsl:when test="$k = 'pre'">النص البرمجي</xsl:when>
          <xsl:when test="$k = 'p'">الفقرة</xsl:when>
          <xsl:when test="$k = 'editor'">تحرير</xsl:when>
          <xsl:when test="$k = 'translator'">ترجمة</xsl:when>
          <xsl:when test="$k = 'source'">المصدر</xsl:when>
          <xsl:when test="$k = 'keywords'">الكلمات المفتاحية</xsl:when>
          <xsl:when test="$k = 'uuid'">UUID</xsl:when>
          <xsl:when test="$k = 'doi'">DOI</xsl:when>
          <xsl:when test="$k = 'isbn'">ISBN</xsl:when>
          <xsl:when test="$k = 'issn'">ISSN</xsl:when>
          <xsl:when test="$k = 'url'">الرابط</xsl:when>
          <xsl:when test="$k = 'other'">معرّف</xsl:when>
          <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="$k = 'and'">, </xsl:when>
          <xsl:when test="$k = 'abstract'">Abstract</xsl:when>
          <xsl:when test="$k = 'untitled'">Untitled</xsl:when>
          <xsl:when test="$k = 'notes'">Notes</xsl:when>
          <xsl:when test="$k = 'back'">Back to the text</xsl:when>
          <xsl:when test="$k = 'figure'">Figure</xsl:when>
          <xsl:when test="$k = 'table'">Table</xsl:when>
          <xsl:when test="$k = 'list'">List</xsl:when>
          <xsl:when test="$k = 'quote'">Quotation</xsl:when>
          <xsl:when test="$k = 'pre'">Listing</xsl:when>
          <xsl:when test="$k = 'p'">Paragraph</xsl:when>
          <xsl:when test="$k = 'source'">Source</xsl:when>
          <xsl:when test="$k = 'keywords'">Keywords</xsl:when>
          <xsl:when test="$k = 'uuid'">UUID</xsl:when>
          <xsl:when test="$k = 'doi'">DOI</xsl:when>
          <xsl:when test="$k = 'isbn'">ISBN</xsl:when>
          <xsl:when test="$k = 'issn'">ISSN</xsl:when>
          <xsl:when test="$k = 'url'">URL</xsl:when>
          <xsl:when test="$k = 'other'">Identifier</xsl:when>
          <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
