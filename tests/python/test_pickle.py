"""Pickles: every public value type round-trips to an equal value, through another process too.

Each pickled state starts with a format version; a state of another version is refused by name.
"""

from __future__ import annotations

import inspect
import math
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import govindex as gi
import pandas as pd
import pytest
from govindex import _core
from govindex import methodology as gm

#: The COINr example build: one step of every type.
EVERY_STEP = [
    gi.Denominate(missing_denominator_gives_missing=True),
    gi.Impute(gi.GroupMean(group="EurAsia_group"), per_node={"LPI": gi.IndicatorMedian()}),
    gi.Screen(min_availability=0.9, force={"AUT": True}),
    gi.Treat(per_node={"Goods": gi.TreatSpec(winmax=3, fallback=gi.BoxCox(power=0.25))}, exclude=["LPI"]),
    gi.Normalise(gi.MinMax(low=1, high=10), per_node={"Services": gi.ZScore(mean=10, sd=2)}),
    gi.Aggregate(
        gi.GeometricMean(), per_node={"Conn": gi.ArithmeticMean()}, weights={"Physical": 2.0}, min_availability=0.5
    ),
]

#: A value of every method, with parameters away from their defaults where they have any.
METHODS = [
    gi.MinMax(low=-1, high=1),
    gi.ZScore(mean=100, sd=10),
    gi.Scaled(lower=1, upper=9, scale=10),
    gi.DistanceToMax(),
    gi.DistanceToReference(unit="DEU", cap_max=True),
    gi.DistanceToTarget(cap_max=True),
    gi.FractionOfMax(),
    gi.Rank(ties="average"),
    gi.PercentRank(ties="max"),
    gi.Borda(ties="average"),
    gi.Goalposts(lower=0, upper=50, scale=1, truncate=False),
    gi.Goalposts(),
    gi.ArithmeticMean(),
    gi.GeometricMean(zero_policy="offset", offset=1),
    gi.HarmonicMean(),
    gi.GeneralisedMean(p=2),
    gi.WeightedMedian(),
    gi.Copeland(),
    gi.MazziottaPareto(adjusted=True, penalty="add"),
    gi.WeightedSum(scale=10),
    gi.IndicatorMean(),
    gi.IndicatorMedian(),
    gi.GroupMean(group="g"),
    gi.GroupMedian(group="g"),
    gi.RowMean(level=3, normalise_first=False),
    gi.PanelLatest(max_time=2),
    gi.PanelConstant(),
    gi.PanelLinear(),
    gi.PanelLinearConstant(),
    gi.LogCT(),
    gi.LogCTPlus(),
    gi.LogCTOrig(),
    gi.LogGII(),
    gi.BoxCox(power=0, make_positive=False),
    gi.NoFallback(),
    gi.TreatSpec(
        winmax=2,
        skew_threshold=1.5,
        kurtosis_threshold=3,
        force_winsorise=True,
        fallback=gi.LogGII(),
        fallback_on_winsorised=True,
    ),
    gi.Score(rules={"LPI": gi.YesNo(points=2)}),  # a step, but outside EVERY_STEP: it starts a methodology's pipeline
]

#: Every scoring rule and its parts (govindex.methodology's values).
RULES = [
    _core.YesNo(points=2, no_points=0.5),
    _core.Levels(levels=[_core.Level(name="Tốt", points=2), _core.Level(name="Đạt", points=1)]),
    _core.CompletionRate(
        full=2,
        floor=70,
        bands=[
            _core.RateBand(from_=70, to=90, points=1),
            _core.RateBand(from_=90, to=100, points=2, proportional=True),
        ],
    ),
    _core.Ratio(
        numerator="on time", denominator="total", full=1, floor=80, bands=[_core.RateBand(from_=80, to=100, points=0.5)]
    ),
    _core.Cap(max=1, per_unit=0.25),
    _core.Bonus(items=[_core.Item(name="Sáng kiến", points=0.5)], max=1),
    _core.Penalty(items=[_core.Item(name="Vi phạm", points=1)]),
    _core.Level(name="Khá", points=1.5),
    _core.RateBand(from_=50, to=60, points=0.25),
    _core.Item(name="x", points=1),
]


def round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def same_results(a: gi.Results, b: gi.Results) -> bool:
    """Framework, every data set and every side table equal (NaN equal to NaN)."""
    return (
        a.framework == b.framework
        and a.data_set_names == b.data_set_names
        and all(a.data_set(n) == b.data_set(n) for n in a.data_set_names)
        and a.table_names == b.table_names
        and all(a._impl.table(n) == b._impl.table(n) for n in a.table_names)
    )


