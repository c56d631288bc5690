<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="included">
    <xsl:text>included: </xsl:text>
  </xsl:template>
</xsl:stylesheet>
