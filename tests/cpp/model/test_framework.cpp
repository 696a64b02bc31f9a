#define BOOST_TEST_MODULE framework
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>

#include "test_support.hpp"

using namespace govindex;

namespace {

using Codes = std::vector<std::string>;

const std::string ha_nfc = "H\xC3\xA0";             // "Hà"
const std::string ha_nfd = "Ha\xCC\x80";            // "Hà", decomposed
const std::string noi_nfc = "N\xE1\xBB\x99i";       // "Nội"
const std::string noi_nfd = "No\xCC\xA3\xCC\x82i";  // "Nội", decomposed

Node make_node(std::string code, NodeType type, int level, std::string parent, double weight = 1.0, int direction = 1) {
    Node n;
    n.code = std::move(code);
    n.name = "name of " + n.code;
    n.type = type;
    n.level = level;
    n.parent = std::move(parent);
    n.weight = weight;
    n.direction = direction;
    return n;
}

// i1, i2 -> P1; i3 -> P2; P1, P2 -> Index. Input order is deliberately not level order.
std::vector<Node> small_tree() {
    return {make_node("i1", NodeType::indicator, 1, "P1", 1.0),
            make_node("P2", NodeType::aggregate, 2, "Index", 1.0),
            make_node("i2", NodeType::indicator, 1, "P1", 2.0, -1),
            make_node("Index", NodeType::aggregate, 3, "", std::nan("")),
            make_node("i3", NodeType::indicator, 1, "P2", 0.5),
            make_node("P1", NodeType::aggregate, 2, "Index", 3.0)};
}

template <class E>
auto message_has(std::vector<std::string> parts) {
    return [parts = std::move(parts)](const E& e) {
        const std::string m = e.what();
        bool ok = true;
        for (const auto& p : parts) {
            const bool found = m.find(p) != std::string::npos;
            BOOST_CHECK_MESSAGE(found, "message [" << m << "] lacks [" << p << "]");
            ok = ok && found;
        }
        return ok;
    };
}

}  // namespace

BOOST_AUTO_TEST_CASE(small_tree_structure) {
    const Framework fw(small_tree());
    BOOST_TEST(fw.nodes().size() == 6u);
    BOOST_TEST(fw.indicators() == (Codes{"i1", "i2", "i3"}));
    BOOST_TEST(fw.tree_codes() == (Codes{"i1", "i2", "i3", "P2", "P1", "Index"}));
    BOOST_TEST(fw.root() == "Index");
    BOOST_TEST(fw.max_level() == 3);
}