@pytest.fixture(scope="module")
def example() -> tuple[gi.Framework, gi.Dataset, gi.Pipeline, gi.Results]:
    framework, data = gi.datasets.asem()
    framework = framework.with_weight_set("Equal", {"Conn": 1.0, "Sust": 1.0})
    pipeline = gi.Pipeline(EVERY_STEP)
    return framework, data, pipeline, pipeline.run(framework, data)


def test_framework_keeps_nodes_origins_attributes_and_weight_sets(example):
    framework = example[0]
    back = round_trip(framework)
    assert isinstance(back, gi.Framework) and back == framework
    assert back.weight_set_names == ["Original", "Equal"] and back.weights("Equal").equals(framework.weights("Equal"))
    assert [(n.source, n.line) for n in back] == [(n.source, n.line) for n in framework]
    assert framework.nodes[0].line > 0

    nodes = [gi.Node() for _ in range(4)]
    for node, (code, level, parent, kind) in zip(
        nodes,
        [
            ("a", 1, "I", gi.NodeType.indicator),
            ("b", 1, "I", gi.NodeType.indicator),
            ("I", 2, "", gi.NodeType.aggregate),
            ("g", 0, "", gi.NodeType.group),
        ],
    ):
        node.code, node.level, node.parent, node.type = code, level, parent, kind
    nodes[0].target, nodes[0].attributes, nodes[0].source, nodes[0].line = 5.0, {"goalpost_lower": "0"}, "DataFrame", 2
    nodes[3].weight = math.nan
    small = gi.Framework(nodes)
    back = round_trip(small)
    assert back == small and math.isnan(back.node("g").weight) and math.isnan(back.node("b").target)
    assert back.node("a").attributes == {"goalpost_lower": "0"} and (back.node("a").source, back.node("a").line) == (
        "DataFrame",
        2,
    )
    for node in nodes:
        assert round_trip(node) == node
    assert round_trip(gi.NodeType.aggregate) == gi.NodeType.aggregate


def test_datasets_keep_units_groups_denominators_flags_and_years(example):
    data, results = example[1], example[3]
    assert round_trip(data) == data
    imputed = results.data_set("Imputed")
    assert imputed._impl != results.data_set("Denominated")._impl  # flags and values differ
    assert round_trip(imputed) == imputed
    panel = gi.Dataset.from_frame(
        pd.DataFrame(
            {
                "uCode": ["x", "y", "x", "y"],
                "uName": ["Ex", "Why", "Ex", "Why"],
                "Time": [2020, 2020, 2021, 2021],
                "a": [1.0, math.nan, 3.0, 4.0],
                "b": [2.0, 2.0, 1.0, 0.0],
                "region": ["N", "S", "N", "S"],
                "pop": [1.0, math.nan, 2.0, 3.0],
                "note": ["", "n", "", "m"],
            }
        ),
        gi.Framework.from_frame(
            pd.DataFrame(
                {
                    "iCode": ["a", "b", "I", "region", "pop", "note"],
                    "Level": [1, 1, 2, None, None, None],
                    "Parent": ["I", "I", None, None, None, None],
                    "Direction": [1, 1, 1, None, None, None],
                    "Weight": [1, 1, 1, None, None, None],
                    "Type": ["Indicator", "Indicator", "Aggregate", "Group", "Denominator", "Other"],
                }
            )
        ),
    )
    back = round_trip(panel)
    assert back == panel and back.is_panel and back.years == [2020, 2021]
    assert back._impl.others == [("note", ["", "n", "", "m"])] and back._impl.groups == [
        ("region", ["N", "S", "N", "S"])
    ]
    assert back.unit_names == ["Ex", "Why", "Ex", "Why"] and back._impl.denominator_codes == ["pop"]
    table = gi.datasets.world_denoms()
    assert round_trip(table) == table
    spec = gi.DenominationSpec.__new__(gi.DenominationSpec)
    spec.__setstate__((1, "LPI", "Population", 1000.0))
    assert round_trip(spec) == spec and spec.scale_factor == 1000.0


@pytest.mark.parametrize("value", METHODS + EVERY_STEP + RULES, ids=repr)
def test_every_method_step_and_rule(value):
    back = round_trip(value)
    assert type(back) is type(value) and back == value and repr(back) == repr(value)


def test_pipeline_with_every_step_type(example):
    pipeline = example[2]
    assert {type(s) for s in pipeline.steps} == {
        gi.Denominate,
        gi.Impute,
        gi.Screen,
        gi.Treat,
        gi.Normalise,
        gi.Aggregate,
    }
    back = round_trip(pipeline)
    assert isinstance(back, gi.Pipeline) and back == pipeline
    assert gi.format_pipeline(back) == gi.format_pipeline(pipeline)


