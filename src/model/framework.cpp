#include "govindex/model/framework.hpp"
#include "govindex/detail/format.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "govindex/text.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {
constexpr std::string_view type_names[] = {"Indicator", "Aggregate", "Group", "Denominator", "Other"};

bool both_nan_or_equal(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
}  // namespace

std::string_view to_string(NodeType type) { return type_names[static_cast<int>(type)]; }

std::optional<NodeType> parse_node_type(std::string_view text) {
    for (int i = 0; i < 5; ++i) {
        const auto name = type_names[i];
        if (name.size() == text.size() && std::equal(name.begin(), name.end(), text.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }))
            return static_cast<NodeType>(i);
    }
    return std::nullopt;
}

bool operator==(const Node& a, const Node& b) {
    return a.code == b.code && a.name == b.name && a.type == b.type && a.level == b.level && a.parent == b.parent &&
           a.direction == b.direction && both_nan_or_equal(a.weight, b.weight) && a.unit == b.unit &&
           both_nan_or_equal(a.target, b.target) && a.denominator == b.denominator && a.attributes == b.attributes;
}

std::ostream& operator<<(std::ostream& os, NodeType type) { return os << to_string(type); }

std::ostream& operator<<(std::ostream& os, const Node& node) {
    return os << "Node(\"" << node.code << "\", " << to_string(node.type) << ", level " << node.level << ")";
}

std::ostream& operator<<(std::ostream& os, const Framework& fw) {
    return os << "Framework(" << fw.indicators().size() << " indicators, "
              << fw.tree_codes().size() - fw.indicators().size() << " aggregates, " << fw.max_level()
              << " levels, root \"" << fw.root() << "\")";
}

