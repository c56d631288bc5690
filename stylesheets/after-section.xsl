<?xml version="1.0" encoding="UTF-8"?>
<!--
  after-section.xsl: the blocks that follow a section up to the next one,
  for the formats that regroup them (epub.xsl puts them in that section's
  content document; docbook.xsl in a continuation simplesect).

  The obvious key, generate-id(preceding-sibling::section[1]), walks back
  from every block to the section before it: quadratic in the number of
  blocks between two sections or before the first one (16,000 paragraphs
  without a section took 4.7 s for an EPUB; a million would never end).
  "after-section" halves the list of siblings instead, handing the last
  section of the first half to the second, so the work is n log2 n and
  the recursion log2 n deep. It writes the blocks that follow a section
  as runs, in document order:
    <after:run s="generate-id(section before them)">
      <after:b k="generate-id(block)"/>...
    </after:run>
  A section's blocks are in at most 2 log2 n runs. They are keyed by run,
  not by block: libxslt builds a key's node-set for one value by checking
  each node against all those already in it, so a key shared by every
  block of a long run would be quadratic again.
  The including stylesheet keeps them in a node-set $after-map, made once:
    <xsl:variable name="after-tree">
      <xsl:call-template name="after-section">
        <xsl:with-param name="nodes" select="SIBLINGS"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="after-map" select="lx:node-set($after-tree)"/>
  (the blocks before the first section are $first/preceding-sibling::*,
  one walk, and are not in the map).

  The blocks are reached again one at a time, by their own key lookup
  from the source document: libxslt's key() given a node-set copies that
  node-set once per node in it, which is quadratic too.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:after="urn:x-convert:after-section">

  <xsl:key name="after" match="after:run" use="@s"/>
  <xsl:key name="block" match="*" use="generate-id()"/>

  <xsl:template name="after-section">
    <xsl:param name="nodes"/>
    <xsl:param name="before" select="''"/>
    <xsl:variable name="n" select="count($nodes)"/>
    <xsl:choose>
      <xsl:when test="not($nodes/self::section)">
        <xsl:if test="$before != '' and $nodes">
          <after:run s="{$before}">
            <xsl:for-each select="$nodes">
              <after:b k="{generate-id()}"/>
            </xsl:for-each>
          </after:run>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$n = 1"/>
      <xsl:otherwise>
        <xsl:variable name="half" select="floor($n div 2)"/>
        <xsl:variable name="first" select="$nodes[position() &lt;= $half]"/>
        <xsl:variable name="last-section" select="($first/self::section)[last()]"/>
        <xsl:call-template name="after-section">
          <xsl:with-param name="nodes" select="$first"/>
          <xsl:with-param name="before" select="$before"/>
        </xsl:call-template>
        <!-- The id of the first half's last section, or $before when it
             has none (1 div false() is Infinity: substring gives ''). -->
        <xsl:call-template name="after-section">
          <xsl:with-param name="nodes" select="$nodes[position() &gt; $half]"/>
          <xsl:with-param name="before"
              select="concat(generate-id($last-section), substring($before, 1 div not($last-section)))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "yes" when blocks follow $section before the next section. -->
  <xsl:template name="has-after">
    <xsl:param name="section" select="."/>
    <xsl:variable name="k" select="generate-id($section)"/>
    <xsl:for-each select="$after-map">
      <xsl:if test="key('after', $k)">yes</xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Applies the templates of the default mode to the blocks that follow
       $section before the next section, in document order. -->
  <xsl:template name="apply-after">
    <xsl:param name="section" select="."/>
    <xsl:variable name="k" select="generate-id($section)"/>
    <xsl:for-each select="$after-map">
      <xsl:for-each select="key('after', $k)/after:b">
        <xsl:variable name="b" select="string(@k)"/>
        <xsl:for-each select="$section">
          <xsl:apply-templates select="key('block', $b)"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
