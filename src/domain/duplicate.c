/* duplicate.c - the similarity rules for duplicate appeals; see duplicate.h. */
#include "duplicate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *const dup_reason_names[DUP_REASON__MAX] = {
	[DUP_SAME_ENTERPRISE_CATEGORY] = "same_enterprise_category",
	[DUP_SIMILAR_TEXT] = "similar_text",
};

/* One code point from *p (advanced); an invalid byte is returned as 0x110000 + byte so it
 * still counts, and never equals a real character. */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
		(c & 0xf8) == 0xf0 ? 3 : -1;

	if (n < 0) {
		*p = s + 1;
		return 0x110000 + c;
	}
	c &= n == 0 ? 0x7f : n == 1 ? 0x1f : n == 2 ? 0x0f : 0x07;
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + 1;
			return 0x110000 + s[0];
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p = s + n + 1;
	return c;
}

/* Whitespace and punctuation: what changes between two copies of the same complaint without
 * changing what it says. */
static bool ignorable(uint32_t c)
{
	if (c <= 0x20 || c == 0x7f)
		return true;
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	return c == 0xa0 || (c >= 0x2000 && c <= 0x206f) ||   /* general punctuation, spaces */
	       (c >= 0x3000 && c <= 0x303f) ||                /* CJK symbols and punctuation */
	       (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	       (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) ||  /* full-width */
	       (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe4f) ||  /* vertical forms */
	       c == 0x00b7 || c == 0x00ab || c == 0x00bb || c == 0xfeff;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

size_t dup_grams(const char *text, uint64_t *out, size_t cap, size_t *nchars)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	uint32_t prev = 0;
	size_t n = 0, chars = 0;

	while (*p) {
		uint32_t c = next_cp(&p);

		if (ignorable(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (chars > 0 && n < cap)
			out[n++] = (uint64_t)prev << 32 | c;
		prev = c;
		chars++;
	}
	*nchars = chars;
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || out[u - 1] != out[i])
			out[u++] = out[i];
	return u;
}

/* |A∩B| of two sorted sets, or SIZE_MAX as soon as the elements left cannot bring it up to
 * need (0: never stops). */
static size_t common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, size_t need)
{
	size_t i = 0, j = 0, both = 0;

	while (i < na && j < nb) {
		if (both + (na - i < nb - j ? na - i : nb - j) < need)
			return SIZE_MAX;
		if (a[i] == b[j]) {
			both++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return both;
}

void dup_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, int64_t *inter,
		 int64_t *uni)
{
	size_t both = common(a, na, b, nb, 0);

	*inter = (int64_t)both;
	*uni = (int64_t)na + (int64_t)nb - (int64_t)both;
}

bool dup_overlap_near(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
		      int64_t *inter, int64_t *uni)
{
	/* 5|A∩B| >= 4|A∪B| = 4(na + nb - |A∩B|) is 9|A∩B| >= 4(na + nb). */
	size_t need = (4 * (na + nb) + 8) / 9, both = common(a, na, b, nb, need);

	if (both == SIZE_MAX || both < need || both == 0)
		return false;
	*inter = (int64_t)both;
	*uni = (int64_t)na + (int64_t)nb - (int64_t)both;
	return true;
}

bool dup_sizes_may_match(size_t na, size_t nb)
{
	size_t lo = na < nb ? na : nb, hi = na < nb ? nb : na;

	return hi > 0 && 5 * lo >= 4 * hi;
}

bool dup_near_identical(int64_t inter, int64_t uni, size_t nchars_a, size_t nchars_b)
{
	return nchars_a >= DUP_MIN_CHARS && nchars_b >= DUP_MIN_CHARS && uni > 0 &&
	       5 * inter >= 4 * uni;
}

int dup_percent(int64_t inter, int64_t uni)
{
	return uni > 0 ? (int)((200 * inter + uni) / (2 * uni)) : 0;
}

bool dup_within_window(int64_t days_between, int window)
{
	return days_between <= window;
}

/* Characters in the order of how often they are written: first the most frequent of modern
 * written Chinese (the usual corpus counts, approximately), then the words every appeal
 * uses (企业 项目 申请 审批 协调 反馈 ...).  Only the order matters, and only for speed and
 * reach: any fixed order keeps prefix filtering exact (duplicate.h).  No prefix is stored
 * (each process computes them when it reads the bigram sets, src/store/dupcopy.c), so this
 * string may change from one release to the next. */
static const char common_chars[] =
	"的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之"
	"年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理"
	"心本前开但因只从想实日者意无力与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问"
	"很最重并物手应向头文体政美相见被利等产或新己制身果加西月话合回特代内信表化给位次度门任常先"
	"企项申请办审批协调馈反映诉求园区厂房租贴补资金融贷款税费政策支持希望尽快落实解决相关部门单位"
	"咨询投答复函管委会我司贵手续材料拖欠拨付逾期涉及营聘宿舍缴纳赁兑奖励扶担押"
	"海通原东提立及比员解水名真论处走义各入几口认条平系气题活更别打变四总何电数安少报才结受目量"
	"再感建务做接必场件计管期市直资命山指许统保至队形社便空决治展科司五基书非则白界达光放强即难"
	"且权思象完设式色路记南品住告类据程北边张该交规万取格确传师观清今切院让识候带导争运风步改收"
	"根干造言联持组每济车亲极林服议往元证近失转令准布始存未远台单影具字流备连深商算质团集百需价"
	"城石级整府离况技际约示复息究线官断精满支视消越器容照须九增研写称八功包片史委查轻易早除农找"
	"装广显标谈图念六引历首医局突专号另周较注考随选列响虽推势参众构半节土投某案维划致律足态护七"
	"兴派验责营够章跟志底站严例防供效续施留讲型料终答紧绝察京段依群故按河米围江织害双境客纪采举"
	"攻密低朝友止细愿千值仍钱网热助育属坐限速刻否刚状率独般普校创假久错承印晚试股拿预益阳若微继"
	"送急伤素药适夜省初卫源食险待述陆习置居劳财环排福纳获模充负云停木游树层冷冲略范句室异激村策"
	"简卡判担州静退既衣宗积余检差富灵角占配征修降阶沉坚善超免压银买养怀执副乱抗犯追帮宣岁航优香"
	"田铁控左右份艺背阵草块顿守岛托央户洋索款靠评版座释景顾登货互付换闻危忙核介坏讨良序升监临永"
	"呼野架域沙括杂误减编测败屋散温困渐封救贵缺楼县尚移画班智短掌遗固席秘谢遇康虑幸均销藏赶票损"
	"旧端探湖录春乡附吸予礼港雨板庭归额含顺输招脱补督油疗旅泽材灭逐笔词择寻博授诺岸载健堂旁借禁"
	"园避抓荣逃束跳顶镇练迫篇馆遍础洞卷宁纸训私庄丝翻暴塔握隐访弱店软典欲盘扩盖稳亿拥齐赛曲迎透"
	"购替努休途侵刑绿迅套贸毕谷轮库迹尤竞街促延弃麻川缓潜售灯针络抵植纯页筑折尊混振染盛措残培诚"
	"宽猛摆伸盟末拍";

enum { RANK_UNKNOWN = 0xffff };   /* any character not listed: the rarest */

static uint16_t cjk_rank[0x9fff - 0x4e00 + 1];
static uint16_t nlisted;
static pthread_once_t ranks_once = PTHREAD_ONCE_INIT;

static void ranks_init(void)
{
	const unsigned char *p = (const unsigned char *)common_chars;

	for (size_t i = 0; i < sizeof(cjk_rank) / sizeof(cjk_rank[0]); i++)
		cjk_rank[i] = RANK_UNKNOWN;
	while (*p) {
		uint32_t c = next_cp(&p);

		if (c >= 0x4e00 && c <= 0x9fff && cjk_rank[c - 0x4e00] == RANK_UNKNOWN)
			cjk_rank[c - 0x4e00] = nlisted++;
	}
}

/* How common a character is: 0 the most common.  Digits are the commonest of all (dates,
 * amounts and phone numbers are in every appeal, and ten of them make only a hundred
 * bigrams); Latin letters sit in the middle of the list. */
static uint32_t char_rank(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return 0;
	if (c >= 'a' && c <= 'z')
		return nlisted / 2;
	if (c >= 0x4e00 && c <= 0x9fff)
		return cjk_rank[c - 0x4e00];
	return RANK_UNKNOWN;
}

/* A bigram is never more common than its rarer character. */
static uint32_t gram_rarity(uint64_t g)
{
	uint32_t a = char_rank((uint32_t)(g >> 32)), b = char_rank((uint32_t)g);

	return a > b ? a : b;
}

/* Mixes the bigram (splitmix64's finaliser) so that bigrams of equal rarity come in an
 * order that never depends on the data. */
static uint64_t mix(uint64_t g)
{
	g ^= g >> 30;
	g *= 0xbf58476d1ce4e5b9ULL;
	g ^= g >> 27;
	g *= 0x94d049bb133111ebULL;
	return g ^ (g >> 31);
}

/* The fixed global order of the prefix: rarest first, so that a prefix is made of the
 * bigrams few other appeals share and its lookups return few candidates.  With a random
 * order, a text with a date in it put a digit bigram in its prefix every other time, and
 * the newest DUP_TEXT_CANDIDATES_MAX of the thousands of appeals sharing it were all the
 * lookup ever checked. */
static uint64_t order_key(uint64_t g)
{
	return (uint64_t)(RANK_UNKNOWN - gram_rarity(g)) << 48 | mix(g) >> 16;
}

static int cmp_rank(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	uint64_t ka = order_key(a), kb = order_key(b);

	/* Two bigrams with the same key (a mix collision in its high bits) by their value. */
	if (ka != kb)
		return (ka > kb) - (ka < kb);
	return (a > b) - (a < b);
}

size_t dup_prefix_len(size_t n)
{
	return n ? n - (4 * n + 4) / 5 + 1 : 0;
}

size_t dup_prefix(const uint64_t *grams, size_t n, uint64_t *out)
{
	size_t k = dup_prefix_len(n);

	pthread_once(&ranks_once, ranks_init);
	memcpy(out, grams, n * sizeof(*out));
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_rank);
	return k;
}

void dup_pack(const uint64_t *grams, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			out[8 * i + b] = (unsigned char)(grams[i] >> (8 * b));
}

size_t dup_unpack(const void *blob, size_t bytes, uint64_t *out)
{
	const unsigned char *p = blob;
	size_t n = bytes / 8;

	for (size_t i = 0; i < n; i++) {
		uint64_t g = 0;

		for (int b = 7; b >= 0; b--)
			g = g << 8 | p[8 * i + b];
		out[i] = g;
	}
	return n;
}
