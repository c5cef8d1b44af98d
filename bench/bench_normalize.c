/* bench_normalize.c - how fast the search normaliser is (src/search/normalize.c), and proof
 * that its fast path gives the bytes converting whole texts gives.
 *
 * usage: build/bench/bench_normalize          (make bench runs it; a few seconds)
 *   BENCH_NORM_N=N        texts in each of the two simplified sets (1000000)
 *   BENCH_NORM_SAMPLE=N   texts per set converted whole and compared (2000)
 *
 * Synthetic, deterministic text: project names of about 15 characters and appeal texts of
 * about 200, built from fragments of the kind the registry holds.  Six sets: simplified
 * (N each), simplified with one ambiguous word that sends the text through OpenCC (沈阳,
 * 覆盖: 沈 and 覆 are also traditional), and traditional.  Times are CPU time of this
 * process (the machine is shared).  Exits 1 when the fast path and whole-text conversion
 * ever differ, 2 when it could not measure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/normalize.h"

/* Each fragment in simplified and in traditional characters (the same words). */
static const char *const frag[][2] = {
	{ "济南", "濟南" }, { "起步区", "起步區" }, { "新能源", "新能源" },
	{ "汽车", "汽車" }, { "智能", "智能" }, { "制造", "製造" },
	{ "产业园", "產業園" }, { "项目", "項目" }, { "比亚迪", "比亞迪" },
	{ "有限公司", "有限公司" }, { "科技", "科技" }, { "数据中心", "數據中心" },
	{ "半导体", "半導體" }, { "生物医药", "生物醫藥" }, { "黄河", "黃河" },
	{ "现代", "現代" }, { "物流", "物流" }, { "基地", "基地" }, { "二期", "二期" },
	{ "研发中心", "研發中心" }, { "装备", "裝備" }, { "新材料", "新材料" },
	{ "光伏", "光伏" }, { "储能", "儲能" }, { "氢能", "氫能" }, { "总部", "總部" },
	{ "商业综合体", "商業綜合體" }, { "集团", "集團" }, { "电池", "電池" },
	{ "ＢＹＤ", "ＢＹＤ" }, { "5G", "5G" }, { "（一期）", "（一期）" },
};
#define NFRAG (sizeof(frag) / sizeof(frag[0]))

/* Connecting words of appeal texts. */
static const char *const glue[][2] = {
	{ "，", "，" }, { "。", "。" }, { "的", "的" }, { "和", "和" }, { "在", "在" },
	{ "企业反映", "企業反映" }, { "用地手续", "用地手續" }, { "尚未办结", "尚未辦結" },
	{ "请协调", "請協調" }, { "供电线路", "供電線路" }, { "需要", "需要" },
	{ "什么时候", "什麼時候" }, { "答复", "答覆" }, { "有序", "有序" },
	{ "2023年2月3日", "2023年2月3日" }, { "总投资400亿元", "總投資400億元" },
	{ "　", "　" }, { " ", " " },
};
#define NGLUE (sizeof(glue) / sizeof(glue[0]))

/* Simplified words whose characters are also traditional: 沈 (沈默 → 沉默), 覆 (答覆 → 答复),
 * 瞭 (瞭解 → 了解), 藉 (藉口 → 借口).  Text holding one has to go through OpenCC. */
static const char *const ambiguous[] = { "沈阳", "覆盖", "瞭望", "狼藉" };
#define NAMB (sizeof(ambiguous) / sizeof(ambiguous[0]))

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Du) >> 33) % n;
}

/* cps: about how many characters; trad: 0 simplified, 1 traditional; amb: one ambiguous
 * word somewhere in it. */
static size_t make_text(char *dst, size_t cap, int cps, int trad, int with_glue, int amb)
{
	size_t len = 0;
	int n = 0, at = amb ? (int)rnd((uint32_t)cps - 2) : -1;

	while (n < cps || at >= 0) {
		const char *f = with_glue && rnd(2) ? glue[rnd(NGLUE)][trad] : frag[rnd(NFRAG)][trad];
		size_t fl;

		if (at >= 0 && n >= at) {
			f = ambiguous[rnd(NAMB)];
			at = -1;
		}
		fl = strlen(f);

		if (len + fl + 1 > cap)
			break;
		memcpy(dst + len, f, fl);
		len += fl;
		for (size_t i = 0; i < fl; i++)
			n += ((unsigned char)f[i] & 0xC0) != 0x80;
		if (n >= cps && at >= 0) /* the last fragment went past where it was due */
			at = 0;
	}
	dst[len] = '\0';
	return len;
}

struct set {
	char *data;   /* NUL-separated texts */
	size_t *off;
	size_t n, bytes, cps;
};

static int set_make(struct set *s, size_t n, int cps, int trad, int with_glue, int amb)
{
	size_t cap = n * (size_t)(cps * 3 + 64), len = 0;
	char tmp[4096];

	s->data = malloc(cap);
	s->off = malloc((n + 1) * sizeof(*s->off));
	if (!s->data || !s->off)
		return -1;
	s->cps = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = make_text(tmp, sizeof(tmp), cps, trad, with_glue, amb);

		if (len + l + 1 > cap)
			return -1;
		s->off[i] = len;
		memcpy(s->data + len, tmp, l + 1);
		len += l + 1;
		for (size_t j = 0; j < l; j++)
			s->cps += ((unsigned char)tmp[j] & 0xC0) != 0x80;
	}
	s->off[n] = len;
	s->n = n;
	s->bytes = len - n;
	return 0;
}

