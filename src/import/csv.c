/* csv.c - RFC 4180 CSV in UTF-8 or GB18030 (see csv.h). */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *csv_encoding_name(enum csv_encoding e)
{
	static const char *const names[CSV_ENCODING__MAX] = { "UTF-8", "UTF-8 (BOM)", "GB18030" };

	return (unsigned)e < CSV_ENCODING__MAX ? names[e] : "?";
}

size_t csv_utf8_bad_offset(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned cp;

		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* Overlong forms, surrogates and code points past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return i;
}

/* Convert GB18030 to UTF-8 with iconv, refusing any invalid sequence.  *out is malloc'd with
 * one spare byte.  On EILSEQ/EINVAL returns GL_EINVALID with *bad the offset in the input. */
static enum gl_err from_gb18030(const char *in, size_t len, char **out, size_t *outlen,
				size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len + len / 2 + 16, inleft = len, outleft;
	char *buf, *ip = (char *)in, *op;
	enum gl_err rc = GL_OK;

	if (cd == (iconv_t)-1)
		return GL_EIO;
	buf = malloc(cap + 1);
	if (!buf) {
		iconv_close(cd);
		return GL_ENOMEM;
	}
	op = buf;
	outleft = cap;
	while (inleft > 0) {
		if (iconv(cd, &ip, &inleft, &op, &outleft) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - buf);
			char *nb;

			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = GL_ENOMEM;
				break;
			}
			buf = nb;
			op = buf + used;
			outleft = cap - used;
			continue;
		}
		*bad = (size_t)(ip - in);
		rc = GL_EINVALID;
		break;
	}
	iconv_close(cd);
	if (rc != GL_OK) {
		free(buf);
		return rc;
	}
	*out = buf;
	*outlen = (size_t)(op - buf);
	return GL_OK;
}

struct parser {
	struct cell *cells;
	size_t ncells, cap;
};

static int add_cell(struct parser *p, const char *text)
{
	if (p->ncells == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct cell *c = realloc(p->cells, cap * sizeof(*c));

		if (!c)
			return -1;
		p->cells = c;
		p->cap = cap;
	}
	p->cells[p->ncells].kind = text[0] ? CELL_TEXT : CELL_EMPTY;
	p->cells[p->ncells].text = text;
	p->cells[p->ncells].num = 0;
	p->ncells++;
	return 0;
}

/* Parse buf[0..len) in place: unquoting only ever shrinks a field, so each field is written
 * back over the bytes it was read from and ends with a NUL where its delimiter was (buf has
 * one spare byte for the last field). */
static enum gl_err parse(char *buf, size_t len, table_row_fn fn, void *ctx,
			 struct table_error *err)
{
	struct parser p = { NULL, 0, 0 };
	size_t r = 0, w = 0, line = 1;
	enum gl_err rc = GL_OK;

	while (r < len) {
		size_t start = w, row_line = line;
		int end_of_record = 0;

		p.ncells = 0;
		while (!end_of_record) {
			start = w;
			if (r < len && buf[r] == '"') {
				r++;
				for (;;) {
					if (r >= len) {
						table_error_set(err, GL_EINVALID,
								"第 %zu 行有一个引号没有闭合（从这一行开始的字段一直到文件末尾）",
								row_line);
						rc = GL_EINVALID;
						goto out;
					}
					if (buf[r] == '"') {
						if (r + 1 < len && buf[r + 1] == '"') {
							buf[w++] = '"';
							r += 2;
							continue;
						}
						r++;
						break;
					}
					buf[w++] = buf[r++];
				}
			}
			/* Unquoted text, or what follows a closing quote. */
			while (r < len && buf[r] != ',' && buf[r] != '\n' && buf[r] != '\r')
				buf[w++] = buf[r++];
			if (r >= len) {
				end_of_record = 1;
			} else if (buf[r] == ',') {
				r++;
			} else {
				if (buf[r] == '\r' && r + 1 < len && buf[r + 1] == '\n')
					r++;
				r++;
				end_of_record = 1;
			}
			buf[w++] = '\0';
			if (add_cell(&p, buf + start) != 0) {
				rc = GL_ENOMEM;
				goto out;
			}
		}
		{
			struct table_row row = { row_line, p.ncells, p.cells };

			/* A record that is one empty field is a blank line: keep its number. */
			if (p.ncells == 1 && p.cells[0].kind == CELL_EMPTY)
				row.ncells = 0;
			if (fn(ctx, &row) != 0) {
				table_error_set(err, GL_EINVALID, "读取在第 %zu 行停止", row_line);
				rc = GL_EINVALID;
				goto out;
			}
		}
		line++;
	}
out:
	free(p.cells);
	return rc;
}

/* Detect, convert and parse.  When *own is not NULL it is data's malloc'd block with at least
 * one spare byte: UTF-8 is then parsed in place (a file read whole is not copied again) and
 * *own set to NULL, the block freed here; otherwise the caller still frees *own. */
