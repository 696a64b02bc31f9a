#pragma once
/// \file methodology.hpp
/// Methodologies as versioned data: a criteria tree of any depth (index -> lĩnh vực (field) /
/// dimension -> tiêu chí (criterion) -> tiêu chí thành phần (sub-criterion) / indicator) with
/// maximum points or weights, scoring rules at the leaves, an aggregation style, provenance (legal
/// decision, signing date, assessment years) and explicit unknowns. A Family holds the versions of
/// one index and finds the version in force for an assessment year (năm đánh giá). Per-leaf
/// sources of points (tự đánh giá self-assessment, điểm thẩm định appraisal rounds, điều tra xã hội
/// học surveys), crosswalks between versions and re-scoring. Files: TOML (methodology_file.cpp).
/// Guide: docs/guide/methodology.md.

#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/errors.hpp"
#include "govindex/model/scoring.hpp"
#include "govindex/table.hpp"

namespace govindex {

class Dataset;
class Framework;
class Pipeline;
class Results;

/// How a version aggregates its tree.
enum class Aggregation {
    points,          ///< PAR INDEX: leaf points add up the tree; node index = obtained / max × 100 %
    weighted_mean,   ///< PCI: parent = parent max × Σ w_k s_k / child max_k (PCI = 10 × Σ w_k s_k, s_k in 0-10)
    additive_scale,  ///< PAPI: sub-dimensions (1/k..10/k) sum to dimensions (1-10), which sum to the total
};
[[nodiscard]] std::string_view to_string(Aggregation a);
/// Parses "points", "weighted_mean", "additive_scale"; nullopt if unknown.
[[nodiscard]] std::optional<Aggregation> parse_aggregation(std::string_view text);

/// What Methodology::framework() and pipeline() do with a part of the tree the aggregation needs
/// but the version does not know.
enum class UnknownParts {
    refuse,   ///< a MethodError naming the node and the unknown field
    missing,  ///< the node's value is missing (NaN), and so is every ancestor's: an aggregate whose
              ///< children are not all transcribed, or (weighted_mean) whose weights or maxima are
              ///< unknown, gets an indicator "<code>@unknown" that is always missing; unequal
              ///< maxima of weighted_mean children are rescaled in the weights (parent max x w /
              ///< child max) with scale 1; a root without children is an indicator below a
              ///< pass-through root "<root>@2".
};

/// Where a leaf's points come from.
enum class PointSource {
    appraisal,        ///< self-assessed by the unit, then appraised (thẩm định) by the assessor
    survey_internal,  ///< survey of leaders, managers and civil servants
    survey_external,  ///< survey of citizens and organisations
    survey,           ///< a survey whose respondents are not given (PAPI, PCI)
    unknown,          ///< not known
};
[[nodiscard]] std::string_view to_string(PointSource s);
/// Parses the names above; nullopt if unknown.
[[nodiscard]] std::optional<PointSource> parse_point_source(std::string_view text);

/// A calendar date; year 0 = unknown.
struct Date {
    int year = 0;
    int month = 0;
    int day = 0;
    [[nodiscard]] bool known() const { return year != 0; }
    /// "2022-11-10", or "" when unknown.
    [[nodiscard]] std::string iso() const;
    friend auto operator<=>(const Date&, const Date&) = default;
};

/// One node of a criteria tree. Numbers are NaN when unknown; the file lists unknown fields
/// explicitly (`unknown = ["max_points"]`).
struct MethodNode {
    std::string code;     ///< unique within the version, e.g. "3.2.1" or "d2_4" (NFC)
    std::string parent;   ///< code of the parent; empty at the root
    std::string name_vi;  ///< Vietnamese name with diacritics (NFC)
    std::string name_en;  ///< English name
    double max_points =
        detail::unknown_number;  ///< maximum points (points, additive_scale; scale top for weighted_mean)
    double min_points = detail::unknown_number;  ///< minimum of a scale (PAPI 1/k); NaN = unknown or 0
    double weight = detail::unknown_number;      ///< weight within the parent (weighted_mean); NaN = unknown / unused
    std::optional<ScoringRule> rule;             ///< leaves: how evidence becomes points; nullopt = unknown
    PointSource source = PointSource::unknown;   ///< leaves: where the points come from
    bool children_unknown = false;               ///< the node has children that are not (yet) transcribed
    std::string note;                            ///< provenance / remarks
    SourceLocation origin;                       ///< where the node was read

