<?xml version="1.0" encoding="UTF-8"?>
<!--
  pdf.xsl: turns an article (format 1.0) into the PDF plugin's layout
  vocabulary (docs/pdf-layout.md). Everything that is a matter of style
  (fonts, sizes, spacing, numbering, words such as "Figure") is decided
  here, so restyling the PDF is editing this file or passing -param, not
  recompiling. The plugin only lays out, paginates and draws.

  Lengths are in millimetres for the page and in points for type, as the
  vocabulary says.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:cv="urn:x-convert:xslt"
    xmlns:lx="http://xmlsoft.org/XSLT/namespace"
    xmlns:map="urn:x-convert:pdf-map"
    exclude-result-prefixes="cv lx map">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Ref targets through a key, and the numbers of notes and captioned
       figures and tables from a map built in one pass each: a
       //*[@id = ...] search per ref and a count(preceding::note) per note
       are quadratic (4,000 notes with references took 46 s in this
       stylesheet alone). -->
  <xsl:key name="id" match="*[@id]" use="@id"/>
  <xsl:key name="num" match="map:m" use="@k"/>
  <xsl:variable name="map-tree">
    <xsl:for-each select="//note[not(ancestor::note)]"><map:m k="{generate-id()}" n="{position()}"/></xsl:for-each>
    <xsl:for-each select="//figure[caption]"><map:m k="{generate-id()}" n="{position()}"/></xsl:for-each>
    <xsl:for-each select="//table[caption]"><map:m k="{generate-id()}" n="{position()}"/></xsl:for-each>
  </xsl:variable>
  <xsl:variable name="map" select="lx:node-set($map-tree)"/>

  <!-- The number of a top-level note, or of a captioned figure or table. -->
  <xsl:template name="number">
    <xsl:param name="of" select="."/>
    <xsl:variable name="k" select="generate-id($of)"/>
    <xsl:call-template name="digits">
      <xsl:with-param name="n">
        <xsl:for-each select="$map"><xsl:value-of select="key('num', $k)/@n"/></xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- White space between blocks is not text. This says so where
       xsl:strip-space would, because libxslt strips the input tree itself,
       and the tree is the article every format of the run reads: with
       strip-space, converting to pdf and epub in one run made a different
       EPUB from converting to epub alone. An item holds blocks or inline
       text: between inline elements a space is text. -->
  <!-- One pattern with the parents in its predicate, not a union of
       eleven PARENT/text() patterns: libxslt tried the union on every text
       node of the article at 0.7 s of the bench book's 1.8 (same bytes). -->
  <xsl:template match="text()[not(normalize-space())][parent::article or parent::meta or parent::body or parent::section or parent::list or parent::quote or parent::figure or parent::table or parent::row or parent::abstract or parent::item[p or list or quote or figure or table or pre]]"/>

  <!-- The plugin's declared parameters (same names, same defaults). -->
  <xsl:param name="page-size" select="'A4'"/>
  <xsl:param name="margin" select="'22'"/>
  <xsl:param name="font-size" select="'11'"/>
  <xsl:param name="font-serif" select="'Noto Serif'"/>
  <xsl:param name="font-sans" select="'Noto Sans'"/>
  <xsl:param name="font-mono" select="'Noto Sans Mono'"/>
  <xsl:param name="font-arabic" select="'Amiri'"/>
  <xsl:param name="font-persian" select="'Noto Naskh Arabic'"/>
  <xsl:param name="font-urdu" select="'Noto Nastaliq Urdu'"/>
  <xsl:param name="font-hebrew" select="'Noto Serif Hebrew'"/>
  <xsl:param name="number-headings" select="'yes'"/>
  <xsl:param name="digits" select="'auto'"/>
  <xsl:param name="toc" select="'no'"/>
  <xsl:param name="creator" select="'convert'"/>

  <!-- The Latin faces as family lists (Pango takes the first that has a
       character's glyph) that fall back on the Arabic and Hebrew faces:
       Arabic or Hebrew in an English paragraph or in code is set in Amiri
       or Noto Serif Hebrew, not in whatever face fontconfig finds first
       (DejaVu Sans). -->
  <xsl:variable name="rtl-fallback" select="concat(', ', $font-arabic, ', ', $font-hebrew)"/>
  <xsl:variable name="serif-list" select="concat($font-serif, $rtl-fallback)"/>
  <xsl:variable name="sans-list" select="concat($font-sans, $rtl-fallback)"/>
  <xsl:variable name="mono-list" select="concat($font-mono, $rtl-fallback)"/>

  <!-- ================================================================ -->
  <!-- Language and direction                                            -->
  <!-- ================================================================ -->

  <xsl:variable name="article-lang">
    <xsl:call-template name="lang-of">
      <xsl:with-param name="node" select="/article"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="article-dir">
    <xsl:call-template name="dir-of">
      <xsl:with-param name="node" select="/article"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="arabic" select="starts-with($article-lang, 'ar') or starts-with($article-lang, 'fa') or starts-with($article-lang, 'ur')"/>
  <xsl:variable name="article-script">
    <xsl:call-template name="script-of"><xsl:with-param name="lang" select="$article-lang"/></xsl:call-template>
  </xsl:variable>
  <!-- The digits of the numbers the PDF makes (sections, lists, captions,
       notes, the date): the language's own with digits=auto, Arabic-Indic
       (U+0660-0669) for Arabic, Extended Arabic-Indic (U+06F0-06F9) for
       Persian, Urdu, Pashto, Sindhi and Kashmiri, Latin for Hebrew and
       everything else; digits=latin, arabic-indic or persian overrides. -->
  <xsl:variable name="digit-set">
    <xsl:choose>
      <xsl:when test="$digits = 'arabic-indic'">٠١٢٣٤٥٦٧٨٩</xsl:when>
      <xsl:when test="$digits = 'persian'">۰۱۲۳۴۵۶۷۸۹</xsl:when>
      <xsl:when test="$digits != 'auto'">0123456789</xsl:when>
      <xsl:when test="$article-script = 'persian' or $article-script = 'urdu' or $article-script = 'extended'">۰۱۲۳۴۵۶۷۸۹</xsl:when>
      <xsl:when test="$article-script = 'arabic'">٠١٢٣٤٥٦٧٨٩</xsl:when>
      <xsl:otherwise>0123456789</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="indic" select="$digit-set != '0123456789'"/>

  <!-- The core's cv:lang()/cv:dir() when present (the real run); a plain
       XPath approximation otherwise, so the stylesheet can be tried with
       xsltproc alone. -->
  <xsl:template name="lang-of">
    <xsl:param name="node" select="."/>
    <xsl:choose>
      <xsl:when test="function-available('cv:lang')">
        <xsl:value-of select="cv:lang($node)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$node/ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="dir-of">
    <xsl:param name="node" select="."/>
    <xsl:choose>
      <xsl:when test="function-available('cv:dir')">
        <xsl:value-of select="cv:dir($node)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="d" select="$node/ancestor-or-self::*[@dir and @dir != 'auto'][1]/@dir"/>
        <xsl:variable name="l" select="$node/ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
        <xsl:choose>
          <xsl:when test="$d"><xsl:value-of select="$d"/></xsl:when>
          <xsl:when test="starts-with($l, 'ar') or starts-with($l, 'he') or starts-with($l, 'fa') or starts-with($l, 'ur')">rtl</xsl:when>
          <xsl:otherwise>ltr</xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Which of the right-to-left faces a language is set in: persian,
       urdu, hebrew, arabic (Arabic and any other language in Arabic
       script), extended (Arabic script whose digits are the Extended
       Arabic-Indic ones: Pashto, Sindhi, Kashmiri), or latin for the rest.
       A language is its tag's first subtag; a script subtag (-Arab,
       -Hebr) puts another language in that script's face. -->
  <xsl:template name="script-of">
    <xsl:param name="lang"/>
    <xsl:variable name="l" select="translate($lang, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
    <xsl:variable name="primary">
      <xsl:choose>
        <xsl:when test="contains($l, '-')"><xsl:value-of select="substring-before($l, '-')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$l"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$primary = 'fa' or $primary = 'prs'">persian</xsl:when>
      <xsl:when test="$primary = 'ur'">urdu</xsl:when>
      <xsl:when test="$primary = 'he' or $primary = 'yi' or contains($l, '-hebr')">hebrew</xsl:when>
      <xsl:when test="$primary = 'ps' or $primary = 'sd' or $primary = 'ks'">extended</xsl:when>
      <xsl:when test="$primary = 'ar' or contains($l, '-arab')">arabic</xsl:when>
      <xsl:otherwise>latin</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The body font for a language: Amiri for Arabic and Arabic script,
       a Naskh made for Persian (font-persian), Nastaliq for Urdu
       (font-urdu), Noto Serif Hebrew for Hebrew (headings too), each
       followed by the Latin serif for the Latin letters and punctuation
       the face lacks (Noto Naskh Arabic, Noto Nastaliq Urdu and Noto Serif
       Hebrew have no Latin letters; Noto Serif Hebrew has no digits). -->
  <xsl:template name="font-for">
    <xsl:param name="lang"/>
    <xsl:variable name="script">
      <xsl:call-template name="script-of"><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$script = 'persian'"><xsl:value-of select="concat($font-persian, ', ', $font-serif)"/></xsl:when>
      <xsl:when test="$script = 'urdu'"><xsl:value-of select="concat($font-urdu, ', ', $font-serif)"/></xsl:when>
      <xsl:when test="$script = 'hebrew'"><xsl:value-of select="concat($font-hebrew, ', ', $font-serif)"/></xsl:when>
      <xsl:when test="$script = 'arabic' or $script = 'extended'"><xsl:value-of select="$font-arabic"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$serif-list"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Baseline to baseline, in em, for a language: Arabic script needs
       room for its marks (1.75); Nastaliq's words climb and descend
       diagonally, and Noto Nastaliq Urdu's own line is 2.5 em (ascent
       1.904, descent 0.596), so Urdu gets 2.5; others 1.4. -->
  <xsl:template name="line-height-for">
    <xsl:param name="lang"/>
    <xsl:variable name="script">
      <xsl:call-template name="script-of"><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$script = 'urdu'">2.5</xsl:when>
      <xsl:when test="$script = 'persian' or $script = 'arabic' or $script = 'extended'">1.75</xsl:when>
      <xsl:otherwise>1.4</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Direction, language and font of the block at the context node. -->
  <xsl:template name="block-lang">
    <xsl:variable name="lang">
      <xsl:call-template name="lang-of"/>
    </xsl:variable>
    <xsl:attribute name="lang"><xsl:value-of select="$lang"/></xsl:attribute>
    <xsl:attribute name="dir"><xsl:call-template name="dir-of"/></xsl:attribute>
    <!-- Most blocks are in the article's language, whose face and line
         height are worked out once (article-font, article-line-height):
         per block, the template calls and their result trees cost the
         bench book a few per cent of its time. -->
    <xsl:choose>
      <xsl:when test="$lang = $article-lang">
        <xsl:attribute name="font-family"><xsl:value-of select="$article-font"/></xsl:attribute>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="font-family">
          <xsl:call-template name="font-for">
            <xsl:with-param name="lang" select="$lang"/>
          </xsl:call-template>
        </xsl:attribute>
        <!-- A block in a language that needs other line spacing than the
             article's (Urdu in a Persian article) gets its own. -->
        <xsl:variable name="lh">
          <xsl:call-template name="line-height-for"><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
        </xsl:variable>
        <xsl:if test="$lh != $article-line-height">
          <xsl:attribute name="line-height"><xsl:value-of select="$lh"/></xsl:attribute>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:variable name="article-line-height">
    <xsl:call-template name="line-height-for"><xsl:with-param name="lang" select="$article-lang"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="article-font">
    <xsl:call-template name="font-for"><xsl:with-param name="lang" select="$article-lang"/></xsl:call-template>
  </xsl:variable>

  <!-- Digits in the article's numbering style. Between Arabic-Indic
       digits the full stop of "2.1" is the Arabic decimal separator (U+066B,
       as "." is the Latin one): a full stop on the baseline is the size of
       the Arabic zero, and heading "١.١" read as "١٠١". -->
  <xsl:template name="digits">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$indic">
        <xsl:value-of select="translate($n, '0123456789.', concat($digit-set, '٫'))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Words the PDF prints itself, in the article's language. -->
  <xsl:variable name="w-figure"><xsl:choose><xsl:when test="$arabic">الشكل</xsl:when><xsl:otherwise>Figure</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-table"><xsl:choose><xsl:when test="$arabic">الجدول</xsl:when><xsl:otherwise>Table</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-section"><xsl:choose><xsl:when test="$arabic">القسم</xsl:when><xsl:otherwise>Section</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-listing"><xsl:choose><xsl:when test="$arabic">المقتطف</xsl:when><xsl:otherwise>Listing</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-list"><xsl:choose><xsl:when test="$arabic">القائمة</xsl:when><xsl:otherwise>the list</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-quote"><xsl:choose><xsl:when test="$arabic">الاقتباس</xsl:when><xsl:otherwise>the quotation</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-note"><xsl:choose><xsl:when test="$arabic">الحاشية</xsl:when><xsl:otherwise>note</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-page"><xsl:choose><xsl:when test="$arabic">ص.</xsl:when><xsl:otherwise>p.</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-contents"><xsl:choose><xsl:when test="$arabic">المحتويات</xsl:when><xsl:otherwise>Contents</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-abstract"><xsl:choose><xsl:when test="$arabic">ملخص</xsl:when><xsl:otherwise>Abstract</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-and"><xsl:choose><xsl:when test="$arabic">، </xsl:when><xsl:otherwise>, </xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-editor"><xsl:choose><xsl:when test="$arabic"> (محرر)</xsl:when><xsl:otherwise> (editor)</xsl:otherwise></xsl:choose></xsl:variable>
  <xsl:variable name="w-translator"><xsl:choose><xsl:when test="$arabic"> (مترجم)</xsl:when><xsl:otherwise> (translator)</xsl:otherwise></xsl:choose></xsl:variable>

  <!-- ================================================================ -->
  <!-- Page set-up                                                       -->
  <!-- ================================================================ -->

  <xsl:variable name="ps" select="translate($page-size, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
  <xsl:variable name="page-width">
    <xsl:choose>
      <xsl:when test="$ps = 'A4'">210</xsl:when>
      <xsl:when test="$ps = 'A5'">148</xsl:when>
      <xsl:when test="$ps = 'A3'">297</xsl:when>
      <xsl:when test="$ps = 'LETTER'">215.9</xsl:when>
      <xsl:when test="$ps = 'LEGAL'">215.9</xsl:when>
      <xsl:when test="contains($ps, 'X')"><xsl:value-of select="number(substring-before($ps, 'X'))"/></xsl:when>
      <xsl:otherwise>NaN</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="page-height">
    <xsl:choose>
      <xsl:when test="$ps = 'A4'">297</xsl:when>
      <xsl:when test="$ps = 'A5'">210</xsl:when>
      <xsl:when test="$ps = 'A3'">420</xsl:when>
      <xsl:when test="$ps = 'LETTER'">279.4</xsl:when>
      <xsl:when test="$ps = 'LEGAL'">355.6</xsl:when>
      <xsl:when test="contains($ps, 'X')"><xsl:value-of select="number(translate(substring-after($ps, 'X'), 'M', ''))"/></xsl:when>
      <xsl:otherwise>NaN</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="fs" select="number($font-size)"/>

  <xsl:template match="/">
    <xsl:apply-templates select="article"/>
  </xsl:template>

  <xsl:template match="article">
    <layout page-size="{$page-size}" page-width="{$page-width}" page-height="{$page-height}"
            margin-top="{$margin}" margin-bottom="{$margin}"
            margin-start="{$margin}" margin-end="{$margin}"
            lang="{$article-lang}" dir="{$article-dir}">
      <!-- The digits of the page numbers the plugin makes: the same set. -->
      <xsl:attribute name="digits">
        <xsl:choose>
          <xsl:when test="$digit-set = '۰۱۲۳۴۵۶۷۸۹'">persian</xsl:when>
          <xsl:when test="$indic">arabic-indic</xsl:when>
          <xsl:otherwise>latin</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:attribute name="font-family">
        <xsl:call-template name="font-for">
          <xsl:with-param name="lang" select="$article-lang"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="font-size"><xsl:value-of select="$fs"/></xsl:attribute>
      <xsl:attribute name="line-height"><xsl:value-of select="$article-line-height"/></xsl:attribute>
      <xsl:call-template name="info"/>
      <header font-size="{$fs * 0.8}" color="#555555" rule="0.4">
        <xsl:apply-templates select="meta/title/node()" mode="plain"/>
      </header>
      <footer font-size="{$fs * 0.85}" color="#333333" align="center"/>
      <xsl:apply-templates select="meta"/>
      <xsl:if test="$toc = 'yes'">
        <xsl:call-template name="toc"/>
      </xsl:if>
      <xsl:apply-templates select="body"/>
    </layout>
  </xsl:template>

  <!-- The PDF Info dictionary. -->
  <xsl:template name="info">
    <info creator="{$creator}">
      <xsl:attribute name="title"><xsl:apply-templates select="meta/title/node()" mode="plain"/></xsl:attribute>
      <xsl:attribute name="author">
        <xsl:for-each select="meta/author">
          <xsl:if test="position() &gt; 1"><xsl:value-of select="$w-and"/></xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:attribute>
      <xsl:attribute name="subject">
        <xsl:choose>
          <xsl:when test="meta/subtitle"><xsl:apply-templates select="meta/subtitle/node()" mode="plain"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space(meta/abstract/p[1])"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:attribute name="keywords">
        <xsl:for-each select="meta/keyword">
          <xsl:if test="position() &gt; 1"><xsl:value-of select="$w-and"/></xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:attribute>
      <xsl:if test="meta/date">
        <xsl:attribute name="date"><xsl:value-of select="normalize-space(meta/date)"/></xsl:attribute>
      </xsl:if>
    </info>
  </xsl:template>

  <xsl:template match="*" mode="plain">
    <xsl:apply-templates mode="plain"/>
  </xsl:template>
  <xsl:template match="note" mode="plain"/>
  <xsl:template match="text()" mode="plain">
    <xsl:value-of select="translate(., '&#10;&#9;', '  ')"/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Title block                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="meta">
    <xsl:apply-templates select="title"/>
    <xsl:apply-templates select="subtitle"/>
    <xsl:if test="author">
      <block tag="P" align="center" font-size="{$fs * 1.1}" space-before="6" space-after="2">
        <xsl:for-each select="author[1]"><xsl:call-template name="block-lang"/></xsl:for-each>
        <xsl:attribute name="dir"><xsl:value-of select="$article-dir"/></xsl:attribute>
        <xsl:for-each select="author">
          <xsl:if test="position() &gt; 1"><xsl:value-of select="$w-and"/></xsl:if>
          <span>
            <xsl:call-template name="inline-lang"/>
            <xsl:apply-templates/>
          </span>
          <xsl:choose>
            <xsl:when test="@role = 'editor'"><xsl:value-of select="$w-editor"/></xsl:when>
            <xsl:when test="@role = 'translator'"><xsl:value-of select="$w-translator"/></xsl:when>
            <xsl:when test="@role"> (<xsl:value-of select="@role"/>)</xsl:when>
          </xsl:choose>
        </xsl:for-each>
      </block>
    </xsl:if>
    <xsl:if test="date or publisher">
      <block tag="P" align="center" font-size="{$fs * 0.95}" color="#444444" space-after="4">
        <xsl:call-template name="block-lang"/>
        <xsl:apply-templates select="publisher/node()"/>
        <xsl:if test="date and publisher"><xsl:value-of select="$w-and"/></xsl:if>
        <xsl:apply-templates select="date"/>
      </block>
    </xsl:if>
    <xsl:apply-templates select="abstract"/>
    <rule space-before="4" space-after="10" width="0.5" length="30%"/>
  </xsl:template>

  <xsl:template match="meta/title">
    <block tag="P" align="center" font-weight="bold" font-size="{$fs * 2}"
           line-height="1.2" space-after="6" keep-with-next="yes">
      <xsl:call-template name="block-lang"/>
      <xsl:apply-templates/>
    </block>
  </xsl:template>

  <xsl:template match="meta/subtitle">
    <block tag="P" align="center" font-size="{$fs * 1.3}" font-style="italic"
           line-height="1.2" space-after="6" keep-with-next="yes">
      <xsl:call-template name="block-lang"/>
      <xsl:apply-templates/>
    </block>
  </xsl:template>

  <!-- The date as written (ISO), in the article's digits. -->
  <xsl:template match="meta/date">
    <xsl:variable name="d" select="normalize-space(.)"/>
    <xsl:choose>
      <!-- Arabic-Indic digits do not join across hyphens (UAX #9 joins
           them only across common separators such as "/"), so an Arabic
           date is written day/month/year, as is usual there. -->
      <!-- Persian writes a date year first (۲۰۲۲/۰۹/۲۲). -->
      <xsl:when test="$indic and $article-script = 'persian'">
        <xsl:call-template name="digits">
          <xsl:with-param name="n" select="translate($d, '-', '/')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$indic">
        <xsl:call-template name="digits">
          <xsl:with-param name="n" select="concat(substring($d, 9, 2), '/', substring($d, 6, 2), '/', substring($d, 1, 4))"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="abstract">
    <group tag="Sect">
      <block tag="P" font-weight="bold" font-size="{$fs * 0.95}" space-before="8" space-after="2" keep-with-next="yes" align="start">
        <xsl:call-template name="block-lang"/>
        <xsl:value-of select="$w-abstract"/>
      </block>
      <xsl:for-each select="p">
        <block tag="P" align="justify" font-size="{$fs * 0.95}" space-after="3"
               indent-start="8" indent-end="8">
          <xsl:call-template name="block-lang"/>
          <xsl:call-template name="id"/>
          <xsl:apply-templates/>
        </block>
      </xsl:for-each>
    </group>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Table of contents (page numbers come from the real layout)        -->
  <!-- ================================================================ -->

  <xsl:template name="toc">
    <group tag="TOC">
      <block tag="H1" font-weight="bold" font-size="{$fs * 1.3}" space-before="10" space-after="6" keep-with-next="yes" align="start">
        <xsl:call-template name="block-lang"/>
        <xsl:value-of select="$w-contents"/>
      </block>
      <xsl:for-each select="/article/body//section">
        <xsl:variable name="depth" select="count(ancestor-or-self::section)"/>
        <xsl:variable name="sid">
          <xsl:call-template name="section-id"/>
        </xsl:variable>
        <block tag="TOCI" align="start" indent-start="{($depth - 1) * 6}" space-after="1" page-ref-end="{$sid}">
          <xsl:for-each select="title"><xsl:call-template name="block-lang"/></xsl:for-each>
          <link dest="{$sid}">
            <xsl:call-template name="section-number-prefix"/>
            <xsl:apply-templates select="title/node()"/>
          </link>
        </block>
      </xsl:for-each>
      <rule space-before="4" space-after="10" width="0.5" length="30%"/>
    </group>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Sections and headings                                             -->
  <!-- ================================================================ -->

  <xsl:template match="body">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="id">
    <xsl:if test="@id"><xsl:attribute name="id"><xsl:value-of select="@id"/></xsl:attribute></xsl:if>
  </xsl:template>

  <!-- Every section is a destination: its id, or a generated one. -->
  <xsl:template name="section-id">
    <xsl:choose>
      <xsl:when test="@id"><xsl:value-of select="@id"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('sect-', generate-id())"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="section-number">
    <!-- cv:index counts the same sections as xsl:number, in C: libxslt's
         xsl:number tries its count pattern on every preceding section,
         which on a book of 2,400 sections took a third of this
         stylesheet's time. -->
    <xsl:variable name="n">
      <xsl:choose>
        <xsl:when test="function-available('cv:index')">
          <xsl:for-each select="ancestor-or-self::section">
            <xsl:if test="position() > 1">.</xsl:if>
            <xsl:value-of select="cv:index()"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise><xsl:number level="multiple" count="section" format="1.1"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="digits"><xsl:with-param name="n" select="$n"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="section-number-prefix">
    <xsl:if test="$number-headings = 'yes'">
      <xsl:call-template name="section-number"/>
      <xsl:text>  </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="section">
    <xsl:variable name="depth" select="count(ancestor-or-self::section)"/>
    <!-- Numbered once: xsl:number counts the preceding sections, which
         on a 2,400-section article is most of the stylesheet's time. -->
    <xsl:variable name="prefix"><xsl:call-template name="section-number-prefix"/></xsl:variable>
    <group tag="Sect">
      <block tag="H{$depth}" outline="{$depth}" keep-with-next="yes" font-weight="bold" align="start"
             line-height="1.25">
        <xsl:attribute name="id"><xsl:call-template name="section-id"/></xsl:attribute>
        <xsl:attribute name="font-size">
          <xsl:choose>
            <xsl:when test="$depth = 1"><xsl:value-of select="$fs * 1.45"/></xsl:when>
            <xsl:when test="$depth = 2"><xsl:value-of select="$fs * 1.25"/></xsl:when>
            <xsl:when test="$depth = 3"><xsl:value-of select="$fs * 1.1"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$fs"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:attribute name="space-before"><xsl:value-of select="$fs * (1.6 - 0.2 * $depth)"/></xsl:attribute>
        <xsl:attribute name="space-after"><xsl:value-of select="$fs * 0.5"/></xsl:attribute>
        <xsl:attribute name="outline-title">
          <xsl:value-of select="$prefix"/>
          <xsl:apply-templates select="title/node()" mode="plain"/>
        </xsl:attribute>
        <xsl:for-each select="title"><xsl:call-template name="block-lang"/></xsl:for-each>
        <!-- Headings in the sans-serif face, except in Arabic script
             (Amiri's bold is the heading face there). -->
        <xsl:variable name="tlang"><xsl:for-each select="title"><xsl:call-template name="lang-of"/></xsl:for-each></xsl:variable>
        <xsl:variable name="tfont">
          <xsl:call-template name="font-for"><xsl:with-param name="lang" select="$tlang"/></xsl:call-template>
        </xsl:variable>
        <xsl:if test="$tfont = $serif-list">
          <xsl:attribute name="font-family"><xsl:value-of select="$sans-list"/></xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$prefix"/>
        <xsl:apply-templates select="title/node()"/>
      </block>
      <xsl:apply-templates select="*[not(self::title)]"/>
    </group>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Paragraphs and other blocks                                       -->
  <!-- ================================================================ -->

  <xsl:template match="p">
    <block tag="P" align="justify" space-after="{$fs * 0.5}">
      <xsl:call-template name="block-lang"/>
      <xsl:call-template name="id"/>
      <xsl:call-template name="item-marker"/>
      <xsl:apply-templates/>
    </block>
  </xsl:template>

  <xsl:template match="pre">
    <block tag="Code" preserve="yes" align="start" font-family="{$mono-list}"
           font-size="{$fs * 0.82}" line-height="1.35" space-before="2" space-after="{$fs * 0.7}"
           indent-start="4" indent-end="4" background="#f3f3f3" continuation="yes" dir="ltr">
      <xsl:attribute name="lang"><xsl:call-template name="lang-of"/></xsl:attribute>
      <xsl:if test="@dir = 'rtl'"><xsl:attribute name="dir">rtl</xsl:attribute></xsl:if>
      <xsl:call-template name="id"/>
      <xsl:apply-templates select="." mode="verbatim"/>
    </block>
  </xsl:template>

  <xsl:template match="quote">
    <group tag="BlockQuote" indent="10">
      <xsl:call-template name="id"/>
      <xsl:apply-templates select="*[not(self::attribution)]"/>
      <xsl:apply-templates select="attribution"/>
    </group>
  </xsl:template>

  <xsl:template match="quote/p">
    <block tag="P" align="justify" font-style="italic" space-after="{$fs * 0.3}">
      <xsl:call-template name="block-lang"/>
      <xsl:call-template name="id"/>
      <xsl:apply-templates/>
    </block>
  </xsl:template>

  <xsl:template match="attribution">
    <block tag="P" align="end" font-size="{$fs * 0.92}" space-after="{$fs * 0.7}">
      <xsl:call-template name="block-lang"/>
      <xsl:text>— </xsl:text>
      <xsl:apply-templates/>
    </block>
  </xsl:template>

  <!-- Lists: each item's first block carries the marker; the plugin hangs
       it in the indent on the start side. -->
  <!-- Items hang their markers in the list's indent: 1.6 em, or more for
       numbers too long for it (a list may start at any nine-digit
       number). A digit or a minus sign is taken as 0.6 em wide, the full
       stop 0.3 em, and 0.5 em parts the marker from the text. -->
  <xsl:template match="list">
    <xsl:variable name="marker-em">
      <xsl:if test="@type = 'number'">
        <xsl:variable name="start"><xsl:call-template name="list-start"/></xsl:variable>
        <xsl:variable name="first" select="string-length(format-number($start, '0'))"/>
        <xsl:variable name="last" select="string-length(format-number($start + count(item) - 1, '0'))"/>
        <xsl:value-of select="0.6 * ($first * ($first &gt;= $last) + $last * ($last &gt; $first)) + 0.8"/>
      </xsl:if>
    </xsl:variable>
    <group tag="L" indent="{$fs * 1.6}">
      <xsl:if test="$marker-em &gt; 1.6">
        <xsl:attribute name="indent"><xsl:value-of select="$fs * $marker-em"/></xsl:attribute>
      </xsl:if>
      <xsl:call-template name="id"/>
      <xsl:apply-templates select="item"/>
    </group>
  </xsl:template>

  <xsl:template match="item">
    <group tag="LI">
      <xsl:choose>
        <xsl:when test="p|list|quote|pre|figure|table">
          <xsl:apply-templates/>
        </xsl:when>
        <xsl:otherwise>
          <block tag="LBody" align="justify" space-after="{$fs * 0.25}">
            <xsl:call-template name="block-lang"/>
            <xsl:call-template name="item-marker"/>
            <xsl:apply-templates/>
          </block>
        </xsl:otherwise>
      </xsl:choose>
    </group>
  </xsl:template>

  <!-- The number of a numbered list's first item. -->
  <xsl:template name="list-start">
    <xsl:param name="list" select="."/>
    <xsl:choose>
      <xsl:when test="number($list/@start) = number($list/@start)"><xsl:value-of select="number($list/@start)"/></xsl:when>
      <xsl:otherwise>1</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="marker-text">
    <xsl:param name="item"/>
    <xsl:variable name="list" select="$item/parent::list"/>
    <xsl:choose>
      <xsl:when test="$list/@type = 'number'">
        <xsl:variable name="start">
          <xsl:call-template name="list-start"><xsl:with-param name="list" select="$list"/></xsl:call-template>
        </xsl:variable>
        <!-- format-number: XPath's string() writes 2147483647 and above
             as "2.147483647e+09". -->
        <xsl:call-template name="digits">
          <!-- cv:index counts in C from its last answer (items come in
               order): a count of preceding items per item is quadratic. -->
          <xsl:with-param name="n">
            <xsl:choose>
              <xsl:when test="function-available('cv:index')"><xsl:value-of select="format-number($start + cv:index($item) - 1, '0')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="format-number($start + count($item/preceding-sibling::item), '0')"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:when test="count($item/ancestor::list) mod 2 = 0">–</xsl:when>
      <xsl:otherwise>•</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The marker attribute on an item's first block. -->
  <xsl:template name="item-marker">
    <xsl:if test="parent::item and not(preceding-sibling::*)">
      <xsl:attribute name="marker">
        <xsl:call-template name="marker-text">
          <xsl:with-param name="item" select=".."/>
        </xsl:call-template>
      </xsl:attribute>
    </xsl:if>
    <xsl:if test="self::item">
      <xsl:attribute name="marker">
        <xsl:call-template name="marker-text">
          <xsl:with-param name="item" select="."/>
        </xsl:call-template>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Figures and tables                                                -->
  <!-- ================================================================ -->

  <xsl:template name="figure-number">
    <xsl:param name="f" select="."/>
    <xsl:call-template name="number"><xsl:with-param name="of" select="$f"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="table-number">
    <xsl:param name="t" select="."/>
    <xsl:call-template name="number"><xsl:with-param name="of" select="$t"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="figure">
    <figure space-before="{$fs * 0.5}" space-after="{$fs * 0.8}">
      <xsl:call-template name="id"/>
      <xsl:for-each select="image">
        <image src="{@src}" alt="{@alt}">
          <xsl:if test="@width"><xsl:attribute name="width"><xsl:value-of select="@width"/></xsl:attribute></xsl:if>
        </image>
      </xsl:for-each>
      <xsl:for-each select="caption">
        <block tag="Caption" align="center" font-size="{$fs * 0.9}" space-before="4">
          <xsl:call-template name="block-lang"/>
          <span font-weight="bold">
            <xsl:value-of select="$w-figure"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="figure-number"><xsl:with-param name="f" select=".."/></xsl:call-template>
            <xsl:text>: </xsl:text>
          </span>
          <xsl:apply-templates/>
        </block>
      </xsl:for-each>
    </figure>
  </xsl:template>

  <xsl:template match="table">
    <table space-before="{$fs * 0.5}" space-after="{$fs * 0.8}" rule="0.5" header-background="#e8e8e8">
      <xsl:call-template name="id"/>
      <xsl:attribute name="dir"><xsl:call-template name="dir-of"/></xsl:attribute>
      <xsl:for-each select="caption">
        <block tag="Caption" align="center" font-size="{$fs * 0.9}" space-after="4" keep-with-next="yes">
          <xsl:call-template name="block-lang"/>
          <span font-weight="bold">
            <xsl:value-of select="$w-table"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="table-number"><xsl:with-param name="t" select=".."/></xsl:call-template>
            <xsl:text>: </xsl:text>
          </span>
          <xsl:apply-templates/>
        </block>
      </xsl:for-each>
      <xsl:apply-templates select="row"/>
    </table>
  </xsl:template>

  <xsl:template match="row">
    <row>
      <xsl:if test="@role = 'header'"><xsl:attribute name="header">yes</xsl:attribute></xsl:if>
      <xsl:apply-templates select="cell"/>
    </row>
  </xsl:template>

  <xsl:template match="cell">
    <cell font-size="{$fs * 0.92}">
      <xsl:call-template name="block-lang"/>
      <xsl:if test="@colspan"><xsl:attribute name="colspan"><xsl:value-of select="@colspan"/></xsl:attribute></xsl:if>
      <xsl:if test="@rowspan"><xsl:attribute name="rowspan"><xsl:value-of select="@rowspan"/></xsl:attribute></xsl:if>
      <xsl:attribute name="align">
        <xsl:choose>
          <xsl:when test="@align"><xsl:value-of select="@align"/></xsl:when>
          <xsl:otherwise>start</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="../@role = 'header'"><xsl:attribute name="font-weight">bold</xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </cell>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Inline                                                            -->
  <!-- ================================================================ -->

  <!-- Whitespace collapses as in HTML; the plugin collapses runs of white
       space itself (outside preserve="yes" blocks and code spans). -->

  <xsl:template name="inline-lang">
    <xsl:if test="@xml:lang or @dir">
      <xsl:variable name="lang"><xsl:call-template name="lang-of"/></xsl:variable>
      <xsl:attribute name="lang"><xsl:value-of select="$lang"/></xsl:attribute>
      <xsl:attribute name="dir"><xsl:call-template name="dir-of"/></xsl:attribute>
      <xsl:attribute name="font-family">
        <xsl:call-template name="font-for"><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template match="em">
    <span font-style="italic"><xsl:call-template name="inline-lang"/><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="strong">
    <span font-weight="bold"><xsl:call-template name="inline-lang"/><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="code">
    <span tag="Code" font-family="{$mono-list}" font-scale="0.88" preserve="yes" dir="ltr"><xsl:apply-templates select="." mode="verbatim"/></span>
  </xsl:template>

  <!-- A listing's or inline code's text, as one string (pdf-pagemap.xsl
       marks each of its text nodes instead). -->
  <xsl:template match="*" mode="verbatim">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="sub">
    <span rise="sub"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="sup">
    <span rise="super"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="span">
    <span><xsl:call-template name="inline-lang"/><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="br">
    <br/>
  </xsl:template>

  <xsl:template match="a[starts-with(@href, '#')]">
    <link dest="{substring(@href, 2)}" color="#1a4f9c"><xsl:apply-templates/></link>
  </xsl:template>
  <xsl:template match="a">
    <link href="{@href}" color="#1a4f9c"><xsl:apply-templates/></link>
  </xsl:template>

  <!-- A cross-reference prints the target's number (or title) and links
       to it; targets without a number print a word and the page. -->
  <xsl:template match="ref">
    <xsl:variable name="t" select="key('id', @target)[1]"/>
    <link tag="Reference" dest="{@target}" color="#1a4f9c">
      <xsl:choose>
        <xsl:when test="$t/self::section and $number-headings = 'yes'">
          <xsl:value-of select="$w-section"/>
          <xsl:text> </xsl:text>
          <xsl:for-each select="$t"><xsl:call-template name="section-number"/></xsl:for-each>
        </xsl:when>
        <xsl:when test="$t/self::section">
          <!-- Spaced as one line: a title's own reference (not shown)
               leaves the space before it. -->
          <xsl:variable name="title"><xsl:apply-templates select="$t/title/node()" mode="plain"/></xsl:variable>
          <xsl:text>“</xsl:text>
          <xsl:value-of select="normalize-space($title)"/>
          <xsl:text>”</xsl:text>
        </xsl:when>
        <xsl:when test="$t/self::figure and $t/caption">
          <xsl:value-of select="$w-figure"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="figure-number"><xsl:with-param name="f" select="$t"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="$t/self::table and $t/caption">
          <xsl:value-of select="$w-table"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="table-number"><xsl:with-param name="t" select="$t"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="$t/self::note">
          <xsl:value-of select="$w-note"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="number">
            <xsl:with-param name="of" select="$t/ancestor-or-self::note[last()]"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:choose>
            <xsl:when test="$t/self::list"><xsl:value-of select="$w-list"/></xsl:when>
            <xsl:when test="$t/self::quote"><xsl:value-of select="$w-quote"/></xsl:when>
            <xsl:when test="$t/self::pre"><xsl:value-of select="$w-listing"/></xsl:when>
            <xsl:when test="$t/self::figure"><xsl:value-of select="$w-figure"/></xsl:when>
            <xsl:when test="$t/self::table"><xsl:value-of select="$w-table"/></xsl:when>
          </xsl:choose>
          <xsl:text> (</xsl:text>
          <xsl:value-of select="$w-page"/>
          <xsl:text> </xsl:text>
          <page-ref dest="{@target}"/>
          <xsl:text>)</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
    </link>
  </xsl:template>

  <!-- A footnote: the marker goes here, the note's text to the foot of
       the page where the marker falls. -->
  <!-- A note inside a note is set in brackets in its note's text: a
       footnote to a footnote would have nowhere to go. -->
  <xsl:template match="note//note" priority="2">
    <xsl:text> [</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="note">
    <xsl:variable name="n"><xsl:call-template name="number"/></xsl:variable>
    <note label="{$n}">
      <xsl:attribute name="id">
        <xsl:choose>
          <xsl:when test="@id"><xsl:value-of select="@id"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat('note-', generate-id())"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <block tag="Note" align="justify" font-size="{$fs * 0.8}" space-after="1.5">
        <xsl:call-template name="block-lang"/>
        <span font-weight="bold"><xsl:value-of select="$n"/></span>
        <xsl:text> </xsl:text>
        <xsl:apply-templates/>
      </block>
    </note>
  </xsl:template>

</xsl:stylesheet>
