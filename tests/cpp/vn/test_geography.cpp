#define BOOST_TEST_MODULE geography
// The 2025 geography (vn/geography.hpp): the shipped mapping of the 63 provinces onto 34 units,
// malformed tables located by line and column, unit look-up, and the merger framework run with
// Aggregate(ArithmeticMean) giving a merged unit's weighted mean.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include <govindex/vn/geography.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::vn;
using govindex::testing::message_has;
using govindex::testing::TempFile;

namespace {

const std::filesystem::path data_dir = std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data";

const ProvinceRegistry& registry() {
    static const ProvinceRegistry r =
        read_provinces(testing::vn_dir() / "provinces.csv", testing::vn_dir() / "province_aliases.csv");
    return r;
}

const Merger2025& merger() {
    static const Merger2025 m = shipped_merger_2025(data_dir);
    return m;
}

std::vector<std::string> shipped_lines() {
    std::ifstream in(data_dir / "vn-admin" / "province_merger_2025.csv", std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The shipped table with lines replaced (1-based line -> text; 1 = header; "" drops the line).
Merger2025 edited(const std::map<long, std::string>& replaced) {
    const auto lines = shipped_lines();
    std::string content;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto it = replaced.find(static_cast<long>(i) + 1);
        const std::string& line = it == replaced.end() ? lines[i] : it->second;
        if (!line.empty()) content += line + "\n";
    }
    const TempFile file("merger.csv", content);
    return read_merger_2025(file.path(), registry());
}

Merger2025 edited(long n, const std::string& text) { return edited(std::map<long, std::string>{{n, text}}); }

// The line (1-based) of the shipped table that starts with `code` + ",".
long line_of(const std::string& code) {
    const auto lines = shipped_lines();
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind(code + ",", 0) == 0) return static_cast<long>(i) + 1;
    return 0;
}

// An InputError at `line` (0: none) and `column` whose message has every part.
auto located_at(long line, const std::string& column, std::vector<std::string> parts) {
    return [=](const InputError& e) {
        BOOST_TEST(e.location().line == line);
        BOOST_TEST(e.location().column == column);
        BOOST_TEST(e.location().source.find("merger.csv") != std::string::npos);
        return message_has<InputError>(parts)(e);
    };
}

ProvinceWeights equal_weights() {
    ProvinceWeights w;
    for (const auto& [code, unit] : merger().unit_codes()) w.emplace_back(code, 1.0);
    return w;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sixty_three_provinces_map_to_thirty_four_units) {
    const auto& m = merger();
    BOOST_TEST(m.unit_codes().size() == 63u);
    BOOST_TEST(m.units().size() == 34u);
    std::map<std::size_t, int> sizes;
    int cities = 0, unchanged = 0;
    for (const auto& u : m.units()) {
        ++sizes[u.members.size()];
        cities += u.type == "thành phố trực thuộc trung ương";
        unchanged += !u.merged;
        BOOST_TEST(u.merged == (u.members.size() > 1));
        BOOST_TEST((std::find(u.members.begin(), u.members.end(), u.code) != u.members.end()));
        for (const auto& member : u.members) BOOST_TEST(m.unit_codes().at(member) == u.code);
    }
    BOOST_TEST(unchanged == 11);
    BOOST_TEST(cities == 6);
    BOOST_TEST((sizes == std::map<std::size_t, int>{{1, 11}, {2, 17}, {3, 6}}));
    BOOST_TEST(std::is_sorted(m.units().begin(), m.units().end(),
                              [](const Unit2025& a, const Unit2025& b) { return a.code < b.code; }));
}

BOOST_AUTO_TEST_CASE(ben_tre_joins_the_new_vinh_long) {
    const Unit2025& u = merger().unit_2025("Bến Tre");
    BOOST_TEST(u.code == "86");
    BOOST_TEST(u.name == "Vĩnh Long");
    BOOST_TEST(u.name_ascii == "Vinh Long");
    BOOST_TEST(u.type == "tỉnh");
    BOOST_TEST(u.merged);
    BOOST_TEST(u.members == (std::vector<std::string>{"83", "84", "86"}), boost::test_tools::per_element());
    for (const char* name : {"83", "Ben Tre", "BẾN TRE", "ben-tre", "Tỉnh Bến Tre"})
        BOOST_TEST(merger().unit_2025(name).code == "86");
    const Unit2025& hue = merger().unit_2025("TT-Huế");
    BOOST_TEST(hue.name == "Huế");
    BOOST_TEST(hue.name_ascii == "Hue");
    BOOST_TEST(hue.code == "46");
    BOOST_TEST(!hue.merged);
    BOOST_TEST(merger().unit_2025("BRVT").name == "Hồ Chí Minh");
    BOOST_TEST(merger().unit_2025("Ha Giang").code == "08");
    BOOST_TEST(merger().unit_2025("Đắk Nông").name_ascii == "Lam Dong");
    BOOST_CHECK_EXCEPTION((void)merger().unit_2025("Ben Tree"), UnknownCodeError,
                          message_has<UnknownCodeError>({"nearest: Bến Tre (83)"}));
}

BOOST_AUTO_TEST_CASE(find_a_unit_by_name_ascii_prefix_or_code) {
    for (const char* name : {"Vĩnh Long", "Vinh Long", "vinh long", "VĨNH LONG", "Vĩnh-Long", "Tỉnh Vĩnh Long", "86",
                             " 86 ", "Vi\xCC\x83nh Long" /* NFD */})
        BOOST_TEST(merger().find_unit_2025(name).code == "86", name);
    BOOST_TEST(merger().find_unit_2025("Thành phố Hồ Chí Minh").code == "79");
    BOOST_TEST(merger().find_unit_2025("TP. Hồ Chí Minh").code == "79");
    BOOST_TEST(merger().find_unit_2025("TP.HCM").code == "79");  // an alias of the province whose name it keeps
    BOOST_TEST(merger().find_unit_2025("Thừa Thiên Huế").name == "Huế");
    BOOST_TEST(merger().find_unit_2025("Hue").code == "46");
    BOOST_TEST(merger().find_unit_2025("Dak Lak").members == (std::vector<std::string>{"54", "66"}),
               boost::test_tools::per_element());
    BOOST_TEST(merger().find_unit_2025("1").name == "Hà Nội");
}

BOOST_AUTO_TEST_CASE(unknown_units_say_what_they_are) {
    BOOST_CHECK_EXCEPTION(
        (void)merger().find_unit_2025("Ben Tre"), UnknownCodeError,
        message_has<UnknownCodeError>(
            {"no 2025 unit \"Ben Tre\": Bến Tre (83) is a pre-2025 province, part of the 2025 unit Vĩnh Long (86)"}));
    BOOST_CHECK_EXCEPTION((void)merger().find_unit_2025("15"), UnknownCodeError,
                          message_has<UnknownCodeError>({"Yên Bái (15)", "the 2025 unit Lào Cai (10)"}));
    BOOST_CHECK_EXCEPTION((void)merger().find_unit_2025("Vinh Longg"), UnknownCodeError,
                          message_has<UnknownCodeError>({"no 2025 unit \"Vinh Longg\"; nearest: Vĩnh Long (86), ",
                                                         "expected the name or unit code of one of the 34 units"}));
    try {
        (void)merger().find_unit_2025("Atlantis");
        BOOST_FAIL("no error");
    } catch (const UnknownCodeError& e) {
        BOOST_TEST(e.location().found == "Atlantis");
        BOOST_TEST(std::string(e.what()).find("nearest: ") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_shipped_table_read_by_path_equals_the_shipped_one) {
    const Merger2025 m = read_merger_2025(data_dir / "vn-admin" / "province_merger_2025.csv", registry());
    BOOST_TEST((m == merger()));
    BOOST_TEST((edited(0, "") == merger()));  // the same text through a temp file
}

BOOST_AUTO_TEST_CASE(bad_tables_are_located) {
    BOOST_CHECK_EXCEPTION(
        (void)edited(1, "province_code,name_vi,unit,new_type,merged,new_members"), InputError,
        located_at(1, "",
                   {"merger.csv line 1: expected the columns province_code, name_vi, new_name_vi, new_type, "
                    "merged, new_members, found province_code, name_vi, unit, new_type, merged, new_members"}));
    const long ben_tre = line_of("83"), tra_vinh = line_of("84"), vinh_long = line_of("86");
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, "83,Ben Tre,Vĩnh Long,tỉnh,yes,3"), InputError,
                          located_at(ben_tre, "province_code", {"\"83, Ben Tre\" is not a province of provinces.csv"}));
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, "99,Bến Tre,Vĩnh Long,tỉnh,yes,3"), InputError,
                          located_at(ben_tre, "province_code", {"\"99, Bến Tre\" is not a province"}));
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, "84,Trà Vinh,Vĩnh Long,tỉnh,yes,3"), InputError,
                          located_at(tra_vinh, "province_code",
                                     {"province 84 Trà Vinh again (first on line " + std::to_string(ben_tre) + ")"}));
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, ""), InputError,
                          located_at(0, "province_code", {"provinces of provinces.csv missing: 83 Bến Tre"}));
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, "83,Bến Tre,Vĩnh Long,,yes,3"), InputError,
                          located_at(ben_tre, "new_type", {"empty cell"}));
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, "83,Bến Tre,Vĩnh Long,huyện,yes,3"), InputError,
                          located_at(ben_tre, "new_type", {"found \"huyện\""}));
    BOOST_CHECK_EXCEPTION((void)edited(ben_tre, "83,Bến Tre,Vĩnh Long,tỉnh,maybe,3"), InputError,
                          located_at(ben_tre, "merged", {"expected \"yes\" or \"no\", found \"maybe\""}));
    BOOST_CHECK_EXCEPTION(
        (void)edited(tra_vinh, "84,Trà Vinh,Vĩnh Long,tỉnh,yes,2"), InputError,
        located_at(tra_vinh, "new_members", {"unit \"Vĩnh Long\" (3 rows): expected 3, found \"2\""}));
    BOOST_CHECK_EXCEPTION(
        (void)edited(tra_vinh, "84,Trà Vinh,Vĩnh Long,tỉnh,no,3"), InputError,
        located_at(tra_vinh, "merged", {"unit \"Vĩnh Long\" (3 rows): expected \"yes\", found \"no\""}));
    BOOST_CHECK_EXCEPTION(
        (void)edited(vinh_long, "86,Vĩnh Long,Vĩnh Long,thành phố trực thuộc trung ương,yes,3"), InputError,
        located_at(vinh_long, "new_type", {"expected \"tỉnh\" as on line " + std::to_string(ben_tre)}));
    // Bến Tre moved into a unit of its own: Vĩnh Long's rows still say 3 members
    BOOST_CHECK_EXCEPTION(
        (void)edited(ben_tre, "83,Bến Tre,Bến Tre,tỉnh,no,1"), InputError,
        located_at(tra_vinh, "new_members", {"unit \"Vĩnh Long\" (2 rows): expected 2, found \"3\""}));
    BOOST_CHECK_EXCEPTION((void)edited({{ben_tre, "83,Bến Tre,Bến Tre,tỉnh,no,1"},
                                        {tra_vinh, "84,Trà Vinh,Cửu Long,tỉnh,yes,2"},
                                        {vinh_long, "86,Vĩnh Long,Cửu Long,tỉnh,yes,2"}}),
                          InputError,
                          located_at(tra_vinh, "new_name_vi",
                                     {"unit \"Cửu Long\" keeps no former province's name; expected the name of one "
                                      "of Trà Vinh, Vĩnh Long"}));
    BOOST_CHECK_EXCEPTION((void)read_merger_2025(data_dir / "no-such.csv", registry()), InputError,
                          message_has<InputError>({"no-such.csv"}));
}