    friend bool operator==(const MethodNode& a, const MethodNode& b);
};

/// Provenance of a version.
struct Provenance {
    std::string decision;              ///< legal decision id, e.g. "2948/QĐ-BNV"; "" = none (survey indices)
    Date signed_on;                    ///< signing date; unknown = year 0
    int first_year = 0;                ///< first assessment year it applies to
    int last_year = 0;                 ///< last assessment year; 0 = still in force (open-ended)
    int publication_lag = -1;          ///< publication year − assessment year (usually 1); -1 = unknown
    std::vector<std::string> sources;  ///< URLs / documents
    std::string notes;                 ///< verified / inferred remarks
    friend bool operator==(const Provenance&, const Provenance&) = default;
};

/// One version of a methodology. Construction validates and throws MethodError / FrameworkError
/// naming file, line and field (from each node's origin): duplicate codes, unknown parents, cycles,
/// several roots, children's known maxima not adding up to the parent's known maximum (points,
/// additive_scale), children's weights not summing to 1 (weighted_mean), a rule giving more than
/// the leaf's maximum, rules on non-leaves, declared counts contradicted by a complete tree.
class Methodology {
public:
    Methodology() = default;
    Methodology(std::string family, std::string id, Aggregation aggregation, Provenance provenance,
                std::vector<MethodNode> nodes, std::vector<std::string> level_names = {},
                std::vector<int> declared_counts = {}, double survey_points = detail::unknown_number,
                SourceLocation origin = {});

    [[nodiscard]] const std::string& family() const { return family_; }
    /// Version id, usually the decision ("876/QĐ-BNV") or a label ("2018-2019").
    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] Aggregation aggregation() const { return aggregation_; }
    [[nodiscard]] const Provenance& provenance() const { return provenance_; }
    /// Names of the levels below the root, e.g. {"lĩnh vực", "tiêu chí", "tiêu chí thành phần"}.
    [[nodiscard]] const std::vector<std::string>& level_names() const { return level_names_; }
    /// Declared number of nodes per level below the root (e.g. 8, 37, 88); -1 = unknown.
    [[nodiscard]] const std::vector<int>& declared_counts() const { return declared_counts_; }
    /// Declared points from surveys (876 provinces: 32); NaN = unknown.
    [[nodiscard]] double survey_points() const { return survey_points_; }
    [[nodiscard]] const SourceLocation& origin() const { return origin_; }

    /// Nodes in input order (parents before children).
    [[nodiscard]] const std::vector<MethodNode>& nodes() const { return nodes_; }
    /// The node with this code; throws UnknownCodeError.
    [[nodiscard]] const MethodNode& node(std::string_view code) const;
    [[nodiscard]] const MethodNode* find(std::string_view code) const;
    [[nodiscard]] const std::string& root() const { return root_; }
    /// Children codes in input order.
    [[nodiscard]] const std::vector<std::string>& children(std::string_view code) const;
    /// Depth of a node: 0 for the root.
    [[nodiscard]] int depth(std::string_view code) const;
    /// Codes of nodes without children, in input order (placeholders with children_unknown included).
    [[nodiscard]] std::vector<std::string> leaves() const;
    /// Leaves below (or equal to) `code`.
    [[nodiscard]] std::vector<std::string> leaves_under(std::string_view code) const;
    /// Weights of the children of `code`, keyed by child code (NaN = unknown).
    [[nodiscard]] std::map<std::string, double> weights(std::string_view code) const;
    /// Maximum points keyed by code (NaN = unknown).
    [[nodiscard]] std::map<std::string, double> max_points() const;
    /// True when no number, rule or child is unknown.
    [[nodiscard]] bool complete() const;
    /// What is unknown, one line each: "3.1: max_points", "3: children", "version: survey_points".
    [[nodiscard]] std::vector<std::string> unknowns() const;
    /// The nodes as a table: code, parent, depth, name_vi, name_en, max_points, min_points, weight,
    /// rule, source, children_unknown, note.
    [[nodiscard]] Table table() const;