Framework::Framework(std::vector<Node> nodes) : nodes_(std::move(nodes)) {
    if (nodes_.empty())
        throw FrameworkError("framework has no rows; expected at least one Indicator and one Aggregate",
                             ErrorLocation{.expected = "at least one Indicator and one Aggregate", .found = "no rows"});
    // The row's file and line, the column, the row's code as node, and what was expected and found.
    auto fail = [](const Node& n, const std::string& column, const std::string& expected, const std::string& found,
                   const std::string& what) {
        ErrorLocation at = location_of(n.origin, column, expected, found);
        at.node = n.code;
        throw located_error<FrameworkError>(std::move(at), what);
    };

    // Codes: NFC, non-empty, unique.
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        Node& n = nodes_[i];
        n.code = to_nfc(n.code);
        n.name = to_nfc(n.name);
        n.parent = to_nfc(n.parent);
        n.denominator = to_nfc(n.denominator);
        if (n.code.empty())
            fail(n, "iCode", "a unique non-empty code", "an empty code",
                 "empty code; expected a unique non-empty code");
        if (const auto bad = find_invisible_character(n.code))
            fail(n, "iCode", "a code of visible characters", bad->code_point,
                 "code " + in_quotes(with_invisible_shown(n.code)) + " holds the invisible character " +
                     bad->code_point + " at byte " + std::to_string(bad->offset) +
                     "; expected a code of visible characters");
        const auto [it, inserted] = index_.emplace(n.code, i);
        if (!inserted) {
            const Node& first = nodes_[it->second];
            fail(n, "iCode", "unique codes", n.code,
                 "duplicate code " + in_quotes(n.code) + "; expected unique codes (first defined" +
                     (first.origin.line > 0 ? " on line " + std::to_string(first.origin.line) : std::string()) + ")");
        }
    }

    // Per-row checks.
    std::vector<std::size_t> roots;
    for (const Node& n : nodes_) {
        if (!n.in_tree()) {
            if (!n.parent.empty())
                fail(n, "Parent", "no parent", n.parent,
                     "a " + std::string(to_string(n.type)) + " row is outside the tree; expected no parent, found " +
                         in_quotes(n.parent));
            continue;
        }
        if (n.level < 1)
            fail(n, "Level", "a level >= 1", std::to_string(n.level),
                 "expected a level >= 1 for " + in_quotes(n.code) + ", found " + std::to_string(n.level));
        if (n.type == NodeType::indicator && n.level != 1)
            fail(n, "Level", "level 1", std::to_string(n.level),
                 "indicator " + in_quotes(n.code) + " has level " + std::to_string(n.level) + "; expected level 1");
        if (n.type == NodeType::aggregate && n.level < 2)
            fail(
                n, "Level", "a level >= 2", std::to_string(n.level),
                "aggregate " + in_quotes(n.code) + " has level " + std::to_string(n.level) + "; expected a level >= 2");
        if (n.direction != 1 && n.direction != -1)
            fail(n, "Direction", "1 or -1", std::to_string(n.direction),
                 "expected 1 or -1, found " + std::to_string(n.direction));
        if (n.parent.empty()) {
            roots.push_back(index_.at(n.code));
            continue;
        }
        if (std::isnan(n.weight))
            fail(n, "Weight", "a number >= 0", "a missing weight",
                 "missing weight for " + in_quotes(n.code) + "; expected a number >= 0");
        if (!std::isfinite(n.weight) || n.weight < 0)
            fail(n, "Weight", "a finite number >= 0", exact_number(n.weight),
                 "expected a finite number >= 0 for " + in_quotes(n.code) + ", found " + exact_number(n.weight));
        const Node* parent = find(n.parent);
        if (parent == nullptr)
            fail(n, "Parent", "the code of an Aggregate row", n.parent,
                 "unknown parent " + in_quotes(n.parent) + " of " + in_quotes(n.code) +
                     "; expected the code of an Aggregate row");
        if (parent->type != NodeType::aggregate)
            fail(n, "Parent", "an Aggregate", std::string(to_string(parent->type)),
                 "parent " + in_quotes(n.parent) + " of " + in_quotes(n.code) + " is a " +
                     std::string(to_string(parent->type)) + "; expected an Aggregate");
    }

    // Cycles: follow parents from each node until a node already known to reach the root; a node
    // met again on the current walk closes a cycle. Each node is walked once: linear in the rows,
    // whatever the depth.
    {
        enum : char { unvisited, on_walk, reaches_root };
        std::vector<char> state(nodes_.size(), unvisited);
        std::vector<std::size_t> walk;
        for (std::size_t start = 0; start < nodes_.size(); ++start) {
            if (!nodes_[start].in_tree() || state[start] != unvisited) continue;
            walk.clear();
            std::size_t cur = start;
            while (true) {
                if (state[cur] == reaches_root) break;
                if (state[cur] == on_walk) {
                    std::string path;
                    const auto first = std::find(walk.begin(), walk.end(), cur);
                    for (auto it = first; it != walk.end(); ++it) path += nodes_[*it].code + " -> ";
                    fail(nodes_[cur], "Parent", "a tree", "a cycle",
                         "cycle in the hierarchy: " + path + nodes_[cur].code + "; expected a tree");
                }
                state[cur] = on_walk;
                walk.push_back(cur);
                if (nodes_[cur].parent.empty()) break;
                cur = index_.at(node(nodes_[cur].parent).code);
            }
            for (const std::size_t k : walk) state[k] = reaches_root;
        }
    }

    // Levels: a child's level is its parent's minus one.
    for (const Node& n : nodes_) {
        if (!n.in_tree() || n.parent.empty()) continue;
        const Node& p = node(n.parent);
        if (n.level != p.level - 1)
            fail(n, "Level", std::to_string(p.level - 1), std::to_string(n.level),
                 in_quotes(n.code) + " has level " + std::to_string(n.level) + " but its parent " + in_quotes(p.code) +
                     " has level " + std::to_string(p.level) + "; expected " + std::to_string(p.level - 1));
    }

    if (roots.empty())
        throw FrameworkError("framework has no tree rows; expected Indicator and Aggregate rows",
                             ErrorLocation{.source = nodes_.front().origin.file,
                                           .expected = "Indicator and Aggregate rows",
                                           .found = "no tree rows"});
    if (roots.size() > 1) {
        std::string list;
        for (auto r : roots)
            list += (list.empty() ? "" : ", ") + in_quotes(nodes_[r].code) +
                    (nodes_[r].origin.line > 0 ? " (line " + std::to_string(nodes_[r].origin.line) + ")" : "");
        throw located_error<FrameworkError>(
            {.source = nodes_[roots[1]].origin.file,
             .column = "Parent",
             .expected = "exactly one root (the index)",
             .found = std::to_string(roots.size()) + " rows without a parent"},
            std::to_string(roots.size()) + " rows have no parent: " + list + "; expected exactly one root (the index)");
    }
    const Node& root = nodes_[roots.front()];
    root_ = root.code;
    max_level_ = root.level;

    // Children lists, indicators, tree order.
    children_.assign(nodes_.size(), {});
    for (const Node& n : nodes_) {
        if (!n.in_tree()) continue;
        if (n.type == NodeType::indicator) indicators_.push_back(n.code);
        if (!n.parent.empty()) children_[index_.at(n.parent)].push_back(n.code);
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const Node& n = nodes_[i];
        if (n.type != NodeType::aggregate) continue;
        if (children_[i].empty())
            fail(n, "iCode", "at least one row with Parent " + in_quotes(n.code), "no children",
                 "aggregate " + in_quotes(n.code) + " has no children; expected at least one row with Parent " +
                     in_quotes(n.code));
        const bool any_positive = std::any_of(children_[i].begin(), children_[i].end(),
                                              [&](const std::string& c) { return node(c).weight > 0; });
        if (!any_positive)
            fail(node(children_[i].front()), "Weight", "at least one positive weight in the group", "0",
                 "every child of " + in_quotes(n.code) +
                     " has weight 0; expected at least one positive weight in the group");
    }
    // Tree order: level by level, file order within a level (one sort, not a pass per level).
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].in_tree()) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return nodes_[a].level < nodes_[b].level; });
    level_codes_.assign(static_cast<std::size_t>(max_level_), {});
    for (const std::size_t i : order) {
        tree_codes_.push_back(nodes_[i].code);
        level_codes_[static_cast<std::size_t>(nodes_[i].level - 1)].push_back(nodes_[i].code);
    }
}

