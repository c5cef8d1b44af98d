/* opencc-keys.cpp - witnesses of the keys of an OpenCC conversion chain, read through
 * OpenCC's C++ API (the only C++ in Guanlan: the C API has no way to list keys). */
#include "opencc-keys.h"

#include <string>
#include <unordered_set>
#include <vector>

#include <Config.hpp>
#include <Conversion.hpp>
#include <ConversionChain.hpp>
#include <Converter.hpp>
#include <Dict.hpp>
#include <DictEntry.hpp>
#include <Lexicon.hpp>

/* The code points of a UTF-8 string; false when it is not valid UTF-8. */
static bool decode(const std::string &s, std::vector<uint32_t> &cps)
{
	const unsigned char *p = reinterpret_cast<const unsigned char *>(s.data());
	size_t n = s.size(), i = 0;

	cps.clear();
	while (i < n) {
		size_t len = p[i] < 0x80 ? 1 : (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3
			   : (p[i] & 0xF8) == 0xF0 ? 4 : 0;
		uint32_t cp;

		if (len == 0 || i + len > n)
			return false;
		cp = len == 1 ? p[i] : p[i] & (0x7F >> len);
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		cps.push_back(cp);
		i += len;
	}
	return true;
}

extern "C" long opencc_key_witnesses(const char *path, void (*mark)(void *arg, uint32_t cp),
				     void *arg)
{
	/* Exceptions must not cross into C. */
	try {
		opencc::Config config;
		opencc::ConverterPtr conv = config.NewFromFile(path);
		std::vector<opencc::LexiconPtr> lexicons;
		std::unordered_set<uint32_t> changed; /* single characters that convert */
		std::vector<uint32_t> key, value;
		long n = 0;

		for (const opencc::ConversionPtr &c : conv->GetConversionChain()->GetConversions())
			lexicons.push_back(c->GetDict()->GetLexicon());
		for (const opencc::LexiconPtr &lex : lexicons)
			for (const auto &entry : *lex) {
				if (!decode(entry->Key(), key) || !decode(entry->GetDefault(), value))
					return -1;
				if (key.size() == 1 && key != value)
					changed.insert(key[0]);
			}
		for (const opencc::LexiconPtr &lex : lexicons)
			for (const auto &entry : *lex) {
				uint32_t witness = 0;

				decode(entry->Key(), key);
				decode(entry->GetDefault(), value);
				if (key.empty())
					return -1;
				if (key == value)
					continue;
				for (uint32_t cp : key)
					if (changed.count(cp)) {
						witness = cp;
						break;
					}
				for (size_t i = 0; !witness && i < key.size(); i++)
					if (i >= value.size() || key[i] != value[i])
						witness = key[i];
				mark(arg, witness ? witness : key[0]);
				n++;
			}
		return n;
	} catch (...) {
		return -1;
	}
}
