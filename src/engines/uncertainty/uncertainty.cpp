// The uncertainty engine: the declaration checked and compiled once into a plan; replicates decoded
// from uniform draws, evaluated in blocks (the aggregate step as matrix products over the block's
// replicates, each discrete alternative's input precomputed once), and reduced into exact,
// mergeable statistics. Guide: docs/guide/uncertainty.md.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>  // call_once
#include <set>
#include <unordered_map>
#include <utility>

#include "detail/parallel_for.hpp"
#include "detail/random.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/detail/sizes.hpp"
#include "govindex/engines/uncertainty/uncertainty.hpp"
#include "govindex/text.hpp"
#include "steps/per_node.hpp"

namespace govindex {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr Eigen::Index score_bins = 1024;
/// Uniform draws of several runs, one row per run (a run's draws are contiguous).
using Uniforms = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using detail::exact_number;
using detail::in_quotes;

std::string step_name_of(const Step& s) {
    return std::visit([](const auto& x) { return std::string(std::decay_t<decltype(x)>::step_name); }, s);
}

// Every error about a declared input: `uncertain input "weights": field: what; expected ...`.
MethodError input_error(const std::string& input, const std::string& field, const std::string& what,
                        const std::string& expected, const std::string& found, const std::string& node = {}) {
    std::string message = "uncertain input " + in_quotes(input) + ": " + (field.empty() ? "" : field + ": ") + what;
    if (!expected.empty()) message += "; expected " + expected;
    return MethodError(message, ErrorLocation{.source = "uncertain input " + in_quotes(input),
                                              .column = field,
                                              .node = node,
                                              .expected = expected,
                                              .found = found});
}

// Descending competition ranks ("min") of one column, as rank_descending: 1 + the number of
// strictly greater values; NaN stays NaN. `order` holds a permutation of 0..n-1 from the previous
// column (replicates differ little): an insertion sort from it costs about n plus the number of
// units that swapped places. The ranks do not depend on the starting order.
void rank_column(const double* x, Eigen::Index n, double* rank, std::vector<Eigen::Index>& order) {
    if (static_cast<Eigen::Index>(order.size()) != n) {
        order.resize(static_cast<std::size_t>(n));
        for (Eigen::Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    }
    // Descending by value, NaN last.
    const auto sort = [&](auto before) {
        for (std::size_t i = 1; i < order.size(); ++i) {
            const Eigen::Index item = order[i];
            const double value = x[item];
            std::size_t j = i;
            while (j > 0 && before(value, x[order[j - 1]])) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = item;
        }
    };
    bool any_missing = false;
    for (Eigen::Index i = 0; i < n; ++i) any_missing = any_missing || std::isnan(x[i]);
    if (any_missing)
        sort([](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a > b); });
    else
        sort([](double a, double b) { return a > b; });
    for (std::size_t k = 0; k < order.size(); ++k) {
        const Eigen::Index i = order[k];
        if (std::isnan(x[i]))
            rank[i] = nan_value;
        else if (k > 0 && x[order[k - 1]] == x[i])
            rank[i] = rank[order[k - 1]];  // ties share the lowest rank
        else
            rank[i] = static_cast<double>(k + 1);
    }
}

// COINr's scalar output for one replicate: the mean absolute change of the ranks from the nominal
// ones, over the units ranked in both (0 if none).
double mean_rank_shift(const Eigen::VectorXd& ranks, const Eigen::VectorXd& nominal) {
    double shift = 0;
    int ranked = 0;
    for (Eigen::Index i = 0; i < ranks.size(); ++i)
        if (!std::isnan(ranks[i]) && !std::isnan(nominal[i])) shift += std::abs(ranks[i] - nominal[i]), ++ranked;
    return ranked > 0 ? shift / ranked : 0.0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The plan

struct UncertaintyEngine::Plan {
    Framework framework;
    Pipeline pipeline;
    Dataset data;
    std::vector<UncertainInput> inputs;
    std::vector<std::string> tracked;
    std::optional<int> year;
    std::vector<std::string> names;
    std::unique_ptr<Results> nominal;

    // Draws: input i takes dims[i] uniforms from offset[i].
    std::vector<std::size_t> offset, dims;
    std::size_t total_dims = 0;

    // The tree: slots in tree_codes order (indicators first, then aggregates level by level).
    std::vector<std::string> codes;
    std::unordered_map<std::string, int> slot;
    std::vector<int> parent;                 // per slot, -1 for the root
    std::vector<std::vector<int>> children;  // per slot, the children's slots
    int indicators = 0;
    std::vector<int> tracked_slots;

    struct Choice {
        std::size_t input;
        std::size_t position;  // pipeline step replaced
        std::vector<Step> alternatives;
    };
    std::vector<Choice> choices;
    std::optional<std::size_t> aggregate_position;  // the pipeline's Aggregate step

    struct Noise {
        std::size_t input;
        double factor;
        bool renormalise;
        std::vector<int> slots;
    };
    std::vector<Noise> weight_noise;
    struct Exclusion {
        std::size_t input;
        double probability;
        bool leave_one_out;
        std::vector<int> candidates;
    };
    std::vector<Exclusion> exclusions;
    struct CellNoise {
        std::size_t input;
        std::vector<std::pair<Eigen::Index, Eigen::Index>> cells;  // (row, column) in data
        std::vector<double> se;
    };
    std::vector<CellNoise> data_noise;
    struct UnitNoise {
        std::size_t input;
        int slot;            // the aggregate
        Eigen::VectorXd se;  // per unit; 0 where the nominal value is missing
    };
    std::vector<UnitNoise> node_noise;
    bool varies_weights = false;

    // Base weights per slot for each alternative of the aggregate step (one when it is not chosen).
    std::vector<Eigen::VectorXd> base_weights;

    // Execution.
    std::size_t first_varied = 0;   // steps before it run once
    std::optional<Dataset> prefix;  // their output (the input of step first_varied)
    bool kernel = false;            // the Aggregate step is last: evaluated by the block kernel
    // Memo: the aggregate step's input for each combination of the choices before it (no data noise).
    std::map<std::vector<int>, std::shared_ptr<const struct KernelInput>> memo;

    [[nodiscard]] std::vector<std::string> parameter_names() const;
    /// The aggregate steps a replicate may use: the choice's alternatives, else the pipeline's own.
    [[nodiscard]] std::vector<const Aggregate*> aggregate_steps() const;
    /// Which of aggregate_steps() a replicate uses, from its choices (`alternative`, per choice).
    [[nodiscard]] int aggregate_alternative(const std::vector<int>& alternative) const;
};

namespace {

// The aggregate step's input as the kernel needs it: indicator columns in slot order, and for each
// aggregate whose children are all indicators, its children transformed, missing set to 0, with
// their presence.
struct KernelNode {
    int slot;
    std::vector<int> children;
    enum Kind { power, sum, generic } kind = power;
    double p = 1, offset = 0, scale = 1;
    AggregateMethod method;
    bool all_indicators = true;
};

}  // namespace

struct KernelInput {
    Eigen::MatrixXd x;  // units x indicators (slot order), NaN = missing
    std::shared_ptr<const Units> units;
    // Per aggregate alternative, per kernel node (all-indicator nodes only): transformed children.
    std::vector<std::vector<Eigen::MatrixXd>> transformed, present;
    std::vector<std::vector<bool>> any_missing;
};

namespace {

using Plan = UncertaintyEngine::Plan;

// The transform of a power mean: x (p = 1), log(x + c) (p = 0), x^p otherwise; its inverse.
double transform(double x, double p, double c) {
    if (p == 1) return x;
    if (p == 0) return std::log(x + c);
    if (p == -1) return 1.0 / x;
    return std::pow(x, p);
}
double inverse(double y, double p, double c) {
    if (p == 1) return y;
    if (p == 0) return std::exp(y) - c;
    if (p == -1) return 1.0 / y;
    return std::pow(y, 1.0 / p);
}
// True when a power mean with exponent p (offset c) can use x.
bool in_domain(double x, double p, double c) {
    if (p == 1) return true;
    if (p == 0) return c > 0 ? x + c > 0 : x > 0;
    if (p < 0) return x > 0;
    return x >= 0;
}

KernelNode kernel_node(const AggregateMethod& method) {
    KernelNode k;
    k.method = method;
    if (const auto form = power_mean_form(method)) {
        k.p = form->p, k.offset = form->offset;
        if (form->zero_child_gives_zero) k.kind = KernelNode::generic;  // the closed form has no log(0)
    } else if (const auto* sum = std::get_if<WeightedSum>(&method)) {
        k.kind = KernelNode::sum, k.scale = sum->scale;
    } else {
        k.kind = KernelNode::generic;
    }
    return k;
}

// The kernel nodes of an Aggregate step (per-node overrides applied), aggregates in slot order.
std::vector<KernelNode> kernel_nodes(const Plan& plan, const Aggregate& step) {
    std::vector<KernelNode> out;
    const auto overrides = detail::resolve_per_node(step.per_node, plan.framework, detail::NodeRole::aggregate,
                                                    "aggregate step: ", "method", "aggregate step", "per_node");
    for (int s = plan.indicators; s < static_cast<int>(plan.codes.size()); ++s) {
        const auto it = overrides.find(plan.codes[static_cast<std::size_t>(s)]);
        KernelNode k = kernel_node(it == overrides.end() ? step.method : *it->second);
        k.slot = s;
        for (const auto& c : plan.framework.children(plan.codes[static_cast<std::size_t>(s)])) {
            k.children.push_back(plan.slot.at(c));
            k.all_indicators = k.all_indicators && plan.slot.at(c) < plan.indicators;
        }
        out.push_back(std::move(k));
    }
    return out;
}

}  // namespace

namespace {

// Everything sampled for one replicate.
struct Draw {
    std::vector<int> alternative;         // per plan.choices
    Eigen::VectorXd weights;              // per slot (empty when weights do not vary)
    std::vector<bool> excluded;           // per slot
    std::vector<double> z;                // per data-noise cell, all inputs in order
    std::vector<Eigen::VectorXd> node_z;  // per noise on an aggregate: per unit
};

Draw decode(const Plan& plan, const double* u) {
    Draw d;
    for (const auto& c : plan.choices) {
        const auto m = static_cast<double>(c.alternatives.size());
        d.alternative.push_back(std::min(static_cast<int>(u[plan.offset[c.input]] * m), static_cast<int>(m) - 1));
    }
    if (plan.varies_weights) {
        const Eigen::VectorXd& base =
            plan.base_weights[static_cast<std::size_t>(plan.aggregate_alternative(d.alternative))];
        d.weights = base;
        std::vector<bool> renormalise(plan.codes.size(), false);  // per parent slot
        for (const auto& n : plan.weight_noise) {
            const double* v = u + plan.offset[n.input];
            for (std::size_t k = 0; k < n.slots.size(); ++k) {
                const int s = n.slots[k];
                d.weights[s] *= 1.0 + n.factor * (2.0 * v[k] - 1.0);
                if (n.renormalise)
                    renormalise[static_cast<std::size_t>(plan.parent[static_cast<std::size_t>(s)])] = true;
            }
        }
        for (int p = plan.indicators; p < static_cast<int>(plan.codes.size()); ++p) {
            if (!renormalise[static_cast<std::size_t>(p)]) continue;
            const auto& children = plan.children[static_cast<std::size_t>(p)];
            double nominal = 0, now = 0;
            for (const int c : children) nominal += base[c], now += d.weights[c];
            if (now > 0)
                for (const int c : children) d.weights[c] *= nominal / now;
        }
        d.excluded.assign(plan.codes.size(), false);
        for (const auto& e : plan.exclusions) {
            const double* v = u + plan.offset[e.input];
            std::vector<int> drop;
            if (e.leave_one_out) {
                const auto m = static_cast<double>(e.candidates.size());
                drop.push_back(e.candidates[static_cast<std::size_t>(std::min(v[0] * m, m - 1))]);
            } else {
                for (std::size_t k = 0; k < e.candidates.size(); ++k)
                    if (v[k] < e.probability) drop.push_back(e.candidates[k]);
            }
            for (const int s : drop) {
                // Never the last child of positive weight of its group.
                const auto& siblings =
                    plan.children[static_cast<std::size_t>(plan.parent[static_cast<std::size_t>(s)])];
                int positive = 0;
                for (const int c : siblings) positive += d.weights[c] > 0 ? 1 : 0;
                if (positive > 1 && d.weights[s] > 0) d.weights[s] = 0, d.excluded[static_cast<std::size_t>(s)] = true;
            }
        }
    }
    for (const auto& n : plan.data_noise) {
        const double* v = u + plan.offset[n.input];
        for (std::size_t k = 0; k < n.cells.size(); ++k)
            d.z.push_back(detail::CounterRandom::standard_normal_quantile(v[k]));
    }
    for (const auto& n : plan.node_noise) {
        const double* v = u + plan.offset[n.input];
        Eigen::VectorXd z(n.se.size());
        for (Eigen::Index k = 0; k < z.size(); ++k) z[k] = detail::CounterRandom::standard_normal_quantile(v[k]);
        d.node_z.push_back(std::move(z));
    }
    return d;
}

// The pipeline's steps with a replicate's choices and weights.
std::vector<Step> sampled_steps(const Plan& plan, const Draw& d) {
    std::vector<Step> steps = plan.pipeline.steps();
    for (std::size_t k = 0; k < plan.choices.size(); ++k)
        steps[plan.choices[k].position] = plan.choices[k].alternatives[static_cast<std::size_t>(d.alternative[k])];
    if (plan.varies_weights) {
        auto& step = std::get<Aggregate>(steps[*plan.aggregate_position]);
        step.weights.clear();
        for (std::size_t s = 0; s + 1 < plan.codes.size(); ++s)
            step.weights[plan.codes[s]] = d.weights[static_cast<Eigen::Index>(s)];
    }
    return steps;
}

Dataset sampled_data(const Plan& plan, const Draw& d) {
    if (plan.data_noise.empty()) return plan.data;
    Eigen::MatrixXd values = plan.data.values();
    std::size_t k = 0;
    for (const auto& n : plan.data_noise)
        for (std::size_t c = 0; c < n.cells.size(); ++c, ++k)
            values(n.cells[c].first, n.cells[c].second) += n.se[c] * d.z[k];
    return plan.data.with_values(plan.data.columns(), std::move(values), plan.data.flags(),
                                 plan.data.standard_errors());
}

// Runs steps [from, to) of `steps` on `data` (checked by the caller).
Dataset run_steps(const Plan& plan, const std::vector<Step>& steps, std::size_t from, std::size_t to, Dataset data) {
    for (std::size_t i = from; i < to; ++i) data = apply(steps[i], plan.framework, data).data;
    return data;
}

std::shared_ptr<const KernelInput> kernel_input(const Plan& plan, const Dataset& input,
                                                const std::vector<std::vector<KernelNode>>& alternatives) {
    auto k = std::make_shared<KernelInput>();
    k->units = input.shared_units();
    k->x.resize(input.unit_count(), plan.indicators);
    for (int s = 0; s < plan.indicators; ++s)
        k->x.col(s) = input.values().col(input.column_index(plan.codes[static_cast<std::size_t>(s)]));
    for (const auto& nodes : alternatives) {
        auto& t = k->transformed.emplace_back();
        auto& m = k->present.emplace_back();
        auto& any = k->any_missing.emplace_back();
        for (const auto& n : nodes) {
            if (!n.all_indicators || n.kind == KernelNode::generic) {
                t.emplace_back(), m.emplace_back(), any.push_back(false);
                continue;
            }
            Eigen::MatrixXd tn(k->x.rows(), static_cast<Eigen::Index>(n.children.size()));
            Eigen::MatrixXd mn(tn.rows(), tn.cols());
            bool missing = false;
            for (Eigen::Index c = 0; c < tn.cols(); ++c)
                for (Eigen::Index i = 0; i < tn.rows(); ++i) {
                    const double v = k->x(i, n.children[static_cast<std::size_t>(c)]);
                    const bool here = !std::isnan(v);
                    missing = missing || !here;
                    if (here && n.kind == KernelNode::power && !in_domain(v, n.p, n.offset))
                        throw NumericError(
                            "uncertainty engine: aggregate " + in_quotes(plan.codes[static_cast<std::size_t>(n.slot)]) +
                                ": " + method_name(n.method) + " cannot use the value " + exact_number(v) + " of " +
                                in_quotes(
                                    plan.codes[static_cast<std::size_t>(n.children[static_cast<std::size_t>(c)])]) +
                                " for unit " + in_quotes(input.unit_codes()[static_cast<std::size_t>(i)]) +
                                " that one of the alternatives gives; expected values the method accepts",
                            ErrorLocation{.column = "alternatives",
                                          .node = plan.codes[static_cast<std::size_t>(n.slot)],
                                          .expected = "values the method accepts",
                                          .found = exact_number(v)});
                    tn(i, c) = here ? (n.kind == KernelNode::sum ? v : transform(v, n.p, n.offset)) : 0.0;
                    mn(i, c) = here ? 1.0 : 0.0;
                }
            t.push_back(std::move(tn)), m.push_back(std::move(mn)), any.push_back(missing);
        }
    }
    return k;
}

}  // namespace

namespace {

// Evaluation of a block of runs: for each run its tracked nodes' scores (units x tracked).
struct Evaluator {
    const Plan& plan;
    std::vector<std::vector<KernelNode>> alternatives;  // kernel nodes per aggregate alternative
    std::vector<const Aggregate*> aggregate_steps;      // per alternative

    // Noise on an aggregate's value per unit (DataNoise with a node), for the runs of a block.
    void add_node_noise(int slot, Eigen::MatrixXd& result, const std::vector<Draw>& draws,
                        const std::vector<std::size_t>& columns) const {
        for (std::size_t k = 0; k < plan.node_noise.size(); ++k) {
            if (plan.node_noise[k].slot != slot) continue;
            for (Eigen::Index r = 0; r < result.cols(); ++r)
                result.col(r).array() +=
                    plan.node_noise[k].se.array() * draws[columns[static_cast<std::size_t>(r)]].node_z[k].array();
        }
    }

    // The kernel over B runs sharing one input and one aggregate alternative. W: slots x B weights;
    // columns: the runs' positions in `draws` and in the columns of `out`.
    void kernel(const KernelInput& in, int alternative, const Eigen::MatrixXd& w, std::size_t first_run,
                std::vector<Eigen::MatrixXd>& out, const std::vector<std::size_t>& columns,
                const std::vector<Draw>& draws) const {
        const Eigen::Index units = in.x.rows();
        const Eigen::Index b = w.cols();
        const auto& nodes = alternatives[static_cast<std::size_t>(alternative)];
        const Aggregate& step = *aggregate_steps[static_cast<std::size_t>(alternative)];
        // Matrices kept per thread from call to call: resizing to the same shape allocates nothing.
        thread_local struct {
            std::vector<Eigen::MatrixXd> values;
            Eigen::MatrixXd wn, num, den, result;
        } scratch;
        std::vector<Eigen::MatrixXd>& values = scratch.values;
        values.resize(plan.codes.size());
        std::vector<bool> complete(plan.codes.size(), false);  // an aggregate's values have no NaN
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            const KernelNode& node = nodes[n];
            const auto k = static_cast<Eigen::Index>(node.children.size());
            Eigen::MatrixXd& wn = scratch.wn;
            wn.resize(k, b);
            for (Eigen::Index c = 0; c < k; ++c) wn.row(c) = w.row(node.children[static_cast<std::size_t>(c)]);
            Eigen::MatrixXd& result = scratch.result;
            result.resize(units, b);
            // The node through aggregate_rows, run by run: for methods without a vectorised kernel,
            // and where the kernel's sums overflow (values or weights near the limits of double).
            const auto exact_node = [&] {
                Eigen::MatrixXd x(units, k);
                for (Eigen::Index r = 0; r < b; ++r) {
                    for (Eigen::Index c = 0; c < k; ++c) {
                        const int s = node.children[static_cast<std::size_t>(c)];
                        x.col(c) = s < plan.indicators ? Eigen::VectorXd(in.x.col(s))
                                                       : Eigen::VectorXd(values[static_cast<std::size_t>(s)].col(r));
                    }
                    if (step.min_availability > 0)
                        for (Eigen::Index i = 0; i < units; ++i)
                            if (static_cast<double>((x.row(i).array() == x.row(i).array()).count()) /
                                    static_cast<double>(k) <
                                step.min_availability)
                                x.row(i).setConstant(nan_value);
                    result.col(r) = aggregate_rows(
                        node.method, x, wn.col(r),
                        AggregateContext{plan.framework.node(plan.codes[static_cast<std::size_t>(node.slot)]),
                                         plan.framework.children(plan.codes[static_cast<std::size_t>(node.slot)]),
                                         *in.units});
                }
                add_node_noise(node.slot, result, draws, columns);
                values[static_cast<std::size_t>(node.slot)].swap(result);
            };
            if (node.kind == KernelNode::generic) {
                exact_node();
                continue;
            }
            Eigen::MatrixXd& num = scratch.num;
            Eigen::MatrixXd& den = scratch.den;
            num.resize(units, b);
            den.resize(units, b);
            Eigen::RowVectorXd total;        // when every unit's denominator is the same: per run
            Eigen::MatrixXd missing_weight;  // sum: weight of missing children (> 0 = missing)
            Eigen::MatrixXd available;       // count of present children, for min_availability
            if (node.all_indicators) {
                const Eigen::MatrixXd& t = in.transformed[static_cast<std::size_t>(alternative)][n];
                const Eigen::MatrixXd& m = in.present[static_cast<std::size_t>(alternative)][n];
                const bool any = in.any_missing[static_cast<std::size_t>(alternative)][n];
                num.noalias() = t * wn;
                if (node.kind == KernelNode::sum) {
                    if (any) {
                        Eigen::MatrixXd positive = (wn.array() > 0).cast<double>();
                        missing_weight.noalias() = (1.0 - m.array()).matrix() * positive;
                    }
                } else if (any)
                    den.noalias() = m * wn;
                else {
                    total = wn.row(0);  // in child order, whatever the block
                    for (Eigen::Index c = 1; c < k; ++c) total += wn.row(c);
                }
                if (step.min_availability > 0 && any) available = m.rowwise().sum() * Eigen::RowVectorXd::Ones(b);
            } else if (node.p == 1 && step.min_availability == 0 &&
                       std::all_of(node.children.begin(), node.children.end(), [&](int s) {
                           return s >= plan.indicators && complete[static_cast<std::size_t>(s)];
                       })) {
                // Aggregate children without a missing value: num = sum_c w_c v_c, den = sum_c w_c.
                num.setZero();
                for (Eigen::Index c = 0; c < k; ++c)
                    num.array() +=
                        values[static_cast<std::size_t>(node.children[static_cast<std::size_t>(c)])].array().rowwise() *
                        wn.row(c).array();
                if (node.kind != KernelNode::sum) {
                    total = wn.row(0);  // in child order, whatever the block
                    for (Eigen::Index c = 1; c < k; ++c) total += wn.row(c);
                }
            } else {
                // Children that vary per run: array operations over units x runs.
                num.setZero();
                den.setZero();
                if (node.kind == KernelNode::sum) missing_weight.setZero(units, b);
                if (step.min_availability > 0) available.setZero(units, b);
                Eigen::ArrayXXd v(units, b), wr(units, b);
                for (Eigen::Index c = 0; c < k; ++c) {
                    const int s = node.children[static_cast<std::size_t>(c)];
                    if (s < plan.indicators)
                        v = in.x.col(s).array().replicate(1, b);
                    else
                        v = values[static_cast<std::size_t>(s)].array();
                    wr = wn.row(c).array().replicate(units, 1);
                    const auto present = v == v;
                    const auto used = present && wr > 0;
                    if (available.size()) available.array() += present.cast<double>();
                    if (node.kind == KernelNode::sum) {
                        missing_weight.array() += (!present && wr > 0).select(wr, 0.0);
                        num.array() += used.select(wr * v, 0.0);
                        continue;
                    }
                    if (node.p != 1) {
                        for (Eigen::Index r = 0; r < b; ++r)
                            for (Eigen::Index i = 0; i < units; ++i)
                                if (used(i, r) && !in_domain(v(i, r), node.p, node.offset))
                                    throw NumericError(
                                        "uncertainty engine: run " +
                                            std::to_string(first_run + static_cast<std::size_t>(r)) + ": aggregate " +
                                            in_quotes(plan.codes[static_cast<std::size_t>(node.slot)]) + ": " +
                                            method_name(node.method) + " cannot use the value " +
                                            exact_number(v(i, r)) + " of " +
                                            in_quotes(plan.codes[static_cast<std::size_t>(s)]) + " for unit " +
                                            in_quotes(in.units->codes[static_cast<std::size_t>(i)]) +
                                            "; expected values the method accepts",
                                        ErrorLocation{.node = plan.codes[static_cast<std::size_t>(node.slot)],
                                                      .expected = "values the method accepts",
                                                      .found = exact_number(v(i, r))});
                        v = v.unaryExpr([&](double x) { return transform(x, node.p, node.offset); });
                    }
                    num.array() += used.select(wr * v, 0.0);
                    den.array() += used.select(wr, 0.0);
                }
            }
            // Weights so small that their total is subnormal: the exact kernels (below) instead. A
            // positive total below the smallest normal double needs a positive weight below it, so
            // the units x runs totals are scanned only when the (children x runs) weights have one.
            bool exact = false;
            if (node.kind != KernelNode::sum) {
                constexpr double smallest = std::numeric_limits<double>::min();
                if (total.size())
                    exact = (total.array() > 0 && total.array() < smallest).any();
                else if ((wn.array() > 0 && wn.array() < smallest).any())
                    exact = (den.array() > 0 && den.array() < smallest).any();
            }
            if (exact) {
                exact_node();
                continue;
            }
            // Array operations over units x runs (vectorised): missing where nothing took part.
            if (node.kind == KernelNode::sum) {
                result = node.scale * num;
                if (missing_weight.size()) result = (missing_weight.array() > 0).select(nan_value, result.array());
            } else if (total.size()) {
                // One denominator per run: multiply by its reciprocal (vectorised), missing where it is 0.
                const Eigen::RowVectorXd reciprocal = (total.array() > 0).select(total.array().inverse(), nan_value);
                result.array() = num.array().rowwise() * reciprocal.array();
                if (node.p != 1) result = result.unaryExpr([&](double y) { return inverse(y, node.p, node.offset); });
            } else {
                result = (den.array() > 0).select(num.array() / den.array(), nan_value);
                if (node.p != 1) result = result.unaryExpr([&](double y) { return inverse(y, node.p, node.offset); });
            }
            if (available.size())
                result = (available.array() / static_cast<double>(k) < step.min_availability)
                             .select(nan_value, result.array());
            add_node_noise(node.slot, result, draws, columns);
            // NaN anywhere makes the sum NaN (a vectorised test; an inf - inf only sends the parents
            // to the masked path, which is as exact). The same sum finds a kernel sum that overflowed
            // (an inf, or a NaN with the sums not finite: inf - inf): then the node again through
            // the exact kernels, which do not overflow.
            const double sum = result.sum();
            if (std::isinf(sum) ||
                (std::isnan(sum) && !std::isfinite(num.sum() * (node.kind == KernelNode::sum ? node.scale : 1.0)))) {
                exact_node();
                continue;
            }
            complete[static_cast<std::size_t>(node.slot)] = !std::isnan(sum);
            values[static_cast<std::size_t>(node.slot)].swap(result);
        }
        for (std::size_t t = 0; t < plan.tracked_slots.size(); ++t) {
            const int s = plan.tracked_slots[t];
            for (Eigen::Index r = 0; r < b; ++r) {
                auto target = out[t].col(static_cast<Eigen::Index>(columns[static_cast<std::size_t>(r)]));
                if (s < plan.indicators)
                    target = in.x.col(s);
                else
                    target = values[static_cast<std::size_t>(s)].col(r);
            }
        }
    }

    // The input of the aggregate step for a replicate (memoised, or computed).
    std::shared_ptr<const KernelInput> input_for(const Draw& d, std::vector<int>& key) const {
        key.clear();
        for (std::size_t k = 0; k < plan.choices.size(); ++k)
            if (plan.choices[k].position < *plan.aggregate_position) key.push_back(d.alternative[k]);
        if (!plan.memo.empty()) return plan.memo.at(key);
        const std::vector<Step> steps = sampled_steps(plan, d);
        Dataset data = plan.data_noise.empty() ? *plan.prefix : sampled_data(plan, d);
        const std::size_t from = plan.data_noise.empty() ? plan.first_varied : 0;
        data = run_steps(plan, steps, from, *plan.aggregate_position, std::move(data));
        return kernel_input(plan, data, alternatives);
    }

    // Scores of the tracked nodes for `count` runs whose uniforms are rows of `u` (count x dims);
    // out[t] is units x count.
    void evaluate(const Uniforms& u, std::size_t first_run, std::vector<Eigen::MatrixXd>& out) const {
        const auto count = static_cast<std::size_t>(u.rows());
        const Eigen::Index units = plan.data.unit_count();
        out.assign(plan.tracked_slots.size(), Eigen::MatrixXd(units, static_cast<Eigen::Index>(count)));
        std::vector<Draw> draws;
        draws.reserve(count);
        for (std::size_t r = 0; r < count; ++r) draws.push_back(decode(plan, u.data() + r * plan.total_dims));
        if (!plan.kernel) {
            for (std::size_t r = 0; r < count; ++r) {
                const std::vector<Step> steps = sampled_steps(plan, draws[r]);
                Dataset data = plan.data_noise.empty() ? *plan.prefix : sampled_data(plan, draws[r]);
                data = run_steps(plan, steps, plan.data_noise.empty() ? plan.first_varied : 0, steps.size(),
                                 std::move(data));
                for (std::size_t t = 0; t < plan.tracked_slots.size(); ++t)
                    out[t].col(static_cast<Eigen::Index>(r)) = data.values().col(
                        data.column_index(plan.codes[static_cast<std::size_t>(plan.tracked_slots[t])]));
            }
            return;
        }
        // Group runs by (input, aggregate alternative), keeping run order within a group.
        std::map<std::pair<const KernelInput*, int>, std::vector<std::size_t>> groups;
        std::vector<std::shared_ptr<const KernelInput>> keep_alive;
        std::vector<int> key;
        for (std::size_t r = 0; r < count; ++r) {
            auto in = input_for(draws[r], key);
            groups[{in.get(), plan.aggregate_alternative(draws[r].alternative)}].push_back(r);
            keep_alive.push_back(std::move(in));
        }
        constexpr std::size_t batch = 64;  // keeps the kernel's matrices small (no page faults)
        for (const auto& [group, all_runs] : groups)
            for (std::size_t from = 0; from < all_runs.size(); from += batch) {
                const std::vector<std::size_t> runs(
                    all_runs.begin() + static_cast<std::ptrdiff_t>(from),
                    all_runs.begin() + static_cast<std::ptrdiff_t>(std::min(all_runs.size(), from + batch)));
                const int alternative = group.second;
                Eigen::MatrixXd w(static_cast<Eigen::Index>(plan.codes.size()), static_cast<Eigen::Index>(runs.size()));
                for (std::size_t j = 0; j < runs.size(); ++j)
                    w.col(static_cast<Eigen::Index>(j)) =
                        plan.varies_weights ? draws[runs[j]].weights
                                            : plan.base_weights[static_cast<std::size_t>(alternative)];
                kernel(*group.first, alternative, w, first_run, out, runs, draws);
            }
    }
};

}  // namespace

std::vector<const Aggregate*> UncertaintyEngine::Plan::aggregate_steps() const {
    for (const auto& c : choices)
        if (c.position == *aggregate_position) {
            std::vector<const Aggregate*> out;
            for (const auto& a : c.alternatives) out.push_back(&std::get<Aggregate>(a));
            return out;
        }
    return {&std::get<Aggregate>(pipeline.steps()[*aggregate_position])};
}

int UncertaintyEngine::Plan::aggregate_alternative(const std::vector<int>& alternative) const {
    for (std::size_t k = 0; k < choices.size(); ++k)
        if (choices[k].position == *aggregate_position) return alternative[k];
    return 0;
}

std::vector<std::string> UncertaintyEngine::Plan::parameter_names() const {
    std::vector<std::string> out;
    for (const auto& c : choices) out.push_back(names[c.input]);
    for (const auto& n : weight_noise)
        for (const int s : n.slots) out.push_back("weight:" + codes[static_cast<std::size_t>(s)]);
    for (const auto& e : exclusions)
        for (const int s : e.candidates) out.push_back("excluded:" + codes[static_cast<std::size_t>(s)]);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Construction: checks and compilation

namespace {

Evaluator make_evaluator(const Plan& p) {
    Evaluator e{p, {}, p.aggregate_steps()};
    for (const Aggregate* a : e.aggregate_steps) e.alternatives.push_back(kernel_nodes(p, *a));
    return e;
}

std::string default_name(const UncertainInput& input) {
    return std::visit(
        [](const auto& i) -> std::string {
            using I = std::decay_t<decltype(i)>;
            if (!i.name.empty()) return to_nfc(i.name);
            if constexpr (std::is_same_v<I, WeightNoise>)
                return "weights";
            else if constexpr (std::is_same_v<I, StepChoice>)
                return i.alternatives.empty() ? "choice" : step_name_of(i.alternatives.front());
            else if constexpr (std::is_same_v<I, IndicatorExclusion>)
                return "exclusion";
            else
                return "data";
        },
        input);
}

void check_input(const WeightNoise& in, const std::string& name) {
    if (!(in.factor >= 0 && in.factor < 1))
        throw input_error(name, "factor", "noise factor " + exact_number(in.factor), "a relative noise in [0, 1)",
                          exact_number(in.factor));
    if (in.levels.empty() && in.nodes.empty())
        throw input_error(name, "levels", "no level and no node given: the noise touches no weight",
                          "levels or nodes whose weights vary", "none");
}

void check_input(const StepChoice& in, const std::string& name) {
    if (in.alternatives.size() < 2)
        throw input_error(name, "alternatives", std::to_string(in.alternatives.size()) + " alternative(s)",
                          "at least two steps to choose from", std::to_string(in.alternatives.size()));
    for (std::size_t a = 0; a < in.alternatives.size(); ++a)
        if (in.alternatives[a].index() != in.alternatives.front().index())
            throw input_error(name, "alternatives",
                              "alternative " + std::to_string(a + 1) + " is a " + step_name_of(in.alternatives[a]) +
                                  " step, the first a " + step_name_of(in.alternatives.front()) + " step",
                              "alternatives of one step type", step_name_of(in.alternatives[a]));
}

void check_input(const IndicatorExclusion& in, const std::string& name) {
    if (in.leave_one_out == (in.probability > 0))
        throw input_error(
            name, "probability",
            in.leave_one_out ? "both leave_one_out and a probability " + exact_number(in.probability)
                             : "probability " + exact_number(in.probability),
            in.leave_one_out ? "either leave_one_out or a probability" : "a probability in (0, 1) or leave_one_out",
            exact_number(in.probability));
    if (!in.leave_one_out && !(in.probability < 1))
        throw input_error(name, "probability", "probability " + exact_number(in.probability), "a probability in (0, 1)",
                          exact_number(in.probability));
}

void check_input(const DataNoise& in, const std::string& name) {
    if (!in.node.empty() && !in.columns.empty())
        throw input_error(name, "node", "both a node and columns given", "either columns (cells) or a node (per unit)",
                          in.node, in.node);
    if (in.node.empty() && !in.standard_errors.empty())
        throw input_error(name, "standard_errors", "standard errors per unit without a node",
                          "a node whose value they belong to", "no node");
    for (const auto& [unit, se] : in.standard_errors)
        if (!(std::isfinite(se) && se >= 0))
            throw input_error(name, "standard_errors", "unit " + in_quotes(unit) + ": " + exact_number(se),
                              "a finite number >= 0", exact_number(se));
}

// A node named by code, else by name (NFC); nullptr if none.
const Node* find_node(const Framework& fw, const std::string& code_or_name) {
    if (const Node* n = fw.find(code_or_name)) return n;
    for (const auto& n : fw.nodes())
        if (!n.name.empty() && same_text(n.name, code_or_name)) return &n;
    return nullptr;
}

}  // namespace

UncertaintyEngine::UncertaintyEngine(Framework framework, Pipeline pipeline, Dataset data,
                                     std::vector<UncertainInput> inputs, std::vector<std::string> nodes,
                                     std::optional<int> year) {
    auto plan = std::make_unique<Plan>(Plan{.framework = std::move(framework),
                                            .pipeline = std::move(pipeline),
                                            .data = std::move(data),
                                            .inputs = std::move(inputs),
                                            .year = year});
    Plan& p = *plan;
    const Framework& fw = p.framework;
    p.pipeline.check(fw);
    if (p.data.is_panel()) {
        if (!year)
            throw MethodError("uncertainty engine: the data are a panel (years " +
                                  std::to_string(p.data.years().front()) + " to " +
                                  std::to_string(p.data.years().back()) + "); expected a year to analyse",
                              ErrorLocation{.column = "year", .expected = "a year of the panel", .found = "none"});
        p.data = p.data.select_time(*year);
    } else if (year && !p.data.years().empty() && p.data.years().front() != *year) {
        throw UnknownCodeError(
            "uncertainty engine: year " + std::to_string(*year) + " is not in the data (year " +
                std::to_string(p.data.years().front()) + ")",
            ErrorLocation{.column = "year", .expected = "a year of the data", .found = std::to_string(*year)});
    }
    // The tree.
    p.codes = fw.tree_codes();
    for (std::size_t s = 0; s < p.codes.size(); ++s) p.slot.emplace(p.codes[s], static_cast<int>(s));
    p.indicators = static_cast<int>(fw.indicators().size());
    for (const auto& c : p.codes) p.parent.push_back(fw.node(c).parent.empty() ? -1 : p.slot.at(fw.node(c).parent));
    p.children.resize(p.codes.size());
    for (std::size_t s = 0; s < p.codes.size(); ++s)
        for (const auto& c : fw.children(p.codes[s])) p.children[s].push_back(p.slot.at(c));
    const std::vector<Step>& steps = p.pipeline.steps();
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (std::holds_alternative<Aggregate>(steps[i])) p.aggregate_position = i;
    if (!p.aggregate_position)
        throw MethodError(
            "uncertainty engine: the pipeline has no aggregate step; expected a pipeline that aggregates up to the "
            "index",
            ErrorLocation{.column = "pipeline", .expected = "an aggregate step", .found = "none"});
    // Tracked nodes.
    if (nodes.empty()) nodes.push_back(fw.root());
    for (const auto& n : nodes) {
        const Node* node = find_node(fw, n);
        if (node == nullptr || !node->in_tree())
            throw error_at<UnknownCodeError>(
                {.column = "nodes", .node = n, .expected = "an indicator or aggregate code"},
                "uncertainty engine: tracked node " + in_quotes(n) + ": " +
                    (node == nullptr ? "unknown node" : "not in the tree") +
                    "; expected an indicator or aggregate code");
        if (std::find(p.tracked.begin(), p.tracked.end(), node->code) != p.tracked.end())
            throw MethodError(
                "uncertainty engine: tracked node " + in_quotes(n) + " given twice; expected each node once",
                ErrorLocation{.column = "nodes", .node = node->code, .expected = "each node once", .found = "twice"});
        p.tracked.push_back(node->code);
        p.tracked_slots.push_back(p.slot.at(node->code));
    }
    // The nominal run (the standard errors of aggregates come from it).
    p.nominal = std::make_unique<Results>(p.pipeline.run(fw, p.data));
    // Inputs.
    std::set<std::string> names;
    std::set<int> noisy_slots;
    std::set<std::size_t> chosen_positions;
    p.first_varied = steps.size();
    for (std::size_t i = 0; i < p.inputs.size(); ++i) {
        const std::string name = default_name(p.inputs[i]);
        if (!names.insert(name).second)
            throw input_error(name, "name", "a second input of this name", "a unique name per input (set `name`)",
                              name);
        p.names.push_back(name);
        p.offset.push_back(p.total_dims);
        std::size_t dims = 0;
        std::visit(
            [&](const auto& in) {
                using I = std::decay_t<decltype(in)>;
                if constexpr (std::is_same_v<I, WeightNoise>) {
                    check_input(in, name);
                    Plan::Noise noise{i, in.factor, in.renormalise, {}};
                    std::set<int> slots;
                    for (const int level : in.levels) {
                        if (level < 1 || level >= fw.max_level())
                            throw input_error(name, "levels",
                                              "level " + std::to_string(level) +
                                                  (level == fw.max_level() ? " is the index, whose weight takes no part"
                                                                           : " does not exist"),
                                              "a level from 1 to " + std::to_string(fw.max_level() - 1),
                                              std::to_string(level));
                        for (const auto& c : fw.level_codes(level)) slots.insert(p.slot.at(c));
                    }
                    for (const auto& code : in.nodes) {
                        const Node* n = find_node(fw, code);
                        if (n == nullptr || !n->in_tree())
                            throw input_error(
                                name, "nodes",
                                in_quotes(code) + ": " + (n == nullptr ? "unknown node" : "not in the tree"),
                                "an indicator or aggregate code", code, code);
                        if (n->code == fw.root())
                            throw input_error(name, "nodes",
                                              in_quotes(code) + " is the index, whose weight takes no part",
                                              "a node below the index", code, code);
                        slots.insert(p.slot.at(n->code));
                    }
                    for (const int s : slots) {
                        if (!noisy_slots.insert(s).second)
                            throw input_error(name, "nodes",
                                              "the weight of " + in_quotes(p.codes[static_cast<std::size_t>(s)]) +
                                                  " is already varied by another input",
                                              "each weight varied by one input", p.codes[static_cast<std::size_t>(s)],
                                              p.codes[static_cast<std::size_t>(s)]);
                        noise.slots.push_back(s);
                    }
                    dims = noise.slots.size();
                    p.weight_noise.push_back(std::move(noise));
                    p.varies_weights = true;
                    p.first_varied = std::min(p.first_varied, *p.aggregate_position);
                } else if constexpr (std::is_same_v<I, StepChoice>) {
                    check_input(in, name);
                    const std::size_t type = in.alternatives.front().index();
                    std::optional<std::size_t> position;
                    for (std::size_t s = 0; s < steps.size(); ++s)
                        if (steps[s].index() == type) position = s;
                    if (!position)
                        throw input_error(name, "alternatives",
                                          "the pipeline has no " + step_name_of(in.alternatives.front()) +
                                              " step: the choice touches nothing",
                                          "a step type the pipeline has", step_name_of(in.alternatives.front()));
                    if (!chosen_positions.insert(*position).second)
                        throw input_error(
                            name, "alternatives",
                            "the " + step_name_of(in.alternatives.front()) + " step is already chosen by another input",
                            "one choice per step", step_name_of(in.alternatives.front()));
                    for (std::size_t a = 0; a < in.alternatives.size(); ++a) {
                        try {
                            Pipeline probe = p.pipeline;
                            std::vector<Step> s = probe.steps();
                            s[*position] = in.alternatives[a];
                            Pipeline(std::move(s)).check(fw);
                        } catch (const Error& e) {
                            rethrow_with(
                                e,
                                "uncertain input " + in_quotes(name) + ": alternative " + std::to_string(a + 1) + ": ",
                                ErrorLocation{.source = "uncertain input " + in_quotes(name),
                                              .column = "alternatives"});
                        }
                    }
                    p.choices.push_back({i, *position, in.alternatives});
                    dims = 1;
                    p.first_varied = std::min(p.first_varied, *position);
                } else if constexpr (std::is_same_v<I, IndicatorExclusion>) {
                    check_input(in, name);
                    Plan::Exclusion e{i, in.probability, in.leave_one_out, {}};
                    const std::vector<std::string> candidates = in.indicators.empty() ? fw.indicators() : in.indicators;
                    for (const auto& code : candidates) {
                        const Node* n = find_node(fw, code);
                        if (n == nullptr || n->type != NodeType::indicator)
                            throw input_error(
                                name, "indicators",
                                in_quotes(code) + ": " + (n == nullptr ? "unknown node" : "not an indicator"),
                                "an indicator code", code, code);
                        const int s = p.slot.at(n->code);
                        if (std::find(e.candidates.begin(), e.candidates.end(), s) != e.candidates.end())
                            throw input_error(name, "indicators", in_quotes(code) + " given twice",
                                              "each indicator once", code, code);
                        if (fw.children(n->parent).size() < 2) {
                            if (!in.indicators.empty())
                                throw input_error(name, "indicators",
                                                  in_quotes(code) + " is the only child of " + in_quotes(n->parent) +
                                                      ": dropping it would leave the group empty",
                                                  "indicators with siblings", code, code);
                            continue;
                        }
                        e.candidates.push_back(s);
                    }
                    if (e.candidates.empty())
                        throw input_error(name, "indicators",
                                          "no indicator can be dropped (each is alone in its group)",
                                          "indicators with siblings", "none");
                    dims = in.leave_one_out ? 1 : e.candidates.size();
                    p.exclusions.push_back(std::move(e));
                    p.varies_weights = true;
                    p.first_varied = std::min(p.first_varied, *p.aggregate_position);
                } else if (!in.node.empty()) {
                    check_input(in, name);
                    const Node* n = find_node(fw, in.node);
                    if (n == nullptr || n->type != NodeType::aggregate)
                        throw input_error(
                            name, "node",
                            in_quotes(in.node) + ": " + (n == nullptr ? "unknown node" : "not an aggregate"),
                            "an aggregate code", in.node, in.node);
                    const int slot = p.slot.at(n->code);
                    for (const auto& other : p.node_noise)
                        if (other.slot == slot)
                            throw input_error(
                                name, "node",
                                "the value of " + in_quotes(n->code) + " is already varied by another input",
                                "each aggregate varied by one input", n->code, n->code);
                    const Dataset& nominal = p.nominal->scores();
                    const Eigen::Index col = nominal.column_index(n->code);
                    Eigen::VectorXd se = Eigen::VectorXd::Constant(nominal.unit_count(), nan_value);
                    if (!in.standard_errors.empty()) {
                        for (const auto& [unit, value] : in.standard_errors) {
                            Eigen::Index row = 0;
                            try {
                                row = nominal.unit_index(unit);
                            } catch (const UnknownCodeError&) {
                                throw input_error(name, "standard_errors",
                                                  "unit " + in_quotes(unit) + ": not in the data",
                                                  "a unit code or name of the data", unit);
                            }
                            se[row] = value;
                        }
                    } else if (nominal.has_standard_errors()) {
                        se = nominal.standard_errors().col(col);
                    }
                    for (Eigen::Index r = 0; r < se.size(); ++r) {
                        if (std::isnan(nominal.values()(r, col)))
                            se[r] = 0;  // no value, nothing to vary
                        else if (std::isnan(se[r]))
                            throw input_error(
                                name, "standard_errors",
                                "unit " + in_quotes(nominal.unit_codes()[static_cast<std::size_t>(r)]) + ", " +
                                    in_quotes(n->code) + ": a value without a standard error" +
                                    (in.standard_errors.empty() ? " (none given, none propagated by the nominal run)"
                                                                : ""),
                                "a standard error for every unit with a value", "missing", n->code);
                    }
                    p.node_noise.push_back({i, slot, std::move(se)});
                    dims = static_cast<std::size_t>(nominal.unit_count());
                    p.first_varied = std::min(p.first_varied, *p.aggregate_position);
                } else {
                    check_input(in, name);
                    Plan::CellNoise noise{i, {}, {}};
                    std::vector<std::string> columns;
                    if (in.columns.empty()) {
                        if (!p.data.has_standard_errors())
                            throw input_error(name, "columns",
                                              "the data have no standard errors: the noise touches nothing",
                                              "data with standard errors (<code>_se columns)", "none");
                        for (const auto& c : fw.indicators()) {
                            const Eigen::Index col = p.data.column_index(c);
                            if ((p.data.standard_errors().col(col).array() == p.data.standard_errors().col(col).array())
                                    .any())
                                columns.push_back(c);
                        }
                    } else {
                        for (const auto& code : in.columns) {
                            const Node* n = find_node(fw, code);
                            if (n == nullptr || n->type != NodeType::indicator)
                                throw input_error(
                                    name, "columns",
                                    in_quotes(code) + ": " + (n == nullptr ? "unknown node" : "not an indicator"),
                                    "an indicator code", code, code);
                            columns.push_back(n->code);
                        }
                    }
                    for (const auto& c : columns) {
                        const Eigen::Index col = p.data.column_index(c);
                        for (Eigen::Index r = 0; r < p.data.unit_count(); ++r) {
                            if (std::isnan(p.data.values()(r, col))) continue;
                            const double se =
                                p.data.has_standard_errors() ? p.data.standard_errors()(r, col) : nan_value;
                            if (std::isnan(se))
                                throw input_error(name, "columns",
                                                  "unit " +
                                                      in_quotes(p.data.unit_codes()[static_cast<std::size_t>(r)]) +
                                                      ", " + in_quotes(c) + ": a value without a standard error",
                                                  "a standard error for every value that varies", "missing", c);
                            noise.cells.emplace_back(r, col);
                            noise.se.push_back(se);
                        }
                    }
                    if (noise.cells.empty())
                        throw input_error(name, "columns", "no value to vary",
                                          "columns with values and standard errors", "none");
                    dims = noise.cells.size();
                    p.data_noise.push_back(std::move(noise));
                    p.first_varied = 0;
                }
            },
            p.inputs[i]);
        p.dims.push_back(dims);
        p.total_dims += dims;
    }
    if (p.inputs.empty())
        throw MethodError(
            "uncertainty engine: no uncertain input; expected at least one (weights, a step choice, an exclusion, data "
            "noise)",
            ErrorLocation{.column = "inputs", .expected = "at least one uncertain input", .found = "none"});
    // The base weights of every aggregate alternative.
    for (const Aggregate* a : p.aggregate_steps()) {
        const auto weights = effective_weights(*a, fw);
        Eigen::VectorXd w(static_cast<Eigen::Index>(p.codes.size()));
        for (std::size_t s = 0; s < p.codes.size(); ++s) w[static_cast<Eigen::Index>(s)] = weights.at(p.codes[s]);
        p.base_weights.push_back(std::move(w));
    }
    // Execution: the steps before the first varied one run once; the aggregate step is the kernel
    // when it is the last step.
    p.prefix = run_steps(p, steps, 0, p.first_varied, p.data);
    p.kernel = *p.aggregate_position + 1 == steps.size();
    if (!p.node_noise.empty() && !p.kernel)
        throw input_error(p.names[p.node_noise.front().input], "node",
                          "noise on an aggregate needs the aggregate step last in the pipeline",
                          "a pipeline ending with its aggregate step", "steps after it");
    plan_ = std::move(plan);
    if (p.kernel && p.data_noise.empty()) {
        // Precompute the aggregate step's input for every combination of the choices before it.
        const Evaluator ev = make_evaluator(p);
        std::vector<std::size_t> before;
        for (std::size_t k = 0; k < p.choices.size(); ++k)
            if (p.choices[k].position < *p.aggregate_position) before.push_back(k);
        std::size_t combinations = 1;
        for (const std::size_t k : before) combinations *= p.choices[k].alternatives.size();
        if (combinations <= 4096) {
            std::map<std::vector<int>, std::shared_ptr<const KernelInput>> memo;
            for (std::size_t c = 0; c < combinations; ++c) {
                std::vector<int> key;
                std::size_t rest = c;
                std::vector<Step> s = steps;
                for (const std::size_t k : before) {
                    const std::size_t m = p.choices[k].alternatives.size();
                    key.push_back(static_cast<int>(rest % m));
                    s[p.choices[k].position] = p.choices[k].alternatives[rest % m];
                    rest /= m;
                }
                memo.emplace(key, kernel_input(p, run_steps(p, s, p.first_varied, *p.aggregate_position, *p.prefix),
                                               ev.alternatives));
            }
            p.memo = std::move(memo);
        }
    }
}

UncertaintyEngine::~UncertaintyEngine() = default;

void check(const WeightNoise& input) { check_input(input, default_name(input)); }
void check(const StepChoice& input) { check_input(input, default_name(input)); }
void check(const IndicatorExclusion& input) { check_input(input, default_name(input)); }
void check(const DataNoise& input) { check_input(input, default_name(input)); }

const Framework& UncertaintyEngine::framework() const { return plan_->framework; }
const Pipeline& UncertaintyEngine::pipeline() const { return plan_->pipeline; }
const Dataset& UncertaintyEngine::data() const { return plan_->data; }
const std::vector<UncertainInput>& UncertaintyEngine::inputs() const { return plan_->inputs; }
const std::vector<std::string>& UncertaintyEngine::tracked_nodes() const { return plan_->tracked; }
std::optional<int> UncertaintyEngine::year() const { return plan_->year; }
std::vector<std::string> UncertaintyEngine::input_names() const { return plan_->names; }
std::size_t UncertaintyEngine::dimensions() const { return plan_->total_dims; }
const Results& UncertaintyEngine::nominal() const { return *plan_->nominal; }

namespace {

void replicate_uniforms(const Plan& p, std::uint64_t seed, std::size_t index, double* out) {
    detail::CounterRandom random(seed, index);
    for (std::size_t k = 0; k < p.total_dims; ++k) out[k] = random.uniform();
}

// The draws of replicates [first, first + n) of `seed`, one row each.
Uniforms block_uniforms(const Plan& p, std::uint64_t seed, std::size_t first, std::size_t n) {
    Uniforms u(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p.total_dims));
    for (std::size_t r = 0; r < n; ++r) replicate_uniforms(p, seed, first + r, u.data() + r * p.total_dims);
    return u;
}

}  // namespace

SampledRun UncertaintyEngine::sampled_run(std::uint64_t seed, std::size_t index) const {
    if (!plan_->node_noise.empty())
        throw MethodError(
            "uncertainty engine: input " + in_quotes(plan_->names[plan_->node_noise.front().input]) +
                " varies an aggregate's value, which a pipeline cannot express; expected inputs without a node "
                "for sampled_run",
            ErrorLocation{
                .column = "node", .expected = "inputs a pipeline can express", .found = "noise on an aggregate"});
    std::vector<double> u(plan_->total_dims);
    replicate_uniforms(*plan_, seed, index, u.data());
    const Draw d = decode(*plan_, u.data());
    return {Pipeline(sampled_steps(*plan_, d)), sampled_data(*plan_, d)};
}

Eigen::MatrixXd UncertaintyEngine::evaluate(const Eigen::VectorXd& uniforms) const {
    if (static_cast<std::size_t>(uniforms.size()) != plan_->total_dims)
        throw MethodError("uncertainty engine: " + std::to_string(uniforms.size()) + " draws; expected " +
                              std::to_string(plan_->total_dims) + " (dimensions())",
                          ErrorLocation{.column = "uniforms",
                                        .expected = std::to_string(plan_->total_dims) + " draws",
                                        .found = std::to_string(uniforms.size())});
    for (Eigen::Index k = 0; k < uniforms.size(); ++k)
        if (!(uniforms[k] > 0 && uniforms[k] < 1))
            throw MethodError(
                "uncertainty engine: draw " + std::to_string(k) + " is " + exact_number(uniforms[k]) +
                    "; expected a number in (0, 1)",
                ErrorLocation{
                    .column = "uniforms", .expected = "a number in (0, 1)", .found = exact_number(uniforms[k])});
    const Evaluator ev = make_evaluator(*plan_);
    std::vector<Eigen::MatrixXd> out;
    ev.evaluate(Uniforms(uniforms.transpose()), 0, out);
    Eigen::MatrixXd scores(plan_->data.unit_count(), static_cast<Eigen::Index>(out.size()));
    for (std::size_t t = 0; t < out.size(); ++t) scores.col(static_cast<Eigen::Index>(t)) = out[t].col(0);
    return scores;
}

Eigen::MatrixXd UncertaintyEngine::replicate_scores(std::uint64_t seed, std::size_t index) const {
    Eigen::VectorXd u(static_cast<Eigen::Index>(plan_->total_dims));
    replicate_uniforms(*plan_, seed, index, u.data());
    return evaluate(u);
}

// ---------------------------------------------------------------------------------------------
// Uncertainty analysis

namespace {

struct Accumulator {
    std::vector<NodeUncertainty> nodes;
    ExactSum rank_shift;
};

Accumulator empty_accumulator(const std::vector<NodeUncertainty>& templates) {
    Accumulator a;
    a.nodes = templates;
    return a;
}

}  // namespace

UncertaintyResult UncertaintyEngine::uncertainty(const UncertaintyOptions& o) const {
    const Plan& p = *plan_;
    if (o.replicates < 2)
        throw MethodError(
            "uncertainty analysis: replicates = " + std::to_string(o.replicates) + "; expected at least 2",
            ErrorLocation{.column = "replicates", .expected = "at least 2", .found = std::to_string(o.replicates)});
    const std::size_t end = o.end.value_or(o.replicates);
    if (o.begin % replicate_block != 0 || o.begin >= end || end > o.replicates)
        throw MethodError(
            "uncertainty analysis: replicates [" + std::to_string(o.begin) + ", " + std::to_string(end) +
                "); expected a range within [0, " + std::to_string(o.replicates) + ") starting on a multiple of " +
                std::to_string(replicate_block),
            ErrorLocation{.column = "begin",
                          .expected = "a non-empty range starting on a multiple of " + std::to_string(replicate_block),
                          .found = std::to_string(o.begin) + ".." + std::to_string(end)});
    const Eigen::Index units = p.data.unit_count();
    const std::size_t tracked = p.tracked_slots.size();
    if (o.keep_replicates)  // kept: every replicate's scores and ranks of each tracked node, and its parameters
        detail::check_size("uncertainty analysis", "replicates", end - o.begin,
                           {2 * tracked * static_cast<std::size_t>(units) + p.parameter_names().size()});
    const Evaluator ev = make_evaluator(p);
    const Dataset& nominal_scores = p.nominal->scores();
    // Nominal values and the score bins from the first block of the seed (the "pilot"), made once
    // by the first worker that needs them while the others evaluate their own blocks.
    std::vector<NodeUncertainty> templates(tracked);
    std::vector<Eigen::MatrixXd> pilot_scores;  // replicates [0, pilot): block 0 of the run, when it has it
    const std::size_t pilot = std::min(o.replicates, replicate_block);
    std::once_flag bins_ready;
    const auto make_templates = [&] {
        ev.evaluate(block_uniforms(p, o.seed, 0, pilot), 0, pilot_scores);
        const std::vector<Eigen::MatrixXd>& scores = pilot_scores;
        for (std::size_t t = 0; t < tracked; ++t) {
            NodeUncertainty& n = templates[t];
            n.node = p.tracked[t];
            n.nominal_score = nominal_scores.column(p.tracked[t]);
            n.nominal_rank = rank_descending(n.nominal_score);
            n.rank_counts.setZero(units, units + 1);
            n.score_sum.assign(static_cast<std::size_t>(units), {});
            n.score_square_sum.assign(static_cast<std::size_t>(units), {});
            n.score_min.setConstant(units, nan_value);
            n.score_max.setConstant(units, nan_value);
            n.score_histogram.setZero(units, score_bins + 2);
            n.score_low.resize(units);
            n.score_high.resize(units);
            for (Eigen::Index i = 0; i < units; ++i) {
                double lo = std::numeric_limits<double>::infinity(), hi = -lo;
                for (Eigen::Index r = 0; r < scores[t].cols(); ++r)
                    if (!std::isnan(scores[t](i, r)))
                        lo = std::min(lo, scores[t](i, r)), hi = std::max(hi, scores[t](i, r));
                if (lo > hi) lo = hi = std::isnan(n.nominal_score[i]) ? 0.0 : n.nominal_score[i];
                const double spread = hi > lo ? hi - lo : std::abs(lo) * 1e-6 + 1e-9;
                n.score_low[i] = lo - 0.25 * spread;
                n.score_high[i] = hi + 0.25 * spread;
                if (!std::isfinite(spread) || !std::isfinite(n.score_low[i]) || !std::isfinite(n.score_high[i])) {
                    // scores near the largest double: a quarter of the spread, bins within the doubles
                    constexpr double largest = std::numeric_limits<double>::max();
                    const double quarter = hi / 4 - lo / 4;
                    n.score_low[i] = std::max(lo - quarter, -largest);
                    n.score_high[i] = std::min(hi + quarter, largest);
                }
            }
        }
    };
    const std::size_t count = end - o.begin;
    const std::size_t chunks = (count + replicate_block - 1) / replicate_block;
    const unsigned workers = detail::worker_count(o.threads, chunks);  // as parallel_for below
    std::vector<std::optional<Accumulator>> accumulators(workers);     // made once the bins are known
    std::vector<Eigen::MatrixXd> kept_scores, kept_ranks;
    Eigen::MatrixXd kept_parameters;
    const std::vector<std::string> parameter_names = p.parameter_names();
    if (o.keep_replicates) {
        kept_scores.assign(tracked, Eigen::MatrixXd(static_cast<Eigen::Index>(count), units));
        kept_ranks.assign(tracked, Eigen::MatrixXd(static_cast<Eigen::Index>(count), units));
        kept_parameters.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(parameter_names.size()));
    }
    const auto chunk_size = [&](std::size_t c) { return std::min(replicate_block, count - c * replicate_block); };
    const detail::LoopProgress progress{.callback = o.progress,
                                        .total = count,
                                        .chunk_items = chunk_size,
                                        .task = "uncertainty engine",
                                        .items = "runs"};
    detail::parallel_for(chunks, o.threads, progress, [&](std::size_t c, unsigned worker) {
        const std::size_t first = o.begin + c * replicate_block;
        const std::size_t n = chunk_size(c);
        const Uniforms u = block_uniforms(p, o.seed, first, n);
        std::vector<Eigen::MatrixXd> scores;
        if (first == 0 && n == pilot) {  // the pilot itself
            std::call_once(bins_ready, make_templates);
            scores = pilot_scores;
        } else {
            ev.evaluate(u, first, scores);
            std::call_once(bins_ready, make_templates);
        }
        if (!accumulators[worker]) accumulators[worker] = empty_accumulator(templates);
        Accumulator& acc = *accumulators[worker];
        Eigen::VectorXd ranks(units);
        std::vector<std::vector<Eigen::Index>> order(tracked);  // per tracked node, the previous replicate's order
        double shift_total = 0;
        for (std::size_t t = 0; t < tracked; ++t) {
            NodeUncertainty& node = acc.nodes[t];
            const double bins = static_cast<double>(score_bins);
            // Each unit's scores in its score_frame (a power of 2 times, less a centre), so that
            // bin positions, sums and squares neither overflow nor cancel.
            Eigen::ArrayXd frame_scale(units), frame_centre(units), low_scaled(units), scale(units);
            for (Eigen::Index i = 0; i < units; ++i) {
                const ScoreFrame f = score_frame(node.score_low[i], node.score_high[i]);
                frame_scale[i] = f.scale;
                frame_centre[i] = f.centre;
                low_scaled[i] = node.score_low[i] * f.scale;
                scale[i] = bins / (node.score_high[i] * f.scale - low_scaled[i]);
            }
            for (std::size_t r = 0; r < n; ++r) {
                const double* x = scores[t].col(static_cast<Eigen::Index>(r)).data();
                rank_column(x, units, ranks.data(), order[t]);
                if (t == 0) shift_total += mean_rank_shift(ranks, node.nominal_rank);
                for (Eigen::Index i = 0; i < units; ++i) {
                    if (std::isnan(ranks[i])) {  // NaN rank = NaN score
                        ++node.rank_counts(i, units);
                        continue;
                    }
                    ++node.rank_counts(i, static_cast<Eigen::Index>(ranks[i]) - 1);
                    const double position = (x[i] * frame_scale[i] - low_scaled[i]) * scale[i];
                    const Eigen::Index bin = position < 0       ? 0
                                             : position >= bins ? score_bins + 1
                                                                : 1 + static_cast<Eigen::Index>(position);
                    ++node.score_histogram(i, bin);
                }
                if (o.keep_replicates) {
                    const auto row_index = static_cast<Eigen::Index>(first - o.begin + r);
                    kept_scores[t].row(row_index) = scores[t].col(static_cast<Eigen::Index>(r)).transpose();
                    kept_ranks[t].row(row_index) = ranks.transpose();
                }
            }
            // Sums, squares, minimum and maximum over the block (a fixed order within the block).
            const auto x = scores[t].array();
            const auto present = x == x;
            const auto framed = (x.colwise() * frame_scale).colwise() - frame_centre;  // no temporary
            const Eigen::VectorXd sum = present.select(framed, 0.0).rowwise().sum();
            const Eigen::VectorXd squares = present.select(framed.square(), 0.0).rowwise().sum();
            const Eigen::VectorXd low = present.select(x, std::numeric_limits<double>::infinity()).rowwise().minCoeff();
            const Eigen::VectorXd high =
                present.select(x, -std::numeric_limits<double>::infinity()).rowwise().maxCoeff();
            for (Eigen::Index i = 0; i < units; ++i) {
                if (!present.row(i).any()) continue;
                node.score_sum[static_cast<std::size_t>(i)].add(sum[i]);
                node.score_square_sum[static_cast<std::size_t>(i)].add(squares[i]);
                node.score_min[i] = std::fmin(node.score_min[i], low[i]);
                node.score_max[i] = std::fmax(node.score_max[i], high[i]);
            }
        }
        acc.rank_shift.add(shift_total);
        if (o.keep_replicates) {
            for (std::size_t r = 0; r < n; ++r) {
                const Draw d = decode(p, u.data() + r * p.total_dims);
                const auto row_index = static_cast<Eigen::Index>(first - o.begin + r);
                Eigen::Index col = 0;
                for (const int a : d.alternative) kept_parameters(row_index, col++) = a;
                for (const auto& noise : p.weight_noise)
                    for (const int s : noise.slots) kept_parameters(row_index, col++) = d.weights[s];
                for (const auto& e : p.exclusions)
                    for (const int s : e.candidates)
                        kept_parameters(row_index, col++) = d.excluded[static_cast<std::size_t>(s)] ? 1 : 0;
            }
        }
    });
    // Merge the workers' accumulators (integer counts and exact sums: any order gives the same).
    std::optional<Accumulator> merged;
    for (auto& worker : accumulators) {
        if (!worker) continue;  // a worker that got no block
        if (!merged) {
            merged = std::move(*worker);
            continue;
        }
        Accumulator& total = *merged;
        const Accumulator& a = *worker;
        total.rank_shift.add(a.rank_shift);
        for (std::size_t t = 0; t < tracked; ++t) {
            NodeUncertainty& x = total.nodes[t];
            const NodeUncertainty& y = a.nodes[t];
            x.rank_counts += y.rank_counts;
            x.score_histogram += y.score_histogram;
            for (std::size_t i = 0; i < x.score_sum.size(); ++i) {
                x.score_sum[i].add(y.score_sum[i]);
                x.score_square_sum[i].add(y.score_square_sum[i]);
            }
            for (Eigen::Index i = 0; i < units; ++i) {
                x.score_min[i] = std::fmin(x.score_min[i], y.score_min[i]);
                x.score_max[i] = std::fmax(x.score_max[i], y.score_max[i]);
            }
        }
    }
    Accumulator total = merged ? std::move(*merged) : empty_accumulator(templates);
    UncertaintyResult result(p.data.unit_codes(), p.data.unit_names(), p.names, std::move(total.nodes),
                             std::move(total.rank_shift), o.seed, o.replicates, o.begin, end);
    if (o.keep_replicates)
        result.keep(std::move(kept_scores), std::move(kept_ranks), std::move(kept_parameters), parameter_names);
    return result;
}

