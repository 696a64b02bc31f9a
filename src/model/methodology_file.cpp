// Methodology family files: TOML read and written with toml++ (data only, never evaluated).
// Layout: docs/guide/methodology.md. Every error names the file, the line and the key.
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <toml++/toml.hpp>

#include "detail/toml_support.hpp"
#include "model/rule_toml.hpp"

#include "govindex/detail/format.hpp"
#include "govindex/model/io.hpp"
#include "govindex/model/methodology.hpp"
#include "govindex/text.hpp"

namespace govindex {

namespace {

struct Reader {
    std::string source;

    [[nodiscard]] std::string where(const toml::node& node, const std::string& key) const {
        return detail::toml_location(source, node, "field", key);
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& what) const {
        throw MethodError(where(node, key) + ": " + what, detail::toml_location_of(source, node, key, what));
    }
    [[nodiscard]] SourceLocation location(const toml::node& node) const {
        return {source, static_cast<long>(node.source().begin.line)};
    }

    void allow(const toml::table& t, const std::string& path, const std::set<std::string>& keys) const {
        for (const auto& [k, v] : t) {
            if (keys.count(std::string(k.str()))) continue;
            std::string list;
            for (const auto& s : keys) list += (list.empty() ? "" : ", ") + s;
            fail(v, path + std::string(k.str()), "unknown key; expected one of " + list);
        }
    }
    [[nodiscard]] std::string text(const toml::table& t, const std::string& key, const std::string& path, bool required,
                                   const toml::node& parent) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) {
            if (required) fail(parent, path + key, "missing; expected text");
            return {};
        }
        if (!n->is_string()) fail(*n, path + key, "expected text");
        const std::string s = *n->value<std::string>();
        if (find_invalid_utf8(s)) fail(*n, path + key, "invalid UTF-8; expected UTF-8 text");
        return to_nfc(s);
    }
    [[nodiscard]] double number(const toml::node& n, const std::string& key) const {
        if (!n.is_number()) fail(n, key, "expected a number");
        return *n.value<double>();
    }
    [[nodiscard]] std::optional<double> number(const toml::table& t, const std::string& key,
                                               const std::string& path) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) return std::nullopt;
        return number(*n, path + key);
    }
    [[nodiscard]] int integer(const toml::node& n, const std::string& key) const {
        if (!n.is_integer()) fail(n, key, "expected a whole number");
        const std::int64_t v = *n.value<std::int64_t>();
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            fail(n, key,
                 "expected a whole number from " + std::to_string(std::numeric_limits<int>::min()) + " to " +
                     std::to_string(std::numeric_limits<int>::max()) + ", found " + std::to_string(v));
        return static_cast<int>(v);
    }
    /// A node's number (points, weight): finite; a value that is not known is listed in `unknown`.
    [[nodiscard]] std::optional<double> finite(const toml::table& t, const std::string& key,
                                               const std::string& path) const {
        const std::optional<double> v = number(t, key, path);
        if (v && !std::isfinite(*v))
            fail(*t.get(key), path + key,
                 "expected a finite number, found " + std::string(std::isnan(*v) ? "nan" : "inf") +
                     " (a value that is not known goes in unknown = [" + detail::in_quotes(key) + "])");
        return v;
    }
    [[nodiscard]] std::vector<std::string> texts(const toml::table& t, const std::string& key,
                                                 const std::string& path) const {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (n == nullptr) return out;
        const auto* a = n->as_array();
        if (a == nullptr) fail(*n, path + key, "expected an array of text");
        for (const auto& item : *a) {
            if (!item.is_string()) fail(item, path + key, "expected an array of text");
            out.push_back(to_nfc(*item.value<std::string>()));
        }
        return out;
    }
    /// The `unknown = [...]` list, checked against the keys that may be unknown and those given.
    [[nodiscard]] std::set<std::string> unknowns(const toml::table& t, const std::string& path,
                                                 const std::set<std::string>& nullable) const {
        std::set<std::string> out;
        const toml::node* n = t.get("unknown");
        if (n == nullptr) return out;
        for (const auto& k : texts(t, "unknown", path)) {
            if (!nullable.count(k)) {
                std::string list;
                for (const auto& s : nullable) list += (list.empty() ? "" : ", ") + s;
                fail(*n, path + "unknown", detail::in_quotes(k) + " cannot be unknown here; expected some of " + list);
            }
            if (t.get(k) != nullptr)
                fail(*t.get(k), path + k, "given and also listed in unknown; expected one of the two");
            out.insert(k);
        }
        return out;
    }

    // --- rules ---
    template <class T>
    void read_field(T& out, const toml::node& node, const std::string& key) const {
        if constexpr (std::is_same_v<T, double>) {
            out = number(node, key);
        } else if constexpr (std::is_same_v<T, bool>) {
            if (!node.is_boolean()) fail(node, key, "expected true or false");
            out = *node.value<bool>();
        } else if constexpr (std::is_same_v<T, std::string>) {
            if (!node.is_string()) fail(node, key, "expected text");
            out = to_nfc(*node.value<std::string>());
        } else {
            using E = typename T::value_type;
            const auto* a = node.as_array();
            if (a == nullptr) fail(node, key, "expected an array of tables");
            out.clear();
            for (const auto& item : *a) {
                const auto* t = item.as_table();
                if (t == nullptr) fail(item, key, "expected an array of tables");
                E e{};
                if constexpr (std::is_same_v<E, RateBand>) {
                    allow(*t, key + ".", {"from", "to", "points", "proportional"});
                    for (auto [k, m] : {std::pair{"from", &RateBand::from}, std::pair{"to", &RateBand::to},
                                        std::pair{"points", &RateBand::points}}) {
                        const toml::node* v = t->get(k);
                        if (v == nullptr) fail(item, key + "." + k, "missing; expected a number");
                        e.*m = number(*v, key + "." + k);
                    }
                    if (const toml::node* v = t->get("proportional"))
                        read_field(e.proportional, *v, key + ".proportional");
                } else {
                    allow(*t, key + ".", {"name", "points"});
                    e.name = text(*t, "name", key + ".", true, item);
                    const toml::node* v = t->get("points");
                    if (v == nullptr) fail(item, key + ".points", "missing; expected a number");
                    e.points = number(*v, key + ".points");
                }
                out.push_back(std::move(e));
            }
        }
    }

    [[nodiscard]] ScoringRule rule(const toml::node& node, const std::string& key) const {
        const auto* t = node.as_table();
        if (t == nullptr) fail(node, key, "expected a rule such as { name = \"yes_no\", points = 1 }");
        const std::string name = text(*t, "name", key + ".", true, node);
        std::optional<ScoringRule> out;
        detail::for_each_alternative<ScoringRule>([&](auto tag) {
            using R = typename decltype(tag)::type;
            if (out || name != R::method_name) return;
            R r{};
            std::set<std::string> keys{"name"};
            detail::for_each_field<R>([&](const auto& f) { keys.emplace(f.name); });
            allow(*t, key + ".", keys);
            detail::for_each_field<R>([&](const auto& f) {
                if (const toml::node* v = t->get(f.name))
                    read_field(r.*(f.member), *v, key + "." + std::string(f.name));
            });
            out = r;
        });
        if (!out) {
            std::string list;
            for (const auto& s : scoring_rule_names()) list += (list.empty() ? "" : ", ") + s;
            fail(*t->get("name"), key + ".name",
                 "unknown rule " + detail::in_quotes(name) + "; expected one of " + list);
        }
        check(*out, where(node, key));
        return *out;
    }

    // --- nodes and versions ---
    [[nodiscard]] MethodNode method_node(const toml::node& node, const std::string& path, Aggregation aggregation,
                                         std::set<std::string>& unknown_out) const {
        const auto* t = node.as_table();
        if (t == nullptr) fail(node, path, "expected a table");
        const std::string p = path + ".";
        allow(*t, p,
              {"code", "parent", "name_vi", "name_en", "max_points", "min_points", "weight", "rule", "source",
               "children_unknown", "note", "unknown"});
        MethodNode n;
        n.origin = location(node);
        n.code = text(*t, "code", p, true, node);
        n.parent = text(*t, "parent", p, false, node);
        n.name_vi = text(*t, "name_vi", p, true, node);
        n.name_en = text(*t, "name_en", p, false, node);
        n.note = text(*t, "note", p, false, node);
        unknown_out = unknowns(*t, p, {"max_points", "min_points", "weight", "rule", "source"});
        if (auto v = finite(*t, "max_points", p))
            n.max_points = *v;
        else if (!unknown_out.count("max_points"))
            fail(node, p + "max_points", "missing; expected a number or \"max_points\" in unknown");
        if (auto v = finite(*t, "min_points", p)) n.min_points = *v;
        if (auto v = finite(*t, "weight", p))
            n.weight = *v;
        else if (aggregation == Aggregation::weighted_mean && !n.parent.empty() && !unknown_out.count("weight"))
            fail(node, p + "weight", "missing; expected a weight or \"weight\" in unknown");
        if (const toml::node* r = t->get("rule")) n.rule = rule(*r, p + "rule");
        if (const toml::node* s = t->get("source")) {
            if (!s->is_string()) fail(*s, p + "source", "expected text");
            auto parsed = parse_point_source(*s->value<std::string>());
            if (!parsed)
                fail(*s, p + "source",
                     "unknown source; expected appraisal, survey_internal, survey_external, survey or unknown");
            n.source = *parsed;
        }
        if (const toml::node* c = t->get("children_unknown")) {
            if (!c->is_boolean()) fail(*c, p + "children_unknown", "expected true or false");
            n.children_unknown = *c->value<bool>();
        }
        return n;
    }

    [[nodiscard]] Methodology version(const toml::node& node, const std::string& path,
                                      const std::string& family) const {
        const auto* t = node.as_table();
        if (t == nullptr) fail(node, path, "expected a table");
        const std::string p = path + ".";
        allow(*t, p,
              {"id", "decision", "signed_on", "first_year", "last_year", "publication_lag", "aggregation",
               "level_names", "declared_counts", "survey_points", "sources", "notes", "unknown", "nodes"});
        const std::string id = text(*t, "id", p, true, node);
        Provenance prov;
        prov.decision = text(*t, "decision", p, false, node);
        prov.notes = text(*t, "notes", p, false, node);
        prov.sources = texts(*t, "sources", p);
        const auto unknown = unknowns(*t, p, {"signed_on", "publication_lag", "survey_points"});
        if (const toml::node* d = t->get("signed_on")) {
            const auto* date = d->as_date();
            if (date == nullptr) fail(*d, p + "signed_on", "expected a date such as 2022-11-10");
            prov.signed_on = {date->get().year, date->get().month, date->get().day};
        } else if (!prov.decision.empty() && !unknown.count("signed_on")) {
            fail(node, p + "signed_on", "missing; expected a date or \"signed_on\" in unknown");
        }
        const toml::node* fy = t->get("first_year");
        if (fy == nullptr) fail(node, p + "first_year", "missing; expected the first assessment year");
        prov.first_year = integer(*fy, p + "first_year");
        if (const toml::node* ly = t->get("last_year")) prov.last_year = integer(*ly, p + "last_year");
        if (const toml::node* pl = t->get("publication_lag"))
            prov.publication_lag = integer(*pl, p + "publication_lag");
        else if (!unknown.count("publication_lag"))
            fail(node, p + "publication_lag", "missing; expected a number of years or \"publication_lag\" in unknown");
        const toml::node* ag = t->get("aggregation");
        if (ag == nullptr || !ag->is_string())
            fail(ag ? *ag : node, p + "aggregation", "expected points, weighted_mean or additive_scale");
        const auto aggregation = parse_aggregation(*ag->value<std::string>());
        if (!aggregation)
            fail(*ag, p + "aggregation", "unknown aggregation; expected points, weighted_mean or additive_scale");
        double survey = detail::unknown_number;
        if (auto v = finite(*t, "survey_points", p))
            survey = *v;
        else if (!unknown.count("survey_points"))
            fail(node, p + "survey_points", "missing; expected a number or \"survey_points\" in unknown");
        std::vector<int> counts;
        if (const toml::node* c = t->get("declared_counts")) {
            const auto* a = c->as_array();
            if (a == nullptr) fail(*c, p + "declared_counts", "expected an array of whole numbers or \"unknown\"");
            for (const auto& item : *a) {
                if (item.is_string() && *item.value<std::string>() == "unknown")
                    counts.push_back(-1);
                else
                    counts.push_back(integer(item, p + "declared_counts"));
                if (counts.back() < -1 || (item.is_integer() && counts.back() < 0))
                    fail(item, p + "declared_counts", "expected a count >= 0 or \"unknown\"");
            }
        }
        std::vector<MethodNode> nodes;
        std::vector<std::set<std::string>> node_unknowns;
        const toml::node* ns = t->get("nodes");
        if (ns == nullptr || !ns->is_array())
            fail(ns ? *ns : node, p + "nodes", "missing; expected [[versions.nodes]] tables");
        const auto& arr = *ns->as_array();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            std::set<std::string> u;
            nodes.push_back(method_node(arr[i], p + "nodes[" + std::to_string(i + 1) + "]", *aggregation, u));
            node_unknowns.push_back(std::move(u));
        }
        // leaves must state their rule and source, or list them as unknown
        std::set<std::string> parents;
        for (const auto& n : nodes) parents.insert(n.parent);
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const auto& n = nodes[i];
            if (parents.count(n.code) || n.children_unknown) continue;
            const auto* nt = arr[i].as_table();
            const std::string np = p + "nodes[" + std::to_string(i + 1) + "].";
            if (!n.rule && !node_unknowns[i].count("rule"))
                fail(arr[i], np + "rule",
                     "leaf \"" + n.code +
                         "\" has no rule; expected a rule, \"rule\" in unknown, or children_unknown = true");
            if (nt->get("source") == nullptr && !node_unknowns[i].count("source"))
                fail(
                    arr[i], np + "source",
                    "leaf " + detail::in_quotes(n.code) + " has no source; expected a source or \"source\" in unknown");
        }
        return Methodology(family, id, *aggregation, std::move(prov), std::move(nodes), texts(*t, "level_names", p),
                           std::move(counts), survey, location(node));
    }

    [[nodiscard]] Crosswalk crosswalk(const toml::node& node, const std::string& path) const {
        const auto* t = node.as_table();
        if (t == nullptr) fail(node, path, "expected a table");
        const std::string p = path + ".";
        allow(*t, p, {"from", "to", "mappings"});
        const std::string from = text(*t, "from", p, true, node), to = text(*t, "to", p, true, node);
        std::vector<Mapping> mappings;
        if (const toml::node* ms = t->get("mappings")) {
            const auto* a = ms->as_array();
            if (a == nullptr) fail(*ms, p + "mappings", "expected [[crosswalks.mappings]] tables");
            for (std::size_t i = 0; i < a->size(); ++i) {
                const auto& item = (*a)[i];
                const auto* mt = item.as_table();
                const std::string mp = p + "mappings[" + std::to_string(i + 1) + "].";
                if (mt == nullptr) fail(item, mp, "expected a table");
                allow(*mt, mp, {"from", "to", "kind", "note"});
                Mapping m;
                m.origin = location(item);
                m.from = texts(*mt, "from", mp);
                m.to = texts(*mt, "to", mp);
                m.note = text(*mt, "note", mp, false, item);
                const std::string kind = text(*mt, "kind", mp, true, item);
                auto k = parse_mapping_kind(kind);
                if (!k)
                    fail(*mt->get("kind"), mp + "kind",
                         "unknown kind " + detail::in_quotes(kind) +
                             "; expected same, renamed, merged, split, dropped or added");
                m.kind = *k;
                mappings.push_back(std::move(m));
            }
        }
        return Crosswalk(from, to, std::move(mappings), location(node));
    }
};

