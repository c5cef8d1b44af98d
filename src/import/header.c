/* header.c - the fields of each kind of import and the tolerant matching of header texts. */
#include "header.h"

#include <stdio.h>
#include <string.h>

#define NAMES(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct import_field enterprise_fields[] = {
	{ "name", "企业名称", FIELD_TEXT, 1, 2, 200,
	  NAMES("企业名称", "企业", "单位名称", "公司名称", "企业全称", "名称", "企业(单位)名称") },
	{ "credit_code", "统一社会信用代码", FIELD_CREDIT_CODE, 0, 1, 0,
	  NAMES("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码", "统一代码",
		"uscc") },
	{ "industry_code", "行业代码", FIELD_TEXT, 0, 0, 8,
	  NAMES("行业代码", "国民经济行业代码", "行业分类代码", "国标行业代码") },
	{ "address", "地址", FIELD_TEXT, 0, 0, 200,
	  NAMES("地址", "注册地址", "企业地址", "通讯地址", "住所", "经营地址") },
	{ "tags", "标签", FIELD_TEXT, 0, 0, 400, NAMES("标签", "企业标签") },
	{ "contact_name", "联系人", FIELD_TEXT, 0, 0, 50, NAMES("联系人", "联系人姓名") },
	{ "contact_title", "职务", FIELD_TEXT, 0, 0, 50, NAMES("职务", "联系人职务") },
	{ "contact_phone", "联系电话", FIELD_TEXT, 0, 0, 50,
	  NAMES("联系电话", "电话", "手机", "手机号", "联系方式") },
	{ "contact_email", "电子邮箱", FIELD_TEXT, 0, 0, 200,
	  NAMES("电子邮箱", "邮箱", "email", "e-mail") },
};

static const struct import_field project_fields[] = {
	{ "code", "项目编号", FIELD_TEXT, 0, 1, 40, NAMES("项目编号", "项目代码", "编号") },
	{ "name", "项目名称", FIELD_TEXT, 1, 2, 200,
	  NAMES("项目名称", "项目", "项目全称") },
	{ "phase", "期次", FIELD_TEXT, 0, 2, 20, NAMES("期次", "分期", "项目期次") },
	{ "enterprise_name", "企业名称", FIELD_TEXT, 0, 0, 200,
	  NAMES("企业名称", "企业", "签约企业", "投资主体", "投资方", "项目单位", "建设单位",
		"投资企业", "单位名称") },
	{ "enterprise_credit_code", "统一社会信用代码", FIELD_CREDIT_CODE, 0, 0, 0,
	  NAMES("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码") },
	{ "industry_code", "行业代码", FIELD_TEXT, 0, 0, 8,
	  NAMES("行业代码", "国民经济行业代码", "行业分类代码") },
	{ "chain", "产业链", FIELD_TEXT, 0, 0, 50,
	  NAMES("所属产业链", "产业链", "产业链条", "所属产业") },
	{ "channel", "招商方式", FIELD_TEXT, 0, 0, 50, NAMES("招商方式", "招商渠道", "引进方式") },
	{ "stage", "项目阶段", FIELD_TEXT, 0, 0, 20,
	  NAMES("项目阶段", "阶段", "项目状态", "进展阶段", "推进阶段", "状态") },
	{ "total_investment", "总投资", FIELD_AMOUNT, 0, 0, 0,
	  NAMES("总投资", "计划总投资", "投资总额", "项目总投资", "总投资额", "投资额") },
	{ "signed_amount", "签约金额", FIELD_AMOUNT, 0, 0, 0, NAMES("签约金额", "签约额") },
	{ "fixed_asset", "固定资产投资", FIELD_AMOUNT, 0, 0, 0,
	  NAMES("固定资产投资", "固投", "固定资产投资额") },
	{ "foreign", "外资", FIELD_FOREIGN, 0, 0, 0,
	  NAMES("外资", "利用外资", "外资金额", "实际利用外资", "合同外资") },
	{ "location", "项目地点", FIELD_TEXT, 0, 0, 50,
	  NAMES("项目地点", "建设地点", "落户地点", "所在区域", "所在地", "项目选址") },
	{ "signed_on", "签约时间", FIELD_DATE, 0, 0, 0,
	  NAMES("签约时间", "签约日期", "签约") },
	{ "started_on", "开工时间", FIELD_DATE, 0, 0, 0, NAMES("开工时间", "开工日期") },
	{ "production_on", "投产时间", FIELD_DATE, 0, 0, 0, NAMES("投产时间", "投产日期") },
	{ "capacity_on", "达产时间", FIELD_DATE, 0, 0, 0, NAMES("达产时间", "达产日期") },
	{ "industrial", "产业类", FIELD_BOOL, 0, 0, 0,
	  NAMES("产业类", "是否产业类", "产业类项目", "是否产业项目") },
	{ "key_project", "重点项目", FIELD_BOOL, 0, 0, 0, NAMES("重点项目", "是否重点项目") },
	{ "leader", "包挂领导", FIELD_TEXT, 0, 0, 50,
	  NAMES("包挂领导", "分管领导", "责任领导", "联系领导") },
	{ "unit", "责任单位", FIELD_TEXT, 0, 0, 100,
	  NAMES("责任单位", "牵头单位", "责任部门", "推进单位") },
	{ "land", "用地", FIELD_LAND, 0, 0, 0,
	  NAMES("用地", "用地面积", "占地面积", "土地面积", "用地规模") },
	{ "annual_output", "预计年产值", FIELD_AMOUNT, 0, 0, 0,
	  NAMES("预计年产值", "年产值", "达产后年产值", "达产年产值") },
	{ "annual_tax", "预计年税收", FIELD_AMOUNT, 0, 0, 0,
	  NAMES("预计年税收", "年税收", "年纳税", "达产后年税收") },
	{ "jobs", "就业人数", FIELD_COUNT, 0, 0, 0,
	  NAMES("就业人数", "带动就业", "用工人数", "新增就业") },
};