// ---------------------------------------------------------------------------------------------
// Sensitivity analysis

SensitivityResult UncertaintyEngine::sensitivity(const SensitivityOptions& o) const {
    const Plan& p = *plan_;
    if (o.base_samples < 2)
        throw MethodError(
            "sensitivity analysis: base_samples = " + std::to_string(o.base_samples) + "; expected at least 2",
            ErrorLocation{.column = "base_samples", .expected = "at least 2", .found = std::to_string(o.base_samples)});
    const std::size_t n = o.base_samples;
    const std::size_t d = p.inputs.size();
    const std::size_t dims = p.total_dims;
    const Eigen::Index units = p.data.unit_count();
    const std::size_t tracked = p.tracked_slots.size();
    // Kept: the outputs of the N (d + 2) runs and the N x 2 dims design; before N (d + 2) can overflow.
    detail::check_size("sensitivity analysis", "base_samples", n,
                       {(d + 2) * (1 + 2 * tracked * static_cast<std::size_t>(units)) + 2 * dims});
    const std::size_t runs = n * (d + 2);
    // Base matrices A and B: a Sobol' sequence of 2 * dims dimensions, or pseudo-random draws.
    SensitivityResult result;
    Eigen::MatrixXd design;  // n x 2 dims (A | B), when Sobol'
    if (2 * dims <= sobol_max_dimensions) {
        design = sobol_points(n, 2 * dims);
        result.design = "sobol";
    } else {
        result.design = "pseudo-random";
    }
    const auto base_row = [&](std::size_t row, bool b, double* out) {
        if (design.size()) {
            for (std::size_t k = 0; k < dims; ++k)
                out[k] = design(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>((b ? dims : 0) + k));
        } else {
            detail::CounterRandom random(o.seed, row, b ? 2u : 1u);
            for (std::size_t k = 0; k < dims; ++k) out[k] = random.uniform();
        }
    };
    const Evaluator ev = make_evaluator(p);
    const Eigen::Index outputs = 1 + 2 * static_cast<Eigen::Index>(tracked) * units;
    Eigen::MatrixXd y(static_cast<Eigen::Index>(runs), outputs);
    const Eigen::VectorXd nominal_rank = rank_descending(p.nominal->scores().column(p.tracked.front()));
    const std::size_t chunks = (runs + replicate_block - 1) / replicate_block;
    const auto chunk_size = [&](std::size_t c) { return std::min(replicate_block, runs - c * replicate_block); };
    const detail::LoopProgress progress{.callback = o.progress,
                                        .total = runs,
                                        .chunk_items = chunk_size,
                                        .task = "uncertainty engine",
                                        .items = "runs"};
    detail::parallel_for(chunks, o.threads, progress, [&](std::size_t c, unsigned) {
        const std::size_t first = c * replicate_block;
        const std::size_t count = chunk_size(c);
        Uniforms u(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dims));
        std::vector<double> b_row(dims);
        for (std::size_t r = 0; r < count; ++r) {
            const std::size_t run = first + r;
            const std::size_t block = run / n, row = run % n;  // block 0: A, 1: B, 2 + g: A with input g from B
            double* out = u.data() + r * dims;
            base_row(row, block == 1, out);
            if (block >= 2) {
                const std::size_t g = block - 2;
                base_row(row, true, b_row.data());
                for (std::size_t k = 0; k < p.dims[g]; ++k) out[p.offset[g] + k] = b_row[p.offset[g] + k];
            }
        }
        std::vector<Eigen::MatrixXd> scores;
        ev.evaluate(u, first, scores);
        Eigen::VectorXd ranks(units);
        std::vector<std::vector<Eigen::Index>> order(tracked);  // per tracked node, the previous replicate's order
        for (std::size_t r = 0; r < count; ++r) {
            const auto run = static_cast<Eigen::Index>(first + r);
            for (std::size_t t = 0; t < tracked; ++t) {
                const double* x = scores[t].col(static_cast<Eigen::Index>(r)).data();
                rank_column(x, units, ranks.data(), order[t]);
                if (t == 0) y(run, 0) = mean_rank_shift(ranks, nominal_rank);
                const Eigen::Index base = 1 + 2 * static_cast<Eigen::Index>(t) * units;
                y.row(run).segment(base, units) = ranks.transpose();
                y.row(run).segment(base + units, units) = scores[t].col(static_cast<Eigen::Index>(r)).transpose();
            }
        }
    });
    // Outputs with a missing value in some run have no indices.
    std::vector<Eigen::Index> finite;
    for (Eigen::Index k = 0; k < outputs; ++k)
        if (y.col(k).allFinite()) finite.push_back(k);
    const auto columns = [&](Eigen::Index block) {
        Eigen::MatrixXd m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(finite.size()));
        for (std::size_t j = 0; j < finite.size(); ++j)
            m.col(static_cast<Eigen::Index>(j)) =
                y.col(finite[j]).segment(block * static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
        return m;
    };
    std::vector<Eigen::MatrixXd> y_ab;
    for (std::size_t g = 0; g < d; ++g) y_ab.push_back(columns(static_cast<Eigen::Index>(2 + g)));
    const SobolIndices found = sobol_indices(
        columns(0), columns(1), y_ab,
        SobolOptions{.resamples = o.resamples, .confidence = o.confidence, .seed = o.seed, .threads = o.threads});
    // Back to every output (NaN rows for outputs without indices).
    SobolIndices all = found;
    const auto expand = [&](const Eigen::MatrixXd& m) {
        Eigen::MatrixXd out = Eigen::MatrixXd::Constant(outputs, static_cast<Eigen::Index>(d), nan_value);
        for (std::size_t j = 0; j < finite.size(); ++j) out.row(finite[j]) = m.row(static_cast<Eigen::Index>(j));
        return out;
    };
    all.first = expand(found.first);
    all.total = expand(found.total);
    all.first_low = expand(found.first_low);
    all.first_high = expand(found.first_high);
    all.total_low = expand(found.total_low);
    all.total_high = expand(found.total_high);
    Eigen::VectorXd variance = Eigen::VectorXd::Constant(outputs, nan_value);
    for (std::size_t j = 0; j < finite.size(); ++j) variance[finite[j]] = found.variance[static_cast<Eigen::Index>(j)];
    all.variance = variance;
    result.indices = std::move(all);
    result.input_names = p.names;
    result.unit_codes = p.data.unit_codes();
    result.output_names.push_back("rank_shift");
    for (std::size_t t = 0; t < tracked; ++t) {
        for (const auto& u : p.data.unit_codes()) result.output_names.push_back(p.tracked[t] + ":rank:" + u);
        for (const auto& u : p.data.unit_codes()) result.output_names.push_back(p.tracked[t] + ":score:" + u);
    }
    result.runs = runs;
    return result;
}

}  // namespace govindex