// --- writing ---

template <class T>
void insert_field(toml::table& into, const std::string& key, const T& value) {
    if constexpr (std::is_same_v<T, double>) {
        if (!std::isnan(value)) into.insert(key, value);
    } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
        into.insert(key, value);
    } else {
        toml::array a;
        for (const auto& e : value) {
            toml::table t;
            if constexpr (std::is_same_v<typename T::value_type, RateBand>) {
                t.insert("from", e.from);
                t.insert("to", e.to);
                t.insert("points", e.points);
                if (e.proportional) t.insert("proportional", true);
            } else {
                t.insert("name", e.name);
                t.insert("points", e.points);
            }
            a.push_back(std::move(t));
        }
        into.insert(key, std::move(a));
    }
}

toml::table rule_table(const ScoringRule& rule) {
    return std::visit(
        [](const auto& r) {
            using R = std::decay_t<decltype(r)>;
            toml::table t;
            t.insert("name", std::string(R::method_name));
            detail::for_each_field<R>([&](const auto& f) { insert_field(t, std::string(f.name), r.*(f.member)); });
            t.is_inline(true);
            return t;
        },
        rule);
}

toml::array strings(const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v) a.push_back(s);
    return a;
}

}  // namespace

Family parse_methodology_family(std::string_view text, const std::string& source) {
    const toml::table root = detail::parse_toml(text, source);
    const Reader reader{source};
    reader.allow(root, "", {"family", "versions", "crosswalks"});
    const auto* fam = root["family"].as_table();
    if (fam == nullptr)
        throw MethodError(source + ": missing [family]; expected a table with name, name_vi, name_en, notes",
                          ErrorLocation{.source = source,
                                        .column = "family",
                                        .expected = "a table with name, name_vi, name_en, notes",
                                        .found = "missing"});
    reader.allow(*fam, "family.", {"name", "name_vi", "name_en", "notes"});
    const std::string name = reader.text(*fam, "name", "family.", true, *fam);
    std::vector<Methodology> versions;
    const auto* vs = root["versions"].as_array();
    if (vs == nullptr)
        throw MethodError(
            source + ": missing [[versions]]; expected at least one version",
            ErrorLocation{
                .source = source, .column = "versions", .expected = "at least one version", .found = "missing"});
    for (std::size_t i = 0; i < vs->size(); ++i)
        versions.push_back(reader.version((*vs)[i], "versions[" + std::to_string(i + 1) + "]", name));
    std::vector<Crosswalk> crosswalks;
    if (const toml::node* cs = root.get("crosswalks")) {
        const auto* a = cs->as_array();
        if (a == nullptr) reader.fail(*cs, "crosswalks", "expected [[crosswalks]] tables");
        for (std::size_t i = 0; i < a->size(); ++i)
            crosswalks.push_back(reader.crosswalk((*a)[i], "crosswalks[" + std::to_string(i + 1) + "]"));
    }
    return Family(
        name, std::move(versions), std::move(crosswalks), reader.text(*fam, "name_vi", "family.", false, *fam),
        reader.text(*fam, "name_en", "family.", false, *fam), reader.text(*fam, "notes", "family.", false, *fam));
}

