#include "govindex/pipeline/pipeline.hpp"
#include "govindex/detail/format.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "govindex/detail/fields.hpp"
#include "govindex/detail/methods.hpp"
#include "govindex/errors.hpp"

namespace govindex {

using detail::in_quotes;

namespace {

// Steps check themselves against the framework (check(step, framework)); in a pipeline the
// message and location say which step.
template <class S>
void check_step(const S& step, const Framework& fw, const std::string& where) {
    try {
        check(step, fw);
    } catch (const MethodError& e) {
        ErrorLocation location = e.location();
        location.source = where;
        throw MethodError(where + ": " + e.what(), std::move(location));
    }
}

}  // namespace

StepOutput apply(const Step& step, const Framework& fw, const Dataset& data) {
    return std::visit([&](const auto& s) { return apply(s, fw, data); }, step);
}

namespace {

// Each step on each year of a panel separately (detail::by_year), except steps that use all years
// at once (pooled normalisation, panel imputation), which say so with `uses_all_years()`. The
// step was checked once by Pipeline::check, so its unchecked kernel runs where it has one.
template <class S>
bool uses_all_years(const S& step) {
    if constexpr (requires { step.uses_all_years(); })
        return step.uses_all_years();
    else
        return false;
}

template <class S>
StepOutput apply_step(const S& step, const Framework& fw, const Dataset& data) {
    if constexpr (requires { detail::apply_checked(step, fw, data); })
        return detail::apply_checked(step, fw, data);
    else
        return apply(step, fw, data);
}

StepOutput run_step(const Step& step, const Framework& fw, const Dataset& data) {
    return std::visit(
        [&](const auto& s) -> StepOutput {
            if (uses_all_years(s)) return apply_step(s, fw, data);
            return detail::by_year(data, [&](const Dataset& year) { return apply_step(s, fw, year); });
        },
        step);
}

// A step's values must not overflow: an infinite value (huge weights or parameters, a power mean
// of high order) would rank every unit first or last without a word. NumericError naming the
// step, the node and the unit.
void check_finite(const Dataset& data, std::size_t index, const Step& step) {
    const Eigen::MatrixXd& v = data.values();
    if (!v.array().isInf().any()) return;
    for (Eigen::Index c = 0; c < v.cols(); ++c)
        for (Eigen::Index r = 0; r < v.rows(); ++r)
            if (std::isinf(v(r, c))) {
                const std::string name(std::visit([](const auto& s) { return s.step_name; }, step));
                const std::string where = "step " + std::to_string(index + 1) + " (" + name + ")";
                const std::string& node = data.columns()[static_cast<std::size_t>(c)];
                const std::string& unit = data.unit_codes()[static_cast<std::size_t>(r)];
                throw NumericError(where + ": node " + detail::in_quotes(node) + ", unit " + detail::in_quotes(unit) +
                                       ": the value overflowed to " + (v(r, c) > 0 ? "inf" : "-inf") +
                                       "; expected a finite value (are weights or method parameters too large?)",
                                   ErrorLocation{.source = where,
                                                 .column = node,
                                                 .node = node,
                                                 .expected = "a finite value",
                                                 .found = v(r, c) > 0 ? "inf" : "-inf"});
            }
}

}  // namespace

void Pipeline::check(const Framework& fw) const {
    std::set<std::string_view> names{"Raw"};
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        std::visit(
            [&](const auto& s) {
                const std::string where = "step " + std::to_string(i + 1) + " (" + std::string(s.step_name) + ")";
                if (!names.insert(s.data_set_name).second)
                    throw MethodError(
                        where + ": a second " + std::string(s.step_name) + " step; expected each step type once",
                        ErrorLocation{.source = where,
                                      .expected = "each step type once",
                                      .found = "a second " + std::string(s.step_name) + " step"});
                check_step(s, fw, where);
            },
            steps_[i]);
    }
}

Results Pipeline::run(const Framework& fw, const Dataset& data) const {
    check(fw);
    std::vector<std::pair<std::string, Dataset>> sets;
    std::vector<std::pair<std::string, Table>> tables;
    std::vector<AggregationRecord> aggregation;
    sets.emplace_back("Raw", data);
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const Step& step = steps_[i];
        StepOutput next = run_step(step, fw, sets.back().second);
        check_finite(next.data, i, step);
        sets.emplace_back(std::string(std::visit([](const auto& s) { return s.data_set_name; }, step)),
                          std::move(next.data));
        for (auto& t : next.tables) tables.push_back(std::move(t));
        if (!next.aggregation.empty()) aggregation = std::move(next.aggregation);
    }
    return Results(fw, std::move(sets), std::move(tables), std::make_shared<const Pipeline>(*this),
                   std::move(aggregation));
}

std::vector<std::string> normalise_method_names() { return detail::method_names<NormaliseMethod>(); }
std::vector<std::string> aggregate_method_names() { return detail::method_names<AggregateMethod>(); }

NormaliseMethod make_normalise_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return detail::make_method<NormaliseMethod>(name, parameters, where);
}
AggregateMethod make_aggregate_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return detail::make_method<AggregateMethod>(name, parameters, where);
}
std::vector<std::string> impute_method_names() { return detail::method_names<ImputeMethod>(); }
ImputeMethod make_impute_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return detail::make_method<ImputeMethod>(name, parameters, where);
}
std::string method_name(const ImputeMethod& m) { return detail::name_of(m); }
Parameters method_parameters(const ImputeMethod& m) { return detail::parameters_of(m); }
std::string method_name(const NormaliseMethod& m) { return detail::name_of(m); }
std::string method_name(const AggregateMethod& m) { return detail::name_of(m); }
Parameters method_parameters(const NormaliseMethod& m) { return detail::parameters_of(m); }
Parameters method_parameters(const AggregateMethod& m) { return detail::parameters_of(m); }

}  // namespace govindex