    /// The version's tree as a generic framework (methodology_model.cpp; include pipeline.hpp to
    /// use it). Leaves are indicators (level 1), the other nodes aggregates; a leaf shallower than
    /// the deepest one is lifted by pass-through aggregates "<code>@<level>" (one child, weight 1).
    /// Weights: weighted_mean the node weights, points / additive_scale 1. Attributes keep
    /// max_points, min_points ("" = unknown), name_vi, name_en, source and rule of leaves, note.
    /// `depth` >= 1 cuts the tree there: the nodes at that depth become indicators (scores given
    /// directly, e.g. PAPI dimensions); -1 = the whole tree. What the aggregation needs but is
    /// unknown — a weight or maximum (weighted_mean), children not transcribed (children_unknown
    /// on a node that is aggregated), unequal maxima of the children of a weighted_mean node — is,
    /// with UnknownParts::refuse, a MethodError naming node and field; see UnknownParts::missing.
    [[nodiscard]] Framework framework(int depth = -1, UnknownParts unknown = UnknownParts::refuse) const;
    /// The pipeline that computes the version on framework(depth, unknown): Score (when a leaf of
    /// the framework has a rule), then Aggregate with WeightedSum: scale 1 for points /
    /// additive_scale; weighted_mean: scale = parent max / child max (PCI: 100 / 10 = 10). Throws
    /// as framework().
    [[nodiscard]] Pipeline pipeline(int depth = -1, UnknownParts unknown = UnknownParts::refuse) const;

    friend bool operator==(const Methodology& a, const Methodology& b);

private:
    std::string family_, id_;
    Aggregation aggregation_ = Aggregation::points;
    Provenance provenance_;
    std::vector<MethodNode> nodes_;
    std::vector<std::string> level_names_;
    std::vector<int> declared_counts_;
    double survey_points_ = detail::unknown_number;
    SourceLocation origin_;
    std::string root_;
    std::map<std::string, std::vector<std::string>, std::less<>> children_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<int> depths_;  ///< per node (as nodes_): 0 for the root, parent's + 1 below
};

/// When a version was signed relative to the assessment year it is used for.
struct SigningTiming {
    bool known = false;            ///< false when the signing date is unknown
    int days_before_year_end = 0;  ///< 31 December of the year − signing date (negative: signed after the year)
    bool late = false;             ///< signed within `late_days` before the year's end, or after it
};

/// How two versions' nodes correspond.
enum class MappingKind { same, renamed, merged, split, dropped, added };
[[nodiscard]] std::string_view to_string(MappingKind k);
[[nodiscard]] std::optional<MappingKind> parse_mapping_kind(std::string_view text);

/// One correspondence: `from` codes (older version) -> `to` codes (newer). same/renamed: one to
/// one; merged: several to one; split: one to several; dropped: no `to`; added: no `from`.
struct Mapping {
    std::vector<std::string> from;
    std::vector<std::string> to;
    MappingKind kind = MappingKind::same;
    std::string note;
    SourceLocation origin;
    friend bool operator==(const Mapping& a, const Mapping& b);
};

/// A crosswalk between two versions of a family. Construction checks codes and arity against the
/// versions (MethodError naming file and line).
class Crosswalk {
public:
    Crosswalk() = default;
    Crosswalk(std::string from_version, std::string to_version, std::vector<Mapping> mappings,
              SourceLocation origin = {});
    [[nodiscard]] const std::string& from_version() const { return from_; }
    [[nodiscard]] const std::string& to_version() const { return to_; }
    [[nodiscard]] const std::vector<Mapping>& mappings() const { return mappings_; }
    [[nodiscard]] const SourceLocation& origin() const { return origin_; }
    /// Checks every code against the two versions; throws MethodError naming file and line.
    void check(const Methodology& from, const Methodology& to) const;
    friend bool operator==(const Crosswalk& a, const Crosswalk& b);

private:
    std::string from_, to_;
    std::vector<Mapping> mappings_;
    SourceLocation origin_;
};

