// Versioned methodologies (methodology.hpp): trees, families, assessments by source, crosswalks.
#include <govindex/model/methodology.hpp>
#include <govindex/pipeline/pipeline.hpp>
#include <govindex/pipeline/results.hpp>

#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <sstream>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_methodology(py::module_& m) {
    checked_enum<Aggregation>(m, "Aggregation", "How a methodology version aggregates its tree.")
        .value("points", Aggregation::points)
        .value("weighted_mean", Aggregation::weighted_mean)
        .value("additive_scale", Aggregation::additive_scale);
    checked_enum<PointSource>(m, "PointSource", "Where a leaf's points come from.")
        .value("appraisal", PointSource::appraisal)
        .value("survey_internal", PointSource::survey_internal)
        .value("survey_external", PointSource::survey_external)
        .value("survey", PointSource::survey)
        .value("unknown", PointSource::unknown);
    checked_enum<UnknownParts>(
        m, "UnknownParts",
        "What framework() and pipeline() do with a part of the tree the aggregation needs but "
        "the version does not know: refuse (a MethodError) or missing (the node's value is NaN).")
        .value("refuse", UnknownParts::refuse)
        .value("missing", UnknownParts::missing);
    checked_enum<MappingKind>(m, "MappingKind", "How nodes of two versions correspond.")
        .value("same", MappingKind::same)
        .value("renamed", MappingKind::renamed)
        .value("merged", MappingKind::merged)
        .value("split", MappingKind::split)
        .value("dropped", MappingKind::dropped)
        .value("added", MappingKind::added);

    checked_class<Date>(m, "Date", "A calendar date; year 0 = unknown.")
        .def(py::init([](int year, int month, int day) {
                 return Date{year, month, day};
             }),
             py::kw_only(), "year"_a = 0, "month"_a = 0, "day"_a = 0)
        .def_readwrite("year", &Date::year)
        .def_readwrite("month", &Date::month)
        .def_readwrite("day", &Date::day)
        .def_property_readonly("known", &Date::known)
        .def("iso", &Date::iso)
        .def(py::self == py::self)
        .def("__repr__", [](const Date& d) { return "Date(" + (d.known() ? d.iso() : std::string("unknown")) + ")"; })
        .def(members_pickle<Date>("Date", unchecked, &Date::year, &Date::month, &Date::day));

    checked_class<MethodNode>(m, "MethodNode", "One node of a criteria tree; numbers NaN when unknown.")
        .def(py::init<>())
        .def_readwrite("code", &MethodNode::code)
        .def_readwrite("parent", &MethodNode::parent)
        .def_readwrite("name_vi", &MethodNode::name_vi)
        .def_readwrite("name_en", &MethodNode::name_en)
        .def_readwrite("max_points", &MethodNode::max_points)
        .def_readwrite("min_points", &MethodNode::min_points)
        .def_readwrite("weight", &MethodNode::weight)
        .def_readwrite("rule", &MethodNode::rule)
        .def_readwrite("source", &MethodNode::source)
        .def_readwrite("children_unknown", &MethodNode::children_unknown)
        .def_readwrite("note", &MethodNode::note)
        .def_property_readonly("file", [](const MethodNode& n) { return n.origin.file; })
        .def_property_readonly("line", [](const MethodNode& n) { return n.origin.line; })
        .def(py::self == py::self)
        .def("__repr__", [](const MethodNode& n) { return "MethodNode(" + n.code + ")"; })
        .def(members_pickle<MethodNode>(
            "MethodNode", unchecked, &MethodNode::code, &MethodNode::parent, &MethodNode::name_vi, &MethodNode::name_en,
            &MethodNode::max_points, &MethodNode::min_points, &MethodNode::weight, &MethodNode::rule,
            &MethodNode::source, &MethodNode::children_unknown, &MethodNode::note, &MethodNode::origin));

    checked_class<Provenance>(m, "Provenance", "Legal decision, signing date, assessment years, sources.")
        .def(py::init<>())
        .def_readwrite("decision", &Provenance::decision)
        .def_readwrite("signed_on", &Provenance::signed_on)
        .def_readwrite("first_year", &Provenance::first_year)
        .def_readwrite("last_year", &Provenance::last_year, "0 = still in force")
        .def_readwrite("publication_lag", &Provenance::publication_lag, "-1 = unknown")
        .def_readwrite("sources", &Provenance::sources)
        .def_readwrite("notes", &Provenance::notes)
        .def(py::self == py::self)
        .def(members_pickle<Provenance>("Provenance", unchecked, &Provenance::decision, &Provenance::signed_on,
                                        &Provenance::first_year, &Provenance::last_year, &Provenance::publication_lag,
                                        &Provenance::sources, &Provenance::notes));

    checked_class<Methodology>(m, "Methodology", "One validated version of a methodology.")
        .def(py::init<std::string, std::string, Aggregation, Provenance, std::vector<MethodNode>,
                      std::vector<std::string>, std::vector<int>, double>(),
             py::kw_only(), "family"_a, "id"_a, "aggregation"_a, "provenance"_a, "nodes"_a,
             "level_names"_a = std::vector<std::string>{}, "declared_counts"_a = std::vector<int>{},
             "survey_points"_a = std::numeric_limits<double>::quiet_NaN())
        .def_property_readonly("family", &Methodology::family)
        .def_property_readonly("id", &Methodology::id)
        .def_property_readonly("aggregation", &Methodology::aggregation)
        .def_property_readonly("provenance", &Methodology::provenance)
        .def_property_readonly("level_names", &Methodology::level_names)
        .def_property_readonly("declared_counts", &Methodology::declared_counts)
        .def_property_readonly("survey_points", &Methodology::survey_points)
        .def_property_readonly("nodes", &Methodology::nodes)
        .def_property_readonly("root", &Methodology::root)
        .def("node", &Methodology::node, "code"_a, py::return_value_policy::copy)
        .def("children", &Methodology::children, "code"_a)
        .def("depth", &Methodology::depth, "code"_a)
        .def("leaves", &Methodology::leaves)
        .def("leaves_under", &Methodology::leaves_under, "code"_a)
        .def("weights", &Methodology::weights, "code"_a)
        .def("max_points", &Methodology::max_points)
        .def("complete", &Methodology::complete)
        .def("unknowns", &Methodology::unknowns)
        .def("table", &Methodology::table)
        .def("framework", &Methodology::framework, "depth"_a = -1, "unknown"_a = UnknownParts::refuse,
             "The version's tree as a framework (leaves = indicators; depth >= 1 cuts the tree there).")
        .def("pipeline", &Methodology::pipeline, "depth"_a = -1, "unknown"_a = UnknownParts::refuse,
             "The pipeline computing the version on framework(depth, unknown): Score, then Aggregate with "
             "WeightedSum.")
        .def(py::self == py::self)
        .def("__repr__",
             [](const Methodology& v) {
                 std::ostringstream os;
                 os << v;
                 return os.str();
             })
        .def(py::pickle(
            [](const Methodology& v) {
                return py::make_tuple(pickle_version, v.family(), v.id(), v.aggregation(), v.provenance(), v.nodes(),
                                      v.level_names(), v.declared_counts(), v.survey_points(), to_state(v.origin()));
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Methodology", 9);
                return Methodology(state[1].cast<std::string>(), state[2].cast<std::string>(),
                                   state[3].cast<Aggregation>(), state[4].cast<Provenance>(),
                                   state[5].cast<std::vector<MethodNode>>(), state[6].cast<std::vector<std::string>>(),
                                   state[7].cast<std::vector<int>>(), state[8].cast<double>(),
                                   from_state<SourceLocation>(state[9]));
            }));

    checked_class<SigningTiming>(m, "SigningTiming", "Signing date relative to the end of the assessment year.")
        .def_readonly("known", &SigningTiming::known)
        .def_readonly("days_before_year_end", &SigningTiming::days_before_year_end)
        .def_readonly("late", &SigningTiming::late);

    checked_class<Mapping>(m, "Mapping", "One correspondence between nodes of two versions.")
        .def(py::init(
                 [](std::vector<std::string> from, std::vector<std::string> to, MappingKind kind, std::string note) {
                     Mapping mp;
                     mp.from = std::move(from);
                     mp.to = std::move(to);
                     mp.kind = kind;
                     mp.note = std::move(note);
                     return mp;
                 }),
             py::kw_only(), "from_"_a, "to"_a, "kind"_a, "note"_a = "")
        .def_readwrite("from_", &Mapping::from)
        .def_readwrite("to", &Mapping::to)
        .def_readwrite("kind", &Mapping::kind)
        .def_readwrite("note", &Mapping::note)
        .def(py::self == py::self)
        .def(members_pickle<Mapping>("Mapping", unchecked, &Mapping::from, &Mapping::to, &Mapping::kind, &Mapping::note,
                                     &Mapping::origin));

    checked_class<Crosswalk>(m, "Crosswalk", "Node mappings from one version to another.")
        .def(py::init([](std::string from, std::string to, std::vector<Mapping> mappings) {
                 return Crosswalk(std::move(from), std::move(to), std::move(mappings));
             }),
             py::kw_only(), "from_version"_a, "to_version"_a, "mappings"_a)
        .def_property_readonly("from_version", &Crosswalk::from_version)
        .def_property_readonly("to_version", &Crosswalk::to_version)
        .def_property_readonly("mappings", &Crosswalk::mappings)
        .def(py::self == py::self)
        .def(py::pickle(
            [](const Crosswalk& c) {
                return py::make_tuple(pickle_version, c.from_version(), c.to_version(), c.mappings(),
                                      to_state(c.origin()));
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Crosswalk", 4);
                return Crosswalk(state[1].cast<std::string>(), state[2].cast<std::string>(),
                                 state[3].cast<std::vector<Mapping>>(), from_state<SourceLocation>(state[4]));
            }));

    checked_class<Family>(m, "Family", "The versions of one index, keyed by assessment year.")
        .def(py::init<std::string, std::vector<Methodology>, std::vector<Crosswalk>, std::string, std::string,
                      std::string>(),
             py::kw_only(), "name"_a, "versions"_a, "crosswalks"_a = std::vector<Crosswalk>{}, "name_vi"_a = "",
             "name_en"_a = "", "notes"_a = "")
        .def_property_readonly("name", &Family::name)
        .def_property_readonly("name_vi", &Family::name_vi)
        .def_property_readonly("name_en", &Family::name_en)
        .def_property_readonly("notes", &Family::notes)
        .def_property_readonly("versions", &Family::versions)
        .def_property_readonly("crosswalks", &Family::crosswalks)
        .def("version", &Family::version, "id"_a, py::return_value_policy::copy)
        .def("version_for", &Family::version_for, "assessment_year"_a, py::return_value_policy::copy)
        .def("signing_timing", &Family::signing_timing, "assessment_year"_a, "late_days"_a = 60)
        .def("crosswalk", &Family::crosswalk, "from_version"_a, "to_version"_a, py::return_value_policy::copy)
        .def(py::self == py::self)
        .def("__repr__",
             [](const Family& f) {
                 return "Family(" + f.name() + ", " + std::to_string(f.versions().size()) + " versions)";
             })
        .def(py::pickle(
            [](const Family& f) {
                return py::make_tuple(pickle_version, f.name(), f.versions(), f.crosswalks(), f.name_vi(), f.name_en(),
                                      f.notes());
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Family", 6);
                return Family(state[1].cast<std::string>(), state[2].cast<std::vector<Methodology>>(),
                              state[3].cast<std::vector<Crosswalk>>(), state[4].cast<std::string>(),
                              state[5].cast<std::string>(), state[6].cast<std::string>());
            }));

    checked_class<LeafRecord>(m, "LeafRecord", "One unit's scores for one leaf by source (NaN = not given).")
        .def(py::init<>())
        .def_readwrite("evidence", &LeafRecord::evidence)
        .def_readwrite("self", &LeafRecord::self)
        .def_readwrite("appraised_1", &LeafRecord::appraised_1)
        .def_readwrite("appraised_2", &LeafRecord::appraised_2)
        .def_readwrite("survey", &LeafRecord::survey)
        .def_readwrite("evidence_note", &LeafRecord::evidence_note)
        .def(py::self == py::self)
        .def(members_pickle<LeafRecord>("LeafRecord", unchecked, &LeafRecord::evidence, &LeafRecord::self,
                                        &LeafRecord::appraised_1, &LeafRecord::appraised_2, &LeafRecord::survey,
                                        &LeafRecord::evidence_note));
    checked_class<Assessment>(m, "Assessment", "One unit's records for one assessment year, keyed by leaf code.")
        .def(py::init<>())
        .def_readwrite("unit", &Assessment::unit)
        .def_readwrite("year", &Assessment::year)
        .def_readwrite("leaves", &Assessment::leaves)
        .def(py::self == py::self)
        .def(members_pickle<Assessment>("Assessment", unchecked, &Assessment::unit, &Assessment::year,
                                        &Assessment::leaves));
    checked_class<NodeScore>(m, "NodeScore", "A node's totals, split by source.")
        .def_readonly("code", &NodeScore::code)
        .def_readonly("max_points", &NodeScore::max_points)
        .def_readonly("obtained", &NodeScore::obtained)
        .def_readonly("percent", &NodeScore::percent)
        .def_readonly("self", &NodeScore::self)
        .def_readonly("appraised", &NodeScore::appraised)
        .def_readonly("deduction", &NodeScore::deduction)
        .def_readonly("survey_internal", &NodeScore::survey_internal)
        .def_readonly("survey_external", &NodeScore::survey_external)
        .def_readonly("survey_other", &NodeScore::survey_other)
        .def_readonly("explanation", &NodeScore::explanation);
    checked_class<Scorecard>(m, "Scorecard", "Every node's totals for one assessment.")
        .def_readonly("version", &Scorecard::version)
        .def_readonly("unit", &Scorecard::unit)
        .def_readonly("year", &Scorecard::year)
        .def_readonly("nodes", &Scorecard::nodes)
        .def("node", &Scorecard::node, "code"_a, py::return_value_policy::copy)
        .def("table", &Scorecard::table);
    checked_class<Rescored>(m, "Rescored", "A year's evidence re-scored under another version.")
        .def_readonly("assessment", &Rescored::assessment)
        .def_readonly("scorecard", &Rescored::scorecard)
        .def_readonly("not_comparable", &Rescored::not_comparable);

    def_function(m, "score", py::overload_cast<const Methodology&, const Assessment&>(&score), "version"_a,
                 "assessment"_a, "Scores an assessment under a methodology version.");
    def_function(m, "explain", &explain, "version"_a, "assessment"_a, "code"_a,
                 "Rule, raw value, points and source of a leaf, or a node's sum.");
    def_function(m, "comparable_part", &comparable_part, "crosswalk"_a, "a"_a, "b"_a,
                 "The comparable part of two scorecards through a crosswalk.");
    def_function(
        m, "rescore", &rescore, "family"_a, "from_version"_a, "to_version"_a, "assessment"_a,
        "Re-scores an assessment made under one version under another, with the parts that are not comparable.");
    def_function(
        m, "assessment_data", &assessment_data, "version"_a, "assessments"_a, "unknown"_a = UnknownParts::refuse,
        "Assessments as the raw data set of version.pipeline(): given points per leaf, evidence as text columns.");
    def_function(
        m, "percent_of_max", &percent_of_max, "results"_a, "version"_a,
        "Each node's score as a percentage of its maximum (obtained / max x 100), NaN where the maximum is unknown.");
    def_function(m, "read_methodology_family", &read_methodology_family, "path"_a);
    def_function(m, "parse_methodology_family", &parse_methodology_family, "text"_a, "source"_a = "text");
    def_function(m, "format_methodology_family", &format_methodology_family, "family"_a);
    def_function(m, "write_methodology_family", &write_methodology_family, "family"_a, "path"_a);
}

}  // namespace govindex::python
