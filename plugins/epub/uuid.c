/*
 * uuid.c: a stable identifier for an article that has none.
 *
 * EPUB needs a unique identifier; when the article gives none we derive a
 * version 5 (SHA-1, name-based) UUID from its content (RFC 4122 4.3), so
 * converting the same article twice gives the same identifier and two
 * different articles differ. SHA-1 is here for that naming scheme only,
 * not for security.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "epub.h"

struct epub_sha1 {
	uint32_t h[5];
	uint64_t length;        /* bytes hashed so far */
	unsigned char block[64];
	size_t used;
};

static uint32_t epub_rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void epub_sha1_block(struct epub_sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = epub_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t t = epub_rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = epub_rol(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

static void epub_sha1_init(struct epub_sha1 *s)
{
	static const uint32_t h0[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
	memcpy(s->h, h0, sizeof h0);
	s->length = 0;
	s->used = 0;
}

static void epub_sha1_update(struct epub_sha1 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->length += len;
	while (len > 0) {
		size_t n = 64 - s->used < len ? 64 - s->used : len;
		memcpy(s->block + s->used, p, n);
		s->used += n;
		p += n;
		len -= n;
		if (s->used == 64) {
			epub_sha1_block(s, s->block);
			s->used = 0;
		}
	}
}

static void epub_sha1_final(struct epub_sha1 *s, unsigned char out[20])
{
	uint64_t bits = s->length * 8;
	unsigned char pad = 0x80, zero = 0, len[8];

	epub_sha1_update(s, &pad, 1);
	while (s->used != 56)
		epub_sha1_update(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	epub_sha1_update(s, len, 8);
	for (int i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void epub_uuid_from_bytes(const void *data, size_t len, char out[37])
{
	/* RFC 4122's URL namespace; the name is "urn:x-convert:article:" + bytes. */
	static const char prefix[] = "urn:x-convert:article:";
	static const unsigned char ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	                                     0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
	struct epub_sha1 s;
	unsigned char h[20];

	epub_sha1_init(&s);
	epub_sha1_update(&s, ns, sizeof ns);
	epub_sha1_update(&s, prefix, sizeof prefix - 1);
	epub_sha1_update(&s, data, len);
	epub_sha1_final(&s, h);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x50); /* version 5 */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11],
	         h[12], h[13], h[14], h[15]);
}