static void set_free(struct set *s)
{
	free(s->data);
	free(s->off);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Normalise the first n texts of s; returns seconds, or -1 on an error. */
static double run(struct norm *nm, const struct set *s, size_t n, int fast, unsigned long *calls)
{
	struct buf out;
	unsigned long c0 = norm_converter_calls(nm);
	double t0 = now();

	buf_init(&out, 1 << 20);
	norm_set_fast_path(nm, fast);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&out);
		if (norm_text(nm, s->data + s->off[i], s->off[i + 1] - s->off[i] - 1, &out) != GL_OK)
			return -1;
	}
	t0 = now() - t0;
	buf_release(&out);
	norm_set_fast_path(nm, 1);
	*calls = norm_converter_calls(nm) - c0;
	return t0;
}

/* Texts of s whose fast-path form differs from the whole-text conversion. */
static size_t compare(struct norm *nm, const struct set *s, size_t n)
{
	struct buf a, b;
	size_t bad = 0;

	buf_init(&a, 1 << 20);
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < n; i++) {
		const char *t = s->data + s->off[i];
		size_t l = s->off[i + 1] - s->off[i] - 1;

		buf_reset(&a);
		buf_reset(&b);
		norm_set_fast_path(nm, 1);
		if (norm_text(nm, t, l, &a) != GL_OK)
			bad++;
		norm_set_fast_path(nm, 0);
		if (norm_text(nm, t, l, &b) != GL_OK)
			bad++;
		if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len))) {
			if (bad < 3)
				fprintf(stderr, "bench_normalize: differ: %s\n  fast  %s\n  whole %s\n",
					t, a.data, b.data);
			bad++;
		}
	}
	norm_set_fast_path(nm, 1);
	buf_release(&a);
	buf_release(&b);
	return bad;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static size_t env_size(const char *name, size_t dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return dflt;
	n = strtoull(v, &end, 10);
	return *end || n == 0 ? dflt : (size_t)n;
}

int main(void)
{
	size_t n = env_size("BENCH_NORM_N", 1000000), sample = env_size("BENCH_NORM_SAMPLE", 2000);
	struct set sets[6];
	static const char *const names[6] = {
		"short simplified", "long simplified", "short ambiguous", "long ambiguous",
		"short traditional", "long traditional",
	};
	struct norm *nm, *nm2;
	double t, t2, t0;
	long r0;
	size_t bad = 0, compared = 0;

	t0 = now();
	if (norm_open(NULL, &nm) != GL_OK)
		return 2;
	t = now() - t0;
	r0 = rss_kb();
	t0 = now();
	if (norm_open(NULL, &nm2) != GL_OK)
		return 2;
	t2 = now() - t0;
	/* The first open in a process probes every CJK code point through OpenCC once. */
	printf("search normalisation (issue 6): norm_open %.1f ms the first time in a process,"
	       " %.1f ms and %.1f MB per handle after\n", t * 1e3, t2 * 1e3,
	       (double)(rss_kb() - r0) / 1024);
	norm_close(nm2);

	if (sample > n)
		sample = n;
	/* The other sets are smaller: every text goes through OpenCC. */
	if (set_make(&sets[0], n, 15, 0, 0, 0) || set_make(&sets[1], n, 200, 0, 1, 0) ||
	    set_make(&sets[2], sample, 15, 0, 0, 1) || set_make(&sets[3], sample, 200, 0, 1, 1) ||
	    set_make(&sets[4], sample, 15, 1, 0, 0) || set_make(&sets[5], sample, 200, 1, 1, 0))
		return 2;

	printf("%-18s %9s %6s %10s %10s %11s %11s\n", "set", "texts", "chars", "ns/text",
	       "calls/text", "whole ns", "fast/whole");
	for (int k = 0; k < 6; k++) {
		const struct set *s = &sets[k];
		size_t m = s->n < sample ? s->n : sample;
		unsigned long calls, wcalls;
		double tf = run(nm, s, s->n, 1, &calls), tw = run(nm, s, m, 0, &wcalls);

		if (tf < 0 || tw < 0)
			return 2;
		printf("%-18s %9zu %6zu %10.0f %10.3f %11.0f %10.1f%%\n", names[k], s->n,
		       s->cps / s->n, tf / (double)s->n * 1e9, (double)calls / (double)s->n,
		       tw / (double)m * 1e9,
		       100.0 * (tf / (double)s->n) / (tw / (double)m));
		bad += compare(nm, s, m);
		compared += m;
	}
	printf("fast path vs whole-text conversion: %zu texts compared, %zu differ\n", compared,
	       bad);
	printf("(ns/text: CPU per text with the fast path; calls/text: how many went through"
	       " OpenCC; whole ns: CPU per text with every text through OpenCC, first %zu)\n",
	       sample);
	for (int k = 0; k < 6; k++)
		set_free(&sets[k]);
	norm_close(nm);
	return bad ? 1 : 0;
}
