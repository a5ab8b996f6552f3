"""Writes synthetic FHIR R4 records of ordinary children and adults (from the PyPI package
carebundle) as CDS Hooks prefetch, one JSON file per patient, for the test
OrdinaryPatientsTests: none of them may raise a warning.

    python3 Tests/Clinical/generate_ordinary_patients.py OUT_DIR [COUNT]
"""
import json, os, sys

import carebundle

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
os.makedirs(out, exist_ok=True)
prevalence = {profile: 0.3 for profile in carebundle.PROFILES}
cohorts = [
    carebundle.generate_cohort(count=count, seed=11, age_range=(0, 17), prevalence=prevalence),
    carebundle.generate_cohort(count=count // 3, seed=12, age_range=(18, 70), prevalence=prevalence),
]
written = 0
for cohort in cohorts:
    for bundle in cohort:
        resources = [entry["resource"] for entry in json.loads(carebundle.to_json(bundle))["entry"]]
        by_type = lambda kind: [r for r in resources if r["resourceType"] == kind]
        patient = by_type("Patient")[0]
        prefetch = {
            "patient": patient,
            "observations": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in by_type("Observation")]},
            "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in by_type("Condition")]},
        }
        encounters = by_type("Encounter")
        if encounters:
            prefetch["encounter"] = encounters[0]
        with open(os.path.join(out, f"patient-{written:04d}.json"), "w") as f:
            json.dump(prefetch, f)
        written += 1
print(f"wrote {written} synthetic patients to {out}")