BOOST_AUTO_TEST_CASE(merger_framework_provinces_under_units_under_a_root) {
    const Framework fw = merger_framework(merger(), equal_weights());
    BOOST_TEST(fw.root() == "VN");
    BOOST_TEST(fw.max_level() == 3);
    BOOST_TEST(fw.indicators().size() == 63u);
    BOOST_TEST(fw.indicators().front() == "01");
    BOOST_TEST(fw.level_codes(2).size() == 34u);
    BOOST_TEST(fw.level_codes(2).front() == "unit 01");
    BOOST_TEST(fw.children("unit 86") == (std::vector<std::string>{"83", "84", "86"}),
               boost::test_tools::per_element());
    BOOST_TEST(fw.node("unit 86").name == "Vĩnh Long");
    BOOST_TEST(fw.node("83").name == "Bến Tre");
    BOOST_TEST(fw.node("unit 46").name == "Huế");
    BOOST_TEST(fw.node("VN").name == "Việt Nam, 34 units of 2025 (derived)");
    BOOST_TEST(merger_node(merger().find_unit_2025("Vinh Long")) == "unit 86");

    ProvinceWeights stated = equal_weights();
    stated.erase(
        std::remove_if(stated.begin(), stated.end(), [](const auto& w) { return w.first == "83" || w.first == "01"; }),
        stated.end());
    stated.emplace_back("Bến Tre", 3.0);  // by name
    stated.emplace_back("01", 7.0);
    const auto w = merger_framework(merger(), stated).weights();
    BOOST_TEST(w.at("83") == 3.0);
    BOOST_TEST(w.at("84") == 1.0);
    BOOST_TEST(w.at("01") == 1.0);  // an unchanged unit carries its province's value whatever its weight
}

