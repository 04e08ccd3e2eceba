"""Health factories: score scales, sampling, lab samples, vaccines, treatments, mortality and
sea-lice counts."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.factories.health import (
    FishParameterScoreFactory,
    HealthLabSampleFactory,
    HealthParameterFactory,
    HealthSamplingEventFactory,
    IndividualFishObservationFactory,
    JournalEntryFactory,
    LiceCountFactory,
    LiceTypeFactory,
    MortalityReasonFactory,
    MortalityRecordFactory,
    ParameterScoreDefinitionFactory,
    SampleTypeFactory,
    TreatmentFactory,
    VaccinationTypeFactory,
    lice_limit,
)
from pytest_aquadata.factories.values import today
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def test_a_parameter_comes_with_its_0_to_3_scale() -> None:
    gill = HealthParameterFactory()
    assert (gill.name, gill.min_score, gill.max_score) == ("Gill Health", 0, 3)
    labels = list(gill.score_definitions.order_by("score_value").values_list("label", flat=True))
    assert labels == ["Great", "Fair", "Poor", "Critical"]
    skipped = HealthParameterFactory(eye=True, score_definitions=False)
    assert skipped.name == "Eye Condition"
    assert not skipped.score_definitions.exists()


def test_parameters_and_definitions_are_not_duplicated() -> None:
    HealthParameterFactory()
    HealthParameterFactory()
    ParameterScoreDefinitionFactory(score_value=2)
    FishParameterScoreFactory()
    assert model("health.HealthParameter").objects.filter(name="Gill Health").count() == 1
    assert model("health.ParameterScoreDefinition").objects.count() == 4


def test_all_nine_seeded_parameters_have_descriptions() -> None:
    fish = IndividualFishObservationFactory(scores=True)
    names = set(fish.parameter_scores.values_list("parameter__name", flat=True))
    assert names == set(params.HEALTH_PARAMETERS)
    for parameter in model("health.HealthParameter").objects.all():
        assert parameter.description and parameter.score_definitions.count() == 4


def test_scores_of_one_fish_use_distinct_parameters_in_range() -> None:
    fish = IndividualFishObservationFactory()
    scores = FishParameterScoreFactory.create_batch(3, individual_fish_observation=fish)
    assert len({s.parameter_id for s in scores}) == 3
    assert all(0 <= s.score <= 3 for s in scores)


def test_healthy_fish_mostly_score_zero() -> None:
    parameter = HealthParameterFactory()
    fish = IndividualFishObservationFactory.create_batch(60)
    scores = [
        FishParameterScoreFactory(individual_fish_observation=f, parameter=parameter).score
        for f in fish
    ]
    assert scores.count(0) > len(scores) / 2
    assert max(scores) <= 3


def test_sampling_event_aggregates_follow_its_fish() -> None:
    event = HealthSamplingEventFactory(observations=6, observations__scores=["Gill Health"])
    fish = list(event.individual_fish_observations.all())
    assert len(fish) == 6
    assert sorted(int(f.fish_identifier) for f in fish) == [1, 2, 3, 4, 5, 6]
    weights = [f.weight_g for f in fish]
    assert event.min_weight_g == min(weights) and event.max_weight_g == max(weights)
    assert event.calculated_sample_size == 6
    assert (
        model("health.FishParameterScore")
        .objects.filter(individual_fish_observation__sampling_event=event)
        .count()
        == 6
    )
    k = [100 * float(f.weight_g) / float(f.length_cm) ** 3 for f in fish]
    assert float(event.avg_k_factor) == pytest.approx(sum(k) / 6, abs=1e-3)


def test_default_sampling_is_twenty_fish_with_consistent_aggregates() -> None:
    event = HealthSamplingEventFactory()
    assert event.number_of_fish_sampled == params.HEALTH_SAMPLE_SIZE
    assert event.min_weight_g < event.avg_weight_g < event.max_weight_g
    assert event.min_length_cm < event.avg_length_cm < event.max_length_cm
    assert event.assignment.assignment_date <= event.sampling_date <= today()
    assert 0.8 < float(event.avg_k_factor) < 1.3


def test_lab_sample_dates_are_in_order() -> None:
    sample = HealthLabSampleFactory()
    assert sample.sample_date <= sample.date_sent_to_lab <= sample.date_results_received
    assert sample.date_results_received <= today()
    assert sample.lab_reference_id.split("-")[0] in {"PHQ", "PAT", "FVG"}
    assert sample.quantitative_results["paramoeba_perurans_ct"] > 35
    positive = HealthLabSampleFactory(positive=True)
    assert positive.quantitative_results["paramoeba_perurans_ct"] < 30
    pending = HealthLabSampleFactory(awaiting_results=True, sample_type__heart=True)
    assert pending.date_results_received is None and pending.sample_type.name == "Heart tissue"


def test_a_lab_sample_with_report_files_the_pdf() -> None:
    assert not HealthLabSampleFactory().attachment
    sample = HealthLabSampleFactory(with_report=True)
    year = sample.sample_date.year
    assert sample.attachment.name == f"health/lab_samples/{year}/{sample.lab_reference_id}.pdf"


def test_two_lab_samples_share_one_sample_type() -> None:
    HealthLabSampleFactory.create_batch(2)
    SampleTypeFactory()
    assert model("health.SampleType").objects.count() == 1


def test_two_vaccinations_share_one_vaccination_type() -> None:
    first = TreatmentFactory(vaccination=True)
    second = TreatmentFactory(vaccination=True)
    VaccinationTypeFactory()
    assert model("health.VaccinationType").objects.count() == 1
    assert first.vaccination_type_id == second.vaccination_type_id
    vaccine = first.vaccination_type
    assert (vaccine.name, vaccine.manufacturer, vaccine.dosage) == (
        params.VACCINE.name,
        params.VACCINE.manufacturer,
        params.VACCINE.dosage,
    )
    assert first.withholding_period_days == params.VACCINE.withholding_period_days
    assert first.batch.lifecycle_stage.name == "Smolt"


def test_commercial_vaccines_by_trait() -> None:
    assert VaccinationTypeFactory(six_component=True).name == "ALPHA JECT micro 6"
    pd = VaccinationTypeFactory(pd_dna=True)
    assert (pd.name, pd.manufacturer) == ("Clynav", "Elanco")
    assert model("health.VaccinationType").objects.count() == 2


@pytest.mark.parametrize("kind", params.LICE_TREATMENTS)
def test_lice_treatments_follow_sim_params(kind: str) -> None:
    spec = params.LICE_TREATMENTS[kind]
    treatment = TreatmentFactory(**{kind: True})
    assert treatment.treatment_type == spec.treatment_type
    assert treatment.withholding_period_days == spec.withholding_period_days
    assert treatment.duration_days == spec.duration_days
    assert treatment.vaccination_type is None
    assert treatment.batch.lifecycle_stage.name == "Adult"


def test_treatment_with_weighing_links_a_sampling_of_its_assignment() -> None:
    treatment = TreatmentFactory(with_weighing=True, successful=True)
    assert treatment.includes_weighing and treatment.outcome == "successful"
    assert treatment.sampling_event.assignment == treatment.batch_assignment
    assert treatment.batch_assignment.batch == treatment.batch
    assert treatment.container == treatment.batch_assignment.container
    assert treatment.sampling_event.sampling_date == treatment.treatment_date.date()


def test_other_treatment_is_a_freshwater_bath_without_withholding() -> None:
    treatment = TreatmentFactory(other=True)
    assert treatment.treatment_type == "other"
    assert "AGD" in treatment.description and treatment.withholding_period_days == 0


def test_mortality_reasons_form_a_tree_without_duplicates() -> None:
    pd = MortalityReasonFactory(disease=True)
    assert pd.name == "Pancreas disease (PD)" and pd.parent.name == "Disease"
    MortalityReasonFactory(name="Winter ulcer")
    MortalityRecordFactory.create_batch(2, disease=True)
    Reason = model("health.MortalityReason")
    assert Reason.objects.filter(name="Disease").count() == 1
    assert Reason.objects.filter(name="Pancreas disease (PD)").count() == 1
    assert Reason.objects.get(name="Winter ulcer").parent == pd.parent
    assert MortalityReasonFactory().parent is None


def test_mortality_record_on_an_assignment_uses_its_batch_and_container() -> None:
    record = MortalityRecordFactory(with_assignment=True)
    assert record.batch == record.assignment.batch
    assert record.container == record.assignment.container
    assert 0 < record.count < record.assignment.population_count


def test_lice_types_are_looked_up() -> None:
    LiceCountFactory.create_batch(2)
    assert model("health.LiceType").objects.count() == 1
    female = LiceTypeFactory()
    assert (female.species, female.gender, female.development_stage) == params.LICE_TYPES[0]
    caligus = LiceTypeFactory(caligus=True, male=True)
    assert (caligus.species, caligus.gender, caligus.development_stage) == (
        "Caligus elongatus",
        "male",
        "adult",
    )
    assert LiceTypeFactory(chalimus=True).development_stage == "chalimus"


def test_lice_count_below_and_above_the_limit() -> None:
    below = LiceCountFactory()
    limit = lice_limit("Faroe Islands", below.count_date.date())
    assert limit == params.GEOGRAPHIES["Faroe Islands"].lice_limits[below.count_date.month - 1]
    assert below.fish_sampled == params.LICE_FISH_SAMPLED
    assert below.detection_method == params.LICE_DETECTION_METHOD
    assert below.average_per_fish < limit
    above = LiceCountFactory(above_threshold=True)
    assert above.average_per_fish > limit
    assert above.batch.lifecycle_stage.name == "Adult"


def test_scottish_limit_from_the_pens_area() -> None:
    count = LiceCountFactory(
        with_assignment=True,
        above_threshold=True,
        assignment__container__area__geography__name="Scotland",
    )
    limit = params.GEOGRAPHIES["Scotland"].lice_limits[count.count_date.month - 1]
    assert count.container.area.geography.name == "Scotland"
    assert count.average_per_fish > limit
    assert f"limit {limit:g}" in count.notes


def test_legacy_lice_count_uses_the_old_columns_only() -> None:
    count = LiceCountFactory(legacy=True)
    assert count.lice_type is None and count.count_value is None
    assert count.juvenile_count >= 1
    assert (
        count.total_count
        == count.adult_female_count + count.adult_male_count + count.juvenile_count
    )


def test_journal_entries_by_category() -> None:
    entry = JournalEntryFactory(diagnosis=True, resolved=True, with_container=True)
    assert entry.category == "diagnosis" and entry.severity == "medium"
    assert entry.resolution_status and entry.resolution_notes
    assert entry.container is not None
    assert entry.entry_date.date() >= entry.batch.start_date


def test_an_explicit_batch_is_used_by_the_assignment_a_trait_builds() -> None:
    from pytest_aquadata.factories.batch import BatchFactory

    batch = BatchFactory(stage="Adult")
    count = LiceCountFactory(batch=batch, with_assignment=True)
    record = MortalityRecordFactory(batch=batch, with_assignment=True)
    treatment = TreatmentFactory(batch=batch, with_weighing=True)
    for row in (count, record):
        assert row.assignment.batch == batch
        row.full_clean()
    assert treatment.batch_assignment.batch == batch == treatment.sampling_event.assignment.batch
    assert LiceCountFactory(batch=batch).assignment is None


def test_relations_can_be_given_by_id() -> None:
    from pytest_aquadata.factories.batch import BatchContainerAssignmentFactory

    assignment = BatchContainerAssignmentFactory()
    event = HealthSamplingEventFactory(assignment_id=assignment.pk)
    assert event.assignment == assignment
    reason = MortalityReasonFactory(name="Seal")
    record = MortalityRecordFactory(reason_id=reason.pk, batch_id=assignment.batch_id)
    assert (record.reason, record.batch) == (reason, assignment.batch)
    assert model("batch.Batch").objects.count() == 1
