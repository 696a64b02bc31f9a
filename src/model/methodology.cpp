// Versioned methodologies: validation, version look-up, scoring by source, crosswalks, re-scoring.
#include "govindex/model/methodology.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <ostream>
#include <set>
#include <sstream>

#include "govindex/detail/format.hpp"
#include "govindex/text.hpp"

namespace govindex {

namespace {

constexpr double tolerance = 1e-9;

bool same_num(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

std::string num(double x) { return detail::shown_number(x, "unknown"); }

/// `file line N, node "code", field "f"`.
std::string prefix(const SourceLocation& origin, const std::string& code, const std::string& field) {
    std::string out = origin.file.empty() ? std::string("methodology") : origin.file;
    if (origin.line > 0) out += " line " + std::to_string(origin.line);
    if (!code.empty()) out += ", node " + detail::in_quotes(code);
    if (!field.empty()) out += ", field " + detail::in_quotes(field);
    return out;
}
/// `file line N, node "code", field "f": what`.
std::string at(const SourceLocation& origin, const std::string& code, const std::string& field,
               const std::string& what) {
    return prefix(origin, code, field) + ": " + what;
}

/// An error E with the message `file line N, node "code", field "f": what` and the same facts as data.
template <class E>
E located_at(const SourceLocation& origin, const std::string& code, const std::string& field, const std::string& what) {
    return error_at<E>(ErrorLocation{.source = origin.file, .line = origin.line, .column = field, .node = code},
                       at(origin, code, field, what));
}

}  // namespace

std::string_view to_string(Aggregation a) {
    switch (a) {
        case Aggregation::points:
            return "points";
        case Aggregation::weighted_mean:
            return "weighted_mean";
        case Aggregation::additive_scale:
            return "additive_scale";
    }
    return "points";
}
std::optional<Aggregation> parse_aggregation(std::string_view text) {
    for (auto a : {Aggregation::points, Aggregation::weighted_mean, Aggregation::additive_scale})
        if (to_string(a) == text) return a;
    return std::nullopt;
}
std::string_view to_string(PointSource s) {
    switch (s) {
        case PointSource::appraisal:
            return "appraisal";
        case PointSource::survey_internal:
            return "survey_internal";
        case PointSource::survey_external:
            return "survey_external";
        case PointSource::survey:
            return "survey";
        case PointSource::unknown:
            return "unknown";
    }
    return "unknown";
}
std::optional<PointSource> parse_point_source(std::string_view text) {
    for (auto s : {PointSource::appraisal, PointSource::survey_internal, PointSource::survey_external,
                   PointSource::survey, PointSource::unknown})
        if (to_string(s) == text) return s;
    return std::nullopt;
}
std::string_view to_string(MappingKind k) {
    switch (k) {
        case MappingKind::same:
            return "same";
        case MappingKind::renamed:
            return "renamed";
        case MappingKind::merged:
            return "merged";
        case MappingKind::split:
            return "split";
        case MappingKind::dropped:
            return "dropped";
        case MappingKind::added:
            return "added";
    }
    return "same";
}
std::optional<MappingKind> parse_mapping_kind(std::string_view text) {
    for (auto k : {MappingKind::same, MappingKind::renamed, MappingKind::merged, MappingKind::split,
                   MappingKind::dropped, MappingKind::added})
        if (to_string(k) == text) return k;
    return std::nullopt;
}

std::string Date::iso() const {
    if (!known()) return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

bool operator==(const MethodNode& a, const MethodNode& b) {
    return a.code == b.code && a.parent == b.parent && a.name_vi == b.name_vi && a.name_en == b.name_en &&
           same_num(a.max_points, b.max_points) && same_num(a.min_points, b.min_points) &&
           same_num(a.weight, b.weight) && a.rule == b.rule && a.source == b.source &&
           a.children_unknown == b.children_unknown && a.note == b.note;
}

bool operator==(const Mapping& a, const Mapping& b) {
    return a.from == b.from && a.to == b.to && a.kind == b.kind && a.note == b.note;
}
bool operator==(const Crosswalk& a, const Crosswalk& b) {
    return a.from_ == b.from_ && a.to_ == b.to_ && a.mappings_ == b.mappings_;
}

// --- Methodology ------------------------------------------------------------------------------

Methodology::Methodology(std::string family, std::string id, Aggregation aggregation, Provenance provenance,
                         std::vector<MethodNode> nodes, std::vector<std::string> level_names,
                         std::vector<int> declared_counts, double survey_points, SourceLocation origin)
    : family_(std::move(family)),
      id_(std::move(id)),
      aggregation_(aggregation),
      provenance_(std::move(provenance)),
      nodes_(std::move(nodes)),
      level_names_(std::move(level_names)),
      declared_counts_(std::move(declared_counts)),
      survey_points_(survey_points),
      origin_(std::move(origin)) {
    const std::string label = family_ + " " + id_;
    if (nodes_.empty())
        throw located_at<FrameworkError>(origin_, "", "nodes", label + ": no nodes; expected at least the root");
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        auto& n = nodes_[i];
        n.code = to_nfc(n.code);
        n.parent = to_nfc(n.parent);
        n.name_vi = to_nfc(n.name_vi);
        if (n.code.empty())
            throw located_at<FrameworkError>(n.origin, "", "code", "empty code; expected a unique code");
        if (const auto bad = find_invisible_character(n.code))
            throw located_at<FrameworkError>(
                n.origin, with_invisible_shown(n.code), "code",
                "code holds the invisible character " + bad->code_point + "; expected a code of visible characters");
        if (!index_.emplace(n.code, i).second)
            throw located_at<FrameworkError>(
                n.origin, n.code, "code",
                "code " + detail::in_quotes(n.code) + " appears twice in " + label + "; expected unique codes");
        if (n.parent.empty()) {
            if (!root_.empty())
                throw located_at<FrameworkError>(n.origin, n.code, "parent",
                                                 "a second root (the first is \"" + root_ +
                                                     "\"); expected one root, every other node with a parent");
            root_ = n.code;
        }
    }
    if (root_.empty())
        throw located_at<FrameworkError>(origin_, "", "parent",
                                         label + ": no root; expected one node without a parent");
    for (const auto& n : nodes_) {
        children_[n.code];
        if (n.parent.empty()) continue;
        if (!index_.count(n.parent))
            throw located_at<FrameworkError>(
                n.origin, n.code, "parent",
                "unknown parent " + detail::in_quotes(n.parent) + "; expected the code of a node of " + label);
        children_[n.parent].push_back(n.code);
    }
    // Depths from the root, level by level (linear, whatever the depth); a node the root does not
    // reach is on a cycle of parents.
    depths_.assign(nodes_.size(), -1);
    std::vector<std::size_t> frontier{index_.at(root_)};
    depths_[frontier.front()] = 0;
    while (!frontier.empty()) {
        std::vector<std::size_t> next;
        for (const std::size_t i : frontier)
            for (const auto& k : children_.at(nodes_[i].code)) {
                const std::size_t j = index_.at(k);
                depths_[j] = depths_[i] + 1;
                next.push_back(j);
            }
        frontier = std::move(next);
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (depths_[i] < 0)
            throw located_at<FrameworkError>(nodes_[i].origin, nodes_[i].code, "parent",
                                             "the parents form a cycle; expected a tree");
    for (const auto& n : nodes_) {
        for (auto [v, f] : {std::pair{n.max_points, "max_points"}, std::pair{n.min_points, "min_points"},
                            std::pair{n.weight, "weight"}})
            if (!std::isnan(v) && (!std::isfinite(v) || v < 0))
                throw located_at<MethodError>(n.origin, n.code, f,
                                              std::string("expected a finite number >= 0 or unknown, found ") + num(v));
        if (!std::isnan(n.min_points) && !std::isnan(n.max_points) && n.min_points > n.max_points)
            throw located_at<MethodError>(n.origin, n.code, "min_points",
                                          "min_points " + num(n.min_points) + " > max_points " + num(n.max_points));
        const auto& kids = children_.at(n.code);
        if (n.rule) {
            if (!kids.empty())
                throw located_at<MethodError>(n.origin, n.code, "rule",
                                              "a rule on a node with children; expected rules on leaves only");
            check(*n.rule, prefix(n.origin, n.code, "rule"));
            const double rmax = govindex::max_points(*n.rule);
            if (!std::isnan(n.max_points) && !std::isnan(rmax) && rmax > n.max_points + tolerance)
                throw located_at<MethodError>(
                    n.origin, n.code, "rule",
                    "the rule gives up to " + num(rmax) + " points, more than max_points " + num(n.max_points));
        }
        if (kids.empty() || n.children_unknown) continue;
        if (aggregation_ == Aggregation::weighted_mean) {
            double total = 0;
            bool known = true;
            for (const auto& k : kids) {
                const double w = nodes_[index_.at(k)].weight;
                if (std::isnan(w))
                    known = false;
                else
                    total += w;
            }
            if (known && std::abs(total - 1.0) > 1e-6)
                throw located_at<MethodError>(n.origin, n.code, "weight",
                                              "the weights of its children sum to " + num(total) + "; expected 1");
        } else if (!std::isnan(n.max_points)) {
            double total = 0;
            bool known = true;
            for (const auto& k : kids) {
                const double m = nodes_[index_.at(k)].max_points;
                if (std::isnan(m))
                    known = false;
                else
                    total += m;
            }
            if (known && std::abs(total - n.max_points) > 1e-6)
                throw located_at<MethodError>(n.origin, n.code, "max_points",
                                              "max_points " + num(n.max_points) +
                                                  " but its children's maxima add up to " + num(total) +
                                                  "; expected equal");
        }
    }
    // declared counts against complete levels
    for (std::size_t d = 0; d < declared_counts_.size(); ++d) {
        const int declared = declared_counts_[d];
        if (declared < 0) continue;
        int count = 0;
        bool complete_level = true;
        for (const auto& n : nodes_) {
            const int dep = depth(n.code);
            if (dep == static_cast<int>(d) + 1) ++count;
            if (dep <= static_cast<int>(d) &&
                (n.children_unknown || (children_.at(n.code).empty() && dep < static_cast<int>(d) + 1)))
                complete_level = false;
        }
        if (complete_level && count != declared)
            throw located_at<FrameworkError>(origin_, "", "declared_counts",
                                             label + ": level " + std::to_string(d + 1) + " has " +
                                                 std::to_string(count) + " nodes; declared " +
                                                 std::to_string(declared));
    }
    if (!std::isnan(survey_points_) && (!std::isfinite(survey_points_) || survey_points_ < 0))
        throw located_at<MethodError>(origin_, "", "survey_points", "expected a finite number >= 0 or unknown");
}

const MethodNode& Methodology::node(std::string_view code) const {
    if (const auto* n = find(code)) return *n;
    throw UnknownCodeError("no node " + detail::in_quotes(code) + " in " + family_ + " " + id_);
}
const MethodNode* Methodology::find(std::string_view code) const {
    auto it = index_.find(code);
    if (it == index_.end()) {
        it = index_.find(to_nfc(code));
        if (it == index_.end()) return nullptr;
    }
    return &nodes_[it->second];
}
const std::vector<std::string>& Methodology::children(std::string_view code) const {
    auto it = children_.find(node(code).code);
    return it->second;
}
int Methodology::depth(std::string_view code) const { return depths_[index_.find(node(code).code)->second]; }
std::vector<std::string> Methodology::leaves() const {
    std::vector<std::string> out;
    for (const auto& n : nodes_)
        if (children_.at(n.code).empty()) out.push_back(n.code);
    return out;
}
std::vector<std::string> Methodology::leaves_under(std::string_view code) const {
    std::vector<std::string> out;
    std::vector<const std::string*> stack{&node(code).code};  // depth first, children in order, no recursion
    while (!stack.empty()) {
        const std::string& c = *stack.back();
        stack.pop_back();
        const auto& kids = children_.at(c);
        if (kids.empty()) out.push_back(c);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(&*it);
    }
    return out;
}
std::map<std::string, double> Methodology::weights(std::string_view code) const {
    std::map<std::string, double> out;
    for (const auto& k : children(code)) out.emplace(k, node(k).weight);
    return out;
}
std::map<std::string, double> Methodology::max_points() const {
    std::map<std::string, double> out;
    for (const auto& n : nodes_) out.emplace(n.code, n.max_points);
    return out;
}
std::vector<std::string> Methodology::unknowns() const {
    std::vector<std::string> out;
    if (std::isnan(survey_points_)) out.push_back("version: survey_points");
    if (!provenance_.signed_on.known() && !provenance_.decision.empty()) out.push_back("version: signed_on");
    if (provenance_.publication_lag < 0) out.push_back("version: publication_lag");
    for (std::size_t d = 0; d < declared_counts_.size(); ++d)
        if (declared_counts_[d] < 0) out.push_back("version: declared_counts[" + std::to_string(d + 1) + "]");
    for (const auto& n : nodes_) {
        const bool leaf = children_.at(n.code).empty();
        if (std::isnan(n.max_points)) out.push_back(n.code + ": max_points");
        if (aggregation_ == Aggregation::weighted_mean && !n.parent.empty() && std::isnan(n.weight))
            out.push_back(n.code + ": weight");
        if (n.children_unknown)
            out.push_back(n.code + ": children");
        else if (leaf && !n.rule)
            out.push_back(n.code + ": rule");
        if (leaf && !n.children_unknown && n.source == PointSource::unknown) out.push_back(n.code + ": source");
    }
    return out;
}
bool Methodology::complete() const { return unknowns().empty(); }

Table Methodology::table() const {
    std::vector<std::string> code, parent, name_vi, name_en, rule, source, note;
    std::vector<double> depth_col, maxp, minp, weight;
    std::vector<std::optional<bool>> cu;
    for (const auto& n : nodes_) {
        code.push_back(n.code);
        parent.push_back(n.parent);
        depth_col.push_back(depth(n.code));
        name_vi.push_back(n.name_vi);
        name_en.push_back(n.name_en);
        maxp.push_back(n.max_points);
        minp.push_back(n.min_points);
        weight.push_back(n.weight);
        rule.push_back(n.rule ? describe(*n.rule) : std::string());
        source.emplace_back(to_string(n.source));
        cu.emplace_back(n.children_unknown);
        note.push_back(n.note);
    }
    Table t;
    t.add("code", code);
    t.add("parent", parent);
    t.add("depth", depth_col);
    t.add("name_vi", name_vi);
    t.add("name_en", name_en);
    t.add("max_points", maxp);
    t.add("min_points", minp);
    t.add("weight", weight);
    t.add("rule", rule);
    t.add("source", source);
    t.add("children_unknown", cu);
    t.add("note", note);
    return t;
}

bool operator==(const Methodology& a, const Methodology& b) {
    return a.family_ == b.family_ && a.id_ == b.id_ && a.aggregation_ == b.aggregation_ &&
           a.provenance_ == b.provenance_ && a.nodes_ == b.nodes_ && a.level_names_ == b.level_names_ &&
           a.declared_counts_ == b.declared_counts_ && same_num(a.survey_points_, b.survey_points_);
}

std::ostream& operator<<(std::ostream& os, const Methodology& m) {
    const auto& p = m.provenance();
    os << "Methodology(" << m.family() << " " << m.id() << ", " << p.first_year << "-";
    if (p.last_year != 0) os << p.last_year;
    return os << ", " << m.nodes().size() << " nodes)";
}

// --- Crosswalk and Family ---------------------------------------------------------------------

Crosswalk::Crosswalk(std::string from_version, std::string to_version, std::vector<Mapping> mappings,
                     SourceLocation origin)
    : from_(std::move(from_version)),
      to_(std::move(to_version)),
      mappings_(std::move(mappings)),
      origin_(std::move(origin)) {
    for (auto& m : mappings_) {
        for (auto& c : m.from) c = to_nfc(c);
        for (auto& c : m.to) c = to_nfc(c);
        const std::size_t nf = m.from.size(), nt = m.to.size();
        bool ok = true;
        switch (m.kind) {
            case MappingKind::same:
            case MappingKind::renamed:
                ok = nf == 1 && nt == 1;
                break;
            case MappingKind::merged:
                ok = nf >= 2 && nt == 1;
                break;
            case MappingKind::split:
                ok = nf == 1 && nt >= 2;
                break;
            case MappingKind::dropped:
                ok = nf >= 1 && nt == 0;
                break;
            case MappingKind::added:
                ok = nf == 0 && nt >= 1;
                break;
        }
        if (!ok)
            throw located_at<MethodError>(m.origin, "", "kind",
                                          "a " + detail::in_quotes(std::string(to_string(m.kind))) + " mapping with " +
                                              std::to_string(nf) + " from and " + std::to_string(nt) +
                                              " to codes; expected same/renamed 1 -> 1, merged n -> 1, split 1 -> n, "
                                              "dropped n -> 0, added 0 -> n");
    }
}

void Crosswalk::check(const Methodology& from, const Methodology& to) const {
    for (const auto& m : mappings_) {
        for (const auto& c : m.from)
            if (from.find(c) == nullptr)
                throw located_at<MethodError>(m.origin, "", "from",
                                              "unknown node " + detail::in_quotes(c) + " in version " + from.id() +
                                                  "; expected one of its codes");
        for (const auto& c : m.to)
            if (to.find(c) == nullptr)
                throw located_at<MethodError>(
                    m.origin, "", "to",
                    "unknown node " + detail::in_quotes(c) + " in version " + to.id() + "; expected one of its codes");
    }
}

Family::Family(std::string name, std::vector<Methodology> versions, std::vector<Crosswalk> crosswalks,
               std::string name_vi, std::string name_en, std::string notes)
    : name_(std::move(name)),
      name_vi_(std::move(name_vi)),
      name_en_(std::move(name_en)),
      notes_(std::move(notes)),
      versions_(std::move(versions)),
      crosswalks_(std::move(crosswalks)) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < versions_.size(); ++i) {
        const auto& v = versions_[i];
        const auto& p = v.provenance();
        if (!ids.insert(v.id()).second)
            throw located_at<MethodError>(
                v.origin(), "", "id",
                "version " + detail::in_quotes(v.id()) + " appears twice in family " + name_ + "; expected unique ids");
        if (p.first_year <= 0 || (p.last_year != 0 && p.last_year < p.first_year))
            throw located_at<MethodError>(v.origin(), "", "first_year",
                                          "assessment years " + std::to_string(p.first_year) + "-" +
                                              std::to_string(p.last_year) +
                                              "; expected first_year > 0 and last_year >= first_year");
        for (std::size_t j = 0; j < i; ++j) {
            const auto& q = versions_[j].provenance();
            const long a_end = p.last_year == 0 ? 1000000 : p.last_year,
                       b_end = q.last_year == 0 ? 1000000 : q.last_year;
            const long lo = std::max<long>(p.first_year, q.first_year), hi = std::min(a_end, b_end);
            if (lo <= hi)
                throw located_at<MethodError>(v.origin(), "", "first_year",
                                              "assessment year " + std::to_string(lo) + " is covered by version \"" +
                                                  v.id() + "\" and by version \"" + versions_[j].id() +
                                                  "\"; expected each year in one version");
        }
    }
    for (const auto& c : crosswalks_) c.check(version(c.from_version()), version(c.to_version()));
}

const Methodology& Family::version(std::string_view id) const {
    for (const auto& v : versions_)
        if (same_text(v.id(), id)) return v;
    std::string ids;
    for (const auto& v : versions_) ids += (ids.empty() ? "" : ", ") + v.id();
    throw UnknownCodeError("no version " + detail::in_quotes(id) + " in family " + name_ + "; expected one of " + ids);
}

const Methodology& Family::version_for(int year) const {
    for (const auto& v : versions_) {
        const auto& p = v.provenance();
        if (year >= p.first_year && (p.last_year == 0 || year <= p.last_year)) return v;
    }
    std::string spans;
    for (const auto& v : versions_)
        spans += (spans.empty() ? "" : ", ") + std::to_string(v.provenance().first_year) + "-" +
                 (v.provenance().last_year ? std::to_string(v.provenance().last_year) : std::string());
    throw UnknownCodeError("no version of " + name_ + " covers assessment year " + std::to_string(year) +
                           "; versions cover " + spans);
}

SigningTiming Family::signing_timing(int year, int late_days) const {
    const auto& d = version_for(year).provenance().signed_on;
    SigningTiming out;
    if (!d.known()) return out;
    using namespace std::chrono;
    const auto signed_day = sys_days{std::chrono::year{d.year} / d.month / d.day};
    const auto year_end = sys_days{std::chrono::year{year} / December / 31};
    out.known = true;
    out.days_before_year_end = static_cast<int>((year_end - signed_day).count());
    out.late = out.days_before_year_end <= late_days;
    return out;
}

const Crosswalk& Family::crosswalk(std::string_view from, std::string_view to) const {
    for (const auto& c : crosswalks_)
        if (same_text(c.from_version(), from) && same_text(c.to_version(), to)) return c;
    throw UnknownCodeError("no crosswalk from " + detail::in_quotes(from) + " to \"" + std::string(to) +
                           "\" in family " + name_);
}

// --- scoring ----------------------------------------------------------------------------------

const NodeScore& Scorecard::node(std::string_view code) const {
    for (const auto& n : nodes)
        if (same_text(n.code, code)) return n;
    throw UnknownCodeError("no node " + detail::in_quotes(code) + " in the scorecard of " + version);
}

Table Scorecard::table() const {
    std::vector<std::string> code, expl;
    std::vector<double> cols[10];
    for (const auto& n : nodes) {
        code.push_back(n.code);
        expl.push_back(n.explanation);
        const double v[10] = {n.max_points, n.obtained,        n.percent,         n.self,         n.appraised,
                              n.deduction,  n.survey_internal, n.survey_external, n.survey_other, 0};
        for (int i = 0; i < 9; ++i) cols[i].push_back(v[i]);
    }
    Table t;
    t.add("code", code);
    const char* names[9] = {"max_points", "obtained",        "percent",         "self",        "appraised",
                            "deduction",  "survey_internal", "survey_external", "survey_other"};
    for (int i = 0; i < 9; ++i) t.add(names[i], cols[i]);
    t.add("explanation", expl);
    return t;
}

std::string explain(const Methodology& m, const Assessment& a, std::string_view code) {
    const MethodNode& n = m.node(code);
    const Scorecard card = score(m, a);
    const NodeScore& s = card.node(n.code);
    std::ostringstream os;
    os << n.code << " (" << n.name_vi << ")";
    os << ": " << num(s.obtained) << " of " << num(n.max_points) << " points";
    if (!std::isnan(s.percent)) os << " (" << num(std::round(s.percent * 100) / 100) << "%)";
    if (m.children(n.code).empty()) {
        os << "; source " << to_string(n.source);
        os << "; rule " << (n.rule ? describe(*n.rule) : std::string("unknown"));
        auto it = a.leaves.find(n.code);
        if (it != a.leaves.end()) {
            const auto& r = it->second;
            if (!std::isnan(r.self)) os << "; self-assessed " << num(r.self);
            if (!std::isnan(r.appraised_1)) os << "; appraised round 1 " << num(r.appraised_1);
            if (!std::isnan(r.appraised_2)) os << "; appraised round 2 " << num(r.appraised_2);
            if (!std::isnan(r.survey)) os << "; survey " << num(r.survey);
        }
        os << "; points from: " << s.explanation;
    } else {
        os << " = " << s.explanation;
        os << "; by source: appraisal " << num(s.appraised) << ", internal survey " << num(s.survey_internal)
           << ", external survey " << num(s.survey_external) << ", other survey " << num(s.survey_other);
        if (!std::isnan(s.deduction)) os << "; appraisal deductions " << num(s.deduction);
    }
    return os.str();
}

// --- crosswalk comparisons and re-scoring -----------------------------------------------------

Table comparable_part(const Crosswalk& cw, const Scorecard& a, const Scorecard& b) {
    std::vector<std::string> from, to, kind, reason;
    std::vector<double> fp, fm, fpc, tp, tm, tpc;
    std::vector<std::optional<bool>> comparable;
    auto total = [](const Scorecard& s, const std::vector<std::string>& codes, double NodeScore::*field) {
        if (codes.empty()) return detail::unknown_number;
        double t = 0;
        for (const auto& c : codes) t += s.node(c).*field;
        return t;
    };
    auto joined = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& c : v) s += (s.empty() ? "" : "+") + c;
        return s;
    };
    for (const auto& m : cw.mappings()) {
        from.push_back(joined(m.from));
        to.push_back(joined(m.to));
        kind.emplace_back(to_string(m.kind));
        const double p1 = total(a, m.from, &NodeScore::obtained), m1 = total(a, m.from, &NodeScore::max_points);
        const double p2 = total(b, m.to, &NodeScore::obtained), m2 = total(b, m.to, &NodeScore::max_points);
        fp.push_back(p1);
        fm.push_back(m1);
        fpc.push_back(m1 > 0 ? p1 / m1 * 100 : detail::unknown_number);
        tp.push_back(p2);
        tm.push_back(m2);
        tpc.push_back(m2 > 0 ? p2 / m2 * 100 : detail::unknown_number);
        std::string why;
        if (m.kind == MappingKind::dropped)
            why = "dropped in " + cw.to_version();
        else if (m.kind == MappingKind::added)
            why = "added in " + cw.to_version();
        else if (std::isnan(m1) || std::isnan(m2))
            why = "maximum unknown";
        else if (std::abs(m1 - m2) > 1e-6)
            why = "maximum changed from " + num(m1) + " to " + num(m2) + " points (compare percent only)";
        else if (std::isnan(p1) || std::isnan(p2))
            why = "points missing";
        comparable.emplace_back(why.empty());
        reason.push_back(why);
    }
    Table t;
    t.add("from", from);
    t.add("to", to);
    t.add("kind", kind);
    t.add("from_points", fp);
    t.add("from_max", fm);
    t.add("from_percent", fpc);
    t.add("to_points", tp);
    t.add("to_max", tm);
    t.add("to_percent", tpc);
    t.add("comparable", comparable);
    t.add("reason", reason);
    return t;
}