BOOST_AUTO_TEST_CASE(children_in_input_order) {
    const Framework fw(small_tree());
    BOOST_TEST(fw.children("P1") == (Codes{"i1", "i2"}));
    BOOST_TEST(fw.children("P2") == (Codes{"i3"}));
    BOOST_TEST(fw.children("Index") == (Codes{"P2", "P1"}));
    BOOST_TEST(fw.children("i1").empty());
    BOOST_CHECK_THROW((void)fw.children("nope"), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(level_codes_per_level) {
    const Framework fw(small_tree());
    BOOST_TEST(fw.level_codes(1) == (Codes{"i1", "i2", "i3"}));
    BOOST_TEST(fw.level_codes(2) == (Codes{"P2", "P1"}));
    BOOST_TEST(fw.level_codes(3) == (Codes{"Index"}));
    BOOST_TEST(fw.level_codes(4).empty());
    BOOST_TEST(fw.level_codes(0).empty());
}

BOOST_AUTO_TEST_CASE(weights_of_tree_nodes) {
    const Framework fw(small_tree());
    const auto w = fw.weights();
    BOOST_TEST(w.size() == 6u);
    BOOST_TEST(w.at("i1") == 1.0);
    BOOST_TEST(w.at("i2") == 2.0);
    BOOST_TEST(w.at("i3") == 0.5);
    BOOST_TEST(w.at("P1") == 3.0);
    BOOST_TEST(w.at("P2") == 1.0);
    BOOST_TEST(std::isnan(w.at("Index")));  // the root needs no weight
}

BOOST_AUTO_TEST_CASE(node_lookup) {
    const Framework fw(small_tree());
    BOOST_TEST(fw.node("i2").direction == -1);
    BOOST_TEST(fw.node("i2").parent == "P1");
    BOOST_TEST((fw.find("P2")->type == NodeType::aggregate));
    BOOST_TEST(fw.find("missing") == nullptr);
    BOOST_CHECK_EXCEPTION((void)fw.node("missing"), UnknownCodeError, message_has<UnknownCodeError>({"\"missing\""}));
}

BOOST_AUTO_TEST_CASE(data_column_rows_stay_outside_the_tree) {
    auto nodes = small_tree();
    Node group = make_node("Region", NodeType::group, 0, "", std::nan(""));
    Node denom = make_node("Pop", NodeType::denominator, 0, "", std::nan(""));
    nodes.push_back(group);
    nodes.push_back(denom);
    const Framework fw(nodes);
    BOOST_TEST(fw.nodes().size() == 8u);
    BOOST_TEST(fw.indicators() == (Codes{"i1", "i2", "i3"}));
    BOOST_TEST(fw.tree_codes().size() == 6u);
    BOOST_TEST(fw.weights().count("Region") == 0u);
    BOOST_TEST((fw.node("Pop").type == NodeType::denominator));
}

BOOST_AUTO_TEST_CASE(nfd_codes_and_names_are_stored_as_nfc) {
    auto nfd = small_tree();
    auto nfc = small_tree();
    // Rename i1 -> "Hà" and P1 -> "Nội" (and the references to them), once in NFD, once in NFC.
    auto rename = [](std::vector<Node>& nodes, const std::string& ha, const std::string& noi) {
        for (auto& n : nodes) {
            if (n.code == "i1") {
                n.code = ha;
                n.name = ha + " " + noi;
            }
            if (n.code == "P1") {
                n.code = noi;
                n.name = noi;
            }
            if (n.parent == "P1") n.parent = noi;
        }
    };
    rename(nfd, ha_nfd, noi_nfd);
    rename(nfc, ha_nfc, noi_nfc);
    const Framework a(nfd), b(nfc);
    BOOST_TEST((a == b));
    BOOST_TEST(a.indicators().front() == ha_nfc);
    BOOST_TEST(a.node(ha_nfc).name == ha_nfc + " " + noi_nfc);
    // Look-up by the NFD spelling finds the NFC-stored node.
    BOOST_REQUIRE(a.find(ha_nfd) != nullptr);
    BOOST_TEST(a.find(ha_nfd)->code == ha_nfc);
    BOOST_TEST(a.node(noi_nfd).code == noi_nfc);
    BOOST_TEST(a.children(noi_nfd) == (Codes{ha_nfc, "i2"}));
    BOOST_TEST(a.node("i2").parent == noi_nfc);
}

BOOST_AUTO_TEST_CASE(zero_weight_allowed_for_one_child) {
    auto nodes = small_tree();
    nodes[0].weight = 0.0;  // i1 under P1, next to i2 (weight 2)
    const Framework fw(nodes);
    BOOST_TEST(fw.weights().at("i1") == 0.0);
    BOOST_TEST(fw.weights().at("i2") == 2.0);
}

BOOST_AUTO_TEST_CASE(all_zero_group_is_rejected_in_code) {
    auto nodes = small_tree();
    nodes[0].weight = 0.0;
    nodes[2].weight = 0.0;
    BOOST_CHECK_EXCEPTION(Framework{nodes}, FrameworkError,
                          message_has<FrameworkError>({"column \"Weight\"", "\"P1\"", "weight 0", "expected"}));
}

BOOST_AUTO_TEST_CASE(errors_without_origin_name_input) {
    auto nodes = small_tree();
    nodes[4].parent = "P9";
    BOOST_CHECK_EXCEPTION(
        Framework{nodes}, FrameworkError,
        message_has<FrameworkError>({"input, column \"Parent\"", "unknown parent \"P9\"", "expected"}));
}

BOOST_AUTO_TEST_CASE(origin_is_used_in_errors) {
    auto nodes = small_tree();
    nodes[2].direction = 0;
    nodes[2].origin = {"meta.csv", 4};
    BOOST_CHECK_EXCEPTION(
        Framework{nodes}, FrameworkError,
        message_has<FrameworkError>({"meta.csv line 4, column \"Direction\"", "expected 1 or -1, found 0"}));
}

BOOST_AUTO_TEST_CASE(two_roots_and_empty_and_childless) {
    BOOST_CHECK_THROW(Framework{std::vector<Node>{}}, FrameworkError);
    auto two_roots = small_tree();
    two_roots[1].parent = "";  // P2 becomes a second root
    BOOST_CHECK_EXCEPTION(
        Framework{two_roots}, FrameworkError,
        message_has<FrameworkError>({"2 rows have no parent", "\"P2\"", "\"Index\"", "exactly one root"}));
    auto childless = small_tree();
    childless[4].parent = "P1";  // P2 loses its only child
    BOOST_CHECK_EXCEPTION(Framework{childless}, FrameworkError,
                          message_has<FrameworkError>({"aggregate \"P2\" has no children"}));
}

BOOST_AUTO_TEST_CASE(print_framework_and_node) {
    const Framework fw(small_tree());
    std::ostringstream os;
    os << fw;
    BOOST_TEST(os.str() == "Framework(3 indicators, 3 aggregates, 3 levels, root \"Index\")");
    std::ostringstream on;
    on << fw.node("i2") << " " << fw.node("P1");
    BOOST_TEST(on.str() == "Node(\"i2\", Indicator, level 1) Node(\"P1\", Aggregate, level 2)");
}

BOOST_AUTO_TEST_CASE(node_type_names) {
    BOOST_TEST(to_string(NodeType::denominator) == "Denominator");
    BOOST_TEST(to_string(NodeType::other) == "Other");
    BOOST_TEST((parse_node_type("aggregate").value() == NodeType::aggregate));
    BOOST_TEST((parse_node_type("GROUP").value() == NodeType::group));
    BOOST_TEST(!parse_node_type("Indicators").has_value());
    BOOST_TEST(!parse_node_type("").has_value());
}

BOOST_AUTO_TEST_CASE(equality) {
    const Framework a(small_tree());
    const Framework b(small_tree());
    BOOST_TEST((a == b));

    auto moved_origin = small_tree();
    for (auto& n : moved_origin) n.origin = {"other.csv", 9};  // where a row came from is not part of it
    BOOST_TEST((a == Framework(moved_origin)));

    auto other_weight = small_tree();
    other_weight[4].weight = 0.75;
    BOOST_TEST(!(a == Framework(other_weight)));

    auto other_name = small_tree();
    other_name[0].name = "renamed";
    BOOST_TEST(!(a == Framework(other_name)));

    auto other_direction = small_tree();
    other_direction[0].direction = -1;
    BOOST_TEST(!(a == Framework(other_direction)));

    auto attribute = small_tree();
    attribute[0].attributes["Source"] = "WB";
    BOOST_TEST(!(a == Framework(attribute)));

    // NaN targets and root weights compare equal to NaN.
    auto with_target = small_tree();
    with_target[0].target = 4.5;
    BOOST_TEST(!(a == Framework(with_target)));
    BOOST_TEST((Framework(with_target) == Framework(with_target)));
}

BOOST_AUTO_TEST_CASE(deeper_tree) {
    // Four levels: i1, i2 -> A -> S -> Root; i3 -> B -> S.
    const Framework fw({make_node("i1", NodeType::indicator, 1, "A"), make_node("i2", NodeType::indicator, 1, "A"),
                        make_node("i3", NodeType::indicator, 1, "B"), make_node("A", NodeType::aggregate, 2, "S"),
                        make_node("B", NodeType::aggregate, 2, "S"), make_node("S", NodeType::aggregate, 3, "Root"),
                        make_node("Root", NodeType::aggregate, 4, "")});
    BOOST_TEST(fw.max_level() == 4);
    BOOST_TEST(fw.tree_codes() == (Codes{"i1", "i2", "i3", "A", "B", "S", "Root"}));
    BOOST_TEST(fw.children("Root") == (Codes{"S"}));
}

BOOST_AUTO_TEST_CASE(weight_set_refuses_two_spellings_of_one_code) {
    // "á" as one code point (NFC) and as "a" + combining acute (NFD): one node, two keys.
    const Framework fw({make_node("\u00e1", NodeType::indicator, 1, "T"), make_node("b", NodeType::indicator, 1, "T"),
                        make_node("T", NodeType::aggregate, 2, "")});
    BOOST_TEST(fw.with_weight_set("w", {{"a\u0301", 3.0}}).weights("w").at("\u00e1") == 3.0);
    try {
        (void)fw.with_weight_set("w", {{"\u00e1", 1.0}, {"a\u0301", 5.0}});
        BOOST_FAIL("expected a FrameworkError");
    } catch (const FrameworkError& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("another spelling") != std::string::npos);
        BOOST_TEST(e.location().node == "\u00e1");
    }
}
