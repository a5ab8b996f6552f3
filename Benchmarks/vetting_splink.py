#!/usr/bin/env python3
"""Splink (PyPI) on the vetting benchmark data, for comparison with safeguard-vetting-bench:

    python3 -m venv /tmp/splinkenv && /tmp/splinkenv/bin/pip install splink
    /tmp/splinkenv/bin/python Benchmarks/vetting_splink.py [/tmp/vetting-bench]

Splink gets every name already in pinyin (registry_pinyin.csv, roster_pinyin.csv: it cannot
transliterate; the rows Safeguard refuses at upload are not in either roster file),
the same blocking ideas (document; a name part with the birth date; both names with the birth
year or month and day; swapped names), u estimated by random sampling, m by expectation
maximisation, then the best prediction per staff member above a match probability; scored at
several probabilities (0.1, 0.5, 0.9, 0.99) and reported at the one with the best F1, so Splink
is not judged by an unlucky threshold.
Prints one JSON object: precision, recall, F1 (overall and by kind of hit) and seconds per phase."""
import json, os, sys, time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/vetting-bench"
threads = os.cpu_count()
times = {}
started = time.perf_counter()
con = duckdb.connect()
con.execute(f"SET threads TO {threads}")
con.execute(f"""CREATE TABLE registry AS SELECT unique_id, family, given, dob, sex, doc
                FROM read_csv('{folder}/registry_pinyin.csv', all_varchar = true)""")
con.execute(f"""CREATE TABLE roster AS SELECT staff_reference AS unique_id,
                  lower(split_part(name, ' ', 1)) AS family,
                  lower(replace(substr(name, strpos(name, ' ') + 1), ' ', '')) AS given,
                  birth_date AS dob, sex, NULLIF(document_number, '') AS doc
                FROM read_csv('{folder}/roster_pinyin.csv', all_varchar = true)""")
times["load"] = time.perf_counter() - started

db_api = DuckDBAPI(connection=con)
registry = db_api.register("registry", table_name="registry_input")
roster = db_api.register("roster", table_name="roster_input")
settings = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.ForenameSurnameComparison("given", "family"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("sex"),
        cl.ExactMatch("doc"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("doc"),
        block_on("family", "dob"),
        block_on("given", "dob"),
        block_on("family", "given", "substr(dob, 1, 4)"),
        block_on("family", "given", "substr(dob, 6, 5)"),
        "l.family = r.given AND l.given = r.family AND l.dob = r.dob",
    ],
    retain_intermediate_calculation_columns=False,
)
linker = Linker([registry, roster], settings)
phase = time.perf_counter()
linker.training.estimate_probability_two_random_records_match([block_on("doc")], recall=0.4)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("family", "given"))
times["train"] = time.perf_counter() - phase
phase = time.perf_counter()
predictions = linker.inference.predict(threshold_match_probability=0.1)
times["predict"] = time.perf_counter() - phase
table = predictions.physical_name
# Like the re-check, keep the best registry record per staff member.
best = con.execute(f"""
    SELECT staff, registry, p FROM (
      SELECT CASE WHEN source_dataset_l = 'roster_input' THEN unique_id_l ELSE unique_id_r END AS staff,
             CASE WHEN source_dataset_l = 'roster_input' THEN unique_id_r ELSE unique_id_l END AS registry,
             match_probability AS p,
             row_number() OVER (PARTITION BY CASE WHEN source_dataset_l = 'roster_input' THEN unique_id_l ELSE unique_id_r END
                                ORDER BY match_probability DESC) AS rank
      FROM {table}) WHERE rank = 1""").fetchall()
times["total"] = time.perf_counter() - started

truth = {}
for line in open(os.path.join(folder, "truth.csv"), encoding="utf-8").read().splitlines()[1:]:
    staff, reference, kind = line.split(",")
    truth[staff] = (reference, kind)
on_roster = {row[0] for row in con.execute("SELECT unique_id FROM roster").fetchall()}
findable = {staff: value for staff, value in truth.items() if staff in on_roster}
decoys = dict(line.split(",") for line in open(os.path.join(folder, "decoys.csv"), encoding="utf-8").read().splitlines()[1:])


def score(threshold):
    pairs = [(staff, registry) for staff, registry, p in best if p >= threshold]
    correct = sum(1 for staff, reference in pairs if truth.get(staff, (None,))[0] == reference)
    precision = correct / len(pairs) if pairs else 1.0
    recall = correct / len(findable)
    by_kind = {}
    for kind in sorted({k for _, k in findable.values()}):
        wanted = {s for s, (_, k) in findable.items() if k == kind}
        found = sum(1 for staff, reference in pairs if staff in wanted and truth[staff][0] == reference)
        by_kind[kind] = found / len(wanted)
    false_positives = {}
    for staff, reference in pairs:
        if truth.get(staff, (None,))[0] != reference:
            who = decoys.get(staff) or ("true_hit_given_another_record" if staff in truth else "other_staff")
            false_positives[who] = false_positives.get(who, 0) + 1
    return {"threshold": threshold, "predicted": len(pairs), "correct": correct, "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0, "recall_by_kind": by_kind,
            "false_positives": false_positives}


scores = [score(t) for t in (0.1, 0.5, 0.9, 0.99)]
chosen = max(scores, key=lambda x: x["f1"])
print(json.dumps({"splink": __import__("splink").__version__, "threads": threads, **chosen,
                  "by_threshold": {str(x["threshold"]): {k: round(x[k], 4) for k in ("precision", "recall", "f1")} for x in scores},
                  "seconds": times}, sort_keys=True))
