#pragma once
/// \file detail/per_node.hpp
/// The one resolver of per-node settings (a step's `per_node`, `weights`, `exclude` ...): codes
/// compared after NFC, the same rule and message shape in every step for an unknown code, a node
/// of the wrong kind and two spellings of one code.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/model/framework.hpp"

namespace govindex::detail {

/// The kind of node a per-node setting may name.
enum class NodeRole { indicator, aggregate, tree_node };

/// "an indicator code", "an aggregate code", "an indicator or aggregate code".
inline std::string expected_code(NodeRole role) {
    switch (role) {
        case NodeRole::indicator:
            return "an indicator code";
        case NodeRole::aggregate:
            return "an aggregate code";
        case NodeRole::tree_node:
            return "an indicator or aggregate code";
    }
    return "a node code";
}

/// The node a per-node setting names; throws MethodError `<prefix><label> for "X": unknown node;
/// expected an indicator code` (or `node is of type Aggregate; ...`). `step` names the step in
/// the error's location (e.g. "normalise step"), `field` the step's field (e.g. "per_node").
inline const Node& node_for(const Framework& framework, std::string_view code, NodeRole role, const std::string& prefix,
                            std::string_view label, std::string_view step, std::string_view field) {
    const Node* n = framework.find(code);
    const bool fits = n != nullptr && (role == NodeRole::indicator   ? n->type == NodeType::indicator
                                       : role == NodeRole::aggregate ? n->type == NodeType::aggregate
                                                                     : n->in_tree());
    if (fits) return *n;
    const std::string found = n == nullptr ? "unknown node" : "node is of type " + std::string(to_string(n->type));
    throw MethodError(
        prefix + std::string(label) + " for " + in_quotes(code) + ": " + found + "; expected " + expected_code(role),
        ErrorLocation{.source = std::string(step),
                      .column = std::string(field),
                      .node = std::string(code),
                      .expected = expected_code(role),
                      .found = found});
}

/// Per-node entries keyed by the canonical (NFC) code of the node they name, pointing into
/// `entries`. Throws MethodError (see node_for) for an unknown code or a node of the wrong kind,
/// and for two keys that are spellings of one code (`... for "X": another spelling of "Y", the
/// same node; expected one entry per node`).
template <class Map>
std::map<std::string, const typename Map::mapped_type*> resolve_per_node(const Map& entries, const Framework& framework,
                                                                         NodeRole role, const std::string& prefix,
                                                                         std::string_view label, std::string_view step,
                                                                         std::string_view field) {
    std::map<std::string, const typename Map::mapped_type*> out;
    std::map<std::string, std::string> spelling;  // canonical code -> the key first seen
    for (const auto& [code, value] : entries) {
        const Node& n = node_for(framework, code, role, prefix, label, step, field);
        const auto [it, fresh] = spelling.emplace(n.code, code);
        if (!fresh)
            throw MethodError(prefix + std::string(label) + " for " + in_quotes(code) + ": another spelling of " +
                                  in_quotes(it->second) + ", the same node; expected one entry per node",
                              ErrorLocation{.source = std::string(step),
                                            .column = std::string(field),
                                            .node = n.code,
                                            .expected = "one entry per node",
                                            .found = "two spellings of " + in_quotes(n.code)});
        out.emplace(n.code, &value);
    }
    return out;
}

/// The same for a list of codes (e.g. `exclude`): canonical codes, in the order given.
inline std::vector<std::string> resolve_codes(const std::vector<std::string>& codes, const Framework& framework,
                                              NodeRole role, const std::string& prefix, std::string_view label,
                                              std::string_view step, std::string_view field) {
    std::vector<std::string> out;
    std::map<std::string, std::string> spelling;
    for (const auto& code : codes) {
        const Node& n = node_for(framework, code, role, prefix, label, step, field);
        const auto [it, fresh] = spelling.emplace(n.code, code);
        if (!fresh)
            throw MethodError(prefix + std::string(label) + " " + in_quotes(code) + ": given twice (as " +
                                  in_quotes(it->second) + "); expected each code once",
                              ErrorLocation{.source = std::string(step),
                                            .column = std::string(field),
                                            .node = n.code,
                                            .expected = "each code once",
                                            .found = "two spellings of " + in_quotes(n.code)});
        out.push_back(n.code);
    }
    return out;
}

}  // namespace govindex::detail