static const struct import_field appeal_fields[] = {
	{ "external_id", "工单号", FIELD_TEXT, 0, 1, 64,
	  NAMES("工单号", "工单编号", "12345工单号", "外部编号", "诉求编号") },
	/* 企业名称 or 统一社会信用代码: the writing half requires one of them. */
	{ "enterprise_name", "企业名称", FIELD_TEXT, 0, 0, 200,
	  NAMES("企业名称", "企业", "诉求企业", "反映企业", "单位名称", "诉求主体") },
	{ "enterprise_credit_code", "统一社会信用代码", FIELD_CREDIT_CODE, 0, 0, 0,
	  NAMES("统一社会信用代码", "信用代码", "社会信用代码") },
	{ "category", "诉求类别", FIELD_TEXT, 0, 0, 50,
	  NAMES("诉求类别", "诉求类型", "类别", "问题类型", "问题类别") },
	{ "channel", "诉求渠道", FIELD_TEXT, 0, 0, 50, NAMES("诉求渠道", "渠道", "来源", "诉求来源") },
	{ "title", "诉求标题", FIELD_TEXT, 0, 0, 200, NAMES("诉求标题", "标题", "主题") },
	{ "text", "诉求内容", FIELD_TEXT, 1, 0, 4000,
	  NAMES("诉求内容", "内容", "问题描述", "具体诉求", "诉求事项", "诉求") },
	{ "contact", "联系人", FIELD_TEXT, 0, 0, 100,
	  NAMES("联系人", "联系方式", "联系电话") },
	{ "submitted_on", "提出时间", FIELD_DATE, 0, 0, 0,
	  NAMES("提出时间", "提交时间", "反映时间", "诉求时间", "提出日期", "日期") },
	{ "project_code", "项目编号", FIELD_TEXT, 0, 0, 40, NAMES("项目编号", "关联项目编号") },
	{ "lead_unit", "主办单位", FIELD_TEXT, 0, 0, 100,
	  NAMES("主办单位", "承办单位", "责任单位", "办理单位") },
	{ "accepted_on", "受理时间", FIELD_DATE, 0, 0, 0, NAMES("受理时间", "受理日期") },
	{ "state", "办理状态", FIELD_TEXT, 0, 0, 20,
	  NAMES("办理状态", "状态", "处理状态", "工单状态", "办结情况") },
	{ "answer", "答复内容", FIELD_TEXT, 0, 0, 4000,
	  NAMES("答复内容", "答复意见", "办理结果", "处理结果", "答复") },
	{ "answered_on", "答复时间", FIELD_DATE, 0, 0, 0,
	  NAMES("答复时间", "答复日期", "办结时间", "办结日期") },
	{ "rating", "满意度", FIELD_TEXT, 0, 0, 20,
	  NAMES("满意度", "评价", "满意度评价", "企业评价") },
	/* What a full 12345 export adds: co-units, a transfer, an extension, supervision. */
	{ "co_units", "协办单位", FIELD_TEXT, 0, 0, 400,
	  NAMES("协办单位", "配合单位", "协助单位", "会办单位") },
	{ "transfer_unit", "转办单位", FIELD_TEXT, 0, 0, 100,
	  NAMES("转办单位", "转派单位", "改派单位", "转办至", "转交单位") },
	{ "transfer_reason", "转办原因", FIELD_TEXT, 0, 0, 2000,
	  NAMES("转办原因", "转派原因", "改派原因", "转办理由", "转办说明") },
	{ "extension", "延期", FIELD_BOOL, 0, 0, 0, NAMES("延期", "是否延期", "申请延期") },
	{ "extended_to", "延期至", FIELD_DATE, 0, 0, 0,
	  NAMES("延期至", "延期到", "延期截止", "延期截止时间", "延期截止日期", "延期后时限") },
	{ "extension_days", "延期天数", FIELD_COUNT, 0, 0, 0,
	  NAMES("延期天数", "延期工作日", "延期时长", "延期工作日数") },
	{ "extension_reason", "延期原因", FIELD_TEXT, 0, 0, 2000,
	  NAMES("延期原因", "延期理由", "延期说明") },
	{ "supervised", "督办", FIELD_BOOL, 0, 0, 0, NAMES("督办", "是否督办") },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	const struct import_field *fields;
	size_t n;
} kinds[IMPORT_KIND__MAX] = {
	[IMPORT_ENTERPRISES] = { "enterprises", enterprise_fields, COUNT(enterprise_fields) },
	[IMPORT_PROJECTS] = { "projects", project_fields, COUNT(project_fields) },
	[IMPORT_APPEALS] = { "appeals", appeal_fields, COUNT(appeal_fields) },
};