BOOST_AUTO_TEST_CASE(merger_framework_weights_and_their_errors) {
    // only provinces with data in merged units need a weight
    const auto no_data = merger_weights(merger(), {{"83", 1.0}, {"84", 2.0}, {"86", 1.0}},
                                        {.label = "w", .with_data = std::vector<std::string>{"83", "84", "86", "01"}});
    BOOST_TEST(no_data.at("84") == 2.0);
    BOOST_TEST(std::isnan(no_data.at("01")));
    BOOST_CHECK_EXCEPTION((void)merger_framework(merger(), {{"83", 1.0}}), InputError,
                          message_has<InputError>({"weights: no weight (stated weights) for provinces in merged units: "
                                                   "02 Hà Giang, 06 Bắc Kạn, ",
                                                   " ... (51 provinces)"}));
    BOOST_CHECK_EXCEPTION((void)merger_framework(merger(), {{"Atlantis", 1.0}}), InputError,
                          message_has<InputError>({"weights for an unknown province 'Atlantis'"}));
    BOOST_CHECK_EXCEPTION((void)merger_framework(merger(), {{"83", 1.0}, {"Ben Tre", 2.0}}), InputError,
                          message_has<InputError>({"weights given twice for provinces 83"}));
    auto stated = equal_weights();
    for (auto& [code, w] : stated)
        if (code == "84") w = -1;
    BOOST_CHECK_EXCEPTION((void)merger_framework(merger(), stated, {.label = "w"}), InputError,
                          message_has<InputError>({"negative weights (w): 84 Trà Vinh (-1)"}));
    for (auto& [code, w] : stated)
        if (code == "84") w = std::numeric_limits<double>::infinity();
    BOOST_CHECK_EXCEPTION((void)merger_framework(merger(), stated), InputError,
                          message_has<InputError>({"infinite weights (stated weights) for provinces in merged units: "
                                                   "84 Trà Vinh (inf)"}));
    for (auto& [code, w] : stated)
        if (code == "83" || code == "84" || code == "86") w = 0;
    BOOST_CHECK_EXCEPTION((void)merger_framework(merger(), stated), InputError,
                          message_has<InputError>({"the weights (stated weights) of Vĩnh Long's members sum to 0"}));
    // huge weights: only their shares count
    for (auto& [code, w] : stated)
        if (code == "83" || code == "84" || code == "86") w = code == "83" ? 2e300 : 1e300;
    const auto huge = merger_framework(merger(), stated).weights();
    BOOST_TEST(huge.at("83") == 1.0);
    BOOST_TEST(huge.at("84") == 0.5);
    // a member without a value takes no part; a unit none of whose members has one: 1 each
    std::vector<std::string> with_data;
    for (const auto& [code, unit] : merger().unit_codes())
        if (code != "84" && code != "24" && code != "27") with_data.push_back(code);
    const auto partial = merger_framework(merger(), equal_weights(), {.with_data = with_data}).weights();
    BOOST_TEST(partial.at("84") == 0.0);
    BOOST_TEST(partial.at("83") == 1.0);
    BOOST_TEST(partial.at("24") == 1.0);
}