static enum gl_err read_buffer(const char *data, size_t len, char **own, size_t max_bytes,
			       table_row_fn fn, void *ctx, enum csv_encoding *enc,
			       struct table_error *err)
{
	const unsigned char *u = (const unsigned char *)data;
	enum csv_encoding e = CSV_UTF8;
	char *buf = NULL;
	size_t buflen = 0, bad;
	enum gl_err rc;

	if (max_bytes == 0)
		max_bytes = CSV_MAX_BYTES;
	if (len > max_bytes) {
		table_error_set(err, GL_ETOOBIG, "文件有 %zu 字节，超过了上限 %zu 字节", len, max_bytes);
		return GL_ETOOBIG;
	}
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		table_error_set(err, GL_EINVALID, "这是一个 .xlsx（ZIP）文件，不是 CSV：请按 .xlsx 导入");
		return GL_EINVALID;
	}
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		table_error_set(err, GL_EINVALID,
				"文件是 UTF-16 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”");
		return GL_EINVALID;
	}
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		e = CSV_UTF8_BOM;
		data += 3;
		u += 3;
		len -= 3;
	}
	bad = csv_utf8_bad_offset(u, len);
	if (bad < len && memchr(data, '\0', len)) {
		size_t z = (size_t)((const char *)memchr(data, '\0', len) - data);

		table_error_set(err, GL_EINVALID,
				"第 %zu 字节是 0x00：这不是文本文件（CSV 应为 UTF-8 或 GB18030 文本）",
				z + (e == CSV_UTF8_BOM ? 3 : 0));
		return GL_EINVALID;
	}
	if (bad < len && e == CSV_UTF8_BOM) {
		table_error_set(err, GL_EINVALID,
				"文件以 UTF-8 标记开头，但第 %zu 字节（0x%02X）不是有效的 UTF-8",
				bad + 3, u[bad]);
		return GL_EINVALID;
	}
	if (bad < len) {
		size_t gbad = 0;

		rc = from_gb18030(data, len, &buf, &buflen, &gbad);
		if (rc == GL_EINVALID) {
			table_error_set(err, GL_EINVALID,
					"无法识别文件编码：第 %zu 字节（0x%02X）不是有效的 UTF-8，"
					"第 %zu 字节（0x%02X）也不是有效的 GB18030",
					bad, u[bad], gbad, u[gbad]);
			return rc;
		}
		if (rc != GL_OK) {
			table_error_set(err, rc, "无法转换 GB18030 编码");
			return rc;
		}
		e = CSV_GB18030;
	} else if (own && *own) {
		/* In place; a BOM is dropped by moving the text over it. */
		memmove(*own, data, len);
		buf = *own;
		*own = NULL;
		buflen = len;
	} else {
		buf = malloc(len + 1);
		if (!buf) {
			table_error_set(err, GL_ENOMEM, "内存不足");
			return GL_ENOMEM;
		}
		memcpy(buf, data, len);
		buflen = len;
	}
	buf[buflen] = '\0';
	if (enc)
		*enc = e;
	rc = parse(buf, buflen, fn, ctx, err);
	if (rc == GL_ENOMEM)
		table_error_set(err, GL_ENOMEM, "内存不足");
	free(buf);
	return rc;
}

enum gl_err csv_read_mem(const char *data, size_t len, size_t max_bytes, table_row_fn fn,
			 void *ctx, enum csv_encoding *enc, struct table_error *err)
{
	return read_buffer(data, len, NULL, max_bytes, fn, ctx, enc, err);
}

enum gl_err csv_read_file(const char *path, size_t max_bytes, table_row_fn fn, void *ctx,
			  enum csv_encoding *enc, struct table_error *err)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0;

	if (max_bytes == 0)
		max_bytes = CSV_MAX_BYTES;
	if (!f) {
		table_error_set(err, GL_EIO, "无法打开文件 %s", path);
		return GL_EIO;
	}
	/* Size the buffer from the file when it says (a regular file): no doubling past it. */
	{
		struct stat st;

		if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
		    (uint64_t)st.st_size <= max_bytes) {
			cap = (size_t)st.st_size + 65536;
			data = malloc(cap);
			if (!data) {
				fclose(f);
				table_error_set(err, GL_ENOMEM, "内存不足");
				return GL_ENOMEM;
			}
		}
	}
	for (;;) {
		size_t n;

		if (cap - len < 65536) {
			char *d;

			cap = cap ? cap * 2 : 1 << 20;
			d = realloc(data, cap);
			if (!d) {
				free(data);
				fclose(f);
				table_error_set(err, GL_ENOMEM, "内存不足");
				return GL_ENOMEM;
			}
			data = d;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (len > max_bytes) {
			free(data);
			fclose(f);
			table_error_set(err, GL_ETOOBIG, "文件超过了上限 %zu 字节", max_bytes);
			return GL_ETOOBIG;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(data);
		fclose(f);
		table_error_set(err, GL_EIO, "读取文件 %s 失败", path);
		return GL_EIO;
	}
	fclose(f);
	/* The read loop leaves at least 64 KiB spare: room for the parser's last NUL. */
	{
		char *own = data;
		enum gl_err rc = read_buffer(data, len, &own, max_bytes, fn, ctx, enc, err);

		free(own);
		return rc;
	}
}
