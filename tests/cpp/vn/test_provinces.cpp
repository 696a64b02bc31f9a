#define BOOST_TEST_MODULE provinces
#include <boost/test/unit_test.hpp>

#include <functional>

#include <govindex/vn/provinces.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::vn;

namespace {

const std::filesystem::path shipped = std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "vn";

const ProvinceRegistry& registry() {
    static const ProvinceRegistry r =
        read_provinces(testing::vn_dir() / "provinces.csv", shipped / "province_aliases.csv");
    return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

const std::string header = "province_code,name_vi,name_ascii,type,region_code,region_vi,region_en\n";
const std::string ha_noi_row =
    "01,Hà Nội,Ha Noi,thành phố trực thuộc trung ương,DBSH,Đồng bằng sông Hồng,Red River Delta\n";
const std::string ben_tre_row = "83,Bến Tre,Ben Tre,tỉnh,DBSCL,Đồng bằng sông Cửu Long,Mekong River Delta\n";

ProvinceRegistry from_text(const std::string& provinces, const std::string& aliases = "") {
    const CsvTable p = parse_csv(provinces, "provinces.csv");
    if (aliases.empty()) return provinces_from_tables(p, nullptr);
    const CsvTable a = parse_csv(aliases, "aliases.csv");
    return provinces_from_tables(p, &a);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sixty_three_provinces_in_six_regions) {
    const auto& r = registry();
    BOOST_TEST(r.provinces().size() == 63u);
    BOOST_TEST(r.regions().size() == 6u);
    std::map<std::string, int> count;
    for (const auto& p : r.provinces()) ++count[p.region_code];
    // provinces.csv: 11 DBSH, 14 TDMNPB, 14 BTB_DHMT, 5 TN, 6 DNB, 13 DBSCL (= 63)
    BOOST_TEST(count["DBSH"] == 11);
    BOOST_TEST(count["TDMNPB"] == 14);
    BOOST_TEST(count["BTB_DHMT"] == 14);
    BOOST_TEST(count["TN"] == 5);
    BOOST_TEST(count["DNB"] == 6);
    BOOST_TEST(count["DBSCL"] == 13);
    BOOST_TEST(r.region("DBSCL").name_vi == "Đồng bằng sông Cửu Long");
    BOOST_TEST(r.region("Tây Nguyên").code == "TN");
    BOOST_TEST(r.region("south east").code == "DNB");
    BOOST_CHECK_THROW((void)r.region("Mekong"), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(every_name_ascii_name_and_papi_spelling_resolves_to_its_code) {
    const auto& r = registry();
    const auto t = read_csv(testing::vn_dir() / "provinces.csv");
    BOOST_REQUIRE(t.rows.size() == 63u);
    for (const auto& row : t.rows) {
        const std::string& code = row[0];
        for (const std::size_t c : {1u, 2u, 7u, 8u}) {  // name_vi, name_ascii, papi_name_en, papi_name_vi
            BOOST_TEST_CONTEXT(t.header[c] << " \"" << row[c] << "\"") {
                BOOST_TEST(r.province(row[c]).code == code);
                BOOST_TEST(r.find_code(row[c]).value_or("?") == code);
            }
        }
        BOOST_TEST(r.province(code).code == code);
    }
    BOOST_TEST(!r.find_code("7").has_value());
    BOOST_TEST(r.province("1").code == "01");
}

BOOST_AUTO_TEST_CASE(nfd_input_and_case_resolve) {
    const auto& r = registry();
    BOOST_TEST(r.province("Ha\xCC\x80 No\xCC\xA3\xCC\x82i").code == "01");                     // Hà Nội, NFD
    BOOST_TEST(r.province("Be\xCC\x82\xCC\x81n Tre").code == "83");                            // Bến Tre, NFD
    BOOST_TEST(r.province("\xC4\x90\x61\xCC\x86\xCC\x81k La\xCC\x86\xCC\x81k").code == "66");  // Đắk Lắk, NFD
    BOOST_TEST(r.province("Thu\xCC\x9B\xCC\x80\x61 Thie\xCC\x82n Hue\xCC\x82\xCC\x81").code == "46");  // Thừa Thiên Huế
    BOOST_TEST(r.province("BẾN TRE").code == "83");
    BOOST_TEST(r.province("  bến   tre ").code == "83");
}

BOOST_AUTO_TEST_CASE(aliases_and_prefixes_resolve) {
    const auto& r = registry();
    for (const char* s : {"TT-Huế", "TT Huế", "TT-Hue", "Thừa Thiên Huế", "Thừa Thiên-Huế", "Thua Thien-Hue", "Huế"})
        BOOST_TEST(r.province(s).code == "46", s);
    for (const char* s :
         {"BRVT", "BR-VT", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Ba Ria-Vung Tau", "Tỉnh Bà Rịa - Vũng Tàu"})
        BOOST_TEST(r.province(s).code == "77", s);
    for (const char* s : {"TP.HCM", "TP HCM", "TPHCM", "HCMC", "Hồ Chí Minh", "Ho Chi Minh City", "TP. Hồ Chí Minh",
                          "Thành phố Hồ Chí Minh", "Sài Gòn", "Saigon"})
        BOOST_TEST(r.province(s).code == "79", s);
    for (const char* s : {"Hà Nội", "Ha Noi", "Hanoi", "HANOI", "TP. Hà Nội", "Thành phố Hà Nội"})
        BOOST_TEST(r.province(s).code == "01", s);
    for (const char* s : {"Thanh Hoá", "Thanh Hóa", "Thanh Hoa", "Tỉnh Thanh Hóa"})
        BOOST_TEST(r.province(s).code == "38", s);
    for (const char* s : {"Đắk Lắk", "Đăk Lăk", "Dak Lak", "Daklak"}) BOOST_TEST(r.province(s).code == "66", s);
    BOOST_TEST(r.province("Kontum").code == "62");
    // mistyped diacritics fall back to the (unique) ASCII key
    BOOST_TEST(r.province("Hà Nọi").code == "01");
    const auto& tt = r.province("46");
    BOOST_TEST(tt.name_vi == "Thừa Thiên Huế");
    BOOST_TEST((std::find(tt.aliases.begin(), tt.aliases.end(), "TT-Huế") != tt.aliases.end()));
    BOOST_TEST(
        (std::find(tt.aliases.begin(), tt.aliases.end(), "Thừa Thiên-Huế") != tt.aliases.end()));  // PAPI spelling
}

BOOST_AUTO_TEST_CASE(a_misspelling_lists_the_nearest_names) {
    const auto& r = registry();
    BOOST_CHECK_THROW((void)r.province("Ben Tree"), UnknownCodeError);
    const std::string msg = error_of([&] { (void)r.province("Ben Tree"); });
    BOOST_TEST(contains(msg, "no province \"Ben Tree\""), msg);
    BOOST_TEST(contains(msg, "nearest: Bến Tre (83)"), msg);  // distance 1, listed first
    BOOST_TEST(r.nearest("Quang Nin").front() == "22");
    BOOST_TEST(r.nearest("Quang Nin").size() == 3u);
    // "Quang Nin" is 1 edit from Quảng Ninh and 2 from Quảng Nam / Quảng Bình
    const auto near = r.nearest("Quang Nin");
    BOOST_TEST((near == std::vector<std::string>{"22", "44", "49"}));
    BOOST_TEST(!r.find_code("Atlantis").has_value());
    const std::string many = error_of([&] { (void)r.codes({"Hà Nội", "Bến Tree", "BRVT", "Dong Thapp"}); });
    BOOST_TEST(contains(many, "item 2 \"Bến Tree\" (nearest: Bến Tre)"), many);
    BOOST_TEST(contains(many, "item 4 \"Dong Thapp\" (nearest: Đồng Tháp)"), many);
    BOOST_TEST((r.codes({"Hà Nội", "BRVT", "TP.HCM"}) == std::vector<std::string>{"01", "77", "79"}));
}

BOOST_AUTO_TEST_CASE(keys_and_edit_distance) {
    BOOST_TEST(province_key("TT - Huế") == "tthuế");
    BOOST_TEST(province_ascii_key("Thừa Thiên-Huế") == "thuathienhue");
    BOOST_TEST(province_ascii_key("ĐỒNG THÁP") == "dongthap");
    BOOST_TEST(province_key("Bà Rịa\xE2\x80\x93Vũng Tàu") == province_key("Bà Rịa - Vũng Tàu"));  // en dash
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(edit_distance("", "abc") == 3u);
    BOOST_TEST(edit_distance("bentre", "bentre") == 0u);
}

BOOST_AUTO_TEST_CASE(the_data_files_name_provinces_the_registry_knows) {
    const auto& r = registry();
    const auto dir = testing::vn_dir();
    std::size_t checked = 0;
    for (const auto& name : {"papi_2015.csv", "papi_2018.csv", "papi_2020.csv", "papi_2024.csv", "pci_2019_partial.csv",
                             "pci_2021_partial.csv", "headline_points.csv"}) {
        const auto t = read_csv(dir / name);
        const auto pc =
            static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "province") - t.header.begin());
        const auto cc =
            static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "province_code") - t.header.begin());
        const auto sl =
            static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "source_label") - t.header.begin());
        for (const auto& row : t.rows) {
            BOOST_TEST(r.province(row[pc]).code == row[cc], name << ": " << row[pc]);
            if (sl < row.size()) BOOST_TEST(r.province(row[sl]).code == row[cc], name << ": " << row[sl]);
            ++checked;
        }
    }
    BOOST_TEST(checked == 63u * 4 + 23 + 21 + 48);
}