def test_results_of_a_run_on_asem(example):
    framework, data, pipeline, results = example
    back = round_trip(results)
    assert isinstance(back, gi.Results) and back == results and same_results(back, results)
    assert back.data_set_names == ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]
    assert "ScreeningSummary" in back.table_names
    pd.testing.assert_frame_equal(back.results_table(), results.results_table())
    pd.testing.assert_frame_equal(back.explain("DEU", "Conn"), results.explain("DEU", "Conn"))
    assert back != pipeline.run(framework.with_weight_set("Other", {"Conn": 2.0}), data)


def test_methodology_values():
    family = gm.family("par_index")
    back = round_trip(family)
    assert back == family and [v.id for v in back.versions] == [v.id for v in family.versions]
    version = family.versions[-1]
    assert round_trip(version) == version
    node = version.node(version.leaves()[0])
    assert round_trip(node) == node and (round_trip(node).file, round_trip(node).line) == (node.file, node.line)
    assert round_trip(version.provenance) == version.provenance
    assert round_trip(_core.Date(year=2021, month=12, day=31)) == _core.Date(year=2021, month=12, day=31)
    mapping = _core.Mapping(from_=["1.1"], to=["1.2"], kind=_core.MappingKind.renamed, note="n")
    assert round_trip(mapping) == mapping
    crosswalk = _core.Crosswalk(from_version="a", to_version="b", mappings=[mapping])
    assert round_trip(crosswalk) == crosswalk
    record = _core.LeafRecord()
    record.evidence = _core.Evidence(yes=True, rate=85, items=["Vi phạm"])
    # (LeafRecord's == is not NaN-aware: every number is given)
    record.self, record.appraised_1, record.appraised_2, record.survey = 4.0, 3.5, 3.75, 0.5
    record.evidence_note = "biên bản"
    assessment = _core.Assessment()
    assessment.unit, assessment.year, assessment.leaves = "Bến Tre", 2021, {"1.1": record}
    assert round_trip(record) == record and round_trip(assessment) == assessment
    assert round_trip(record.evidence) == record.evidence


def test_uncertainty_values(asem, minmax_amean):
    framework, data = asem
    inputs = [
        gi.WeightNoise(0.2, levels=[2], nodes=["LPI"], renormalise=False, name="w"),
        gi.StepChoice([gi.Normalise(gi.MinMax()), gi.Normalise(gi.Rank(ties="max"))], name="n"),
        gi.IndicatorExclusion(indicators=["LPI", "Flights"], probability=0.3),
        gi.DataNoise(columns=["LPI"]),
    ]
    declaration = gi.UncertaintyDeclaration(
        inputs, analysis=gi.AnalysisSettings(replicates=500, seed=2, nodes=["Conn"])
    )
    for value in inputs + [declaration, declaration.analysis]:
        assert round_trip(value) == value
    engine = gi.UncertaintyEngine(framework, minmax_amean, data, inputs[:3])
    back = round_trip(engine)
    assert isinstance(back, gi.UncertaintyEngine) and back.input_names == engine.input_names
    ua = engine.uncertainty(replicates=300, seed=4, keep_replicates=True, progress=False)
    assert round_trip(ua) == ua and back.uncertainty(replicates=300, seed=4, keep_replicates=True, progress=False) == ua
    pd.testing.assert_frame_equal(round_trip(ua).replicate_parameters(), ua.replicate_parameters())
    sa = engine.sensitivity(base_samples=64, resamples=10, progress=False)
    assert round_trip(sa) == sa and round_trip(sa._impl.indices) == sa._impl.indices


def test_every_public_class_has_a_sample():
    """A new public class needs a pickle (and a sample above)."""
    tested = {type(v) for v in METHODS + EVERY_STEP + RULES} | {
        gi.Framework,
        gi.Dataset,
        gi.Pipeline,
        gi.Results,
        gi.Node,
        gi.NodeType,
        gi.DenominatorTable,
        gi.DenominationSpec,
        gi.Evidence,  # round-tripped with its LeafRecord above
        gi.WeightNoise,
        gi.StepChoice,
        gi.IndicatorExclusion,
        gi.DataNoise,
        gi.UncertaintyEngine,
        gi.UncertaintyAnalysis,
        gi.SensitivityAnalysis,
        gi.SobolIndices,
        gi.UncertaintyDeclaration,
        gi.AnalysisSettings,  # test_uncertainty_values
        gi.ImprovementPlan,
        gi.WhatIf,  # tests/python/test_plan.py
        gi.TargetGap,  # tests/python/test_planning.py round-trips it
        gi.ChangeDecomposition,  # tests/python/test_attribution.py round-trips it
        gi.ElementRemoval,  # test_element_removal_round_trips below
        gi.PrincipalComponents,
        gi.OptimisedWeights,
        gi.VariantComparison,
        gi.DataDifference,  # test_analysis_results_round_trip
        gi.StrengthsWeaknesses,  # tests/python/test_reports.py round-trips it
    }
    public = {getattr(gi, n) for n in gi.__all__ if inspect.isclass(getattr(gi, n))}
    errors = {c for c in public if issubclass(c, BaseException)}
    assert public - errors <= tested, sorted(c.__name__ for c in public - errors - tested)


