"""Uncertainty declaration files from Python: round trips, errors naming file, line and key, the
declaration as a value (repr, equality, pickling), and an engine from a file."""

from __future__ import annotations

import pickle

import govindex as gi
import pytest
from conftest import ASEM

# COINr's sensitivity vignette on ASEM, as shipped for `govindex uncertainty --example asem`.
VIGNETTE = (ASEM / "uncertainty.toml").read_text(encoding="utf-8")


def every_kind() -> list:
    return [
        gi.WeightNoise(0.3, levels=[2, 3], nodes=["LPI"], renormalise=False, name="weights"),
        gi.StepChoice([gi.Aggregate(gi.ArithmeticMean()), gi.Aggregate(gi.GeometricMean())], name="aggregation"),
        gi.IndicatorExclusion(indicators=["LPI", "Flights"], probability=0.1, name="dropped"),
        gi.IndicatorExclusion(leave_one_out=True, name="loo"),
        gi.DataNoise(columns=["LPI"], name="se"),
    ]


def test_hand_written_file_gives_the_typed_inputs():
    declaration = gi.parse_uncertain_inputs(VIGNETTE, "u.toml")
    assert declaration.inputs == [
        gi.WeightNoise(0.25, levels=[2, 3], name="weights"),
        gi.StepChoice(
            [
                gi.Normalise(gi.MinMax(low=0, high=100)),
                gi.Normalise(gi.ZScore(mean=10, sd=2)),
                gi.Normalise(gi.PercentRank()),
            ],
            name="normalisation",
        ),
    ]
    assert declaration.analysis == gi.AnalysisSettings(replicates=1000, seed=1)
    assert declaration.analysis.year is None


def test_round_trips_and_files(tmp_path):
    declaration = gi.UncertaintyDeclaration(
        every_kind(), analysis=gi.AnalysisSettings(replicates=500, seed=3, year=2018)
    )
    text = gi.format_uncertain_inputs(declaration)
    assert "[[inputs.alternatives]]" in text and "kind = 'exclusion'" in text
    assert gi.parse_uncertain_inputs(text) == declaration
    # A list of inputs is a declaration without [analysis].
    assert gi.parse_uncertain_inputs(gi.format_uncertain_inputs(every_kind())) == gi.UncertaintyDeclaration(
        every_kind()
    )
    path = tmp_path / "u.toml"
    gi.write_uncertain_inputs(declaration, path)
    assert gi.read_uncertain_inputs(path) == declaration
    gi.write_uncertain_inputs(every_kind(), str(path))
    assert gi.read_uncertain_inputs(str(path)).inputs == every_kind()


def test_declaration_is_a_checked_value():
    declaration = gi.UncertaintyDeclaration(every_kind(), analysis=gi.AnalysisSettings(replicates=500, nodes=["Index"]))
    assert eval(repr(declaration), vars(gi)) == declaration  # noqa: S307 - the repr evaluates back
    assert pickle.loads(pickle.dumps(declaration)) == declaration
    assert gi.UncertaintyDeclaration().inputs == [] and gi.UncertaintyDeclaration().analysis == gi.AnalysisSettings()
    with pytest.raises(gi.MethodError, match="replicates = 1; expected at least 2"):
        gi.AnalysisSettings(replicates=1)
    with pytest.raises(gi.MethodError, match="expected a whole number from 0 to 9223372036854775807"):
        gi.AnalysisSettings(seed=2**63)
    with pytest.raises(TypeError, match=r"inputs\[0\]: expected WeightNoise"):
        gi.format_uncertain_inputs([gi.Normalise()])


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            '[[inputs]]\nkind = "weights"\nlevels = [2]\n\n[[inputs]]\nkind = "noise"\n',
            6,
            "inputs[2].kind",
            'unknown input kind "noise"; expected one of weights, choice, exclusion, data',
        ),
        ('[[input]]\nkind = "weights"\n', 1, "input", "unknown key; expected one of analysis, inputs"),
        ('[[inputs]]\nkind = "weights"\nlevels = [2]\nfactor = "a lot"\n', 4, "inputs[1].factor", "expected a number"),
        (
            '[[inputs]]\nkind = "weights"\nlevels = [2]\nfactor = 1.5\n',
            4,
            "inputs[1].factor",
            'uncertain input "weights": factor: noise factor 1.5; expected a relative noise in [0, 1)',
        ),
        (
            '[[inputs]]\nkind = "choice"\n[[inputs.alternatives]]\nstep = "normalise"\n'
            '[[inputs.alternatives]]\nstep = "normalize"\n',
            6,
            "inputs[1].alternatives[2].step",
            'unknown step "normalize"; expected one of',
        ),
        ("inputs = []\n[analysis]\nreplicates = 1\n", 3, "analysis.replicates", "expected at least 2"),
    ],
)
def test_errors_name_file_line_and_key(text, line, column, message):
    with pytest.raises(gi.MethodError) as caught:
        gi.parse_uncertain_inputs(text, "u.toml")
    assert str(caught.value).startswith(f'u.toml line {line}, key "{column}": ')
    assert message in str(caught.value)
    assert (caught.value.source, caught.value.line, caught.value.column) == ("u.toml", line, column)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(gi.InputError, match="cannot open the file"):
        gi.read_uncertain_inputs(tmp_path / "nope.toml")


def test_engine_from_a_file_equals_the_typed_engine(asem, minmax_amean):
    framework, data = asem
    declaration = gi.parse_uncertain_inputs(VIGNETTE)
    settings = declaration.analysis
    from_file = gi.uncertainty_analysis(
        framework,
        minmax_amean,
        data,
        declaration.inputs,
        nodes=settings.nodes,
        replicates=settings.replicates,
        seed=settings.seed,
        progress=False,
    )
    typed = gi.uncertainty_analysis(
        framework,
        minmax_amean,
        data,
        [
            gi.WeightNoise(0.25, levels=[2, 3], name="weights"),
            gi.StepChoice(
                [
                    gi.Normalise(gi.MinMax(low=0, high=100)),
                    gi.Normalise(gi.ZScore(mean=10, sd=2)),
                    gi.Normalise(gi.PercentRank()),
                ],
                name="normalisation",
            ),
        ],
        replicates=1000,
        seed=1,
        progress=False,
    )
    assert from_file == typed