const Node* Framework::find(std::string_view code) const {
    auto it = index_.find(std::string(code));
    if (it == index_.end()) {
        const std::string nfc = to_nfc(code);
        it = index_.find(nfc);
        if (it == index_.end()) return nullptr;
    }
    return &nodes_[it->second];
}

const Node& Framework::node(std::string_view code) const {
    const Node* n = find(code);
    if (n == nullptr)
        throw UnknownCodeError(
            "framework has no node " + in_quotes(code),
            ErrorLocation{
                .node = std::string(code), .expected = "a node code of the framework", .found = std::string(code)});
    return *n;
}

const std::vector<std::string>& Framework::children(std::string_view code) const {
    return children_[static_cast<std::size_t>(&node(code) - nodes_.data())];
}

const std::vector<std::string>& Framework::level_codes(int level) const {
    static const std::vector<std::string> none;
    if (level < 1 || level > max_level_) return none;
    return level_codes_[static_cast<std::size_t>(level - 1)];
}

std::map<std::string, double> Framework::weights(std::string_view set) const {
    if (set == "Original") {
        std::map<std::string, double> out;
        for (const Node& n : nodes_)
            if (n.in_tree()) out.emplace(n.code, n.weight);
        return out;
    }
    const auto it = weight_sets_.find(std::string(set));
    if (it == weight_sets_.end()) {
        std::string names;
        for (const auto& n : weight_set_names()) names += (names.empty() ? "" : ", ") + n;
        throw UnknownCodeError("no weight set " + in_quotes(set) + "; expected one of " + names,
                               ErrorLocation{.expected = "one of " + names, .found = std::string(set)});
    }
    return it->second;
}

std::vector<std::string> Framework::weight_set_names() const {
    std::vector<std::string> out{"Original"};
    for (const auto& [name, w] : weight_sets_) out.push_back(name);
    return out;
}

namespace {

// `"text" (U+0061 U+0301)`: a code with its code points, so that two spellings that look the same
// (NFC and NFD) can be told apart in a message.
std::string spelled(const std::string& code) {
    std::string points;
    for (std::size_t i = 0; i < code.size() && i < 64;) {
        const std::size_t n = detail::utf8_length(code, i);
        char32_t c = static_cast<unsigned char>(code[i]);
        if (n > 1) {
            c &= 0x3Fu >> (n - 1);
            for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(code[i + k]) & 0x3Fu);
        }
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
        points += (points.empty() ? "" : " ") + std::string(hex);
        i += n == 0 ? 1 : n;
    }
    return in_quotes(code) + " (" + points + ")";
}

}  // namespace

Framework Framework::with_weight_set(const std::string& name, const std::map<std::string, double>& weights) const {
    const std::string where = "weight set " + in_quotes(name) + ": ";
    if (name.empty() || name == "Original")
        throw FrameworkError(
            where + "expected a new name (\"Original\" is the framework's own weights)",
            ErrorLocation{.source = "weight set " + in_quotes(name), .expected = "a new name", .found = name});
    auto complete = this->weights("Original");
    std::map<std::string, std::string> spelling;  // canonical (NFC) code -> the key given for it
    for (const auto& [code, w] : weights) {
        const Node* n = find(code);
        if (n == nullptr || !n->in_tree())
            throw FrameworkError(where + (n == nullptr ? "unknown node " : "not a tree node ") + in_quotes(code) +
                                     "; expected an indicator or aggregate code",
                                 ErrorLocation{.source = "weight set " + in_quotes(name),
                                               .node = code,
                                               .expected = "an indicator or aggregate code",
                                               .found = code});
        if (!std::isfinite(w) || w < 0)
            throw FrameworkError(
                where + "weight of " + in_quotes(code) + ": expected a finite number >= 0, found " + exact_number(w),
                ErrorLocation{.source = "weight set " + in_quotes(name),
                              .node = code,
                              .expected = "a finite number >= 0",
                              .found = exact_number(w)});
        if (const auto [seen, fresh] = spelling.emplace(n->code, code); !fresh)
            throw FrameworkError(where + "weight of " + spelled(code) + ": another spelling (NFC/NFD) of " +
                                     spelled(seen->second) + ", the same node " + in_quotes(n->code) +
                                     "; expected one weight per node",
                                 ErrorLocation{.source = "weight set " + in_quotes(name),
                                               .node = n->code,
                                               .expected = "one weight per node",
                                               .found = "two spellings of " + in_quotes(n->code)});
        complete[n->code] = w;
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (nodes_[i].type != NodeType::aggregate) continue;
        const bool any = std::any_of(children_[i].begin(), children_[i].end(),
                                     [&](const std::string& c) { return complete.at(c) > 0; });
        if (!any)
            throw FrameworkError(where + "every child of " + in_quotes(nodes_[i].code) +
                                     " has weight 0; expected at least one positive weight in the group",
                                 ErrorLocation{.source = "weight set " + in_quotes(name),
                                               .node = nodes_[i].code,
                                               .expected = "at least one positive weight in the group",
                                               .found = "0"});
    }
    Framework out = *this;
    out.weight_sets_[name] = std::move(complete);
    return out;
}

}  // namespace govindex