/// The versions of one index. Construction checks that no assessment year is covered by two
/// versions (MethodError naming file and line of the later one) and the crosswalks' codes.
class Family {
public:
    Family() = default;
    Family(std::string name, std::vector<Methodology> versions, std::vector<Crosswalk> crosswalks = {},
           std::string name_vi = {}, std::string name_en = {}, std::string notes = {});
    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] const std::string& name_vi() const { return name_vi_; }
    [[nodiscard]] const std::string& name_en() const { return name_en_; }
    [[nodiscard]] const std::string& notes() const { return notes_; }
    [[nodiscard]] const std::vector<Methodology>& versions() const { return versions_; }
    [[nodiscard]] const std::vector<Crosswalk>& crosswalks() const { return crosswalks_; }
    /// The version with this id; throws UnknownCodeError.
    [[nodiscard]] const Methodology& version(std::string_view id) const;
    /// The version in force for an assessment year; throws UnknownCodeError naming the covered years.
    [[nodiscard]] const Methodology& version_for(int assessment_year) const;
    /// Signing date of the version in force relative to the end of `assessment_year`.
    [[nodiscard]] SigningTiming signing_timing(int assessment_year, int late_days = 60) const;
    /// The crosswalk from -> to; throws UnknownCodeError.
    [[nodiscard]] const Crosswalk& crosswalk(std::string_view from, std::string_view to) const;
    friend bool operator==(const Family&, const Family&) = default;

private:
    std::string name_, name_vi_, name_en_, notes_;
    std::vector<Methodology> versions_;
    std::vector<Crosswalk> crosswalks_;
};

/// Scores of one unit for one leaf, by source. NaN = not given.
struct LeafRecord {
    Evidence evidence;                            ///< raw evidence for the leaf's rule
    double self = detail::unknown_number;         ///< tự đánh giá (self-assessed points)
    double appraised_1 = detail::unknown_number;  ///< điểm thẩm định lần 1
    double appraised_2 = detail::unknown_number;  ///< lần 2, after the unit's explanation (giải trình)
    double survey = detail::unknown_number;       ///< survey-based points
    std::string evidence_note;                    ///< tài liệu kiểm chứng / appraisal remark
    friend bool operator==(const LeafRecord&, const LeafRecord&) = default;
};

/// One unit's assessment for one year: records keyed by leaf code.
struct Assessment {
    std::string unit;
    int year = 0;
    std::map<std::string, LeafRecord> leaves;
    friend bool operator==(const Assessment&, const Assessment&) = default;
};

/// A node's totals. Obtained points of a leaf: appraisal source -> appraised_2, else appraised_1,
/// else the rule applied to the evidence; survey sources -> survey, else the rule. NaN when a leaf
/// below has no points (nothing is filled in), or a part of the tree below is unknown.
struct NodeScore {
    std::string code;
    double max_points = detail::unknown_number;
    double obtained = detail::unknown_number;   ///< points obtained (weighted_mean: the composite)
    double percent = detail::unknown_number;    ///< obtained / max × 100
    double self = detail::unknown_number;       ///< sum of self-assessed points (appraisal leaves)
    double appraised = detail::unknown_number;  ///< sum of obtained points of appraisal leaves
    double deduction = detail::unknown_number;  ///< self − appraised over appraisal leaves with both
    double survey_internal = detail::unknown_number;
    double survey_external = detail::unknown_number;
    double survey_other = detail::unknown_number;  ///< source `survey` and `unknown`
    std::string explanation;                       ///< leaves: the rule's explanation or the source used
    friend bool operator==(const NodeScore&, const NodeScore&) = default;
};

/// Every node's totals for one assessment, in the version's node order.
struct Scorecard {
    std::string version;
    std::string unit;
    int year = 0;
    std::vector<NodeScore> nodes;
    /// The node's score; throws UnknownCodeError.
    [[nodiscard]] const NodeScore& node(std::string_view code) const;
    /// One row per node: code, max_points, obtained, percent, self, appraised, deduction,
    /// survey_internal, survey_external, survey_other, explanation.
    [[nodiscard]] Table table() const;
    friend bool operator==(const Scorecard&, const Scorecard&) = default;
};

