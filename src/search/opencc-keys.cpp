/* opencc-keys.cpp - the first code point of every key of an OpenCC conversion chain, read
 * through OpenCC's C++ API (the only C++ in Guanlan: the C API has no way to list keys). */
#include "opencc-keys.h"

#include <exception>
#include <string>

#include <Config.hpp>
#include <Conversion.hpp>
#include <ConversionChain.hpp>
#include <Converter.hpp>
#include <Dict.hpp>
#include <DictEntry.hpp>
#include <Lexicon.hpp>

/* The first code point of a UTF-8 key; 0 for a key that is empty or not valid UTF-8 (the
 * caller then has to assume the worst). */
static uint32_t first_cp(const std::string &key)
{
	const unsigned char *p = reinterpret_cast<const unsigned char *>(key.data());
	size_t n = key.size();

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return p[0];
	if ((p[0] & 0xE0) == 0xC0 && n >= 2)
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	if ((p[0] & 0xF0) == 0xE0 && n >= 3)
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	if ((p[0] & 0xF8) == 0xF0 && n >= 4)
		return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	return 0;
}

extern "C" long opencc_key_starts(const char *path, void (*mark)(void *arg, uint32_t cp),
				  void *arg)
{
	/* Exceptions must not cross into C. */
	try {
		opencc::Config config;
		opencc::ConverterPtr conv = config.NewFromFile(path);
		long n = 0;

		for (const opencc::ConversionPtr &c : conv->GetConversionChain()->GetConversions()) {
			opencc::LexiconPtr lex = c->GetDict()->GetLexicon();

			for (const auto &entry : *lex) {
				uint32_t cp = first_cp(entry->Key());

				if (cp == 0)
					return -1;
				mark(arg, cp);
				n++;
			}
		}
		return n;
	} catch (const std::exception &) {
		return -1;
	} catch (...) {
		return -1;
	}
}
