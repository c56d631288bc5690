<?xml version="1.0" encoding="UTF-8"?>
<!--
  docbook2article.xsl: the DocBook 5 that `pandoc -t docbook5 -s` writes
  for a Markdown manual, as an article (docs/article-format.md). Used once,
  by bench/manual/make, to turn pandoc's MANUAL.txt into the measuring text
  bench/manual/pandoc-manual.en.xml; it covers what pandoc writes for that
  manual, not DocBook at large.

  Mapping: section/title -> section/title; para -> p; programlisting ->
  pre; literal -> code; emphasis -> em (role="strong": strong); link with
  xlink:href -> a, with linkend -> a href="#id" when the id is a section's
  (our links may only point at elements that carry ids), its text otherwise;
  itemizedlist / orderedlist -> list; variablelist (the manual's options
  and their definitions) -> a list whose items are the term as a p of its
  own, then the definition's blocks; informaltable -> table (thead rows
  as header rows); blockquote -> quote; footnote -> note; quote -> “…”;
  literallayout -> pre. Anchors are dropped.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:db="http://docbook.org/ns/docbook"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    exclude-result-prefixes="db xlink">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <!-- White space between blocks only: between inline elements it is a
       word space ("a literal, a space, a link"). -->
  <xsl:strip-space elements="db:article db:info db:authorgroup db:author db:section db:itemizedlist
      db:orderedlist db:variablelist db:varlistentry db:listitem db:informaltable db:table db:tgroup
      db:thead db:tbody db:row db:blockquote db:footnote"/>
  <xsl:preserve-space elements="db:programlisting db:literallayout db:literal"/>

  <xsl:param name="source-href" select="''"/>
  <xsl:param name="source-note" select="''"/>
  <xsl:param name="rights" select="''"/>

  <xsl:key name="section-id" match="db:section" use="@xml:id"/>

  <xsl:template match="/db:article">
    <article version="1.0" xml:lang="en">
      <xsl:text>&#10;</xsl:text>
      <meta>
        <title><xsl:value-of select="normalize-space(db:info/db:title)"/></title>
        <xsl:for-each select="db:info/db:authorgroup/db:author | db:info/db:author">
          <author><xsl:value-of select="normalize-space(.)"/></author>
        </xsl:for-each>
        <xsl:if test="db:info/db:date">
          <date><xsl:value-of select="normalize-space(db:info/db:date)"/></date>
        </xsl:if>
        <source href="{$source-href}"><xsl:value-of select="$source-note"/></source>
        <rights><xsl:value-of select="$rights"/></rights>
      </meta>
      <xsl:text>&#10;</xsl:text>
      <body>
        <xsl:apply-templates select="*[not(self::db:info)]"/>
      </body>
      <xsl:text>&#10;</xsl:text>
    </article>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="db:section">
    <xsl:text>&#10;</xsl:text>
    <section>
      <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
      <title><xsl:apply-templates select="db:title/node()"/></title>
      <xsl:apply-templates select="*[not(self::db:title)]"/>
    </section>
  </xsl:template>

  <xsl:template match="db:para">
    <xsl:text>&#10;</xsl:text>
    <p><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="db:programlisting | db:literallayout">
    <xsl:text>&#10;</xsl:text>
    <pre><xsl:value-of select="."/></pre>
  </xsl:template>

  <xsl:template match="db:blockquote">
    <xsl:text>&#10;</xsl:text>
    <quote><xsl:apply-templates/></quote>
  </xsl:template>

  <xsl:template match="db:itemizedlist | db:orderedlist">
    <xsl:text>&#10;</xsl:text>
    <list>
      <xsl:if test="self::db:orderedlist"><xsl:attribute name="type">number</xsl:attribute></xsl:if>
      <xsl:for-each select="db:listitem">
        <item><xsl:apply-templates/></item>
      </xsl:for-each>
    </list>
  </xsl:template>

  <xsl:template match="db:variablelist">
    <xsl:text>&#10;</xsl:text>
    <list>
      <xsl:for-each select="db:varlistentry">
        <item>
          <p>
            <xsl:for-each select="db:term">
              <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
              <xsl:apply-templates/>
            </xsl:for-each>
          </p>
          <xsl:apply-templates select="db:listitem/*"/>
        </item>
      </xsl:for-each>
    </list>
  </xsl:template>

  <!-- A list item of inline text only would be a p in DocBook already;
       an empty one gets an empty p. -->
  <xsl:template match="db:listitem[not(*)]">
    <p/>
  </xsl:template>

  <xsl:template match="db:informaltable | db:table">
    <xsl:text>&#10;</xsl:text>
    <table>
      <xsl:if test="db:title or db:caption">
        <caption><xsl:apply-templates select="(db:title | db:caption)[1]/node()"/></caption>
      </xsl:if>
      <xsl:for-each select="db:tgroup/db:thead/db:row">
        <row role="header"><xsl:apply-templates select="db:entry"/></row>
      </xsl:for-each>
      <xsl:for-each select="db:tgroup/db:tbody/db:row">
        <row><xsl:apply-templates select="db:entry"/></row>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- A cell is inline in our format: a cell's paragraphs are run
       together, its listings become code. -->
  <xsl:template match="db:entry//db:programlisting">
    <code><xsl:value-of select="normalize-space(.)"/></code>
  </xsl:template>

  <xsl:template match="db:entry">
    <cell>
      <xsl:for-each select="node()">
        <xsl:if test="self::db:para and preceding-sibling::db:para"><xsl:text> </xsl:text></xsl:if>
        <xsl:choose>
          <xsl:when test="self::db:para"><xsl:apply-templates/></xsl:when>
          <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </cell>
  </xsl:template>

  <!-- Inline -->

  <xsl:template match="db:literal">
    <code><xsl:value-of select="."/></code>
  </xsl:template>

  <xsl:template match="db:emphasis">
    <em><xsl:apply-templates/></em>
  </xsl:template>
  <xsl:template match="db:emphasis[@role = 'strong' or @role = 'bold']">
    <strong><xsl:apply-templates/></strong>
  </xsl:template>

  <xsl:template match="db:superscript"><sup><xsl:apply-templates/></sup></xsl:template>
  <xsl:template match="db:subscript"><sub><xsl:apply-templates/></sub></xsl:template>

  <xsl:template match="db:quote">
    <xsl:text>“</xsl:text><xsl:apply-templates/><xsl:text>”</xsl:text>
  </xsl:template>

  <xsl:template match="db:link[@xlink:href]">
    <xsl:choose>
      <xsl:when test="contains(@xlink:href, '://') or starts-with(@xlink:href, 'mailto:')">
        <a href="{@xlink:href}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="db:link[@linkend]">
    <xsl:choose>
      <xsl:when test="key('section-id', @linkend)">
        <a href="#{@linkend}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="db:footnote">
    <note><xsl:for-each select="db:para">
      <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each></note>
  </xsl:template>

  <xsl:template match="db:anchor"/>

  <!-- Anything else: its content. -->
  <xsl:template match="db:*">
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