/// Scores an assessment under a version: a view of Pipeline::run. The assessment becomes a row of
/// assessment_data() and runs through version.pipeline(-1, UnknownParts::missing); `obtained` is
/// each node's score in the run, and the split by source (appraised, the three survey parts,
/// self-assessed points, deductions) is the same Aggregate step run on the leaves' parts, so the
/// parts add up as the points do. A record for a code that is not a leaf is an UnknownCodeError;
/// rule errors are InputError/MethodError naming unit, leaf and rule; self-assessed or obtained
/// points above a leaf's maximum are an InputError naming unit and leaf.
[[nodiscard]] Scorecard score(const Methodology& version, const Assessment& assessment);

/// For a leaf: its rule, raw value, points and source; for a node: its children's points and how
/// they combine. Throws UnknownCodeError for an unknown code.
[[nodiscard]] std::string explain(const Methodology& version, const Assessment& assessment, std::string_view code);

/// The part of two years that can be compared through a crosswalk: one row per mapping with
/// from, to, kind, from_points, from_max, from_percent, to_points, to_max, to_percent,
/// comparable (points comparable: kind same/renamed/merged/split with equal known maxima on both
/// sides), reason. `a` is scored under the crosswalk's from-version, `b` under its to-version.
[[nodiscard]] Table comparable_part(const Crosswalk& crosswalk, const Scorecard& a, const Scorecard& b);

/// A year's evidence re-scored under another version.
struct Rescored {
    Assessment assessment;                              ///< the evidence carried over to the to-version's leaves
    Scorecard scorecard;                                ///< scored under the to-version (NaN where not comparable)
    std::map<std::string, std::string> not_comparable;  ///< to-version node code -> reason
};

/// Carries an assessment made under `from` to `to` through the crosswalk: same/renamed leaves keep
/// their evidence (and survey points when the maxima agree) and are scored with the new rule;
/// merged leaves with Ratio evidence add numerators and denominators; anything else (added,
/// split, merged without counts, no evidence, evidence the new rule cannot read) is reported as
/// not comparable, together with every ancestor it leaves incomplete.
[[nodiscard]] Rescored rescore(const Family& family, std::string_view from, std::string_view to,
                               const Assessment& assessment);

/// Assessments as the raw data set of version.pipeline(-1, unknown) (one row per assessment, unit
/// code = Assessment::unit): each leaf's column holds the points given directly, taken as score()
/// takes them (survey sources: survey; otherwise appraised_2, else appraised_1, else survey for
/// source unknown), and the evidence columns of framework() (score_evidence_columns) hold the
/// evidence as text (items joined by "; "). Throws UnknownCodeError for a record on a code that is
/// not a leaf, InputError for an evidence item containing ';'.
[[nodiscard]] Dataset assessment_data(const Methodology& version, const std::vector<Assessment>& assessments,
                                      UnknownParts unknown = UnknownParts::refuse);

/// Each node's index as a percentage of its maximum, obtained / max_points × 100, from the scores
/// of a run on version.framework(): one column per node of the version that the run scored (in the
/// version's node order; pass-through aggregates left out), NaN where the maximum is unknown or 0.
/// Throws MethodError when no column of the scores is a node of the version.
[[nodiscard]] Dataset percent_of_max(const Results& results, const Methodology& version);

// --- files (methodology_file.cpp) ------------------------------------------------------------

/// Parses a family file (TOML, data only). Throws MethodError / FrameworkError naming the file,
/// line and key.
[[nodiscard]] Family parse_methodology_family(std::string_view text, const std::string& source);
/// Reads a family file; InputError when it cannot be opened.
[[nodiscard]] Family read_methodology_family(const std::filesystem::path& path);
/// The family as TOML; parse_methodology_family(format_methodology_family(f)) == f.
[[nodiscard]] std::string format_methodology_family(const Family& family);
void write_methodology_family(const Family& family, const std::filesystem::path& path);

/// Prints "Methodology(par_index 876/QĐ-BNV, 2022-2023, 9 nodes)".
std::ostream& operator<<(std::ostream& os, const Methodology& m);

}  // namespace govindex