Family read_methodology_family(const std::filesystem::path& path) {
    return parse_methodology_family(read_text_file(path, "a readable methodology file (TOML)", max_toml_bytes),
                                    path.string());
}

std::string format_methodology_family(const Family& family) {
    toml::table root;
    toml::table fam;
    fam.insert("name", family.name());
    if (!family.name_vi().empty()) fam.insert("name_vi", family.name_vi());
    if (!family.name_en().empty()) fam.insert("name_en", family.name_en());
    if (!family.notes().empty()) fam.insert("notes", family.notes());
    root.insert("family", std::move(fam));
    toml::array versions;
    for (const auto& v : family.versions()) {
        const auto& p = v.provenance();
        toml::table t;
        std::vector<std::string> unknown;
        t.insert("id", v.id());
        if (!p.decision.empty()) t.insert("decision", p.decision);
        if (p.signed_on.known())
            t.insert("signed_on", toml::date{p.signed_on.year, p.signed_on.month, p.signed_on.day});
        else if (!p.decision.empty())
            unknown.push_back("signed_on");
        t.insert("first_year", p.first_year);
        if (p.last_year != 0) t.insert("last_year", p.last_year);
        if (p.publication_lag >= 0)
            t.insert("publication_lag", p.publication_lag);
        else
            unknown.push_back("publication_lag");
        t.insert("aggregation", std::string(to_string(v.aggregation())));
        if (!v.level_names().empty()) t.insert("level_names", strings(v.level_names()));
        if (!v.declared_counts().empty()) {
            toml::array a;
            for (int c : v.declared_counts()) {
                if (c < 0)
                    a.push_back("unknown");
                else
                    a.push_back(c);
            }
            t.insert("declared_counts", std::move(a));
        }
        if (!std::isnan(v.survey_points()))
            t.insert("survey_points", v.survey_points());
        else
            unknown.push_back("survey_points");
        if (!unknown.empty()) t.insert("unknown", strings(unknown));
        if (!p.sources.empty()) t.insert("sources", strings(p.sources));
        if (!p.notes.empty()) t.insert("notes", p.notes);
        toml::array nodes;
        for (const auto& n : v.nodes()) {
            toml::table nt;
            std::vector<std::string> nu;
            const bool leaf = v.children(n.code).empty() && !n.children_unknown;
            nt.insert("code", n.code);
            if (!n.parent.empty()) nt.insert("parent", n.parent);
            nt.insert("name_vi", n.name_vi);
            if (!n.name_en.empty()) nt.insert("name_en", n.name_en);
            if (!std::isnan(n.max_points))
                nt.insert("max_points", n.max_points);
            else
                nu.push_back("max_points");
            if (!std::isnan(n.min_points)) nt.insert("min_points", n.min_points);
            if (!std::isnan(n.weight))
                nt.insert("weight", n.weight);
            else if (v.aggregation() == Aggregation::weighted_mean && !n.parent.empty())
                nu.push_back("weight");
            if (n.rule)
                nt.insert("rule", rule_table(*n.rule));
            else if (leaf)
                nu.push_back("rule");
            if (n.source != PointSource::unknown)
                nt.insert("source", std::string(to_string(n.source)));
            else if (leaf)
                nu.push_back("source");
            if (n.children_unknown) nt.insert("children_unknown", true);
            if (!nu.empty()) nt.insert("unknown", strings(nu));
            if (!n.note.empty()) nt.insert("note", n.note);
            nodes.push_back(std::move(nt));
        }
        t.insert("nodes", std::move(nodes));
        versions.push_back(std::move(t));
    }
    root.insert("versions", std::move(versions));
    if (!family.crosswalks().empty()) {
        toml::array cws;
        for (const auto& c : family.crosswalks()) {
            toml::table t;
            t.insert("from", c.from_version());
            t.insert("to", c.to_version());
            toml::array ms;
            for (const auto& m : c.mappings()) {
                toml::table mt;
                mt.insert("from", strings(m.from));
                mt.insert("to", strings(m.to));
                mt.insert("kind", std::string(to_string(m.kind)));
                if (!m.note.empty()) mt.insert("note", m.note);
                ms.push_back(std::move(mt));
            }
            t.insert("mappings", std::move(ms));
            cws.push_back(std::move(t));
        }
        root.insert("crosswalks", std::move(cws));
    }
    std::ostringstream os;
    os << "# govindex methodology family (see docs/guide/methodology.md)\n" << detail::toml_text(root) << "\n";
    return os.str();
}

void write_methodology_family(const Family& family, const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw InputError(
            path.string() + ": cannot write the file",
            ErrorLocation{.source = path.string(), .expected = "a writable file", .found = "cannot write the file"});
    out << format_methodology_family(family);
}

namespace detail {

ScoringRule read_rule_toml(const toml::node& node, const std::string& source, const std::string& key) {
    return Reader{source}.rule(node, key);
}
toml::table rule_toml(const ScoringRule& rule) { return rule_table(rule); }

}  // namespace detail

}  // namespace govindex