// --- bad files --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_small_file_reads) {
    const auto r = from_text(header + ha_noi_row + ben_tre_row, "province_code,alias\n83,Xứ Dừa\n");
    BOOST_TEST(r.provinces().size() == 2u);
    BOOST_TEST(r.province("xu dua").code == "83");
    BOOST_TEST(r.province("Bến Tre").aliases == std::vector<std::string>{"Xứ Dừa"});
}

BOOST_AUTO_TEST_CASE(duplicate_code_is_located) {
    const std::string msg = error_of([&] { (void)from_text(header + ha_noi_row + ben_tre_row + ha_noi_row); });
    BOOST_TEST(contains(msg, "provinces.csv line 4, column \"province_code\": duplicate code \"01\" (first on line 2)"),
               msg);
    BOOST_CHECK_THROW((void)from_text(header + ha_noi_row + ha_noi_row), InputError);
}

BOOST_AUTO_TEST_CASE(missing_column_is_located) {
    const std::string bad = "province_code,name_vi,name_ascii,type,region_vi,region_en\n01,Hà Nội,Ha Noi,tỉnh,x,y\n";
    const std::string msg = error_of([&] { (void)from_text(bad); });
    BOOST_TEST(contains(msg, "provinces.csv line 1, column \"region_code\": missing column"), msg);
}

