/* workday.c - working days from the official holiday schedule. */
#include "workday.h"

static bool contains(const int64_t *v, size_t n, int64_t day)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] == day)
			return true;
		if (v[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool workday_covers(const struct calendar *c, int year)
{
	for (size_t i = 0; i < c->nyears; i++)
		if (c->years[i] == year)
			return true;
	return false;
}

/* The same question for a day number, which is what the loops below walk. */
static bool is_working(const struct calendar *c, int64_t day, bool *fallback)
{
	struct ymd d = date_from_days(day);
	bool weekday = date_weekday(d) < 5;

	if (!workday_covers(c, d.y)) {
		if (fallback)
			*fallback = true;
		return weekday;
	}
	if (weekday)
		return !contains(c->holidays, c->nholidays, day);
	return contains(c->workdays, c->nworkdays, day);
}

bool workday_is(const struct calendar *c, struct ymd d, bool *fallback)
{
	return is_working(c, date_to_days(d), fallback);
}

struct ymd workday_add(const struct calendar *c, struct ymd d, int n, bool *fallback)
{
	int64_t day = date_to_days(d);

	/* The longest official break is 8 days, so this walks at most about n * 7 / 5 + 8. */
	while (n > 0)
		if (is_working(c, ++day, fallback))
			n--;
	return date_from_days(day);
}

int workday_between(const struct calendar *c, struct ymd a, struct ymd b, bool *fallback)
{
	int64_t from = date_to_days(a), to = date_to_days(b);
	int n = 0;

	for (int64_t day = from + 1; day <= to; day++)
		if (is_working(c, day, fallback))
			n++;
	return n;
}