def test_element_removal_round_trips(asem, minmax_amean):
    """What govindex.remove_elements returns (a NamedTuple of pandas objects) pickles."""
    framework, data = asem
    removal = gi.remove_elements(minmax_amean.run(framework, data), level=3)
    back = round_trip(removal)
    assert isinstance(back, gi.ElementRemoval)
    for a, b in zip(back, removal):
        assert a.equals(b)


def test_analysis_results_round_trip(asem, minmax_amean):
    """What pca, optimise_weights, compare_variants and compare_data return (NamedTuples of pandas
    objects and plain values) pickles."""
    framework, data = asem
    run = minmax_amean.run(framework, data)
    values = [
        gi.pca(run, group="P2P"),
        gi.optimise_weights(run, group="P2P", max_evaluations=50),
        gi.compare_variants([run, run]),
        gi.compare_data(run, run),
    ]
    for value in values:
        back = round_trip(value)
        assert type(back) is type(value)
        for a, b in zip(back, value):
            assert a.equals(b) if hasattr(a, "equals") else a == b


def test_survey_designs_round_trip():
    """govindex.survey.Design (public through the survey module) pickles its data and column names."""
    data = pd.DataFrame(
        {
            "w": [1.0, 2.0, 1.0, 2.0],
            "s": ["a", "a", "b", "b"],
            "c": [1, 2, 3, 4],
            "N": [10.0, 10.0, 20.0, 20.0],
            "y": [1.0, 2.0, 3.0, 4.0],
        }
    )
    design = gi.survey.Design(data, weights="w", strata="s", clusters="c", fpc="N", lonely_psu="certainty")
    for value in (design, gi.survey.post_stratify(design, "s", {"a": 5, "b": 7})):
        back = round_trip(value)
        assert isinstance(back, gi.survey.Design) and back == value
        assert back.lonely_psu == "certainty" and back.post_strata == value.post_strata
        assert gi.survey.estimate(back, "y").equals(gi.survey.estimate(value, "y"))
    # govindex.survey.ReplicateDesign: made from a design (kept as its recipe) or given as columns.
    data["r1"], data["r2"] = [0.0, 3.0, 1.5, 3.0], [2.0, 0.0, 1.5, 3.0]
    for value in (
        gi.survey.replicate(gi.survey.Design(data, weights="w", clusters="c"), "bootstrap", 5, seed=2),
        gi.survey.ReplicateDesign(data, weights="w", replicates=["r1", "r2"], type="jk1", mse=True),
    ):
        back = round_trip(value)
        assert isinstance(back, gi.survey.ReplicateDesign) and back == value
        assert gi.survey.estimate(back, "y").equals(gi.survey.estimate(value, "y"))


def test_other_format_versions_are_refused():
    state = gi.MinMax(low=1, high=2).__getstate__()
    assert state == (1, 1.0, 2.0)
    value = gi.MinMax.__new__(gi.MinMax)
    with pytest.raises(gi.InputError, match=r"unpickling MinMax: expected pickle format version 1 .* found version 2"):
        value.__setstate__((2, 1.0, 2.0))
    with pytest.raises(gi.InputError, match="expected 2 values after the format version, found 1"):
        value.__setstate__((1, 1.0))
    framework = _core.Framework.__new__(_core.Framework)
    with pytest.raises(gi.InputError, match="unpickling Framework: expected a state starting with a format version"):
        framework.__setstate__(("nodes",))


def test_unpickled_values_are_checked():
    value = gi.MinMax.__new__(gi.MinMax)
    with pytest.raises(gi.MethodError, match="expected finite low < high"):
        value.__setstate__((1, 100.0, 0.0))
    step = gi.Aggregate.__new__(gi.Aggregate)
    with pytest.raises(gi.MethodError, match="min_availability"):
        step.__setstate__((1, gi.ArithmeticMean(), {}, {}, "Original", 5.0))


def test_runs_in_another_process(example):
    """Framework, data set and pipeline go to a worker process, the Results come back."""
    framework, data, pipeline, results = example
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        shipped = pool.submit(pipeline.run, framework, data).result(timeout=120)
    assert shipped == results and same_results(shipped, results)
