/*
 * Varints and headers for the counters' binary form (see codec.h). Every
 * value has exactly one encoding, so equal states encode to equal bytes.
 */
#include "crdt/codec.h"

size_t codec_varint_size(uint64_t v)
{
	size_t size = 1;

	while (v >= 0x80) {
		v >>= 7;
		size++;
	}
	return size;
}

size_t codec_varint_put(uint8_t *out, uint64_t v)
{
	size_t i = 0;

	while (v >= 0x80) {
		out[i++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[i++] = (uint8_t)v;
	return i;
}

/*
 * Rejects encodings longer than ten bytes, bits past 64, and overlong forms
 * (a trailing zero byte), so that every value has exactly one encoding.
 */
enum gcounter_status codec_varint_get(const uint8_t *buf, size_t len,
                                      size_t *pos, uint64_t *value)
{
	uint64_t v = 0;
	unsigned shift = 0;

	for (size_t i = 0;; i++) {
		uint8_t byte;

		if (*pos + i >= len)
			return GCOUNTER_ETRUNC;
		byte = buf[*pos + i];
		if (i == 9 && byte > 1)
			return GCOUNTER_EFORMAT; /* past 64 bits */
		v |= (uint64_t)(byte & 0x7f) << shift;
		if ((byte & 0x80) == 0) {
			if (byte == 0 && i > 0)
				return GCOUNTER_EFORMAT; /* overlong */
			*pos += i + 1;
			*value = v;
			return GCOUNTER_OK;
		}
		shift += 7;
	}
}

size_t codec_header_size(size_t n)
{
	return 2 + codec_varint_size(n);
}

size_t codec_header_put(uint8_t *out, uint8_t magic, uint8_t version, size_t n)
{
	out[0] = magic;
	out[1] = version;
	return 2 + codec_varint_put(out + 2, n);
}

enum gcounter_status codec_header_get(const uint8_t *buf, size_t len,
                                      uint8_t magic, uint8_t version,
                                      size_t *pos, size_t *n)
{
	enum gcounter_status status;
	uint64_t count;

	if (len < 1)
		return GCOUNTER_ETRUNC;
	if (buf[0] != magic)
		return GCOUNTER_EFORMAT;
	if (len < 2)
		return GCOUNTER_ETRUNC;
	if (buf[1] != version)
		return GCOUNTER_EFORMAT;
	*pos = 2;
	status = codec_varint_get(buf, len, pos, &count);
	if (status != GCOUNTER_OK)
		return status;
	if (count < GCOUNTER_MIN_SLOTS || count > GCOUNTER_MAX_SLOTS)
		return GCOUNTER_EFORMAT;
	*n = (size_t)count;
	return GCOUNTER_OK;
}

enum gcounter_status codec_slots_get(const uint8_t *buf, size_t len,
                                     size_t *pos, size_t n, uint64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v;
		enum gcounter_status status =
		    codec_varint_get(buf, len, pos, &v);

		if (status != GCOUNTER_OK)
			return status;
		if (out != NULL)
			out[i] = v;
	}
	return GCOUNTER_OK;
}

enum gcounter_status codec_check(const uint8_t *buf, size_t len, uint8_t magic,
                                 uint8_t version, size_t halves,
                                 bool trailing_ok, size_t *start, size_t *n,
                                 size_t *end)
{
	enum gcounter_status status;

	if (buf == NULL)
		return GCOUNTER_ETRUNC;
	status = codec_header_get(buf, len, magic, version, start, n);
	if (status != GCOUNTER_OK)
		return status;
	*end = *start;
	status = codec_slots_get(buf, len, end, halves * *n, NULL);
	if (status != GCOUNTER_OK)
		return status;
	if (!trailing_ok && *end != len)
		return GCOUNTER_EFORMAT; /* trailing bytes */
	return GCOUNTER_OK;
}
