<?xml version="1.0" encoding="UTF-8"?>
<!--
  docbook.xsl: the structured article (format 1.0) as DocBook 5.0.

  Run by plugins/docbook through the core's hardened XSLT runner; it also
  runs under plain xsltproc (the cv: functions are optional, see
  "Direction" below), which is handy while editing.

  The output validates against the DocBook 5.0 RELAX NG schema
  (/usr/share/xml/docbook/schema/rng/5.0/docbook.rng, tested by
  tests/test_docbook.sh). Every element of the article format has a home:

    article/meta        info (title, subtitle, author | editor | othercredit,
                        pubdate, publisher, bibliosource, biblioid,
                        keywordset, legalnotice, abstract)
    section             section (nested), with xml:id
    p                   para
    list                itemizedlist | orderedlist (start -> startingnumber)
    quote               blockquote (attribution first, as DocBook wants)
    figure              figure, or informalfigure when it has no caption
    image               mediaobject/imageobject/imagedata + textobject/phrase
    table               HTML-model table (caption) or informaltable, with
                        thead for the leading header rows, colspan, rowspan
    pre                 programlisting
    em, strong          emphasis, emphasis role="strong"
    code, sub, sup      code, subscript, superscript
    a                   link xlink:href, or link linkend for "#id"
    ref                 xref linkend (footnoteref for a note)
    note                footnote/para
    span                phrase with xml:lang and dir
    br                  processing instruction <?linebreak?> (see below)

  id becomes xml:id; xml:lang and dir are kept on the element they are
  written on (DocBook 5.0 allows both on every element).

  Whitespace: the output is not indented, because indenting would change
  the text of mixed content and of programlisting.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="http://docbook.org/ns/docbook"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:cv="urn:x-convert:xslt"
    xmlns:lx="http://xmlsoft.org/XSLT/namespace"
    xmlns:after="urn:x-convert:after-section"
    exclude-result-prefixes="cv lx after">

  <xsl:include href="after-section.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Languages written right to left (docs/article-format.md); used only
       when the core's cv:dir() is not there (plain xsltproc). -->
  <xsl:variable name="rtl-langs" select="' ar fa ur ps sd ug yi he dv ckb syr '"/>

  <!-- The blocks that follow a section up to the next one, found through
       after-section.xsl's map: a following-sibling scan per section is
       quadratic in the number of sections (2,400 took a second), a
       preceding-sibling one per block in the number of blocks between
       two sections. -->
  <xsl:variable name="after-tree">
    <xsl:for-each select="/article/body[section] | //section[section]">
      <xsl:call-template name="after-section">
        <xsl:with-param name="nodes" select="*"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="after-map" select="lx:node-set($after-tree)"/>

  <!-- Notes by id, for the refs that point at them. -->
  <xsl:key name="note" match="note[@id]" use="@id"/>

  <xsl:template match="/">
    <xsl:apply-templates select="article"/>
  </xsl:template>

  <!-- ============================================================
       Attributes shared by every element
       ============================================================ -->

  <!-- xml:lang, dir and xml:id of a source element. body has no DocBook
       counterpart, so its xml:lang and dir move down to its children. -->
  <xsl:template name="common">
    <xsl:variable name="lang"
        select="(@xml:lang | self::*[not(@xml:lang)]/parent::body/@xml:lang)[1]"/>
    <xsl:if test="$lang">
      <xsl:attribute name="xml:lang"><xsl:value-of select="$lang"/></xsl:attribute>
    </xsl:if>
    <xsl:variable name="dir"
        select="(@dir | self::*[not(@dir)]/parent::body/@dir)[1]"/>
    <xsl:choose>
      <xsl:when test="$dir = 'ltr' or $dir = 'rtl'">
        <xsl:attribute name="dir"><xsl:value-of select="$dir"/></xsl:attribute>
      </xsl:when>
      <!-- DocBook has no dir="auto": write the direction it resolves to. -->
      <xsl:when test="$dir = 'auto'">
        <xsl:attribute name="dir">
          <xsl:call-template name="direction"/>
        </xsl:attribute>
      </xsl:when>
    </xsl:choose>
    <xsl:if test="@id">
      <xsl:attribute name="xml:id"><xsl:value-of select="@id"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- Direction: "rtl" or "ltr" in force at the context node. The core's
       cv:dir() also resolves dir="auto" from the first strong character;
       the fallback looks only at dir and xml:lang. -->
  <xsl:template name="direction">
    <xsl:choose>
      <xsl:when test="function-available('cv:dir')">
        <xsl:value-of select="cv:dir(.)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="d" select="ancestor-or-self::*[@dir = 'ltr' or @dir = 'rtl'][1]/@dir"/>
        <xsl:variable name="l" select="translate(ancestor-or-self::*[@xml:lang][1]/@xml:lang,
                                       'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
        <xsl:variable name="primary">
          <xsl:choose>
            <xsl:when test="contains($l, '-')"><xsl:value-of select="substring-before($l, '-')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$l"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$d"><xsl:value-of select="$d"/></xsl:when>
          <xsl:when test="contains($rtl-langs, concat(' ', $primary, ' '))
                          or contains($l, '-arab') or contains($l, '-hebr')">rtl</xsl:when>
          <xsl:otherwise>ltr</xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================
       Document and metadata
       ============================================================ -->

  <xsl:template match="article">
    <article version="5.0">
      <xsl:call-template name="common"/>
      <!-- The resolved direction on the root, so that a DocBook processor
           that does not map xml:lang to a direction still sets the whole
           article right to left where it should. -->
      <xsl:attribute name="dir"><xsl:call-template name="direction"/></xsl:attribute>
      <xsl:apply-templates select="meta"/>
      <xsl:call-template name="blocks-and-sections">
        <xsl:with-param name="nodes" select="body/*"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <xsl:template match="meta">
    <info>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="title | subtitle | author | date | publisher
                                   | source | identifier"/>
      <xsl:if test="keyword">
        <keywordset>
          <xsl:apply-templates select="keyword"/>
        </keywordset>
      </xsl:if>
      <xsl:apply-templates select="rights | abstract"/>
    </info>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="meta/title | section/title">
    <title>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </title>
  </xsl:template>

  <xsl:template match="subtitle">
    <subtitle>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </subtitle>
  </xsl:template>

  <!-- author/@role: "editor" has its own DocBook element; the roles
       DocBook names (translator, copyeditor...) become othercredit with
       that class; any other role is othercredit class="other". -->
  <xsl:template match="author">
    <xsl:variable name="role" select="normalize-space(@role)"/>
    <xsl:choose>
      <xsl:when test="not(@role) or $role = 'author'">
        <author>
          <xsl:call-template name="common"/>
          <xsl:call-template name="personname"/>
        </author>
      </xsl:when>
      <xsl:when test="$role = 'editor'">
        <editor>
          <xsl:call-template name="common"/>
          <xsl:call-template name="personname"/>
        </editor>
      </xsl:when>
      <xsl:otherwise>
        <othercredit>
          <xsl:call-template name="common"/>
          <xsl:choose>
            <xsl:when test="$role = 'copyeditor' or $role = 'graphicdesigner'
                            or $role = 'productioneditor' or $role = 'technicaleditor'
                            or $role = 'translator'">
              <xsl:attribute name="class"><xsl:value-of select="$role"/></xsl:attribute>
            </xsl:when>
            <xsl:otherwise>
              <xsl:attribute name="class">other</xsl:attribute>
              <!-- otherclass is an NMTOKEN: no spaces. -->
              <xsl:attribute name="otherclass"><xsl:value-of select="translate($role, ' ', '-')"/></xsl:attribute>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:attribute name="role"><xsl:value-of select="$role"/></xsl:attribute>
          <xsl:call-template name="personname"/>
        </othercredit>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="personname">
    <personname><xsl:value-of select="normalize-space(.)"/></personname>
  </xsl:template>

  <xsl:template match="date">
    <pubdate>
      <xsl:call-template name="common"/>
      <xsl:value-of select="normalize-space(.)"/>
    </pubdate>
  </xsl:template>

  <xsl:template match="publisher">
    <publisher>
      <xsl:call-template name="common"/>
      <publishername><xsl:value-of select="normalize-space(.)"/></publishername>
    </publisher>
  </xsl:template>

  <xsl:template match="source">
    <bibliosource>
      <xsl:call-template name="common"/>
      <xsl:if test="@href">
        <xsl:attribute name="class">uri</xsl:attribute>
        <xsl:attribute name="xlink:href"><xsl:value-of select="@href"/></xsl:attribute>
      </xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </bibliosource>
  </xsl:template>

  <xsl:template match="identifier">
    <biblioid>
      <xsl:call-template name="common"/>
      <xsl:choose>
        <xsl:when test="@scheme = 'doi' or @scheme = 'isbn' or @scheme = 'issn'">
          <xsl:attribute name="class"><xsl:value-of select="@scheme"/></xsl:attribute>
        </xsl:when>
        <xsl:when test="@scheme = 'url'">
          <xsl:attribute name="class">uri</xsl:attribute>
        </xsl:when>
        <!-- uuid and other: DocBook's class="other" names the kind. -->
        <xsl:otherwise>
          <xsl:attribute name="class">other</xsl:attribute>
          <xsl:attribute name="otherclass"><xsl:value-of select="@scheme"/></xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="normalize-space(.)"/>
    </biblioid>
  </xsl:template>

  <xsl:template match="keyword">
    <keyword>
      <xsl:call-template name="common"/>
      <xsl:value-of select="normalize-space(.)"/>
    </keyword>
  </xsl:template>

  <xsl:template match="rights">
    <legalnotice>
      <xsl:call-template name="common"/>
      <para><xsl:apply-templates/></para>
    </legalnotice>
  </xsl:template>

  <xsl:template match="abstract">
    <abstract>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="*"/>
    </abstract>
  </xsl:template>

  <!-- ============================================================
       Sections
       ============================================================ -->

  <!-- DocBook lets a section hold blocks and then subsections, never a
       block after a subsection, and never nothing at all. The article
       format allows both, so:
       - blocks that follow a subsection go, in order, into a
         simplesect role="continuation" with an empty title: after the
         preceding subsection's own content when another subsection
         follows, otherwise after the last subsection (DocBook allows
         simplesects after sections);
       - a section with only a title gets an empty para.
       No text is lost or reordered, and section elements map one to one. -->
  <xsl:template name="blocks-and-sections">
    <xsl:param name="nodes"/>
    <xsl:variable name="first-section" select="$nodes[self::section][1]"/>
    <xsl:choose>
      <xsl:when test="not($first-section)">
        <xsl:apply-templates select="$nodes"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$first-section/preceding-sibling::*[not(self::title)]"/>
        <xsl:apply-templates select="$nodes[self::section]"/>
        <xsl:call-template name="continuation">
          <xsl:with-param name="blocks"
              select="$nodes[self::section][last()]/following-sibling::*"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="continuation">
    <xsl:param name="blocks"/>
    <xsl:if test="$blocks">
      <simplesect role="continuation">
        <title/>
        <xsl:apply-templates select="$blocks"/>
      </simplesect>
    </xsl:if>
  </xsl:template>

  <xsl:template match="section">
    <section>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="title"/>
      <xsl:choose>
        <xsl:when test="*[not(self::title)]">
          <xsl:call-template name="blocks-and-sections">
            <xsl:with-param name="nodes" select="*[not(self::title)]"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><para/></xsl:otherwise>
      </xsl:choose>
      <!-- Blocks between this section and the next sibling section. -->
      <xsl:if test="following-sibling::section">
        <xsl:variable name="has-after"><xsl:call-template name="has-after"/></xsl:variable>
        <xsl:if test="$has-after = 'yes'">
          <simplesect role="continuation">
            <title/>
            <xsl:call-template name="apply-after"/>
          </simplesect>
        </xsl:if>
      </xsl:if>
    </section>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================
       Blocks
       ============================================================ -->

  <xsl:template match="p">
    <para>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </para>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="list">
    <itemizedlist>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="item"/>
    </itemizedlist>
  </xsl:template>

  <xsl:template match="list[@type = 'number']">
    <orderedlist>
      <xsl:call-template name="common"/>
      <xsl:if test="@start">
        <xsl:attribute name="startingnumber"><xsl:value-of select="@start"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="item"/>
    </orderedlist>
  </xsl:template>

  <!-- An item holds inline content (wrapped in one para) or blocks. -->
  <xsl:template match="item">
    <listitem>
      <xsl:call-template name="common"/>
      <xsl:choose>
        <xsl:when test="p | list | quote | figure | table | pre">
          <xsl:apply-templates select="*"/>
        </xsl:when>
        <xsl:otherwise>
          <para><xsl:apply-templates/></para>
        </xsl:otherwise>
      </xsl:choose>
    </listitem>
  </xsl:template>

  <xsl:template match="quote">
    <blockquote>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="attribution"/>
      <xsl:apply-templates select="*[not(self::attribution)]"/>
    </blockquote>
  </xsl:template>

  <!-- attribution admits only a limited set of inlines: no emphasis, code
       or footnote, and its phrase is limited too. Its content is written
       in the "attribution" mode below. -->
  <xsl:template match="attribution">
    <attribution>
      <xsl:call-template name="common"/>
      <xsl:apply-templates mode="attribution"/>
    </attribution>
  </xsl:template>

  <!-- Emphasis in an attribution is nearly always the title of the work
       quoted: citetitle (rendered in italics, and free in content). -->
  <xsl:template match="em" mode="attribution">
    <citetitle>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </citetitle>
  </xsl:template>

  <xsl:template match="strong | code | span" mode="attribution">
    <phrase>
      <xsl:call-template name="common"/>
      <xsl:if test="not(self::span)">
        <xsl:attribute name="role"><xsl:value-of select="local-name()"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates mode="attribution"/>
    </phrase>
  </xsl:template>

  <xsl:template match="sub" mode="attribution">
    <subscript>
      <xsl:call-template name="common"/>
      <xsl:apply-templates mode="attribution"/>
    </subscript>
  </xsl:template>

  <xsl:template match="sup" mode="attribution">
    <superscript>
      <xsl:call-template name="common"/>
      <xsl:apply-templates mode="attribution"/>
    </superscript>
  </xsl:template>

  <!-- A footnote cannot hang from an attribution: keep it in place, in
       parentheses. -->
  <xsl:template match="note" mode="attribution">
    <phrase role="note">
      <xsl:call-template name="common"/>
      <xsl:text> (</xsl:text>
      <xsl:apply-templates mode="attribution"/>
      <xsl:text>)</xsl:text>
    </phrase>
  </xsl:template>

  <xsl:template match="ref" mode="attribution">
    <xref linkend="{@target}"><xsl:call-template name="common"/></xref>
  </xsl:template>

  <!-- link takes any inline content. -->
  <xsl:template match="a | br" mode="attribution">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="figure[caption]">
    <figure>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="caption"/>
      <xsl:apply-templates select="image"/>
    </figure>
  </xsl:template>

  <xsl:template match="figure">
    <informalfigure>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="image"/>
    </informalfigure>
  </xsl:template>

  <xsl:template match="caption">
    <title>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </title>
  </xsl:template>

  <!-- width: an absolute length (mm, in, px) is the image's own width,
       DocBook's contentwidth. A percentage in the article format is of the
       text width (as in CSS), while DocBook reads a percentage contentwidth
       as a scale of the image's intrinsic size; so a percentage becomes
       the viewport width with scalefit, which means the same thing. -->
  <xsl:template match="image">
    <mediaobject>
      <xsl:call-template name="common"/>
      <imageobject>
        <imagedata fileref="{@src}">
          <xsl:choose>
            <xsl:when test="contains(@width, '%')">
              <xsl:attribute name="width"><xsl:value-of select="@width"/></xsl:attribute>
              <xsl:attribute name="scalefit">1</xsl:attribute>
            </xsl:when>
            <xsl:when test="@width">
              <xsl:attribute name="contentwidth"><xsl:value-of select="@width"/></xsl:attribute>
            </xsl:when>
          </xsl:choose>
          <xsl:if test="function-available('cv:media-type')">
            <xsl:variable name="type" select="cv:media-type(@src)"/>
            <xsl:choose>
              <xsl:when test="$type = 'image/png'"><xsl:attribute name="format">PNG</xsl:attribute></xsl:when>
              <xsl:when test="$type = 'image/jpeg'"><xsl:attribute name="format">JPEG</xsl:attribute></xsl:when>
              <xsl:when test="$type = 'image/svg+xml'"><xsl:attribute name="format">SVG</xsl:attribute></xsl:when>
            </xsl:choose>
          </xsl:if>
        </imagedata>
      </imageobject>
      <!-- An empty alt marks a decorative image: it has no text object. -->
      <xsl:if test="normalize-space(@alt) != ''">
        <textobject><phrase><xsl:value-of select="@alt"/></phrase></textobject>
      </xsl:if>
    </mediaobject>
  </xsl:template>

  <!-- Tables use DocBook 5's HTML table model: it has colspan and rowspan
       as the article format does, with no column arithmetic. Leading
       header rows form the thead; a header row further down stays in the
       body with th cells. -->
  <xsl:template match="table[caption]">
    <table>
      <xsl:call-template name="common"/>
      <xsl:apply-templates select="caption" mode="table"/>
      <xsl:call-template name="table-rows"/>
    </table>
  </xsl:template>

  <xsl:template match="table">
    <informaltable>
      <xsl:call-template name="common"/>
      <xsl:call-template name="table-rows"/>
    </informaltable>
  </xsl:template>

  <xsl:template match="caption" mode="table">
    <caption>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </caption>
  </xsl:template>

  <xsl:template name="table-rows">
    <xsl:variable name="leading" select="row[@role = 'header'][not(preceding-sibling::row[not(@role = 'header')])]"/>
    <!-- A cell cannot span from thead into tbody: if one would, the
         header rows stay in the body (as th cells). -->
    <xsl:variable name="head" select="$leading[not($leading/cell[@rowspan &gt; count($leading) - count(../preceding-sibling::row)])]"/>
    <xsl:if test="$head">
      <thead><xsl:apply-templates select="$head"/></thead>
    </xsl:if>
    <tbody>
      <xsl:apply-templates select="row[count(. | $head) != count($head)]"/>
    </tbody>
  </xsl:template>

  <xsl:template match="row">
    <tr>
      <xsl:call-template name="common"/>
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
      <xsl:call-template name="common"/>
      <xsl:if test="@colspan &gt; 1">
        <xsl:attribute name="colspan"><xsl:value-of select="@colspan"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@rowspan &gt; 1">
        <xsl:attribute name="rowspan"><xsl:value-of select="@rowspan"/></xsl:attribute>
      </xsl:if>
      <!-- HTML's align knows only left and right: resolve start and end
           against the cell's direction. -->
      <xsl:if test="@align">
        <xsl:variable name="dir"><xsl:call-template name="direction"/></xsl:variable>
        <xsl:attribute name="align">
          <xsl:choose>
            <xsl:when test="@align = 'center'">center</xsl:when>
            <xsl:when test="(@align = 'start') = ($dir = 'ltr')">left</xsl:when>
            <xsl:otherwise>right</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="pre">
    <programlisting>
      <xsl:call-template name="common"/>
      <xsl:value-of select="."/>
    </programlisting>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================
       Inline
       ============================================================ -->

  <xsl:template match="em">
    <emphasis>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </emphasis>
  </xsl:template>

  <xsl:template match="strong">
    <emphasis role="strong">
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </emphasis>
  </xsl:template>

  <xsl:template match="code">
    <code>
      <xsl:call-template name="common"/>
      <xsl:value-of select="."/>
    </code>
  </xsl:template>

  <xsl:template match="sub">
    <subscript>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </subscript>
  </xsl:template>

  <xsl:template match="sup">
    <superscript>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </superscript>
  </xsl:template>

  <xsl:template match="a">
    <link>
      <xsl:call-template name="common"/>
      <xsl:choose>
        <xsl:when test="starts-with(@href, '#')">
          <xsl:attribute name="linkend"><xsl:value-of select="substring(@href, 2)"/></xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="xlink:href"><xsl:value-of select="@href"/></xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates/>
    </link>
  </xsl:template>

  <!-- A reference to a footnote repeats its mark (footnoteref); any other
       target is an xref, which DocBook renders as its number or title. -->
  <xsl:template match="ref">
    <xsl:choose>
      <xsl:when test="key('note', @target)">
        <footnoteref linkend="{@target}"><xsl:call-template name="common"/></footnoteref>
      </xsl:when>
      <xsl:otherwise>
        <xref linkend="{@target}"><xsl:call-template name="common"/></xref>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="note">
    <footnote>
      <xsl:call-template name="common"/>
      <para><xsl:apply-templates/></para>
    </footnote>
  </xsl:template>

  <!-- DocBook forbids a footnote inside a footnote: a nested note is kept
       in place, in parentheses. -->
  <xsl:template match="note//note">
    <phrase role="note">
      <xsl:call-template name="common"/>
      <xsl:text> (</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>)</xsl:text>
    </phrase>
  </xsl:template>

  <xsl:template match="span">
    <phrase>
      <xsl:call-template name="common"/>
      <xsl:apply-templates/>
    </phrase>
  </xsl:template>

  <!-- DocBook 5.0 has no line-break element: inline content cannot hold
       literallayout, and splitting the paragraph would change its
       structure. A processing instruction is valid anywhere, keeps the
       break where the author put it, and is what DocBook toolchains
       conventionally read as a forced break (e.g. a customisation layer
       matching processing-instruction('linebreak')). -->
  <xsl:template match="br">
    <xsl:processing-instruction name="linebreak"/>
  </xsl:template>

</xsl:stylesheet>
