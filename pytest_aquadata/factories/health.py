"""Factories of the `health` app: health log, scored sampling, lab samples, treatments,
mortality records and sea-lice counts.

Parameter names, score probabilities, sample sizes, lice types and ratios, lice limits,
treatments and the vaccine come from ``sim.params``; score definitions, sample types, extra
vaccines, mortality reasons and log wording from ``pytest_aquadata.reference``. Lookup tables
(HealthParameter, ParameterScoreDefinition, SampleType, VaccinationType, MortalityReason,
LiceType) are get-or-created on their natural key.
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps

from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.values import at, dec, fulton_k, now, pick, randint, today, uniform
from pytest_aquadata.lookup_values import vaccine_row
from pytest_aquadata.reference.health import (
    CALIGUS,
    FISH_HEALTH_LABS,
    HEALTH_PARAMETER_SCALES,
    JOURNAL_TEXTS,
    LAB_TURNAROUND_DAYS,
    LICE_LEVEL_ABOVE_LIMIT,
    LICE_LEVEL_BELOW_LIMIT,
    LICE_TYPE_DESCRIPTIONS,
    OTHER_TREATMENT,
    SAMPLE_TYPES,
    UNKNOWN_LICE_SPECIES,
    VACCINES,
    SampleTypeSpec,
    TreatmentSpec,
    lab_report_path,
    score_text,
)
from pytest_aquadata.reference.mortality import (
    MORTALITY_DESCRIPTIONS,
    MORTALITY_REASON_BY_CAUSE,
    REASON_PARENT,
    REASON_TEXT,
)
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import StageInfo, length_for_weight, stage_of

_USER = "pytest_aquadata.factories.users.UserFactory"
_BATCH = "pytest_aquadata.factories.batch.BatchFactory"
_ASSIGNMENT = "pytest_aquadata.factories.batch.BatchContainerAssignmentFactory"
_CONTAINER = "pytest_aquadata.factories.infrastructure.ContainerFactory"
_FAROE = "Faroe Islands"
_LOG_HOUR, _LOG_MINUTE = divmod(params.LICE_COUNT_MINUTE, 60)


def _model(label: str) -> Any:
    return apps.get_model(label)


# ---------------------------------------------------------------------------------------------
# Shared helpers: dates inside a batch's life, stock, geography.
# ---------------------------------------------------------------------------------------------


def _day_between(start: dt.date | None, end: dt.date | None, within_days: int) -> dt.date:
    """A day in the last ``within_days`` days before ``end`` (default today), not before
    ``start`` and never after today."""
    last = min(end or today(), today())
    day = last - dt.timedelta(days=randint(0, within_days))
    if start is not None and day < start:
        day = min(start, last) if start <= last else start
    return day


def _assignment_day(assignment: Any, within_days: int) -> dt.date:
    """A day in the last ``within_days`` days of an assignment (up to its departure)."""
    return _day_between(assignment.assignment_date, assignment.departure_date, within_days)


def _moment(day: dt.date, hour: int = _LOG_HOUR, minute: int = _LOG_MINUTE) -> dt.datetime:
    """``day`` at ``hour:minute`` (the sim logs counts, samplings and treatments at 10:00),
    pulled back to now if that lies in the future."""
    return min(at(day, hour, minute), now())


def _batch_day(o: Any, within_days: int) -> dt.date:
    """A recent day of the row's assignment if it has one, else of its batch."""
    assignment = getattr(o, "assignment", None) or getattr(o, "batch_assignment", None)
    if assignment is not None:
        return _assignment_day(assignment, within_days)
    return _day_between(o.batch.start_date, o.batch.actual_end_date, within_days)


def _stage_info(o: Any) -> StageInfo:
    assignment = getattr(o, "assignment", None) or getattr(o, "batch_assignment", None)
    stage = assignment.lifecycle_stage if assignment is not None else o.batch.lifecycle_stage
    return stage_of(stage)


def _fish_weight(assignment: Any) -> float:
    """The assignment's mean weight (g), or its stage's typical weight when unweighed."""
    weight = getattr(assignment, "avg_weight_g", None)
    if weight is not None and weight > 0:
        return float(weight)
    return stage_of(assignment.lifecycle_stage).typical_weight_g


def _condition_factor(info: StageInfo) -> float:
    return params.CONDITION_FACTOR[info.code] or 1.0


def route_batch(params: dict[str, Any], field: str, when: tuple[str, ...] = ()) -> dict[str, Any]:
    """Rewrite ``batch=b`` into ``<field>__batch=b`` too, so an assignment the factory builds
    (only when one of the ``when`` traits is on, if given) belongs to that batch."""
    if "batch" not in params or field in params or any(k.startswith(f"{field}__") for k in params):
        return params
    if when and not any(params.get(trait) for trait in when):
        return params
    return {**params, f"{field}__batch": params["batch"]}


def geography_of(container: Any) -> str | None:
    """Geography name of a container's sea area or freshwater station (None if unknown)."""
    if container is None:
        return None
    area = getattr(container, "area", None)
    if area is not None:
        return area.geography.name
    station = getattr(getattr(container, "hall", None), "freshwater_station", None)
    return station.geography.name if station is not None else None