BOOST_AUTO_TEST_CASE(arithmetic_mean_gives_a_merged_units_weighted_mean) {
    ProvinceWeights stated = equal_weights();
    for (auto& [code, w] : stated)
        if (code == "83") w = 1.3;
    const Framework fw = merger_framework(merger(), stated);
    // one unit ("x") whose value is 10 in every province but Vĩnh Long's three
    Units units;
    units.codes = {"x"};
    units.names = {"x"};
    Eigen::MatrixXd values = Eigen::MatrixXd::Constant(1, 63, 10.0);
    const auto& codes = fw.indicators();
    const auto at = [&](const std::string& c) { return std::find(codes.begin(), codes.end(), c) - codes.begin(); };
    values(0, at("83")) = 40;
    values(0, at("84")) = 44;
    values(0, at("86")) = 50;
    const Dataset data(std::make_shared<const Units>(units), codes, values);
    const Results r = Pipeline({Aggregate{ArithmeticMean{}, {}, {}}}).run(fw, data);
    BOOST_TEST(r.scores().value("x", "unit 86") == (1.3 * 40 + 44 + 50) / 3.3, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.scores().value("x", "unit 01") == 10.0);
    BOOST_TEST(r.scores().value("x", "unit 79") == 10.0, boost::test_tools::tolerance(1e-12));
}