BOOST_AUTO_TEST_CASE(unknown_region_and_wrong_region_name_are_located) {
    const std::string bad =
        header + ha_noi_row + "83,Bến Tre,Ben Tre,tỉnh,MEKONG,Đồng bằng sông Cửu Long,Mekong River Delta\n";
    const std::string msg = error_of([&] { (void)from_text(bad); });
    BOOST_TEST(
        contains(msg, "provinces.csv line 3, column \"region_code\": unknown region \"MEKONG\"; expected one of DBSH"),
        msg);
    const std::string bad2 = header + "83,Bến Tre,Ben Tre,tỉnh,DBSCL,Đồng bằng sông Hồng,Mekong River Delta\n";
    const std::string msg2 = error_of([&] { (void)from_text(bad2); });
    BOOST_TEST(contains(msg2, "line 2, column \"region_vi\": expected \"Đồng bằng sông Cửu Long\" for region DBSCL"),
               msg2);
}

BOOST_AUTO_TEST_CASE(other_bad_cells_are_located) {
    const auto msg_of = [&](const std::string& row) { return error_of([&] { (void)from_text(header + row); }); };
    BOOST_TEST(contains(msg_of("1,Hà Nội,Ha Noi,tỉnh,DBSH,Đồng bằng sông Hồng,Red River Delta\n"),
                        "line 2, column \"province_code\": expected a 2-digit GSO code such as \"01\", found \"1\""));
    BOOST_TEST(contains(msg_of("01,,Ha Noi,tỉnh,DBSH,Đồng bằng sông Hồng,Red River Delta\n"),
                        "line 2, column \"name_vi\": empty cell"));
    BOOST_TEST(contains(msg_of("01,Hà Nội,Hà Nội,tỉnh,DBSH,Đồng bằng sông Hồng,Red River Delta\n"),
                        "line 2, column \"name_ascii\": expected ASCII letters only"));
    BOOST_TEST(contains(msg_of("01,Hà Nội,Ha Noi,huyện,DBSH,Đồng bằng sông Hồng,Red River Delta\n"),
                        "line 2, column \"type\": expected \"tỉnh\" or"));
    // the same name twice
    const std::string twice = error_of([&] {
        (void)from_text(header + ha_noi_row + "02,Hà Nội,Ha Noi 2,tỉnh,DBSH,Đồng bằng sông Hồng,Red River Delta\n");
    });
    BOOST_TEST(contains(twice, "line 3, column \"name_vi\": \"Hà Nội\" already names Hà Nội (01)"), twice);
}

BOOST_AUTO_TEST_CASE(bad_aliases_are_located) {
    const std::string unknown = error_of(
        [&] { (void)from_text(header + ha_noi_row + ben_tre_row, "province_code,alias\n83,Xứ Dừa\n99,Atlantis\n"); });
    BOOST_TEST(contains(unknown, "aliases.csv line 3, column \"province_code\": unknown province code \"99\""),
               unknown);
    const std::string clash =
        error_of([&] { (void)from_text(header + ha_noi_row + ben_tre_row, "province_code,alias\n83,Hà-Nội\n"); });
    BOOST_TEST(contains(clash, "aliases.csv line 2, column \"alias\": \"Hà-Nội\" already names Hà Nội (01)"), clash);
    const std::string missing = error_of([&] { (void)from_text(header + ha_noi_row, "code,alias\n01,HN\n"); });
    BOOST_TEST(contains(missing, "aliases.csv line 1, column \"province_code\": missing column"), missing);
}

BOOST_AUTO_TEST_CASE(an_ascii_key_shared_by_two_provinces_is_ambiguous) {
    // Two invented names that differ only in diacritics: each resolves with diacritics, ASCII is ambiguous.
    const auto r = from_text(header +
                             "01,Hà Nam,Ha Nam A,tỉnh,DBSH,Đồng bằng sông Hồng,Red River Delta\n"
                             "02,Hạ Nám,Ha Nam B,tỉnh,DBSH,Đồng bằng sông Hồng,Red River Delta\n");
    BOOST_TEST(r.province("Hà Nam").code == "01");
    BOOST_TEST(r.province("Hạ Nám").code == "02");
    const std::string msg = error_of([&] { (void)r.province("Ha Nam"); });
    BOOST_TEST(contains(msg, "is ambiguous; it matches Hà Nam (01), Hạ Nám (02)"), msg);
}