_Static_assert(COUNT(project_fields) <= 64, "struct header's field_col holds 64 fields");

int import_kind_parse(const char *s)
{
	for (int k = 0; k < IMPORT_KIND__MAX; k++)
		if (strcmp(s, kinds[k].name) == 0)
			return k;
	return -1;
}

const char *import_kind_name(enum import_kind k)
{
	return (unsigned)k < IMPORT_KIND__MAX ? kinds[k].name : "?";
}

const struct import_field *import_fields(enum import_kind k, size_t *n)
{
	*n = kinds[k].n;
	return kinds[k].fields;
}

int import_field_find(enum import_kind k, const char *code)
{
	for (size_t i = 0; i < kinds[k].n; i++)
		if (strcmp(kinds[k].fields[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* Traditional characters seen in ledger headers, each followed by its simplified form.
 * A header is short and read once, so a scan of this string is enough; the search index
 * uses OpenCC for free text. */
static const char trad_simp[] =
	"項项稱称總总資资簽签約约時时間间屬属產产業业鏈链統统會会碼码單单額额計计劃划號号"
	"類类達达開开點点聯联繫系電电話话證证稅税畝亩萬万億亿題题訴诉內内請请務务員员區区"
	"辦办責责導导級级況况態态進进場场設设標标圖图際际實实權权門门數数規规積积舉举書书"
	"預预際际營营準准規规與与體体訊讯貨货創创擔担範范際际層层歸归檔档協协轉转";

static unsigned decode(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned cp;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0 && p[1]) {
		*s = p + 2;
		return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
	}
	if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2]) {
		*s = p + 3;
		return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
	}
	if ((p[0] & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
		*s = p + 4;
		cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
		     (p[3] & 0x3Fu);
		return cp;
	}
	*s = p + 1;
	return 0xFFFD;
}

static size_t encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static unsigned simplify(unsigned cp)
{
	const unsigned char *p = (const unsigned char *)trad_simp;

	if (cp < 0x4E00)
		return cp;
	while (*p) {
		unsigned t = decode(&p), s = decode(&p);

		if (t == cp)
			return s;
	}
	return cp;
}

/* Fold one code point: -1 drops it. */
static long fold(unsigned cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp = cp - 0xFF01 + 0x21;
	switch (cp) {
	case ' ': case '\t': case '\r': case '\n': case 0x3000: case 0xA0:
	case '*': case ':': case 0x200B: case 0xFEFF:
		return -1;
	case 0x3010: case 0x3014: case '[': case '{': case '<': case 0x300A:
		return '(';
	case 0x3011: case 0x3015: case ']': case '}': case '>': case 0x300B:
		return ')';
	}
	if (cp >= 'A' && cp <= 'Z')
		return (long)(cp - 'A' + 'a');
	return (long)simplify(cp);
}

void header_normalise(const char *text, char *name, char *unit, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t nw = 0, uw = 0;
	int depth = 0, got_unit = 0;
	char ubuf[128];
	size_t ulen = 0;

	if (size == 0)
		return;
	while (*s) {
		long c = fold(decode(&s));
		char enc[4];
		size_t n;

		if (c < 0)
			continue;
		if (c == '(') {
			if (depth++ == 0)
				ulen = 0;
			continue;
		}
		if (c == ')' && depth > 0) {
			if (--depth == 0 && !got_unit && ulen > 0) {
				/* The first bracketed part is the unit: 总投资（万元）. */
				memcpy(unit, ubuf, ulen < size ? ulen : size - 1);
				uw = ulen < size ? ulen : size - 1;
				got_unit = 1;
			}
			continue;
		}
		n = encode((unsigned)c, enc);
		if (depth > 0) {
			if (ulen + n < sizeof(ubuf)) {
				memcpy(ubuf + ulen, enc, n);
				ulen += n;
			}
		} else if (nw + n < size) {
			memcpy(name + nw, enc, n);
			nw += n;
		}
	}
	name[nw] = '\0';
	unit[uw] = '\0';
	/* 总投资/万元 */
	{
		char *slash = strrchr(name, '/');
		struct value_unit u;

		if (slash && !got_unit && value_unit_parse(slash + 1, &u) == 0) {
			snprintf(unit, size, "%s", slash + 1);
			*slash = '\0';
		}
	}
}

static int match_exact(enum import_kind k, const char *name)
{
	for (size_t i = 0; i < kinds[k].n; i++)
		for (const char *const *s = kinds[k].fields[i].names; *s; s++)
			if (strcmp(*s, name) == 0)
				return (int)i;
	return -1;
}

/* The field a normalised name means; a unit written straight after the name (总投资万元)
 * moves to unit when unit is empty. */
static int match_name(enum import_kind k, char *name, char *unit, size_t size)
{
	static const char *const suffixes[] = { "万美元", "亿美元", "美元", "万元", "亿元", "元",
						"亩", "人" };
	int f = match_exact(k, name);

	if (f >= 0 || unit[0])
		return f;
	for (size_t i = 0; i < COUNT(suffixes); i++) {
		size_t len = strlen(name), sl = strlen(suffixes[i]);

		if (len > sl && strcmp(name + len - sl, suffixes[i]) == 0) {
			char base[256];

			snprintf(base, sizeof(base), "%.*s", (int)(len - sl), name);
			f = match_exact(k, base);
			if (f >= 0) {
				snprintf(unit, size, "%s", suffixes[i]);
				snprintf(name, size, "%s", base);
				return f;
			}
		}
	}
	return -1;
}

/* Look the header up in the mapping: 1 and *field (-1 to ignore) when it is there, 0 when
 * not, -2 when it names an unknown field. */
static int match_map(enum import_kind k, const char *name, const char *unit,
		     const struct header_map *map, size_t nmap, int *field)
{
	for (size_t i = 0; i < nmap; i++) {
		char mn[256], mu[256];

		header_normalise(map[i].header, mn, mu, sizeof(mn));
		if (strcmp(mn, name) != 0 || (mu[0] && strcmp(mu, unit) != 0))
			continue;
		if (!map[i].field || !map[i].field[0]) {
			*field = -1;
			return 1;
		}
		*field = import_field_find(k, map[i].field);
		return *field >= 0 ? 1 : -2;
	}
	return 0;
}

/* The field of one header cell (-1 none), with its unit text. */
static int cell_field(enum import_kind k, const struct cell *c, const struct header_map *map,
		      size_t nmap, char *unit, size_t size, int *mapped)
{
	char name[256], text[256];
	int f;

	*mapped = 0;
	unit[0] = '\0';
	if (c->kind != CELL_TEXT)
		return -1;
	snprintf(text, sizeof(text), "%s", c->text);
	header_normalise(text, name, unit, size < sizeof(name) ? size : sizeof(name));
	if (!name[0])
		return -1;
	*mapped = match_map(k, name, unit, map, nmap, &f);
	if (*mapped == 1)
		return f;
	if (*mapped == -2)
		return -1;
	return match_name(k, name, unit, size);
}

size_t header_score(enum import_kind k, const struct table_row *row,
		    const struct header_map *map, size_t nmap, size_t *nonempty)
{
	size_t score = 0, ne = 0;

	for (size_t i = 0; i < row->ncells; i++) {
		char unit[256];
		int mapped;

		if (row->cells[i].kind == CELL_EMPTY)
			continue;
		ne++;
		if (cell_field(k, &row->cells[i], map, nmap, unit, sizeof(unit), &mapped) >= 0 ||
		    mapped == 1)
			score++;
	}
	if (nonempty)
		*nonempty = ne;
	return score;
}

size_t header_build(struct header *h, enum import_kind k, const struct table_row *row,
		    const struct header_map *map, size_t nmap, struct import_problems *probs)
{
	size_t nfields = kinds[k].n, errors = 0;

	memset(h, 0, sizeof(*h));
	h->kind = k;
	h->line = row->line;
	for (size_t f = 0; f < COUNT(h->field_col); f++)
		h->field_col[f] = -1;
	h->ncols = row->ncells < HEADER_MAX_COLS ? row->ncells : HEADER_MAX_COLS;
	for (size_t i = 0; i < h->ncols; i++) {
		struct header_col *col = &h->cols[i];
		const struct cell *c = &row->cells[i];
		char unit[256];
		int mapped, f;

		col->field = -1;
		snprintf(col->text, sizeof(col->text), "%s", c->text);
		value_trim(col->text);
		if (c->kind == CELL_EMPTY)
			continue;
		f = cell_field(k, c, map, nmap, unit, sizeof(unit), &mapped);
		if (mapped == -2) {
			import_problem_add(probs, row->line, (long)i, col->text, IMP_UNKNOWN_COLUMN,
					   "映射中为“%s”指定的字段不存在，该列被忽略", col->text);
			continue;
		}
		if (f < 0) {
			if (!mapped)
				import_problem_add(probs, row->line, (long)i, col->text,
						   IMP_UNKNOWN_COLUMN, "无法识别的列“%s”，该列被忽略",
						   col->text);
			continue;
		}
		if (h->field_col[f] >= 0) {
			char first[4];

			table_col_name((size_t)h->field_col[f], first, sizeof(first));
			import_problem_add(probs, row->line, (long)i, col->text, IMP_DUPLICATE_COLUMN,
					   "“%s”与 %s 列重复，都对应“%s”，只读取 %s 列", col->text,
					   first, kinds[k].fields[f].label, first);
			continue;
		}
		if (unit[0])
			value_unit_parse(unit, &col->unit);
		col->field = f;
		h->field_col[f] = (int)i;
	}
	for (size_t f = 0; f < nfields; f++) {
		if (kinds[k].fields[f].required && h->field_col[f] < 0) {
			import_problem_add(probs, row->line, -1, NULL, IMP_MISSING_COLUMN,
					   "缺少必填列“%s”", kinds[k].fields[f].label);
			errors++;
		}
	}
	return errors;
}