Rescored rescore(const Family& family, std::string_view from, std::string_view to, const Assessment& assessment) {
    const Crosswalk& cw = family.crosswalk(from, to);
    const Methodology& fm = family.version(from);
    const Methodology& tm = family.version(to);
    Rescored out;
    out.assessment.unit = assessment.unit;
    out.assessment.year = assessment.year;
    auto record = [&](const std::string& code) -> const LeafRecord* {
        for (const auto& [k, r] : assessment.leaves)
            if (same_text(k, code)) return &r;
        return nullptr;
    };
    std::set<std::string> covered;
    for (const auto& m : cw.mappings()) {
        for (const auto& t : m.to) {
            if (!tm.children(t).empty()) continue;  // only leaves carry evidence
            covered.insert(tm.node(t).code);
            const MethodNode& tn = tm.node(t);
            if (m.kind == MappingKind::added || m.kind == MappingKind::split) {
                out.not_comparable[tn.code] =
                    std::string(to_string(m.kind)) + " in " + tm.id() + "; no evidence under " + fm.id();
                continue;
            }
            LeafRecord carried;
            std::string why;
            if (m.kind == MappingKind::merged) {
                double num_total = 0, den_total = 0;
                for (const auto& f : m.from) {
                    const LeafRecord* r = record(f);
                    if (r == nullptr || std::isnan(r->evidence.numerator) || std::isnan(r->evidence.denominator)) {
                        why = "merged from " + f + " without counts (numerator / denominator) to add";
                        break;
                    }
                    num_total += r->evidence.numerator;
                    den_total += r->evidence.denominator;
                }
                carried.evidence.numerator = num_total;
                carried.evidence.denominator = den_total;
            } else {
                const std::string& f = m.from.front();
                if (!fm.children(f).empty()) {
                    why = "mapped from a node with children (" + f + "); map its leaves";
                } else if (const LeafRecord* r = record(f); r == nullptr) {
                    why = "no record for " + f + " under " + fm.id();
                } else {
                    carried.evidence = r->evidence;
                    carried.evidence_note = r->evidence_note;
                    const MethodNode& fn = fm.node(f);
                    const bool same_max = same_num(fn.max_points, tn.max_points) && !std::isnan(tn.max_points);
                    if (r->evidence.empty()) {
                        if (same_max && fn.rule == tn.rule && fn.source == tn.source) {
                            carried.self = r->self;
                            carried.appraised_1 = r->appraised_1;
                            carried.appraised_2 = r->appraised_2;
                            carried.survey = r->survey;
                        } else {
                            why = "no raw evidence for " + f + " and the rule or maximum changed";
                        }
                    }
                }
            }
            if (why.empty() && tn.rule && !carried.evidence.empty()) {
                try {
                    (void)score(*tn.rule, carried.evidence);
                } catch (const Error& e) {
                    why = std::string("the evidence cannot be scored by the new rule (") + e.what() + ")";
                }
            } else if (why.empty() && !tn.rule && !carried.evidence.empty() && std::isnan(carried.appraised_1) &&
                       std::isnan(carried.survey)) {
                why = "the new rule is unknown";
            }
            if (!why.empty()) {
                out.not_comparable[tn.code] = why;
                continue;
            }
            out.assessment.leaves[tn.code] = carried;
        }
    }
    for (const auto& l : tm.leaves())
        if (!covered.count(l)) out.not_comparable[l] = "no mapping from " + fm.id();
    out.scorecard = score(tm, out.assessment);
    for (const auto& n : tm.nodes()) {
        if (tm.children(n.code).empty()) continue;
        std::string missing;
        for (const auto& l : tm.leaves_under(n.code))
            if (out.not_comparable.count(l)) missing += (missing.empty() ? "" : ", ") + l;
        if (!missing.empty()) out.not_comparable[n.code] = "depends on leaves that are not comparable: " + missing;
    }
    return out;
}

}  // namespace govindex
