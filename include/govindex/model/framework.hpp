#pragma once
/// \file framework.hpp
/// The framework: a tree of nodes (indicators at level 1, aggregates above) of any depth, plus
/// the descriptions of data columns outside the tree (unit groups, denominators, other).
/// Read from COINr's `iMeta` layout (io.hpp) or built from nodes in code.

#include <cmath>
#include <iosfwd>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "govindex/errors.hpp"

namespace govindex {

/// What a framework row describes. Indicators and aggregates form the tree; the others describe
/// data columns (COINr's types Group, Denominator, Other).
enum class NodeType { indicator, aggregate, group, denominator, other };

/// COINr's spelling of a node type: "Indicator", "Aggregate", "Group", "Denominator", "Other".
[[nodiscard]] std::string_view to_string(NodeType type);
/// Parses a node type (case-insensitive COINr spelling); nullopt if unknown.
[[nodiscard]] std::optional<NodeType> parse_node_type(std::string_view text);

/// One row of a framework.
struct Node {
    std::string code;                     ///< unique code (iCode), compared after NFC normalisation
    std::string name;                     ///< display name (UTF-8, stored in NFC)
    NodeType type = NodeType::indicator;  ///< indicator, aggregate, or a data-column type
    int level = 1;                        ///< 1 = indicator, parent level = child level + 1; 0 outside the tree
    std::string parent;                   ///< code of the parent; empty at the root and outside the tree
    int direction = 1;                    ///< +1: higher is better; -1: lower is better
    double weight = 1.0;                  ///< >= 0, relative within the parent's children; NaN = not given
    std::string unit;                     ///< unit of measurement (free text)
    double target = std::numeric_limits<double>::quiet_NaN();  ///< target value; NaN = none
    std::string denominator;                                   ///< code of a denominator column; empty = none
    std::map<std::string, std::string> attributes;             ///< further framework columns, raw text
    SourceLocation origin;                                     ///< where the row was read (for error messages)

    [[nodiscard]] bool in_tree() const { return type == NodeType::indicator || type == NodeType::aggregate; }
    friend bool operator==(const Node& a, const Node& b);
};

/// A validated framework. Construction checks: unique codes, known parents that are aggregates,
/// no cycles, level = parent level - 1, indicators at level 1, one root at the top level, every
/// aggregate has children, weights given and >= 0 with at least one positive per group,
/// directions +1/-1. Codes and names are stored in NFC.
class Framework {
public:
    /// Validates `nodes` and builds the framework; throws FrameworkError naming the row.
    explicit Framework(std::vector<Node> nodes);

    /// Every row, in input order (tree nodes and data-column descriptions).
    [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }
    /// The row with this code; throws UnknownCodeError.
    [[nodiscard]] const Node& node(std::string_view code) const;
    /// The row with this code, or nullptr.
    [[nodiscard]] const Node* find(std::string_view code) const;
    /// Indicator codes in input order.
    [[nodiscard]] const std::vector<std::string>& indicators() const { return indicators_; }
    /// Tree codes: indicators, then aggregates level by level (the column order of scores).
    [[nodiscard]] const std::vector<std::string>& tree_codes() const { return tree_codes_; }
    /// Codes of the children of an aggregate, in input order (empty for an indicator).
    [[nodiscard]] const std::vector<std::string>& children(std::string_view code) const;
    /// Codes of the tree nodes at `level`, in input order (empty outside 1..max_level()).
    [[nodiscard]] const std::vector<std::string>& level_codes(int level) const;
    /// Code of the root (the index).
    [[nodiscard]] const std::string& root() const { return root_; }
    /// Number of levels (the root's level).
    [[nodiscard]] int max_level() const { return max_level_; }
    /// Weights of every tree node, keyed by code: the framework's own ("Original") or a named set.
    /// Throws UnknownCodeError listing the set names for an unknown name.
    [[nodiscard]] std::map<std::string, double> weights(std::string_view set = "Original") const;
    /// Names of the weight sets: "Original" first, then the added ones in name order.
    [[nodiscard]] std::vector<std::string> weight_set_names() const;
    /// A copy with a named weight set added (or replaced). The set lists weights by node code;
    /// nodes it does not name keep their Original weight. Throws FrameworkError for an unknown
    /// code, a weight that is negative or not finite, a group left with no positive weight, the
    /// name "Original", or two keys that are spellings (NFC, NFD) of one code.
    [[nodiscard]] Framework with_weight_set(const std::string& name,
                                            const std::map<std::string, double>& weights) const;

    friend bool operator==(const Framework& a, const Framework& b) {
        return a.nodes_ == b.nodes_ && a.weight_sets_ == b.weight_sets_;
    }

private:
    std::vector<Node> nodes_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::vector<std::string>> children_;
    std::vector<std::string> indicators_;
    std::vector<std::string> tree_codes_;
    std::vector<std::vector<std::string>> level_codes_;  // [level - 1] -> codes, so a deep tree stays linear
    std::string root_;
    int max_level_ = 0;
    std::map<std::string, std::map<std::string, double>> weight_sets_;  // name -> complete weights
};

/// Prints a one-line summary, e.g. `Framework(49 indicators, 11 aggregates, 4 levels, root "Index")`.
std::ostream& operator<<(std::ostream& os, const Framework& framework);
/// Prints the COINr spelling, e.g. `Indicator`.
std::ostream& operator<<(std::ostream& os, NodeType type);
/// Prints `Node("LPI", Indicator, level 1)`.
std::ostream& operator<<(std::ostream& os, const Node& node);

}  // namespace govindex