# ---------------------------------------------------------------------------------------------
# Journal.
# ---------------------------------------------------------------------------------------------


class JournalEntryFactory(KeyedFactory):
    """A fish-health log entry (low-severity observation) of a batch from the last two weeks.
    Default a Fry batch, realistic wording per category; traits per category (``issue``,
    ``action``, ``diagnosis``, ``treatment``, ``vaccination``, ``sample``), ``high`` severity,
    ``resolved`` (resolution notes) and ``with_container`` (a container of the batch's stage)."""

    class Meta:
        model = "health.JournalEntry"

    class Params:
        text = factory.LazyAttribute(
            lambda o: pick(JOURNAL_TEXTS.get(o.category) or (("Health log entry.", ""),))
        )
        issue = factory.Trait(category="issue", severity="medium")
        action = factory.Trait(category="action")
        diagnosis = factory.Trait(category="diagnosis", severity="medium")
        treatment = factory.Trait(category="treatment")
        vaccination = factory.Trait(category="vaccination")
        sample = factory.Trait(category="sample")
        high = factory.Trait(severity="high")
        resolved = factory.Trait(
            resolution_status=True,
            resolution_notes=factory.LazyAttribute(lambda o: o.text[1] or "Resolved."),
        )
        with_container = factory.Trait(
            container=factory.SubFactory(
                _CONTAINER,
                stage=factory.LazyAttribute(
                    lambda o: stage_of(o.factory_parent.batch.lifecycle_stage).name
                ),
            )
        )

    batch = factory.SubFactory(_BATCH)
    container = None
    user = factory.SubFactory(_USER)
    entry_date = factory.LazyAttribute(
        lambda o: _moment(
            _day_between(o.batch.start_date, None, 14), randint(7, 16), randint(0, 59)
        )
    )
    category = "observation"
    severity = "low"
    description = factory.LazyAttribute(lambda o: o.text[0])
    resolution_status = False
    resolution_notes = ""


# ---------------------------------------------------------------------------------------------
# Health parameters and their score scales.
# ---------------------------------------------------------------------------------------------

_PARAMETER_TRAITS = dict(
    zip(
        ("gill", "eye", "skin", "fin", "body", "swimming", "appetite", "mucus", "colour"),
        params.HEALTH_PARAMETERS,
        strict=True,
    )
)


