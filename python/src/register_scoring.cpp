// Scoring rules (scoring.hpp): one class per rule, its constructor made from its fields()
// (method_binding.hpp).
#include <govindex/model/scoring.hpp>
#include <govindex/steps/score.hpp>

#include <limits>
#include <map>
#include <string>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_scoring(py::module_& m) {
    checked_class<Level>(m, "Level", "One named level of a Levels rule with its fixed points.")
        .def(py::init([](std::string name, double points) {
                 return Level{std::move(name), points};
             }),
             py::kw_only(), "name"_a, "points"_a)
        .def_readwrite("name", &Level::name)
        .def_readwrite("points", &Level::points)
        .def(py::self == py::self)
        .def("__repr__",
             [](const Level& l) {
                 return "Level(name=" + py::repr(py::str(l.name)).cast<std::string>() +
                        ", points=" + value_repr(py::float_(l.points)) + ")";
             })
        .def(members_pickle<Level>("Level", unchecked, &Level::name, &Level::points));
    checked_class<RateBand>(
        m, "RateBand", "Rates in [``from_``, ``to``) percent give ``points`` (or points x rate / 100 if proportional).")
        .def(py::init([](double from, double to, double points, bool proportional) {
                 return RateBand{from, to, points, proportional};
             }),
             py::kw_only(), "from_"_a, "to"_a, "points"_a, "proportional"_a = false)
        .def_readwrite("from_", &RateBand::from)
        .def_readwrite("to", &RateBand::to)
        .def_readwrite("points", &RateBand::points)
        .def_readwrite("proportional", &RateBand::proportional)
        .def(py::self == py::self)
        .def("__repr__",
             [](const RateBand& b) {
                 return "RateBand(from_=" + py::repr(py::float_(b.from)).cast<std::string>() +
                        ", to=" + py::repr(py::float_(b.to)).cast<std::string>() +
                        ", points=" + py::repr(py::float_(b.points)).cast<std::string>() +
                        ", proportional=" + (b.proportional ? "True" : "False") + ")";
             })
        .def(members_pickle<RateBand>("RateBand", unchecked, &RateBand::from, &RateBand::to, &RateBand::points,
                                      &RateBand::proportional));
    checked_class<Item>(m, "Item", "One bonus or penalty item with its points (>= 0).")
        .def(py::init([](std::string name, double points) {
                 return Item{std::move(name), points};
             }),
             py::kw_only(), "name"_a, "points"_a)
        .def_readwrite("name", &Item::name)
        .def_readwrite("points", &Item::points)
        .def(py::self == py::self)
        .def("__repr__",
             [](const Item& i) {
                 return "Item(name=" + py::repr(py::str(i.name)).cast<std::string>() +
                        ", points=" + value_repr(py::float_(i.points)) + ")";
             })
        .def(members_pickle<Item>("Item", unchecked, &Item::name, &Item::points));

    bind_method<YesNo>(m, "YesNo", "Binary rule: `points` if the requirement is met, `no_points` if not.");
    bind_method<Levels>(m, "Levels", "Graded levels with fixed points (names compared after NFC).",
                        {.required = {"levels"}});
    bind_method<CompletionRate>(
        m, "CompletionRate", "A rate in percent: `full` points at 100%, 0 below `floor`, bands [from, to) in between.");
    bind_method<Ratio>(m, "Ratio",
                       "rate = 100 x numerator / denominator from counts, then banded like CompletionRate.");
    bind_method<Cap>(m, "Cap", "min(value x per_unit, max).");
    bind_method<Bonus>(m, "Bonus", "Bonus items (điểm thưởng): their points added, at most `max` (NaN = no limit).",
                       {.required = {"items"}});
    bind_method<Penalty>(m, "Penalty",
                         "Penalty items (điểm trừ): their points deducted, at most `max` (NaN = no limit).",
                         {.required = {"items"}});

    checked_class<Evidence>(m, "Evidence",
                            "Raw evidence for one leaf; each rule reads the part it needs (NaN / empty = not given).")
        .def(py::init([](std::optional<bool> yes, std::string level, double rate, double numerator, double denominator,
                         double value, std::vector<std::string> items) {
                 Evidence e;
                 e.yes = yes;
                 e.level = std::move(level);
                 e.rate = rate;
                 e.numerator = numerator;
                 e.denominator = denominator;
                 e.value = value;
                 e.items = std::move(items);
                 return e;
             }),
             py::kw_only(), "yes"_a = py::none(), "level"_a = "", "rate"_a = std::numeric_limits<double>::quiet_NaN(),
             "numerator"_a = std::numeric_limits<double>::quiet_NaN(),
             "denominator"_a = std::numeric_limits<double>::quiet_NaN(),
             "value"_a = std::numeric_limits<double>::quiet_NaN(), "items"_a = std::vector<std::string>{})
        .def_readwrite("yes", &Evidence::yes)
        .def_readwrite("level", &Evidence::level)
        .def_readwrite("rate", &Evidence::rate)
        .def_readwrite("numerator", &Evidence::numerator)
        .def_readwrite("denominator", &Evidence::denominator)
        .def_readwrite("value", &Evidence::value)
        .def_readwrite("items", &Evidence::items)
        .def("empty", &Evidence::empty)
        .def(py::self == py::self)
        .def(members_pickle<Evidence>("Evidence", unchecked, &Evidence::yes, &Evidence::level, &Evidence::rate,
                                      &Evidence::numerator, &Evidence::denominator, &Evidence::value,
                                      &Evidence::items));

    checked_class<RuleResult>(m, "RuleResult", "Points a rule gave, the raw number used and an explanation.")
        .def_readonly("points", &RuleResult::points)
        .def_readonly("raw", &RuleResult::raw)
        .def_readonly("explanation", &RuleResult::explanation)
        .def("__repr__", [](const RuleResult& r) {
            return "RuleResult(points=" + py::repr(py::float_(r.points)).cast<std::string>() +
                   ", explanation=" + py::repr(py::str(r.explanation)).cast<std::string>() + ")";
        });

    def_function(
        m, "score_rule", [](const ScoringRule& rule, const Evidence& evidence) { return score(rule, evidence); },
        "rule"_a, "evidence"_a,
        "Applies a scoring rule to raw evidence (InputError for bad evidence, MethodError for a rate no band covers).");
    def_function(
        m, "rule_max_points", [](const ScoringRule& rule) { return max_points(rule); }, "rule"_a,
        "The most points a rule can give.");
    def_function(
        m, "describe_rule", [](const ScoringRule& rule) { return describe(rule); }, "rule"_a,
        "One line describing a rule.");
    def_function(m, "scoring_rule_names", &scoring_rule_names);

    bind_step<Score>(
        m, "Score",
        "Step: turn raw evidence into points with a scoring rule per indicator; the column <code> holds "
        "points given directly, else the rule reads <code>_yes, _level, _rate, _num + _den, _value or _items.",
        {.positional = {"rules"}});
    def_function(m, "score_evidence_columns", &score_evidence_columns, "code"_a, "rule"_a,
                 "The evidence columns a rule reads for indicator `code` in a Score step.");
}

}  // namespace govindex::python
