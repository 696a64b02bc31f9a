#define BOOST_TEST_MODULE text
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using namespace govindex;

namespace {

// "Hà Nội": à = U+00E0, ộ = U+1ED9 (NFC); à = a U+0300, ộ = o U+0323 U+0302 (NFD, canonical order).
const std::string ha_noi_nfc = "H\xC3\xA0 N\xE1\xBB\x99i";
const std::string ha_noi_nfd = "Ha\xCC\x80 No\xCC\xA3\xCC\x82i";

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

// --- find_invalid_utf8 ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(valid_text_has_no_invalid_byte) {
    BOOST_TEST(!find_invalid_utf8("").has_value());
    BOOST_TEST(!find_invalid_utf8("plain ASCII, 123").has_value());
    BOOST_TEST(!find_invalid_utf8(ha_noi_nfc).has_value());
    BOOST_TEST(!find_invalid_utf8(ha_noi_nfd).has_value());
    BOOST_TEST(!find_invalid_utf8("\xF0\x9F\x98\x80").has_value());  // U+1F600, 4 bytes
}

BOOST_AUTO_TEST_CASE(invalid_byte_offset_is_reported) {
    BOOST_TEST(find_invalid_utf8("\xff\xfe").value() == 0u);
    BOOST_TEST(find_invalid_utf8("ab\xff").value() == 2u);
    // The offset counts bytes, not characters: "Hà" is 3 bytes.
    BOOST_TEST(find_invalid_utf8("H\xC3\xA0\xFE x").value() == 3u);
}

BOOST_AUTO_TEST_CASE(malformed_sequences_are_invalid) {
    BOOST_TEST(find_invalid_utf8("a\xC3").value() == 1u);             // truncated 2-byte sequence
    BOOST_TEST(find_invalid_utf8("a\xE1\xBB").value() == 1u);         // truncated 3-byte sequence
    BOOST_TEST(find_invalid_utf8("\x80").value() == 0u);              // lone continuation byte
    BOOST_TEST(find_invalid_utf8("x\xC0\x80").value() == 1u);         // overlong encoding of U+0000
    BOOST_TEST(find_invalid_utf8("xy\xED\xA0\x80").value() == 2u);    // UTF-16 surrogate U+D800
    BOOST_TEST(find_invalid_utf8("\xF4\x90\x80\x80").value() == 0u);  // above U+10FFFF
}

// --- to_nfc -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nfd_becomes_nfc_bytes) {
    BOOST_REQUIRE(ha_noi_nfd != ha_noi_nfc);
    const std::string out = to_nfc(ha_noi_nfd);
    BOOST_TEST(out == ha_noi_nfc);
    BOOST_TEST(out.size() == 9u);  // H(1) à(2) space(1) N(1) ộ(3) i(1)
}

BOOST_AUTO_TEST_CASE(nfc_is_unchanged_and_diacritics_preserved) {
    BOOST_TEST(to_nfc(ha_noi_nfc) == ha_noi_nfc);
    // NFC is not a stripping of accents: the composed letters stay.
    BOOST_TEST(to_nfc(ha_noi_nfd) != "Ha Noi");
    BOOST_TEST(contains(to_nfc(ha_noi_nfd), "\xC3\xA0"));      // à
    BOOST_TEST(contains(to_nfc(ha_noi_nfd), "\xE1\xBB\x99"));  // ộ
    BOOST_TEST(to_nfc("C\xC3\xB4te d'Ivoire") == "C\xC3\xB4te d'Ivoire");
}

BOOST_AUTO_TEST_CASE(non_canonical_mark_order_is_reordered) {
    // o + circumflex + dot below (non-canonical order) composes to the same ộ.
    BOOST_TEST(to_nfc("o\xCC\x82\xCC\xA3") == "\xE1\xBB\x99");
}

BOOST_AUTO_TEST_CASE(ascii_passes_through) {
    BOOST_TEST(to_nfc("") == "");
    BOOST_TEST(to_nfc("LPI, Flights") == "LPI, Flights");
}

BOOST_AUTO_TEST_CASE(to_nfc_rejects_invalid_utf8) {
    BOOST_CHECK_EXCEPTION((void)to_nfc("Ha\xff\xfe"), InputError, [](const InputError& e) {
        const std::string m = e.what();
        return contains(m, "invalid UTF-8") && contains(m, "byte 2") && contains(m, "expected UTF-8");
    });
}

// --- same_text ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(same_text_compares_after_nfc) {
    BOOST_TEST(same_text(ha_noi_nfd, ha_noi_nfc));
    BOOST_TEST(same_text(ha_noi_nfc, ha_noi_nfd));
    BOOST_TEST(same_text("abc", "abc"));
    BOOST_TEST(!same_text(ha_noi_nfc, "Ha Noi"));
    BOOST_TEST(!same_text(ha_noi_nfd, "Ha Noi"));
    BOOST_TEST(!same_text("abc", "abd"));
    BOOST_TEST(!same_text("abc", "ABC"));
}

// --- located ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(located_full) {
    BOOST_TEST(located({"data/iMeta.csv", 7}, "Weight", "expected a number") ==
               "data/iMeta.csv line 7, column \"Weight\": expected a number");
}

BOOST_AUTO_TEST_CASE(located_dataframe_says_row) {
    BOOST_TEST(located({"DataFrame", 3}, "uCode", "duplicate") == "DataFrame row 3, column \"uCode\": duplicate");
}

BOOST_AUTO_TEST_CASE(located_partial) {
    BOOST_TEST(located({"f.csv", 0}, "Type", "x") == "f.csv, column \"Type\": x");
    BOOST_TEST(located({"f.csv", 2}, "", "x") == "f.csv line 2: x");
    BOOST_TEST(located({"", 0}, "", "x") == "input: x");
    BOOST_TEST(located({}, "C", "x") == "input, column \"C\": x");
    BOOST_TEST(located({"", 4}, "", "x") == "input line 4: x");
}