class HealthParameterFactory(KeyedFactory):
    """A welfare parameter scored 0–3 with its score definitions, "Gill Health" by default.
    Any of the 9 seeded parameters by trait: ``eye`` (Eye Condition), ``skin`` (Wounds & Skin),
    ``fin``, ``body``, ``swimming``, ``appetite`` (Appetite/Feeding Response), ``mucus`` (Mucous
    Membrane), ``colour`` (Color & Pigmentation); created with its four score definitions
    (``score_definitions=False`` skips them); ``inactive``; get-or-create on name."""

    class Meta:
        model = "health.HealthParameter"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    class Params:
        scale = factory.LazyAttribute(lambda o: HEALTH_PARAMETER_SCALES.get(o.name))
        inactive = factory.Trait(is_active=False)
        gill = factory.Trait(name=_PARAMETER_TRAITS["gill"])
        eye = factory.Trait(name=_PARAMETER_TRAITS["eye"])
        skin = factory.Trait(name=_PARAMETER_TRAITS["skin"])
        fin = factory.Trait(name=_PARAMETER_TRAITS["fin"])
        body = factory.Trait(name=_PARAMETER_TRAITS["body"])
        swimming = factory.Trait(name=_PARAMETER_TRAITS["swimming"])
        appetite = factory.Trait(name=_PARAMETER_TRAITS["appetite"])
        mucus = factory.Trait(name=_PARAMETER_TRAITS["mucus"])
        colour = factory.Trait(name=_PARAMETER_TRAITS["colour"])

    name = params.HEALTH_PARAMETERS[0]
    description = factory.LazyAttribute(
        lambda o: (
            o.scale.description
            if o.scale
            else f"{o.name}, scored {o.min_score} (best) to {o.max_score} (worst)."
        )
    )
    min_score = 0
    max_score = len(params.HEALTH_SCORE_PROBABILITIES) - 1
    is_active = True

    @factory.post_generation
    def score_definitions(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create, one ParameterScoreDefinition per score (get-or-create); False skips."""
        if not create or extracted is False:
            return
        for value in range(obj.min_score, obj.max_score + 1):
            ParameterScoreDefinitionFactory(parameter=obj, score_value=value)


def _next_score_value(o: Any) -> int:
    """The lowest score of the parameter's range that has no definition yet (else the lowest)."""
    parameter = o.parameter
    values = range(parameter.min_score, parameter.max_score + 1)
    if parameter.pk is None:
        return parameter.min_score
    used = set(
        _model("health.ParameterScoreDefinition")
        ._default_manager.filter(parameter=parameter)
        .values_list("score_value", flat=True)
    )
    return next((v for v in values if v not in used), parameter.min_score)


def _score_wording(o: Any) -> tuple[str, str]:
    """(label, description) of the score being built, from its parameter's scale."""
    p = o.parameter
    return score_text(p.name, p.min_score, p.max_score, o.score_value)


class ParameterScoreDefinitionFactory(KeyedFactory):
    """The meaning of one score of a health parameter, e.g. Gill Health 0 "Great".
    Default the Gill Health parameter's next undefined score; label and description from the
    parameter's scale (Gill 0 "Great", 1 "Fair", 2 "Poor", 3 "Critical"); get-or-create on
    (parameter, score_value)."""

    class Meta:
        model = "health.ParameterScoreDefinition"
        django_get_or_create = ("parameter", "score_value")

    parameter = factory.SubFactory(HealthParameterFactory, score_definitions=False)
    score_value = factory.LazyAttribute(_next_score_value)
    label = factory.LazyAttribute(lambda o: _score_wording(o)[0])
    description = factory.LazyAttribute(lambda o: _score_wording(o)[1])
    display_order = factory.SelfAttribute("score_value")


# ---------------------------------------------------------------------------------------------
# Health sampling: events, fish, scores.
# ---------------------------------------------------------------------------------------------


def _sd(values: list[float]) -> Decimal | None:
    return dec(statistics.stdev(values)) if len(values) > 1 else None


def aggregate_sampling_event(event: Any) -> None:
    """Recompute a sampling event's weight/length statistics, mean K and measured count from
    its fish (the reference's calculate_aggregate_metrics) and save it."""
    rows = list(
        _model("health.IndividualFishObservation")
        ._default_manager.filter(sampling_event=event)
        .values_list("weight_g", "length_cm")
    )
    weights = [float(w) for w, _ in rows if w is not None]
    lengths = [float(le) for _, le in rows if le is not None]
    pairs = [(float(w), float(le)) for w, le in rows if w is not None and le]
    event.avg_weight_g = dec(statistics.fmean(weights)) if weights else None
    event.std_dev_weight_g = _sd(weights)
    event.min_weight_g = dec(min(weights)) if weights else None
    event.max_weight_g = dec(max(weights)) if weights else None
    event.avg_length_cm = dec(statistics.fmean(lengths)) if lengths else None
    event.std_dev_length_cm = _sd(lengths)
    event.min_length_cm = dec(min(lengths)) if lengths else None
    event.max_length_cm = dec(max(lengths)) if lengths else None
    event.avg_k_factor = (
        dec(statistics.fmean(fulton_k(w, le) for w, le in pairs), 4) if pairs else None
    )
    event.calculated_sample_size = len(pairs)
    event.save()


class HealthSamplingEventFactory(KeyedFactory):
    """A monthly health sampling of 20 fish of an assignment, with weight/length aggregates.
    Default a Fry tank sampled in the last month (``sim.params`` sample size); aggregates around
    the assignment's weight with the stage's condition factor; ``observations=N`` examines N
    fish and recomputes the aggregates from them (``observations__scores=True`` also scores each
    fish on every health parameter); trait ``unmeasured`` leaves the aggregates empty."""

    class Meta:
        model = "health.HealthSamplingEvent"
        skip_postgeneration_save = True

    class Params:
        info = factory.LazyAttribute(lambda o: stage_of(o.assignment.lifecycle_stage))
        k = factory.LazyAttribute(lambda o: _condition_factor(o.info) * uniform(0.96, 1.04))
        weight = factory.LazyAttribute(lambda o: _fish_weight(o.assignment) * uniform(0.95, 1.05))
        spread = factory.LazyFunction(lambda: (uniform(0.75, 0.88), uniform(1.12, 1.3)))
        unmeasured = factory.Trait(
            avg_weight_g=None,
            std_dev_weight_g=None,
            min_weight_g=None,
            max_weight_g=None,
            avg_length_cm=None,
            std_dev_length_cm=None,
            min_length_cm=None,
            max_length_cm=None,
            avg_k_factor=None,
            calculated_sample_size=None,
        )

    assignment = factory.SubFactory(_ASSIGNMENT)
    sampling_date = factory.LazyAttribute(lambda o: _assignment_day(o.assignment, 30))
    number_of_fish_sampled = params.HEALTH_SAMPLE_SIZE
    avg_weight_g = factory.LazyAttribute(lambda o: dec(o.weight))
    std_dev_weight_g = factory.LazyAttribute(lambda o: dec(o.weight * uniform(0.12, 0.18)))
    min_weight_g = factory.LazyAttribute(lambda o: dec(o.weight * o.spread[0]))
    max_weight_g = factory.LazyAttribute(lambda o: dec(o.weight * o.spread[1]))
    avg_length_cm = factory.LazyAttribute(lambda o: dec(length_for_weight(o.weight, o.k)))
    std_dev_length_cm = factory.LazyAttribute(
        lambda o: dec(length_for_weight(o.weight, o.k) * uniform(0.04, 0.06))
    )
    min_length_cm = factory.LazyAttribute(
        lambda o: dec(length_for_weight(o.weight * o.spread[0], o.k))
    )
    max_length_cm = factory.LazyAttribute(
        lambda o: dec(length_for_weight(o.weight * o.spread[1], o.k))
    )
    avg_k_factor = factory.LazyAttribute(lambda o: dec(o.k, 4))
    calculated_sample_size = factory.SelfAttribute("number_of_fish_sampled")
    notes = None
    sampled_by = None

    @factory.post_generation
    def observations(obj: Any, create: bool, extracted: int | None, **kwargs: Any) -> None:
        """``observations=N`` examines N fish and recomputes the event's aggregates."""
        if not create or not extracted:
            return
        IndividualFishObservationFactory.create_batch(extracted, sampling_event=obj, **kwargs)
        aggregate_sampling_event(obj)


def _fish_identifier(o: Any) -> str:
    """ "1", "2", … within the sampling event (the next free number)."""
    event = o.sampling_event
    if event.pk is None:
        return "1"
    manager = _model("health.IndividualFishObservation")._default_manager
    number = manager.filter(sampling_event=event).count() + 1
    while manager.filter(sampling_event=event, fish_identifier=str(number)).exists():
        number += 1
    return str(number)


def _event_weight(event: Any) -> float:
    if event.avg_weight_g is not None and event.avg_weight_g > 0:
        return float(event.avg_weight_g)
    return _fish_weight(event.assignment)


class IndividualFishObservationFactory(KeyedFactory):
    """One examined fish of a health sampling event, numbered "1", "2", … within it.
    Weight within ±20 % of the event's mean, length from the stage's condition factor
    (``sim.params``); ``scores=True`` scores it on all 9 health parameters (``scores=[names]``
    on some)."""

    class Meta:
        model = "health.IndividualFishObservation"
        skip_postgeneration_save = True

    class Params:
        info = factory.LazyAttribute(
            lambda o: stage_of(o.sampling_event.assignment.lifecycle_stage)
        )

    sampling_event = factory.SubFactory(HealthSamplingEventFactory)
    fish_identifier = factory.LazyAttribute(_fish_identifier)
    weight_g = factory.LazyAttribute(
        lambda o: dec(_event_weight(o.sampling_event) * uniform(0.8, 1.2))
    )
    length_cm = factory.LazyAttribute(
        lambda o: dec(
            length_for_weight(float(o.weight_g), _condition_factor(o.info) * uniform(0.93, 1.07))
        )
    )

    @factory.post_generation
    def scores(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``scores=True``: a score on every seeded parameter; ``scores=[names]``: on those."""
        if not create or not extracted:
            return
        names = params.HEALTH_PARAMETERS if extracted is True else tuple(extracted)
        for name in names:
            FishParameterScoreFactory(
                individual_fish_observation=obj, parameter__name=name, **kwargs
            )


def _next_parameter_name(o: Any) -> str:
    """The first seeded parameter this fish has no score for yet (else the first)."""
    fish = o.individual_fish_observation
    if fish.pk is None:
        return params.HEALTH_PARAMETERS[0]
    scored = set(
        _model("health.FishParameterScore")
        ._default_manager.filter(individual_fish_observation=fish)
        .values_list("parameter__name", flat=True)
    )
    return next(
        (n for n in params.HEALTH_PARAMETERS if n not in scored), params.HEALTH_PARAMETERS[0]
    )


def draw_score(parameter: Any, stressed: bool = False) -> int:
    """A seeded score in the parameter's range: healthy fish follow
    ``sim.params.HEALTH_SCORE_PROBABILITIES`` (0 best); ``stressed`` moves the sim's stress
    share of score-0 fish to score 1."""
    probabilities = list(params.HEALTH_SCORE_PROBABILITIES)
    if stressed:
        moved = probabilities[0] * params.HEALTH_SCORE_STRESS_SHIFT
        probabilities[0] -= moved
        probabilities[1] += moved
    draw, total, index = uniform(0, 1), 0.0, len(probabilities) - 1
    for i, p in enumerate(probabilities):
        total += p
        if draw <= total:
            index = i
            break
    return min(parameter.min_score + index, parameter.max_score)


class FishParameterScoreFactory(KeyedFactory):
    """The 0–3 score of one fish on one health parameter, drawn as for a healthy fish.
    The next seeded parameter the fish has no score for yet; scores follow ``sim.params``'
    healthy-fish distribution (70 % 0, 22 % 1, 6 % 2, 2 % 3); trait ``stressed`` shifts a
    quarter of the 0s to 1 (after a treatment, above the lice limit or in disease)."""

    class Meta:
        model = "health.FishParameterScore"

    class Params:
        parameter_name = factory.LazyAttribute(_next_parameter_name)
        stressed = factory.Trait(
            score=factory.LazyAttribute(lambda o: draw_score(o.parameter, True))
        )

    individual_fish_observation = factory.SubFactory(IndividualFishObservationFactory)
    parameter = factory.SubFactory(
        HealthParameterFactory, name=factory.SelfAttribute("..parameter_name")
    )
    score = factory.LazyAttribute(lambda o: draw_score(o.parameter))


# ---------------------------------------------------------------------------------------------
# Lab samples.
# ---------------------------------------------------------------------------------------------

_SAMPLE_TYPE_NAMES = tuple(SAMPLE_TYPES)


class SampleTypeFactory(KeyedFactory):
    """A lab sample type, "Gill swab" (qPCR for AGD and gill pox) by default.
    Traits ``heart`` (histology/qPCR for PD, CMS, HSMI), ``kidney`` (BKD, ISA, IPN),
    ``skin_mucus``, ``blood`` and ``water``; get-or-create on name."""

    class Meta:
        model = "health.SampleType"
        django_get_or_create = ("name",)

    class Params:
        heart = factory.Trait(name="Heart tissue")
        kidney = factory.Trait(name="Kidney tissue")
        skin_mucus = factory.Trait(name="Skin mucus")
        blood = factory.Trait(name="Blood")
        water = factory.Trait(name="Water sample")

    name = _SAMPLE_TYPE_NAMES[0]
    description = factory.LazyAttribute(
        lambda o: SAMPLE_TYPES[o.name].description if o.name in SAMPLE_TYPES else ""
    )


def _lab_results(spec: SampleTypeSpec | None, positive: bool) -> dict[str, float] | None:
    """The sample type's quantitative results with seeded noise; ``positive`` puts the first
    qPCR target well under the detection cut-off (Ct 24–29)."""
    if spec is None:
        return None
    results = {key: round(value * uniform(0.97, 1.03), 1) for key, value in spec.results.items()}
    first = next(iter(results))
    if positive and first.endswith("_ct"):
        results[first] = round(uniform(24.0, 29.0), 1)
    elif positive:
        results[first] = round(results[first] * uniform(1.5, 3.0), 1)
    return results


class HealthLabSampleFactory(KeyedFactory):
    """A lab sample (gill swab) of an assignment, sent to a fish-health lab and answered.
    Taken in the last month from an assignment (default a Fry tank), sent the next day, answered
    within 3–10 days: lab reference id (``PHQ-2026-00042``), negative findings and qPCR/blood
    results as JSON; traits ``positive`` (pathogen detected), ``awaiting_results`` (sent, no
    answer), ``not_sent`` and ``with_report`` (the lab's PDF report filed as the attachment,
    ``health/lab_samples/2026/PHQ-2026-00042.pdf``)."""

    class Meta:
        model = "health.HealthLabSample"

    class Params:
        spec = factory.LazyAttribute(lambda o: SAMPLE_TYPES.get(o.sample_type.name))
        lab = factory.LazyFunction(lambda: pick(FISH_HEALTH_LABS))
        positive = factory.Trait(
            findings_summary=factory.LazyAttribute(
                lambda o: o.spec.positive if o.spec else "Pathogen detected."
            ),
            quantitative_results=factory.LazyAttribute(lambda o: _lab_results(o.spec, True)),
        )
        awaiting_results = factory.Trait(
            date_results_received=None, findings_summary=None, quantitative_results=None
        )
        with_report = factory.Trait(
            attachment=factory.LazyAttribute(
                lambda o: lab_report_path(o.sample_date.year, o.lab_reference_id)
            )
        )
        not_sent = factory.Trait(
            date_sent_to_lab=None,
            date_results_received=None,
            lab_reference_id=None,
            findings_summary=None,
            quantitative_results=None,
        )

    batch_container_assignment = factory.SubFactory(_ASSIGNMENT)
    sample_type = factory.SubFactory(SampleTypeFactory)
    sample_date = factory.LazyAttribute(lambda o: _assignment_day(o.batch_container_assignment, 30))
    date_sent_to_lab = factory.LazyAttribute(
        lambda o: min(o.sample_date + dt.timedelta(days=1), max(o.sample_date, today()))
    )
    date_results_received = factory.LazyAttribute(
        lambda o: max(
            o.date_sent_to_lab or o.sample_date,
            min(
                (o.date_sent_to_lab or o.sample_date)
                + dt.timedelta(days=randint(*LAB_TURNAROUND_DAYS)),
                today(),
            ),
        )
    )
    lab_reference_id = factory.LazyAttributeSequence(
        lambda o, n: f"{o.lab[0]}-{o.sample_date.year}-{n + 1:05d}"
    )
    findings_summary = factory.LazyAttribute(
        lambda o: o.spec.negative if o.spec else "No significant findings."
    )
    quantitative_results = factory.LazyAttribute(lambda o: _lab_results(o.spec, False))
    attachment = None
    notes = factory.LazyAttribute(lambda o: f"Analysed by {o.lab[1]}.")
    recorded_by = None


# ---------------------------------------------------------------------------------------------
# Vaccines and treatments.
# ---------------------------------------------------------------------------------------------


class VaccinationTypeFactory(KeyedFactory):
    """A salmon vaccine, by default the simulation's multi-component vaccine (Pharmaq, 0.10 ml).
    Default ``sim.params.VACCINE``; traits for commercial products ``six_component`` (ALPHA JECT
    micro 6), ``pancreas_disease`` (ALPHA JECT micro 1 PD), ``isa`` (ALPHA JECT micro 1 ISA) and
    ``pd_dna`` (Clynav, Elanco); get-or-create on name."""

    class Meta:
        model = "health.VaccinationType"
        django_get_or_create = ("name",)

    class Params:
        row = factory.LazyAttribute(lambda o: vaccine_row(o.name))
        six_component = factory.Trait(name=VACCINES["six_component"][0])
        pancreas_disease = factory.Trait(name=VACCINES["pancreas_disease"][0])
        isa = factory.Trait(name=VACCINES["isa"][0])
        pd_dna = factory.Trait(name=VACCINES["pd_dna"][0])

    name = params.VACCINE.name
    manufacturer = factory.LazyAttribute(lambda o: o.row[1])
    dosage = factory.LazyAttribute(lambda o: o.row[2])
    description = factory.LazyAttribute(lambda o: o.row[3])


def treatment_spec(treatment_type: str) -> TreatmentSpec:
    """Description, dosage, duration and withholding period of a treatment type: lice
    medication and physical treatments and the vaccine from ``sim.params``, "other" a
    freshwater AGD bath."""
    kind = params.LICE_TREATMENTS.get(treatment_type)
    if kind is not None:
        return TreatmentSpec(
            kind.treatment_type,
            kind.description,
            kind.dosage,
            kind.duration_days,
            kind.withholding_period_days,
        )
    if treatment_type == "vaccination":
        vaccine = params.VACCINE
        return TreatmentSpec(
            "vaccination",
            f"Intraperitoneal vaccination with {vaccine.name} ({vaccine.manufacturer}) before sea transfer",
            vaccine.dosage,
            1,
            vaccine.withholding_period_days,
        )
    if treatment_type == OTHER_TREATMENT.treatment_type:
        return OTHER_TREATMENT
    return TreatmentSpec(treatment_type, f"{treatment_type.capitalize()} treatment", "", 1, 0)


class TreatmentFactory(KeyedFactory):
    """A treatment of a batch, by default a lice bath (medication, 14-day withholding).
    Default an Adult batch treated in the last month, outcome pending, values from
    ``sim.params``; traits for the other types ``physical`` (thermal delousing), ``vaccination``
    (Smolt batch, the multi-component vaccine, 21-day withholding) and ``other`` (freshwater
    bath against AGD); outcomes ``successful``, ``partial``, ``unsuccessful``;
    ``with_assignment`` (the pen/tank and its assignment) and ``with_weighing`` (a linked health
    sampling of that assignment)."""

    class Meta:
        model = "health.Treatment"

    class Params:
        spec = factory.LazyAttribute(lambda o: treatment_spec(o.treatment_type))
        stage = factory.LazyAttribute(
            lambda o: "Smolt" if o.treatment_type == "vaccination" else "Adult"
        )
        medication = factory.Trait(treatment_type="medication")
        physical = factory.Trait(treatment_type="physical")
        vaccination = factory.Trait(treatment_type="vaccination")
        other = factory.Trait(treatment_type="other")
        successful = factory.Trait(outcome="successful")
        partial = factory.Trait(outcome="partial")
        unsuccessful = factory.Trait(outcome="unsuccessful")
        with_assignment = factory.Trait(
            batch_assignment=factory.SubFactory(_ASSIGNMENT, stage=factory.SelfAttribute("..stage"))
        )
        with_weighing = factory.Trait(
            includes_weighing=True,
            batch_assignment=factory.SubFactory(
                _ASSIGNMENT, stage=factory.SelfAttribute("..stage")
            ),
            sampling_event=factory.SubFactory(
                HealthSamplingEventFactory,
                assignment=factory.SelfAttribute("..batch_assignment"),
                sampling_date=factory.LazyAttribute(
                    lambda o: o.factory_parent.treatment_date.date()
                ),
            ),
        )

    batch_assignment = None
    batch = factory.Maybe(
        "batch_assignment",
        factory.SelfAttribute("batch_assignment.batch"),
        factory.SubFactory(_BATCH, stage=factory.SelfAttribute("..stage")),
    )
    container = factory.Maybe(
        "batch_assignment", factory.SelfAttribute("batch_assignment.container"), None
    )
    user = factory.SubFactory(_USER)
    treatment_date = factory.LazyAttribute(lambda o: _moment(_batch_day(o, 30)))
    treatment_type = "medication"
    vaccination_type = factory.Maybe(
        factory.LazyAttribute(lambda o: o.treatment_type == "vaccination"),
        factory.SubFactory(VaccinationTypeFactory),
        None,
    )
    description = factory.LazyAttribute(
        lambda o: (
            f"Intraperitoneal vaccination with {o.vaccination_type.name}"
            if o.vaccination_type is not None
            else o.spec.description
        )
    )
    dosage = factory.LazyAttribute(
        lambda o: o.vaccination_type.dosage if o.vaccination_type is not None else o.spec.dosage
    )
    duration_days = factory.LazyAttribute(lambda o: o.spec.duration_days)
    withholding_period_days = factory.LazyAttribute(lambda o: o.spec.withholding_period_days)
    outcome = "pending"
    includes_weighing = False
    sampling_event = None
    journal_entry = None

    @classmethod
    def _prepare_params(cls, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
        """``batch=`` also applies to the assignment ``with_assignment`` / ``with_weighing`` build."""
        return route_batch(params, "batch_assignment", ("with_assignment", "with_weighing"))


# ---------------------------------------------------------------------------------------------
# Mortality.
# ---------------------------------------------------------------------------------------------

_CAUSE_OF_REASON = {name: cause for cause, name in MORTALITY_REASON_BY_CAUSE.items()}


def reason_cause(reason: Any) -> str:
    """The batch.MortalityEvent cause (``sim.params.MORTALITY_CAUSES``) of a reason row."""
    name = getattr(reason, "name", "") or ""
    top = REASON_PARENT.get(name, name)
    parent = getattr(reason, "parent", None)
    if top not in _CAUSE_OF_REASON and parent is not None:
        top = parent.name
    return _CAUSE_OF_REASON.get(top, "OTHER")


class MortalityReasonFactory(KeyedFactory):
    """A reason from the two-level mortality tree, "Unknown" by default.
    A diagnosis such as "Pancreas disease (PD)", "Thermal delousing" or "Seal" gets its group
    ("Disease", "Handling", "Predation", …) as parent; traits ``disease``, ``handling``,
    ``predation``, ``environmental``, ``other`` pick a typical one; get-or-create on name."""

    class Meta:
        model = "health.MortalityReason"
        django_get_or_create = ("name",)

    class Params:
        parent_name = factory.LazyAttribute(lambda o: REASON_PARENT.get(o.name))
        disease = factory.Trait(name="Pancreas disease (PD)")
        handling = factory.Trait(name="Crowding and transfer")
        predation = factory.Trait(name="Seal")
        environmental = factory.Trait(name="Low oxygen")
        other = factory.Trait(name="Culled runts")

    name = MORTALITY_REASON_BY_CAUSE["UNKNOWN"]
    description = factory.LazyAttribute(lambda o: REASON_TEXT.get(o.name, ""))
    parent = factory.Maybe(
        "parent_name",
        factory.SubFactory(
            "pytest_aquadata.factories.health.MortalityReasonFactory",
            name=factory.SelfAttribute("..parent_name"),
        ),
        None,
    )


def _stock(o: Any) -> tuple[int, StageInfo]:
    """(fish, stage) the dead fish come from: the assignment, else one container's load."""
    if o.assignment is not None:
        return o.assignment.population_count, stage_of(o.assignment.lifecycle_stage)
    info = stage_of(o.batch.lifecycle_stage)
    return info.fish_per_container, info


class MortalityRecordFactory(KeyedFactory):
    """Dead fish of a batch recorded with a mortality reason (health side).
    Default a Fry batch, reason "Unknown", a day's background mortality of one container's stock
    (``sim.params``) in the last two weeks; ``with_assignment`` ties it to an assignment and its
    container; traits ``disease``, ``handling``, ``predation``, ``environmental`` (typical
    diagnosis, more losses). Populations are not decremented (the reference does that in
    save())."""

    class Meta:
        model = "health.MortalityRecord"

    class Params:
        stock = factory.LazyAttribute(_stock)
        elevated = False
        factor = factory.LazyAttribute(
            lambda o: uniform(3.0, 8.0) if o.elevated else uniform(0.5, 2.0)
        )
        with_assignment = factory.Trait(assignment=factory.SubFactory(_ASSIGNMENT))
        disease = factory.Trait(
            reason=factory.SubFactory(MortalityReasonFactory, disease=True),
            elevated=True,
        )
        handling = factory.Trait(
            reason=factory.SubFactory(MortalityReasonFactory, handling=True),
            elevated=True,
        )
        predation = factory.Trait(reason=factory.SubFactory(MortalityReasonFactory, predation=True))
        environmental = factory.Trait(
            reason=factory.SubFactory(MortalityReasonFactory, environmental=True),
            elevated=True,
        )

    assignment = None
    batch = factory.Maybe(
        "assignment", factory.SelfAttribute("assignment.batch"), factory.SubFactory(_BATCH)
    )
    container = factory.Maybe("assignment", factory.SelfAttribute("assignment.container"), None)
    event_date = factory.LazyAttribute(
        lambda o: _moment(_batch_day(o, 14), randint(8, 15), randint(0, 59))
    )
    count = factory.LazyAttribute(
        lambda o: max(1, round(o.stock[0] * o.stock[1].daily_mortality * o.factor))
    )
    reason = factory.SubFactory(MortalityReasonFactory)
    notes = factory.LazyAttribute(
        lambda o: pick(MORTALITY_DESCRIPTIONS.get(reason_cause(o.reason)) or ("",))
    )

    @classmethod
    def _prepare_params(cls, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
        """``batch=`` also applies to the assignment ``with_assignment`` builds."""
        return route_batch(params, "assignment", ("with_assignment",))


# ---------------------------------------------------------------------------------------------
# Sea lice.
# ---------------------------------------------------------------------------------------------

_AF = params.LICE_TYPES[0]


class LiceTypeFactory(KeyedFactory):
    """A sea-louse classification, adult female *Lepeophtheirus salmonis* by default.
    The stage lice limits count (``sim.params.LICE_TYPES``); traits ``male``, ``copepodid``,
    ``chalimus``, ``pre_adult``, ``juvenile``, ``caligus`` (*Caligus elongatus*) and
    ``unidentified`` (species "Unknown"); get-or-create on (species, gender, stage)."""

    class Meta:
        model = "health.LiceType"
        django_get_or_create = ("species", "gender", "development_stage")

    class Params:
        male = factory.Trait(gender="male")
        copepodid = factory.Trait(development_stage="copepodid")
        chalimus = factory.Trait(development_stage="chalimus")
        pre_adult = factory.Trait(development_stage="pre-adult")
        juvenile = factory.Trait(development_stage="juvenile")
        caligus = factory.Trait(species=CALIGUS)
        unidentified = factory.Trait(
            species=UNKNOWN_LICE_SPECIES, gender="unknown", development_stage="juvenile"
        )

    species = _AF[0]
    gender = _AF[1]
    development_stage = _AF[2]
    description = factory.LazyAttribute(
        lambda o: LICE_TYPE_DESCRIPTIONS.get((o.species, o.development_stage), "")
    )
    is_active = True


def lice_limit(geography: str, day: dt.date) -> float:
    """Adult females per fish allowed in ``geography`` in the month of ``day`` (sim.params)."""
    climate = params.GEOGRAPHIES.get(geography) or params.GEOGRAPHIES[_FAROE]
    return climate.lice_limits[day.month - 1]


def _type_ratio(lice_type: Any) -> float:
    """Expected count of a lice type per adult female (sim.params stage ratios; other species
    and unknown stages use the smallest ratio)."""
    key = (lice_type.species, lice_type.gender, lice_type.development_stage)
    if key in params.LICE_TYPES:
        return params.LICE_STAGE_RATIOS[params.LICE_TYPES.index(key)]
    return min(params.LICE_STAGE_RATIOS)


def _lice(o: Any, ratio: float) -> int:
    return round(o.af_per_fish * ratio * o.fish_sampled)


class LiceCountFactory(KeyedFactory):
    """A manual sea-lice count of 20 fish of an Adult batch, below the lice limit by default.
    Counted in the last two weeks as ``lice_type`` + ``count_value``: adult female *L. salmonis*
    at 10–80 % of the geography's limit for the month (FO 1.5, SC 0.5/1.0 adult females per
    fish, ``sim.params``; ``geography=`` or the assignment's sea area picks it), other lice
    types scaled by the sim's stage ratios; traits ``above_threshold`` (1.2–2.5 × the limit),
    ``legacy`` (adult female / male / juvenile columns instead) and ``with_assignment`` (a
    sea-pen assignment)."""

    class Meta:
        model = "health.LiceCount"

    class Params:
        geography = factory.LazyAttribute(lambda o: geography_of(o.container) or _FAROE)
        limit = factory.LazyAttribute(lambda o: lice_limit(o.geography, o.count_date))
        above = False
        af_per_fish = factory.LazyAttribute(
            lambda o: (
                o.limit * uniform(*(LICE_LEVEL_ABOVE_LIMIT if o.above else LICE_LEVEL_BELOW_LIMIT))
            )
        )
        above_threshold = factory.Trait(above=True)
        legacy = factory.Trait(
            lice_type=None,
            count_value=None,
            adult_female_count=factory.LazyAttribute(lambda o: _lice(o, 1.0)),
            adult_male_count=factory.LazyAttribute(lambda o: _lice(o, params.LICE_STAGE_RATIOS[1])),
            juvenile_count=factory.LazyAttribute(
                lambda o: max(1, _lice(o, sum(params.LICE_STAGE_RATIOS[2:])))
            ),
        )
        with_assignment = factory.Trait(assignment=factory.SubFactory(_ASSIGNMENT, stage="Adult"))

    assignment = None
    batch = factory.Maybe(
        "assignment",
        factory.SelfAttribute("assignment.batch"),
        factory.SubFactory(_BATCH, stage="Adult"),
    )
    container = factory.Maybe("assignment", factory.SelfAttribute("assignment.container"), None)
    user = factory.SubFactory(_USER)
    count_date = factory.LazyAttribute(lambda o: _moment(_batch_day(o, 14)))
    adult_female_count = 0
    adult_male_count = 0
    juvenile_count = 0
    lice_type = factory.SubFactory(LiceTypeFactory)
    count_value = factory.LazyAttribute(lambda o: _lice(o, _type_ratio(o.lice_type)))
    detection_method = params.LICE_DETECTION_METHOD
    confidence_level = dec(params.LICE_COUNT_CONFIDENCE)
    fish_sampled = params.LICE_FISH_SAMPLED
    notes = factory.LazyAttribute(
        lambda o: (
            f"Counted {o.fish_sampled} fish; limit {o.limit:g} adult females per fish "
            f"({o.geography})."
        )
    )

    @classmethod
    def _prepare_params(cls, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
        """``batch=`` also applies to the assignment ``with_assignment`` builds."""
        return route_batch(params, "assignment", ("with_assignment",))
