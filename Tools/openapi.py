"""Writes the OpenAPI 3.1 document the server serves at /openapi.json:

    python3 Tools/openapi.py        (writes Sources/SafeguardServer/Resources/openapi.json)

Edit this file with the API (value lists are read from the Swift enums by `swift_enum`); the test
theOpenAPIDocumentDescribesEveryAPIRoute fails when a route is missing here, and .ci/run when the
served document is not what this writes."""
import json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources", "SafeguardServer", "Resources", "openapi.json")
S = lambda name: {"$ref": f"#/components/schemas/{name}"}
def obj(props, required=()):
    d = {"type": "object", "properties": props}
    if required: d["required"] = list(required)
    return d
s = lambda **kw: dict(type="string", **kw)
ns = lambda **kw: {"type": ["string", "null"], **kw}
uuid = {"type": "string", "format": "uuid"}
nuuid = {"type": ["string", "null"], "format": "uuid"}
dt = {"type": "string", "format": "date-time"}
ndt = {"type": ["string", "null"], "format": "date-time"}
boolean = {"type": "boolean"}
integer = {"type": "integer"}
arr = lambda item: {"type": "array", "items": item}


# Value lists come from the Swift enums themselves (`enum Name: String ... { case a = "b", c }`),
# so the document cannot drift from the code.
_SWIFT = "".join(open(os.path.join(d, f), encoding="utf-8").read()
                 for d, _, files in os.walk(os.path.join(ROOT, "Sources")) for f in sorted(files) if f.endswith(".swift"))
def swift_enum(name):
    """`Status`, or `TrainingCompliance.Status` for an enum nested in another type."""
    outer, _, name = name.rpartition(".")
    start = re.search(r"(enum|struct) " + outer + r"\b", _SWIFT).end() if outer else 0
    m = re.compile(r"enum " + name + r": String\b[^{]*\{").search(_SWIFT, start)
    if not m: raise SystemExit(f"no String enum {name} in Sources")
    # the cases at the enum's own level: not those of a type nested in it, nor a switch's
    values, depth, continued = [], 1, False
    for line in _SWIFT[m.end():].splitlines():
        code = line.split("//")[0].strip()
        if depth == 1 and (continued or code.startswith("case ")) and not code.endswith(":"):
            for item in (code if continued else code[5:]).split("}")[0].split(","):
                item = item.strip()
                if item:
                    raw = re.match(r'\w+\s*=\s*"([^"]*)"', item)
                    values.append(raw.group(1) if raw else item)
            continued = code.endswith(",")
        depth += code.count("{") - code.count("}")
        if depth <= 0: break
    if not values: raise SystemExit(f"String enum {name} has no cases")
    return values

channels = swift_enum("ContactChannel")
ctypes = swift_enum("ContactType")
callers = swift_enum("CallerType")
urg = swift_enum("Urgency")
bands = swift_enum("AgeBand")
sexes = swift_enum("Sex")
living = swift_enum("LivingSituation")
actions = swift_enum("ContactAction")
stages = swift_enum("CaseStage")
risks = swift_enum("RiskLevel")
roles = swift_enum("Role")
offences = swift_enum("OffenceCategory")
decisions = swift_enum("DecisionType")
vetting_docs = swift_enum("VettingDocumentType")
answers = swift_enum("VettingAnswer")
unit_types = swift_enum("VettingUnitType")
day = s(format="date")
relationships = swift_enum("Relationship")
observations = swift_enum("ClerkObservation")
report_statuses = swift_enum("ReportStatus")
colours = swift_enum("WarningColour")
professions = swift_enum("Profession")
service_types = swift_enum("ServiceType")
referral_statuses = swift_enum("ReferralStatus")
# Category codes come from the English locale table, which has a label for each.
_labels = json.load(open(os.path.join(ROOT, "Sources", "SafeguardServer", "Resources", "Locales", "en.json"), encoding="utf-8"))
categories_all = sorted(key[len("category."):] for key in _labels if key.startswith("category."))
subcategories = [c for c in categories_all if "." in c]
doc_types = swift_enum("DocumentType")

schemas = {
 "Problem": obj({"type": s(), "title": s(), "status": integer, "detail": s(description="Absent on CDS Hooks 401s, which say nothing on purpose"),
                 "errors": arr(S("FieldError")), "matches": arr(S("ChildMatch"))}, ["type","title","status"]),
 "FieldError": obj({"field": s(), "message": s()}, ["field","message"]),
 "Health": obj({"status": s()}, ["status"]),
 "TokenRequest": obj({"username": s(), "password": s(), "name": s()}, ["username","password"]),
 "TokenResponse": obj({"token": s(), "expiresAt": dt}, ["token","expiresAt"]),
 "Me": obj({"id": uuid, "username": s(), "displayName": s(), "organisationID": uuid, "roles": arr(s(enum=roles)), "locale": s(), "timeZone": s(), "mustChangePassword": boolean}),
 "Preferences": {**obj({"locale": s(enum=["en", "zh-Hans"]), "timeZone": s(minLength=1, maxLength=64, description="an IANA zone, e.g. Asia/Shanghai")}), "minProperties": 1},
 "PasswordChange": obj({"currentPassword": s(), "newPassword": s(minLength=12, maxLength=128)}, ["currentPassword","newPassword"]),
 "UserRow": obj({"id": uuid, "username": s(), "displayName": s(), "organisationID": uuid, "roles": arr(s()), "active": boolean}),
 "NewUser": obj({"username": s(pattern="^[A-Za-z0-9._-]{3,40}$"), "displayName": s(maxLength=100), "organisationID": uuid,
                 "roles": arr(s(enum=roles)), "password": s(minLength=12, maxLength=128), "locale": s(enum=["en","zh-Hans"])}, ["username","displayName","roles"]),
 "UserCreated": obj({"id": uuid, "oneTimePassword": ns()}, ["id"]),
 "NewOrganisation": obj({"name": s(), "type": s(enum=swift_enum("OrganisationType")), "regionID": uuid, "timeZone": s(minLength=1, maxLength=64, description="an IANA zone, the default of its people")}, ["name","type","regionID"]),
 "NewRegion": obj({"code": s(pattern="^[A-Za-z0-9-]{1,20}$"), "name": s(), "parentID": uuid}, ["code","name"]),
 "IDOnly": obj({"id": uuid}, ["id"]),
 "MyTask": obj({"id": uuid, "caseID": uuid, "caseReference": s(), "title": s(), "dueAt": dt, "overdue": boolean}),
 "OrganisationRow": obj({"id": uuid, "name": s(), "type": s(), "regionID": uuid, "regionName": s(), "regionPath": s()}),
 "RegionRow": obj({"id": uuid, "code": s(), "name": s(), "parentID": nuuid, "path": s()}),
 "CaseCreated": obj({"id": uuid, "reference": s()}, ["id","reference"]),
 "ContactInput": obj({
    "channel": s(enum=channels), "contactType": s(enum=ctypes), "startedAt": dt, "endedAt": dt,
    "caller": obj({"type": s(enum=callers), "anonymous": boolean, "name": s(maxLength=200),
                   "identifier": s(minLength=1, maxLength=200, description="Phone number or chat id; stored only as a keyed hash, and encrypted when a callback is agreed")}),
    "child": obj({"age": {"type": "integer", "minimum": 0, "maximum": 30}, "ageBand": s(enum=bands), "gender": s(enum=sexes),
                  "location": s(maxLength=200), "language": s(maxLength=200), "school": s(maxLength=200), "livingSituation": s(enum=living)}),
    "categories": arr(s(enum=subcategories, description="CHI subcategory code, e.g. violence.sexual")), "urgency": s(enum=urg),
    "summary": s(maxLength=20000), "actions": arr(s(enum=actions)), "referralTargets": s(maxLength=2000),
    "callbackRequested": boolean, "callbackConsent": boolean, "caseID": uuid}, ["channel","contactType"]),
 "ContactSummary": obj({"id": uuid, "channel": s(), "contactType": s(), "startedAt": dt, "urgency": s(), "categories": arr(s()),
                        "childAgeBand": ns(), "counsellorID": uuid, "caseID": nuuid}),
 "ContactPage": obj({"items": arr(S("ContactSummary")), "page": integer, "perPage": integer, "hasMore": boolean}),
 "RepeatCaller": obj({"previousCount": integer, "previous": arr(S("ContactSummary"))}),
 "ContactCreated": obj({"id": uuid, "repeatCaller": S("RepeatCaller")}, ["id"]),
 "CallerLookup": obj({"identifier": s(minLength=1, pattern="\\S")}, ["identifier"]),
 "LinkInput": obj({"caseID": uuid}, ["caseID"]),
 "ContactDetail": obj({"id": uuid, "organisationID": uuid, "counsellorID": uuid, "caseID": nuuid, "caseReference": ns(),
    "channel": s(), "contactType": s(), "startedAt": dt, "endedAt": ndt,
    "caller": obj({"type": ns(), "anonymous": boolean, "name": ns(), "callbackNumber": ns()}),
    "child": obj({"age": {"type": ["integer","null"]}, "ageBand": ns(), "gender": ns(), "location": ns(), "language": ns(), "school": ns(), "livingSituation": ns()}),
    "categories": arr(s()), "urgency": s(), "summary": ns(), "actions": arr(s()), "referralTargets": ns(),
    "callbackRequested": boolean, "callbackConsent": boolean, "repeatCaller": S("RepeatCaller")}),
 "Guardian": obj({"name": s(), "relationship": s(), "phone": s()}),
 "ChildInput": obj({"name": s(minLength=1, maxLength=200, pattern="\\S"), "otherNames": s(), "birthDate": s(description="YYYY, YYYY-MM or YYYY-MM-DD"),
    "birthDateEstimated": boolean, "sex": s(enum=sexes), "documentType": s(enum=doc_types),
    "documentNumber": s(description="Resident ID numbers are checked against GB 11643"), "location": s(),
    "guardians": arr(S("Guardian")), "confirmNewChild": boolean}, ["name"]),
 "ChildDetail": obj({"id": uuid, "name": s(), "otherNames": ns(), "birthDate": ns(), "birthDateEstimated": boolean, "sex": s(),
    "documentType": ns(), "documentNumber": ns(), "location": ns(), "guardians": arr(S("Guardian"))}),
 "ChildMatch": obj({"id": uuid, "name": s(), "birthDate": ns(), "sex": s(), "score": {"type": "number"}, "reason": s()}),
 "CaseInput": obj({"childID": uuid, "child": S("ChildInput"), "confirmNewChild": boolean, "concerns": arr(s(enum=subcategories)),
    "risk": s(enum=risks), "summary": s(maxLength=20000), "assigneeID": uuid}),
 "CaseUpdateInput": obj({"risk": s(enum=risks), "concerns": {**arr(s(enum=subcategories)), "minItems": 1}, "summary": s(maxLength=20000)}),
 "StageInput": obj({"stage": s(enum=stages)}, ["stage"]),
 "ClosureDecisionInput": obj({"decision": s(enum=swift_enum("Decision"))}, ["decision"]),
 "AssignInput": obj({"userID": uuid, "role": s(enum=["lead","member"]),
                     "openTasks": s(enum=swift_enum("HandoverTasks"), description="when the lead changes: the previous lead's open tasks go to the new lead (default) or stay with them (only with previousLeadStays)"),
                     "previousLeadStays": {"type": "boolean", "description": "when the lead changes: the previous lead stays on the team as a member (default false)"}}, ["userID"]),
 "NoteInput": obj({"compartment": s(enum=swift_enum("NoteCompartment")), "body": s(minLength=1, maxLength=50000, pattern="\\S")}, ["body"]),
 "TaskInput": obj({"title": s(minLength=1, maxLength=500, pattern="\\S"), "dueAt": dt, "assigneeID": uuid}, ["title","dueAt"]),
 "PerpetratorInput": obj({"name": s(maxLength=200), "relationship": s(maxLength=100), "notes": s()}),
 "CaseSummary": obj({"id": uuid, "reference": s(), "stage": s(enum=stages), "risk": s(enum=risks), "concerns": arr(s()),
    "assigneeID": nuuid, "assigneeName": ns(), "openedAt": dt, "updatedAt": dt, "closedAt": ndt}),
 "CasePage": obj({"items": arr(S("CaseSummary")), "page": integer, "perPage": integer, "hasMore": boolean}),
 "CaseDetail": obj({"summary": S("CaseSummary"), "summaryText": ns(), "crcArticles": arr(s()), "closureRequestedBy": nuuid,
    "child": {"oneOf": [S("ChildDetail"), {"type": "null"}]},
    "members": arr(obj({"userID": uuid, "name": s(), "role": s()})),
    "notes": arr(obj({"id": uuid, "compartment": s(), "authorID": uuid, "authorName": s(), "body": s(), "createdAt": dt})),
    "readableCompartments": arr(s()),
    "tasks": arr(obj({"id": uuid, "title": s(), "dueAt": dt, "doneAt": ndt, "assigneeID": uuid, "overdue": boolean})),
    "timeline": arr(obj({"at": dt, "actorName": ns(), "kind": s(), "detail": s()})),
    "perpetrators": arr(obj({"id": uuid, "name": ns(), "relationship": ns(), "notes": ns()})),
    "contacts": arr(S("ContactSummary")),
    "conferences": arr(obj({"id": uuid, "at": dt, "place": ns(), "participants": arr(s()), "decisions": s()}))}),
 "BreakGlassInput": obj({"reason": s(minLength=10, maxLength=1000, pattern="\\S")}, ["reason"]),
 "BreakGlassGranted": obj({"id": uuid, "expiresAt": dt}, ["id", "expiresAt"]),
 "BreakGlassGrant": obj({"id": uuid, "caseID": uuid, "caseReference": s(), "userID": uuid, "userName": s(), "reason": s(), "createdAt": dt, "expiresAt": dt}),
 "AccessLogLine": obj({"sequence": integer, "at": dt, "actorID": s(), "actorName": ns(), "action": s(), "recordType": s(), "recordID": s(), "reason": s()}),
 "ReportInput": obj({"situation": {"type": "integer", "minimum": 1, "maximum": 9, "description": "Situation of the 2020 Opinion on mandatory reporting"},
    "facts": s(minLength=10, maxLength=10000, pattern="\\S"), "childDescription": s(maxLength=2000), "caseID": uuid, "contactID": uuid,
    "recipientIDs": arr(uuid), "submit": boolean}, ["situation","facts"]),
 "Authority": obj({"id": uuid, "name": s(), "kind": s(enum=swift_enum("AuthorityKind"))}),
 "ReportCreated": obj({"id": uuid, "reference": s(), "deadlineAt": dt, "recipients": arr(S("Authority"))}, ["id","reference"]),
 "ReportSummary": obj({"id": uuid, "reference": s(), "status": s(enum=report_statuses), "colour": s(enum=colours), "situation": integer,
    "organisationName": s(), "createdAt": dt, "deadlineAt": dt, "submittedAt": ndt, "acknowledgedAt": ndt, "authorityReference": ns(),
    "autoSubmitted": boolean, "escalated": boolean}),
 "ReportPage": obj({"items": arr(S("ReportSummary")), "page": integer, "hasMore": boolean}),
 "ReportDetail": obj({"summary": S("ReportSummary"), "facts": s(), "childDescription": ns(), "sourceKind": s(), "caseID": nuuid,
    "reporterName": ns(), "recipients": arr(S("Authority")),
    "events": arr(obj({"at": dt, "kind": s(), "actorName": ns(), "organisationName": ns(), "detail": ns()})),
    "side": s(enum=["reporter","authority"]), "actions": arr(s())}),
 "AnswerInput": obj({"answer": s(minLength=3, maxLength=5000, pattern="\\S")}, ["answer"]),
 "QuestionInput": obj({"question": s(minLength=3, maxLength=5000, pattern="\\S")}, ["question"]),
 "AcknowledgementInput": obj({"authorityReference": s(minLength=1, maxLength=64, pattern="\\S")}, ["authorityReference"]),
 "Notice": obj({"id": uuid, "kind": s(), "recordType": s(), "recordID": uuid, "createdAt": dt, "read": boolean}),
 "AlertSummary": obj({"id": uuid, "colour": s(enum=colours), "situation": integer, "ruleID": s(), "status": s(), "deadlineAt": dt, "createdAt": dt, "reportID": nuuid}),
 "AlertDetail": obj({"summary": S("AlertSummary"), "patient": obj({"patientID": s(), "encounterID": ns(), "userID": ns(), "fhirServer": ns(), "gender": ns()}),
    "warning": obj({"ruleID": s(), "ruleSetVersion": s(), "colour": s(), "situation": integer, "summary": s(), "legalSource": s(),
                    "evidence": arr(obj({"resource": s(), "element": s(), "system": ns(), "code": s(), "display": ns(), "date": ns()})), "patientNotes": arr(s())}),
    "overrideReason": ns(), "overrideComment": ns()}),
 "Filed": obj({"reference": s()}, ["reference"]),
 "JWK": obj({"kty": s(enum=["EC","RSA"]), "kid": s(), "alg": s(enum=["ES384","RS384"]), "use": s(), "crv": s(), "x": s(), "y": s(), "n": s(), "e": s()}, ["kty","kid"]),
 "JWKSet": obj({"keys": {**arr(S("JWK")), "minItems": 1}}, ["keys"]),
 "CDSClientInput": obj({"organisationID": uuid, "issuer": s(minLength=3, maxLength=300), "jwks": S("JWKSet")}, ["organisationID","issuer","jwks"]),
 "CDSClientUpdate": obj({"jwks": S("JWKSet"), "active": boolean}),
 "CDSClient": obj({"id": uuid, "organisationID": uuid, "organisationName": s(), "issuer": s(), "keyIDs": arr(s()), "active": boolean, "updatedAt": dt}),
 "CDSService": obj({"hook": s(), "id": s(), "title": s(), "description": s(), "prefetch": {"type": "object", "additionalProperties": s()}, "usageRequirements": s()},
    ["hook","id","description"]),
 "CDSDiscovery": obj({"services": arr(S("CDSService"))}, ["services"]),
 "CDSRequest": obj({"hook": s(), "hookInstance": s(format="uuid"), "fhirServer": s(format="uri"),
    "fhirAuthorization": obj({"access_token": s(), "token_type": s(), "expires_in": integer, "scope": s(), "subject": s()}),
    "context": obj({"userId": s(), "patientId": s(), "encounterId": s()}, ["patientId"]),
    "prefetch": {"type": "object", "additionalProperties": True}}, ["hook","hookInstance","context"]),
 "CDSCoding": obj({"system": s(), "code": s(), "display": s()}, ["code"]),
 "CDSCard": obj({"uuid": s(), "summary": s(maxLength=140), "detail": s(), "indicator": s(enum=["info","warning","critical"]),
    "source": obj({"label": s(), "url": s(), "topic": S("CDSCoding")}, ["label"]),
    "suggestions": arr(obj({"label": s(), "uuid": s(), "isRecommended": boolean, "actions": arr(obj({"type": s(), "description": s(), "resource": {"type": "object"}}))})),
    "selectionBehavior": s(), "overrideReasons": arr(S("CDSCoding")), "links": arr(obj({"label": s(), "url": s(), "type": s()}))},
    ["summary","indicator","source"]),
 "CDSResponse": obj({"cards": arr(S("CDSCard"))}, ["cards"]),
 "CDSFeedback": obj({"feedback": {**arr(obj({"card": s(), "outcome": s(enum=["accepted","overridden"]),
    "acceptedSuggestions": arr(obj({"id": s()}, ["id"])),
    "overrideReason": obj({"reason": S("CDSCoding"), "userComment": s()}), "outcomeTimestamp": dt}, ["card","outcome","outcomeTimestamp"])), "minItems": 1, "maxItems": 100}}, ["feedback"]),
 "TrainingProgrammeInput": obj({"title": s(minLength=1, maxLength=200), "description": s(maxLength=5000),
    "targetGroups": {**arr(s(enum=swift_enum("TargetGroup"))), "minItems": 1}, "delivery": s(enum=swift_enum("TrainingDelivery")),
    "hours": {"type": "integer", "minimum": 1, "maximum": 2000}, "language": s(minLength=2, maxLength=20),
    "requiredPercent": {"type": "integer", "minimum": 1, "maximum": 100, "description": "share of a cohort's scheduled time to attend to complete it (default 80)"},
    "changeAgents": {**boolean, "description": "those who complete a cohort become Change Agents of that batch"}},
    ["title","targetGroups","delivery","hours","language"]),
 "TrainingProgrammeSummary": obj({"id": uuid, "title": s(), "delivery": s(), "hours": integer, "targetGroups": arr(s()), "cohorts": integer}),
 "TrainingCohortSummary": obj({"id": uuid, "name": s(), "startsOn": day, "endsOn": day, "capacity": integer, "enrolled": integer, "waitlisted": integer}),
 "TrainingProgramme": obj({"id": uuid, "title": s(), "description": s(), "targetGroups": arr(s()), "delivery": s(), "hours": integer, "language": s(),
    "requiredPercent": integer, "changeAgents": boolean, "cohorts": arr(S("TrainingCohortSummary"))}),
 "TrainingCohortInput": obj({"name": s(minLength=1, maxLength=100), "startsOn": day, "endsOn": day, "capacity": {"type": "integer", "minimum": 1, "maximum": 10000},
    "openRegistration": {**boolean, "description": "anyone may register on its public page"}},
    ["name","startsOn","endsOn","capacity"]),
 "TrainingSessionInput": obj({"title": s(minLength=1, maxLength=200), "startsAt": dt, "endsAt": dt, "place": s(minLength=1, maxLength=300), "trainerID": uuid,
    "trainerParticipantID": {**uuid, "description": "someone trained earlier who gives the session: whoever attends is counted in their cascade"}},
    ["title","startsAt","endsAt","place"]),
 "TrainingSession": obj({"id": uuid, "title": s(), "startsAt": dt, "endsAt": dt, "place": s(), "trainerID": nuuid, "trainerName": ns(),
    "trainerParticipantID": nuuid, "trainerParticipantName": ns(), "minutes": integer}),
 "TrainingReach": obj({"generations": arr(obj({"generation": integer, "people": integer, "byTargetGroup": {"type": "object", "additionalProperties": integer},
    "bySex": {"type": "object", "additionalProperties": integer}, "byInstitution": {"type": "object", "additionalProperties": integer}})),
    "total": integer, "trainers": arr(obj({"id": uuid, "name": s(), "generation": integer, "trained": integer, "trainedBy": nuuid}))}),
 "TrainingEnrolment": obj({"id": uuid, "participantID": uuid, "name": s(), "institution": s(), "status": s(enum=swift_enum("EnrolmentStatus")),
    "waitlistPosition": {"type": ["integer","null"]}, "attendedMinutes": integer, "attendedPercent": integer, "completed": boolean,
    "certificate": {"oneOf": [{"type": "null"}, obj({"id": uuid, "code": s(), "issuedAt": dt, "revoked": boolean})]},
    "selfRegistered": boolean, "needs": ns()}),
 "TrainingCohort": obj({"id": uuid, "programmeID": uuid, "programmeTitle": s(), "name": s(), "startsOn": day, "endsOn": day, "capacity": integer,
    "requiredPercent": integer, "scheduledMinutes": integer, "openRegistration": boolean, "sessions": arr(S("TrainingSession")),
    "enrolments": arr(S("TrainingEnrolment"))}),
 "OpenCohort": obj({"id": uuid, "organisationID": uuid, "organisationName": s(), "programmeTitle": s(), "description": s(), "name": s(), "startsOn": day, "endsOn": day,
    "placesLeft": integer, "sessions": arr(obj({"title": s(), "startsAt": dt, "place": s()}))}),
 "SelfRegistration": obj({"name": s(minLength=1, maxLength=200), "institution": s(minLength=1, maxLength=200), "position": s(maxLength=200), "sex": s(enum=sexes),
    "targetGroup": s(enum=swift_enum("TargetGroup")), "contact": s(minLength=1, maxLength=200), "needs": s(maxLength=1000), "consent": {"const": True}},
    ["name","institution","sex","targetGroup","contact","consent"]),
 "TrainingParticipantInput": obj({"name": s(minLength=1, maxLength=200), "institution": s(minLength=1, maxLength=200), "position": s(maxLength=200),
    "sex": s(enum=sexes), "targetGroup": s(enum=swift_enum("TargetGroup")), "contact": ns(maxLength=200), "consent": {"const": True},
    "regionID": {**nuuid, "description": "the region the person works in"}, "confirmNew": boolean}, ["name","institution","sex","targetGroup","consent"]),
 "ChangeAgentNetwork": obj({"agents": integer, "batches": integer,
    "byRegion": arr(obj({"name": s(description="empty when no region is recorded"), "agents": integer})),
    "byInstitution": arr(obj({"name": s(), "agents": integer})),
    "batchList": arr(obj({"cohortID": uuid, "programmeTitle": s(), "cohortName": s(), "agents": arr(obj({"participantID": uuid, "name": s(), "institution": s(),
        "region": ns(), "certificateCode": s(), "projects": arr(obj({"id": uuid, "title": s(), "status": s(enum=swift_enum("ChangeProjectStatus"))}))}))}))}),
 "ChangeProjectInput": obj({"title": s(minLength=1, maxLength=200), "goal": s(minLength=1, maxLength=5000), "institutions": s(maxLength=500),
    "agentCertificates": {**arr(s(description="a Change Agent's certificate code, as people type it")), "minItems": 1, "maxItems": 50}},
    ["title","goal","agentCertificates"]),
 "ChangeMilestoneInput": obj({"title": s(minLength=1, maxLength=200), "dueOn": day}, ["title","dueOn"]),
 "ChangeMilestoneReached": obj({"doneOn": day}),
 "ChangeReportInput": obj({"reportedOn": day, "progress": s(minLength=10, maxLength=10000)}, ["reportedOn","progress"]),
 "ChangeProjectStatusInput": obj({"status": s(enum=swift_enum("ChangeProjectStatus"))}, ["status"]),
 "ChangeProject": obj({"id": uuid, "title": s(), "goal": s(), "institutions": s(), "status": s(enum=swift_enum("ChangeProjectStatus")), "batch": ns(),
    "updatedAt": dt, "agents": arr(obj({"participantID": uuid, "institution": s(), "name": s()})),
    "milestones": arr(obj({"id": uuid, "title": s(), "dueOn": day, "doneOn": {"type": ["string","null"], "format": "date"}})),
    "reports": arr(obj({"id": uuid, "reportedOn": day, "progress": s(), "by": s()}))}),
 "TrainingEnrolmentInput": obj({"participantID": uuid}, ["participantID"]),
 "TrainingEnrolmentResult": obj({"id": uuid, "status": s(enum=["enrolled","waitlisted"])}),
 "TrainingCancelled": obj({"promotedParticipantID": nuuid}),
 "TrainingAttendanceInput": obj({"marks": {**arr(obj({"participantID": uuid, "mark": s(enum=swift_enum("AttendanceMark"))}, ["participantID","mark"])),
    "minItems": 1, "maxItems": 10000}}, ["marks"]),
 "TrainingRegister": obj({"session": S("TrainingSession"), "cohortID": uuid, "cohortName": s(),
    "lines": arr(obj({"participantID": uuid, "name": s(), "institution": s(), "mark": ns()}))}),
 "TrainingCertificatesInput": obj({"participantIDs": {**arr(uuid), "minItems": 1}}),
 "TrainingIssued": obj({"participantID": uuid, "certificateID": uuid, "code": s()}),
 "TrainingCertificate": obj({"id": uuid, "code": s(), "name": s(), "programmeTitle": s(), "hours": integer, "cohortName": s(), "startsOn": day, "endsOn": day,
    "organisationName": s(), "issuedAt": dt, "revokedAt": ndt}),
 "TrainingRevocation": obj({"reason": s(minLength=3, maxLength=500)}, ["reason"]),
 "TrainingRequirementInput": obj({"programmeID": uuid, "role": s(enum=roles), "withinDays": {"type": "integer", "minimum": 1, "maximum": 3650},
    "refreshMonths": {"type": "integer", "minimum": 1, "maximum": 240}}, ["programmeID","role","withinDays"]),
 "TrainingRequirement": obj({"id": uuid, "programmeID": uuid, "programmeTitle": s(), "role": s(enum=roles), "withinDays": integer, "refreshMonths": {"type": ["integer","null"]}}),
 "TrainingStanding": obj({"userID": uuid, "name": s(), "requirementID": uuid, "programmeTitle": s(), "role": s(enum=roles), "completedOn": {"type": ["string","null"], "format": "date"},
    "deadline": {"type": ["string","null"], "format": "date"}, "status": s(enum=swift_enum("TrainingCompliance.Status"))}),
 "MyTraining": obj({"requirements": arr(S("TrainingStanding")), "certificates": arr(obj({"id": uuid, "code": s(), "programmeTitle": s(), "cohortName": s(),
    "issuedAt": dt, "revoked": boolean})), "sessions": arr(obj({"id": uuid, "title": s(), "programmeTitle": s(), "startsAt": dt, "place": s(), "feedbackGiven": boolean}))}),
 "TrainingFeedbackInput": obj({"ratings": {"type": "object", "additionalProperties": False, "description": "from 1 (poor) to 5 (very good); any may be left out",
    "properties": {c: {"type": "integer", "minimum": 1, "maximum": 5} for c in swift_enum("SessionFeedback.Criterion")}}, "comment": s(maxLength=2000)}),
 "TrainingFeedbackResults": obj({"summary": obj({"responses": integer, "shown": {**boolean, "description": "false while fewer than 3 have answered: nothing but the count is given"},
    "means": {"type": "object", "additionalProperties": {"type": "number"}}, "counts": {"type": "object", "additionalProperties": arr(integer),
    "description": "how many gave each rating, 1 to 5, by question"}}), "comments": arr(s())}),
 "TrainingOwnFeedback": obj({"sessionID": uuid, "title": s(), "programmeTitle": s(), "startsAt": dt, "given": S("TrainingFeedbackInput")}),
 "TrainingFigures": obj({"year": integer, "peopleTrained": s(description="a count, or <5 when suppressed"),
    "breakdowns": arr(obj({"dimension": s(enum=["programme","targetGroup","region","sex","institution"]), "cells": arr(obj({"key": s(), "display": s()}))})),
    "delivered": arr(obj({"programmeTitle": s(), "sessions": integer, "hours": {"type": "number"}})),
    "completion": arr(obj({"programmeTitle": s(), "enrolled": s(), "completed": s(), "percent": {"type": "integer", "description": "left out where it would give away a suppressed count"}}))}),
 "TrainingQuestionInput": obj({"text": s(minLength=1, maxLength=1000), "choices": {**arr(s(minLength=1, maxLength=300)), "minItems": 2, "maxItems": 10},
    "correctChoice": {"type": "integer", "minimum": 0, "maximum": 9, "description": "the right choice, counting from 0"}}, ["text","choices","correctChoice"]),
 "TrainingQuestion": obj({"id": uuid, "position": integer, "text": s(), "choices": arr(s()), "correctChoice": integer}),
 "TrainingTestInput": obj({"participantID": uuid, "kind": s(enum=swift_enum("TestKind")),
    "answers": {**arr({"type": ["integer","null"], "minimum": 0}), "minItems": 1, "description": "the choice given for each question in order, from 0; null for none"}},
    ["participantID","kind","answers"]),
 "TrainingScored": obj({"score": integer, "outOf": integer}),
 "TrainingTestResults": obj({"lines": arr(obj({"participantID": uuid, "pre": {"oneOf": [{"type": "null"}, S("TrainingScored")]},
    "post": {"oneOf": [{"type": "null"}, S("TrainingScored")]}})),
    "gain": {"oneOf": [{"type": "null"}, obj({"pairs": integer, "meanPre": {"type": "number"}, "meanPost": {"type": "number"}, "meanDifference": {"type": "number"},
       "lower": {"type": ["number","null"]}, "upper": {"type": ["number","null"]}, "shareImproved": {"type": "number"}})]}}),
 "CertificateVerification": obj({"code": s(), "name": s(), "programmeTitle": s(), "issuedOn": day, "issuedBy": s(), "revoked": boolean}),
 "Empty": obj({}),
 "MatterInput": obj({"type": s(enum=swift_enum("MatterType")),
    "opposingParty": s(maxLength=500), "court": s(maxLength=500), "caseNumbers": s(maxLength=500)}, ["type"]),
 "MatterEventInput": obj({"kind": s(enum=swift_enum("MatterEventKind")), "title": s(minLength=1, maxLength=200), "startsAt": dt, "place": s(maxLength=500)}, ["kind","title","startsAt"]),
 "MatterNoteInput": obj({"body": s(minLength=1, maxLength=50000, pattern="\\S")}, ["body"]),
 "MatterOutcomeInput": obj({"outcome": s(enum=swift_enum("MatterOutcome")), "note": s(maxLength=5000), "proBonoHours": {"type": "number", "minimum": 0, "maximum": 10000}}, ["outcome"]),
 "MatterDetail": obj({"id": uuid, "caseID": uuid, "caseReference": s(), "type": s(), "opposingParty": ns(), "court": ns(), "caseNumbers": ns(),
    "openedAt": dt, "lawyers": arr(s()), "outcome": ns(), "outcomeNote": ns(), "proBonoHours": {"type": "number"},
    "events": arr(obj({"id": uuid, "kind": s(), "title": s(), "startsAt": dt, "place": ns()})),
    "privilegedNotes": arr(obj({"authorName": s(), "body": s(), "createdAt": dt}))}),
 "ConferenceInput": obj({"at": dt, "place": s(maxLength=500), "participantIDs": arr(uuid), "decisions": s(minLength=3, maxLength=20000),
    "actionItems": arr(obj({"title": s(minLength=1, maxLength=500), "dueAt": dt, "assigneeID": uuid}, ["title","dueAt"]))}, ["at","decisions"]),
 "ConferenceHeld": obj({"id": uuid, "taskIDs": arr(uuid)}, ["id","taskIDs"]),
 "CalendarAddress": obj({"url": s()}, ["url"]),
 "MDTInput": obj({"name": s(minLength=1, maxLength=200), "level": s(enum=swift_enum("Level")), "regionID": uuid,
    "meetingSchedule": s(minLength=3, maxLength=300), "members": arr(obj({"entryID": uuid, "role": s(minLength=1, maxLength=100)}, ["entryID","role"]))},
    ["name","level","regionID","meetingSchedule"]),
 "MatterDocument": obj({"id": uuid, "name": s(), "version": integer, "kind": s(enum=swift_enum("DocumentKind")), "size": integer}),
 "DirectoryInput": obj({"name": s(minLength=1, maxLength=200), "profession": s(enum=professions), "services": {**arr(s(enum=service_types)), "minItems": 1},
    "languages": arr(s(maxLength=20)), "regionID": uuid, "capacity": {"type": "integer", "minimum": 0, "maximum": 10000}, "available": boolean,
    "contact": s(minLength=3, maxLength=300), "userID": uuid, "organisationID": uuid}, ["name","profession","services","regionID","contact"]),
 "DirectoryEntry": obj({"id": uuid, "name": s(), "profession": s(), "services": arr(s()), "languages": arr(s()), "regionName": s(),
    "capacity": integer, "available": boolean, "contact": s(), "inSafeguard": boolean}),
 "ReferralInput": obj({"caseID": uuid, "entryID": uuid, "service": s(enum=service_types), "consent": s(enum=swift_enum("ReferralConsent")),
    "overrideReason": s(maxLength=1000), "sharedSections": arr(s(enum=swift_enum("SharedSection"))),
    "summary": s(minLength=10, maxLength=5000), "contactID": uuid}, ["entryID","service","consent","summary"]),
 "ReferralSent": obj({"id": uuid, "dueAt": dt, "flaggedToSupervisors": boolean}, ["id","dueAt"]),
 "ReferralSummary": obj({"id": uuid, "caseReference": s(), "service": s(), "receiverName": s(), "senderOrganisation": s(),
    "status": s(enum=referral_statuses), "dueAt": dt, "overdue": boolean, "createdAt": dt}),
 "ReferralBox": obj({"items": arr(S("ReferralSummary")), "actionNeeded": integer}),
 "ReferralDetail": obj({"summary": S("ReferralSummary"), "caseID": uuid, "side": s(enum=swift_enum("Side")), "receiverInSafeguard": boolean, "receiverContact": s(),
    "consent": s(), "overrideReason": ns(), "referralSummary": s(), "answer": ns(), "sharedSections": arr(s()),
    "child": {"oneOf": [obj({"name": s(), "birthDate": ns(), "sex": s()}), {"type": "null"}]}, "caseSummary": ns(),
    "concerns": {"type": ["array","null"], "items": s()}, "risk": ns(),
    "generalNotes": {"type": ["array","null"], "items": obj({"at": dt, "body": s()})},
    "events": arr(obj({"at": dt, "kind": s(), "actorName": ns(), "recordedForOutside": boolean})), "actions": arr(s())}),
 "ReferralEventInput": obj({"event": s(enum=swift_enum("ReferralEvent")), "text": s(maxLength=5000)}, ["event"]),
 "BusinessInput": obj({"name": s(minLength=1, maxLength=200), "regionID": uuid, "licenceNumber": s(minLength=3, maxLength=60), "address": s(minLength=3, maxLength=300)},
    ["name","regionID","licenceNumber","address"]),
 "StayPerson": obj({"name": s(minLength=1, maxLength=200), "documentType": s(enum=doc_types), "documentNumber": s(maxLength=40),
    "birthDate": s(description="YYYY-MM-DD; taken from a resident ID number when absent"), "sex": s(enum=sexes),
    "identityCheck": s(enum=swift_enum("IdentityCheck"), description="minors"),
    "relationship": s(enum=relationships, description="co-occupants: their relationship to the minor")}, ["name"]),
 "StayInput": obj({"room": s(minLength=1, maxLength=20), "checkedInAt": dt, "guestCount": integer,
    "minors": {**arr(S("StayPerson")), "minItems": 1, "maxItems": 10},
    "guardian": obj({"name": s(minLength=1, maxLength=200), "phone": s(maxLength=40), "relationship": s(enum=relationships), "reached": boolean,
                     "notNamed": {"type": "boolean", "description": "the minor did not or could not name a guardian: give no name, phone or relationship; the stay is flagged"}}),
    "coOccupants": {**arr(S("StayPerson")), "maxItems": 10}, "observations": arr(s(enum=observations))}, ["room","minors","guardian"]),
 "StayFlag": obj({"code": s(), "colour": s(enum=colours), "reason": s()}, ["code","colour","reason"]),
 "CheckedIn": obj({"id": uuid, "flags": arr(S("StayFlag"))}, ["id","flags"]),
 "Flags": obj({"flags": arr(S("StayFlag"))}, ["flags"]),
 "StaySummary": obj({"id": uuid, "businessName": s(), "room": s(), "checkedInAt": dt, "checkedOutAt": ndt, "minorCount": integer,
    "flagColour": ns(), "reported": boolean}),
 "StayPage": obj({"items": arr(S("StaySummary")), "page": integer, "hasMore": boolean}),
 "StayDetail": obj({"id": uuid, "businessName": s(), "room": s(), "checkedInAt": dt, "checkedOutAt": ndt, "guestCount": integer,
    "guardianName": ns(), "guardianPhone": ns(), "guardianRelationship": s(), "guardianReached": boolean, "guardianContactedAt": ndt,
    "observations": arr(s()), "flags": arr(S("StayFlag")),
    "guests": arr(obj({"kind": s(enum=["minor","co_occupant","visitor"]), "name": ns(), "documentType": ns(), "documentNumber": ns(), "age": {"type": ["integer","null"]},
                       "sex": s(), "relationship": ns(), "identityCheck": ns(), "arrivedAt": ndt})),
    "patrols": arr(obj({"at": dt, "clerkName": s(), "note": ns()})),
    "reportID": nuuid, "reportReference": ns(), "anonymised": boolean}),
 "VisitorInput": obj({"name": s(minLength=1, maxLength=200), "documentType": s(enum=doc_types), "documentNumber": s(minLength=1, maxLength=40),
    "relationship": s(enum=relationships), "arrivedAt": dt, "guestConsent": boolean}, ["name","documentType","documentNumber","relationship","guestConsent"]),
 "CheckOutInput": obj({"checkedOutAt": dt}),
 "StaySearch": obj({"document": s(minLength=1, maxLength=40, pattern="\\S")}, ["document"]),
 "PatrolInput": obj({"at": dt, "note": s(maxLength=1000)}),
 "GuardianContactInput": obj({"reached": boolean}, ["reached"]),
 "Cell": obj({"key": s(), "count": integer, "display": s(description="The count, or <5 when suppressed")}),
 "Statistics": obj({"from": ndt, "to": ndt, "exact": boolean, **{k: arr(S("Cell")) for k in
    ["contactsByMonth","contactsByChannel","contactsByCategory","contactsByCallerType","casesByStage","casesByRisk","casesOpenedByMonth","casesClosedByMonth"]}}),
 "RegistryRecordInput": obj({"name": s(maxLength=100), "sex": s(enum=sexes), "birth_date": day, "document_type": s(enum=vetting_docs),
    "document_number": s(maxLength=30), "offence_category": s(enum=offences), "decision_type": s(enum=decisions), "decision_date": day,
    "issuing_authority": s(maxLength=200), "prohibition_scope": s(maxLength=300), "prohibition_end": day, "source_reference": s(maxLength=80)},
    ["name","birth_date","document_type","document_number","offence_category","decision_type","decision_date","issuing_authority","source_reference"]),
 "RowProblem": obj({"row": integer, "problems": arr(S("FieldError")), "raw": {"type": ["object","null"], "additionalProperties": s()}}, ["row","problems"]),
 "ImportSummary": obj({"id": uuid, "mode": s(enum=swift_enum("Mode")), "status": s(enum=["receiving","committed","rejected","failed"]),
    "rowsRead": integer, "rowsValid": integer, "rowsInvalid": integer, "message": ns(), "createdAt": dt, "finishedAt": ndt,
    "problems": {"type": ["array","null"], "items": S("RowProblem")}}, ["id","mode","status","rowsRead","rowsValid","rowsInvalid"]),
 "RecordSummary": obj({"id": uuid, "status": s(enum=["active","withdrawn"]), "offenceCategory": s(enum=offences), "decisionType": s(enum=decisions),
    "decisionDate": s(), "issuingAuthority": s(), "prohibitionEnd": ns(), "sourceReference": s(), "createdAt": dt}),
 "RecordDetail": obj({"record": S("RecordSummary"), "name": s(), "sex": ns(), "birthDate": s(), "documentType": ns(), "documentNumber": ns(), "prohibitionScope": s()}),
 "VettingPerson": obj({"name": s(), "sex": ns(), "birthDate": s(), "documentType": ns(), "documentNumber": ns()}),
 "MatchReview": obj({"id": uuid, "origin": s(enum=swift_enum("Origin")), "status": s(), "score": {"type": "number"}, "reasons": arr(s()),
    "createdAt": dt, "unitName": s(), "record": S("RecordDetail"), "subject": S("VettingPerson")}),
 "MatchDecisionInput": obj({"decision": s(enum=swift_enum("MatchDecision")), "note": s(maxLength=2000)}, ["decision"]),
 "ReviewRequest": obj({"id": uuid, "recordID": uuid, "status": s(enum=["open","upheld","withdrawn"]), "decisionReason": ns(), "createdAt": dt, "decidedAt": ndt}),
 "OpenReviewRequest": obj({"request": S("ReviewRequest"), "grounds": s(), "record": S("RecordDetail")}),
 "ReviewRequestDecision": obj({"outcome": s(enum=swift_enum("ReviewOutcome")), "reason": s(minLength=10, maxLength=4000)}, ["outcome","reason"]),
 "UnitRegistration": obj({"unitType": s(enum=unit_types), "contact1ID": uuid, "contact2ID": uuid, "webhookURL": s(format="uri")}, ["unitType","contact1ID","contact2ID"]),
 "UnitRegistered": obj({"id": uuid, "status": s(), "webhookSecret": ns(description="Shown once: check X-Safeguard-Signature (sha256=HMAC of the body) with it")}),
 "VettingUnit": obj({"id": uuid, "name": s(), "unitType": s(enum=unit_types), "status": s(enum=["pending","approved"]), "contacts": arr(s()), "webhookURL": ns(),
    "dailyQueryLimit": integer, "recheckDue": ns(), "rosterUploadID": nuuid, "createdAt": dt}),
 "VettingQueryInput": obj({"purpose": s(enum=swift_enum("VettingPurpose")), "name": s(maxLength=100), "sex": s(enum=sexes), "birthDate": day,
    "documentType": s(enum=vetting_docs), "documentNumber": s(maxLength=30), "authorisationReference": s(maxLength=80),
    "authorisationDate": day}, ["purpose","name","birthDate","documentType","documentNumber"]),
 "VettingAnswer": obj({"receipt": s(), "answer": s(enum=answers), "purpose": s(), "askedAt": dt, "answeredAt": dt, "statement": s()}),
 "VettingQueryListed": obj({"receipt": s(), "name": s(), "purpose": s(), "answer": s(enum=answers), "askedAt": dt, "answeredAt": dt}),
 "RosterEntryInput": obj({"name": s(maxLength=100), "sex": s(enum=sexes), "birthDate": day, "documentType": s(enum=vetting_docs),
    "documentNumber": s(maxLength=30), "position": s(maxLength=100), "staffReference": s(maxLength=60)}, ["name","birthDate"]),
 "RosterEntry": obj({"id": uuid, "name": s(), "birthDate": s(), "documentType": ns(), "position": ns(), "staffReference": ns(), "addedAt": dt}),
 "RosterUploadSummary": obj({"id": uuid, "status": s(enum=["receiving","current","rejected"]), "rowsRead": integer, "rowsValid": integer,
    "rowsInvalid": integer, "message": ns(), "problems": arr(S("RowProblem"))}),
 "RecheckReport": obj({"id": uuid, "receipt": s(), "checked": integer, "prohibited": integer, "underReview": integer, "startedAt": dt, "finishedAt": dt,
    "nextDue": ns(), "statement": s(), "findings": {"type": ["array","null"], "items": obj({"entryID": uuid, "name": s(), "position": ns(),
    "staffReference": ns(), "answer": s(enum=answers)})}, "possibleMatches": s(enum=swift_enum("PossibleMatches")),
    "findingsTotal": {"type": ["integer","null"]}, "findingsPage": {"type": ["integer","null"]}, "findingsPerPage": {"type": ["integer","null"]}}),
 "MonitoringNotice": obj({"id": uuid, "entryID": uuid, "name": s(), "position": ns(), "answer": s(enum=answers), "createdAt": dt, "webhookStatus": ns()}),
 "SubjectProof": obj({"documentType": s(enum=vetting_docs), "documentNumber": s(maxLength=30), "name": s(maxLength=100), "birthDate": day},
    ["documentType","documentNumber","name","birthDate"]),
 "Disclosure": obj({"checks": arr(obj({"unitName": s(), "unitType": s(), "kind": s(enum=["applicant","staff","roster_recheck"]), "at": dt, "receipt": s(), "answer": ns()})),
    "reasons": arr(obj({"recordID": uuid, "offenceCategory": s(), "decisionType": s(), "decisionDate": s(), "issuingAuthority": s(), "prohibitionScope": s(),
                        "prohibitionEnd": ns(), "status": s()})),
    "reviewRequests": arr(S("ReviewRequest"))}),
 "ReviewRequestInput": obj({"proof": S("SubjectProof"), "recordID": uuid, "grounds": s(minLength=10, maxLength=4000)}, ["proof","recordID","grounds"]),
}

problem = {"description": "Problem details (RFC 9457)", "content": {"application/problem+json": {"schema": S("Problem")}}}
ERROR_CODES = (400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429)
errors = {str(c): {"$ref": f"#/components/responses/Problem{c}"} for c in ERROR_CODES}
def op(summary, tag, ok_code="200", ok_schema=None, body=None, params=(), security=True, extra=None, ok_desc="OK", ok_type="application/json"):
    d = {"summary": summary, "tags": [tag], "operationId": None, "responses": {}}
    if ok_schema is not None:
        d["responses"][ok_code] = {"description": ok_desc, "content": {ok_type: {"schema": ok_schema}}}
    else:
        d["responses"][ok_code] = {"description": ok_desc}
    d["responses"].update(errors)
    if body: d["requestBody"] = {"required": True, "content": {"application/json": {"schema": S(body)}}}
    if params: d["parameters"] = list(params)
    if not security: d["security"] = []
    if extra: d.update(extra)
    return d
def path_param(name): return {"name": name, "in": "path", "required": True, "schema": uuid}
def q(name, schema): return {"name": name, "in": "query", "required": False, "schema": schema}

C, K, P, T = path_param("contactID"), path_param("caseID"), path_param("childID"), path_param("taskID")
R, A, CL = path_param("reportID"), path_param("alertID"), path_param("clientID")
SERVICE = {"name": "serviceID", "in": "path", "required": True, "schema": s(enum=["safeguard-encounter-start","safeguard-patient-view","safeguard-encounter-discharge"])}
# Page numbers are bounded (PageRequest.maxPage), so that no offset can overflow.
PAGE = q("page", {"type": "integer", "minimum": 1, "maximum": 100000})
report_filters = [q("status", s(enum=report_statuses)), q("colour", s(enum=colours)), PAGE]
cds = {"security": [{"cdsClient": []}]}
RF = path_param("referralID")
MT = path_param("matterID")
ST = path_param("stayID")
IM, RC, RV, RQ = path_param("importID"), path_param("recordID"), path_param("reviewID"), path_param("requestID")
UN, EN, RK = path_param("unitID"), path_param("entryID"), path_param("recheckID")
paths = {
 "/healthz": {"get": op("Liveness", "Monitoring", ok_schema=S("Health"), security=False)},
 "/readyz": {"get": op("Readiness: the database answers", "Monitoring", ok_schema=S("Health"), security=False)},
 "/metrics": {"get": op("Prometheus metrics", "Monitoring", ok_schema={"type": "string"}, ok_type="text/plain", security=False)},
 "/api/tokens": {"post": op("Sign in and get a bearer token", "Accounts", "201", S("TokenResponse"), "TokenRequest", security=False)},
 "/api/tokens/current": {"delete": op("Revoke the token in use", "Accounts", "204")},
 "/api/me": {"get": op("The signed-in user", "Accounts", ok_schema=S("Me")),
             "patch": op("Change the signed-in user's preferences", "Accounts", "204", body="Preferences")},
 "/api/me/tasks": {"get": op("The signed-in user's open tasks, soonest due first (audited)", "Cases", ok_schema=arr(S("MyTask")))},
 "/api/me/password": {"post": op("Change password (ends the user's other sessions)", "Accounts", "204", body="PasswordChange")},
 "/api/users": {"get": op("List users", "Administration", ok_schema=arr(S("UserRow"))),
                "post": op("Create a user", "Administration", "201", S("UserCreated"), "NewUser")},
 "/api/organisations": {"get": op("List organisations", "Administration", ok_schema=arr(S("OrganisationRow"))),
                        "post": op("Create an organisation", "Administration", "201", S("IDOnly"), "NewOrganisation")},
 "/api/regions": {"get": op("List the region tree", "Administration", ok_schema=arr(S("RegionRow"))),
                  "post": op("Create a region in the region tree", "Administration", "201", S("IDOnly"), "NewRegion")},
 "/api/contacts": {
    "get": op("List contacts (policy-filtered)", "Helpline", ok_schema=S("ContactPage"), params=[
        q("channel", s(enum=channels)), q("contactType", s(enum=ctypes)), q("category", s(enum=categories_all)), q("urgency", s(enum=urg)),
        q("from", dt), q("to", dt), q("caseID", uuid), q("counsellorID", uuid), q("sort", s(enum=["startedAt","-startedAt"])),
        PAGE, q("perPage", {"type": "integer", "minimum": 1, "maximum": 100})]),
    "post": op("Record a contact", "Helpline", "201", S("ContactCreated"), "ContactInput")},
 "/api/contacts/{contactID}": {"get": op("Open a contact (audited)", "Helpline", ok_schema=S("ContactDetail"), params=[C])},
 "/api/contacts/{contactID}/case": {"post": op("Open a case from a contact", "Helpline", "201", S("CaseCreated"), "CaseInput", params=[C])},
 "/api/contacts/{contactID}/link": {"post": op("Link a contact to a case", "Helpline", "204", body="LinkInput", params=[C])},
 "/api/callers/lookup": {"post": op("Earlier contacts from a phone number or chat id", "Helpline", ok_schema=S("RepeatCaller"), body="CallerLookup")},
 "/api/children": {"post": op("Register a child (409 with possible duplicates unless confirmed)", "Cases", "201", S("IDOnly"), "ChildInput")},
 "/api/children/matches": {"post": op("Possible existing records of a child", "Cases", ok_schema=arr(S("ChildMatch")), body="ChildInput")},
 "/api/children/{childID}": {"get": op("Open a child record (audited)", "Cases", ok_schema=S("ChildDetail"), params=[P])},
 "/api/cases": {
    "get": op("List cases (policy-filtered)", "Cases", ok_schema=S("CasePage"), params=[
        q("stage", s(enum=stages)), q("risk", s(enum=risks)), q("concern", s(enum=categories_all)), q("assigneeID", uuid), q("reference", s()),
        q("open", boolean), q("sort", s(enum=["-updatedAt","-openedAt","openedAt","risk"])), PAGE, q("perPage", {"type": "integer", "minimum": 1, "maximum": 100})]),
    "post": op("Open a case", "Cases", "201", S("CaseCreated"), "CaseInput")},
 "/api/cases/{caseID}": {"get": op("Open a case with its notes, tasks and timeline (audited)", "Cases", ok_schema=S("CaseDetail"), params=[K]),
                         "patch": op("Change risk, concerns or summary", "Cases", "204", body="CaseUpdateInput", params=[K])},
 "/api/cases/{caseID}/stage": {"post": op("Move to a workflow stage", "Cases", "204", body="StageInput", params=[K])},
 "/api/cases/{caseID}/closure": {"post": op("Approve or reject a closure request", "Cases", "204", body="ClosureDecisionInput", params=[K])},
 "/api/cases/{caseID}/assign": {"post": op("Assign (transfer) or add a team member", "Cases", "204", body="AssignInput", params=[K])},
 "/api/cases/{caseID}/notes": {"post": op("Add a note in a compartment", "Cases", "201", S("IDOnly"), "NoteInput", params=[K])},
 "/api/cases/{caseID}/tasks": {"post": op("Add a task", "Cases", "201", S("IDOnly"), "TaskInput", params=[K])},
 "/api/cases/{caseID}/tasks/{taskID}/done": {"post": op("Mark a task done", "Cases", "204", params=[K, T])},
 "/api/cases/{caseID}/child": {"post": op("Link an existing child or register a new one (409 with possible duplicates unless confirmed)", "Cases", "201", S("IDOnly"), "CaseInput", params=[K])},
 "/api/cases/{caseID}/perpetrators": {"post": op("Record an alleged perpetrator", "Cases", "201", S("IDOnly"), "PerpetratorInput", params=[K])},
 "/api/cases/{caseID}/break-glass": {"post": op("Open a case outside one's own for 4 hours, giving a reason (audited, shown to supervisors)", "Cases", "201", S("BreakGlassGranted"), "BreakGlassInput", params=[K])},
 "/api/break-glass": {"get": op("Break-glass openings in the organisation in the last 30 days", "Audit", ok_schema=arr(S("BreakGlassGrant")))},
 "/api/cases/{caseID}/access-log": {"get": op("Who accessed the case", "Audit", ok_schema=arr(S("AccessLogLine")), params=[K])},
 "/api/reports": {"get": op("Statutory reports the user or their organisation filed, newest first", "Reporting", ok_schema=S("ReportPage"), params=report_filters),
                  "post": op("File a statutory report (a draft, or submitted at once)", "Reporting", "201", S("ReportCreated"), "ReportInput")},
 "/api/reports/authorities": {"get": op("The authorities a report from the user's organisation goes to (nearest of each kind)", "Reporting", ok_schema=arr(S("Authority")))},
 "/api/reports/{reportID}": {"get": op("Open a report with its timeline (audited)", "Reporting", ok_schema=S("ReportDetail"), params=[R])},
 "/api/reports/{reportID}/submit": {"post": op("Submit a draft to the authorities", "Reporting", "204", params=[R])},
 "/api/reports/{reportID}/answer": {"post": op("Answer the authority's question (submits again)", "Reporting", "204", body="AnswerInput", params=[R])},
 "/api/inbox/reports": {"get": op("Reports addressed to the receiver's authority, red first", "Reporting", ok_schema=S("ReportPage"), params=report_filters)},
 "/api/inbox/reports/{reportID}": {"get": op("Open a received report (audited; the first read marks it received)", "Reporting", ok_schema=S("ReportDetail"), params=[R])},
 "/api/inbox/reports/{reportID}/acknowledge": {"post": op("Acknowledge with the authority's reference number", "Reporting", "204", body="AcknowledgementInput", params=[R])},
 "/api/inbox/reports/{reportID}/request-information": {"post": op("Ask the reporter for more information", "Reporting", "204", body="QuestionInput", params=[R])},
 "/api/inbox/reports/{reportID}/close": {"post": op("Close an acknowledged report", "Reporting", "204", params=[R])},
 "/api/me/notifications": {"get": op("The signed-in user's latest notices", "Accounts", ok_schema=arr(S("Notice")))},
 "/api/me/notifications/read": {"post": op("Mark every notice read", "Accounts", "204")},
 "/api/clinical-alerts": {"get": op("Warnings the organisation's record system raised, open first", "Clinical", ok_schema=arr(S("AlertSummary")))},
 "/api/clinical-alerts/{alertID}": {"get": op("Open a warning with its evidence (audited)", "Clinical", ok_schema=S("AlertDetail"), params=[A])},
 "/api/clinical-alerts/{alertID}/report": {"post": op("File and submit the report for a warning", "Clinical", ok_schema=S("Filed"), params=[A])},
 "/api/cds-clients": {"get": op("Registered hospital record systems", "Administration", ok_schema=arr(S("CDSClient"))),
                      "post": op("Register a hospital record system and its public keys", "Administration", "201", S("IDOnly"), "CDSClientInput")},
 "/api/cds-clients/{clientID}": {"patch": op("Replace a record system's keys or (de)activate it", "Administration", "204", body="CDSClientUpdate", params=[CL])},
 "/api/directory": {"get": op("Search the referral network by service, region, language and availability", "Network", ok_schema=arr(S("DirectoryEntry")),
    params=[q("service", s(enum=service_types)), q("regionID", uuid), q("language", s()), q("available", boolean)]),
    "post": op("Add a member to the network's directory", "Network", "201", S("IDOnly"), "DirectoryInput")},
 "/api/directory/{entryID}": {"put": op("Replace a directory entry (its services, capacity, availability or contact changed)", "Network", "204",
    body="DirectoryInput", params=[path_param("entryID")])},
 "/api/mdts": {"get": op("Multi-disciplinary teams by region, with members and meeting schedule", "Network",
    ok_schema=arr(obj({"id": uuid, "name": s(), "level": s(), "regionName": s(), "meetingSchedule": s(),
                       "members": arr(obj({"entryID": uuid, "name": s(), "profession": s(), "role": s()}))}))),
    "post": op("Set up a multi-disciplinary team", "Network", "201", S("IDOnly"), "MDTInput")},
 "/api/referrals": {"get": op("Referrals to me (box=received) or sent from my organisation (box=sent), with the count needing action", "Network",
    ok_schema=S("ReferralBox"), params=[q("box", s(enum=["received","sent"])), PAGE]),
    "post": op("Refer a case, with consent (or a supervisor's override and reason)", "Network", "201", S("ReferralSent"), "ReferralInput")},
 "/api/referrals/{referralID}": {"get": op("Open a referral: the receiver sees only the sections shared (audited)", "Network", ok_schema=S("ReferralDetail"), params=[RF])},
 "/api/referrals/{referralID}/events": {"post": op("Accept, decline (reason), start, complete (outcome) or revoke", "Network", "204", body="ReferralEventInput", params=[RF])},
 "/api/cases/{caseID}/matters": {"post": op("Open a legal matter (a lawyer on the case, or holding an accepted legal referral)", "Legal aid", "201", S("IDOnly"), "MatterInput", params=[K])},
 "/api/matters": {"get": op("The signed-in lawyer's matters, open first, with the next hearing or deadline", "Legal aid",
    ok_schema=arr(obj({"id": uuid, "caseReference": s(), "type": s(), "openedAt": dt, "outcome": ns(), "nextEvent": ndt})))},
 "/api/matters/{matterID}": {"get": op("A legal matter with hearings, deadlines and privileged notes (its lawyers only; audited)", "Legal aid", ok_schema=S("MatterDetail"), params=[MT])},
 "/api/matters/{matterID}/events": {"post": op("Add a hearing or a statutory deadline", "Legal aid", "201", S("IDOnly"), "MatterEventInput", params=[MT])},
 "/api/matters/{matterID}/notes": {"post": op("Add a privileged note", "Legal aid", "201", S("IDOnly"), "MatterNoteInput", params=[MT])},
 "/api/matters/{matterID}/outcome": {"post": op("Record the outcome and pro-bono hours", "Legal aid", "204", body="MatterOutcomeInput", params=[MT])},
 "/api/matters/{matterID}/documents": {
    "get": op("The matter's documents and versions", "Legal aid", ok_schema=arr(S("MatterDocument")), params=[MT]),
    "post": op("Upload a document (PDF, PNG, JPEG, .docx or .txt, told by its bytes; at most 8 MiB; encrypted at rest; same name = next version)", "Legal aid", "201", S("MatterDocument"),
               params=[MT], extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": obj({"file": s(format="binary"), "name": s(maxLength=200)}, ["file"])}}}})},
 "/api/matters/{matterID}/documents/{documentID}": {"get": op("Download a document (audited)", "Legal aid", ok_schema=s(format="binary"), ok_type="*/*",
    params=[MT, path_param("documentID")])},
 "/api/cases/{caseID}/conferences": {"post": op("Record an MDT case conference; its action items become tasks", "Cases", "201", S("ConferenceHeld"), "ConferenceInput", params=[K])},
 "/api/me/calendar-feed": {"post": op("Make (or replace) the signed-in user's secret iCalendar feed address", "Accounts", ok_schema=S("CalendarAddress"))},
 "/api/lodging-businesses": {"get": op("Lodging businesses: a clerk's own, or those in the police's region", "Lodging",
    ok_schema=arr(obj({"id": uuid, "name": s(), "licenceNumber": s(), "address": s(), "regionName": s()}))),
    "post": op("Register a hotel, inn or hostel (an organisation of type hotel)", "Lodging", "201", S("IDOnly"), "BusinessInput")},
 "/api/stays": {"get": op("Minors' stays: a clerk's business, or the police's jurisdiction; flagged first", "Lodging", ok_schema=S("StayPage"),
                          params=[q("current", boolean), q("flagged", boolean), PAGE]),
                "post": op("Check in a minor (Five Musts); answers the red flags", "Lodging", "201", S("CheckedIn"), "StayInput")},
 "/api/stays/search": {"post": op("Stays where a guest showed this document (police; audited; the number goes in the body, never the address)", "Lodging",
    ok_schema=arr(S("StaySummary")), body="StaySearch")},
 "/api/stays/statistics": {"get": op("Minor check-ins, flagged stays and reports by region and month (counts under 5 shown as <5)", "Lodging",
    ok_schema=arr(obj({"region": s(), "month": s(), "minors": s(), "flagged": s(), "reported": s()})))},
 "/api/stays/{stayID}": {"get": op("Open a stay (audited)", "Lodging", ok_schema=S("StayDetail"), params=[ST])},
 "/api/stays/{stayID}/visitors": {"post": op("Record a visitor to the minor's room; answers the flags", "Lodging", ok_schema=S("Flags"), body="VisitorInput", params=[ST])},
 "/api/stays/{stayID}/patrols": {"post": op("Record a patrol past the minor's room (Five Musts, item 4)", "Lodging", "204",
    body="PatrolInput", params=[ST])},
 "/api/stays/{stayID}/check-out": {"post": op("Check out", "Lodging", "204", body="CheckOutInput", params=[ST])},
 "/api/stays/{stayID}/guardian-contact": {"post": op("Record a call to the guardian; answers the flags", "Lodging", ok_schema=S("Flags"), body="GuardianContactInput", params=[ST])},
 "/api/stays/{stayID}/report": {"post": op("Report a red or orange stay to the police in one step", "Lodging", "201", S("ReportCreated"), params=[ST])},
 "/api/vetting/registry/imports": {"get": op("Recent registry imports with their progress", "Vetting", ok_schema=arr(S("ImportSummary"))),
    "post": op("Import registry records from a CSV file (streamed; a validation report per row; all_or_nothing or quarantine)", "Vetting", "201", S("ImportSummary"),
               params=[{"name": "mode", "in": "query", "required": True, "schema": s(enum=swift_enum("Mode"))},
                       q("confirmSharedNumbers", boolean)],
               extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": s(description="UTF-8 CSV with the columns of RegistryRecordInput")}}}})},
 "/api/vetting/registry/imports/{importID}": {"get": op("An import's progress and first problems", "Vetting", ok_schema=S("ImportSummary"), params=[IM])},
 "/api/vetting/registry/imports/{importID}/problems": {"get": op("Every problem of an import by row; quarantined rows as sent (audited)", "Vetting",
    ok_schema=arr(S("RowProblem")), params=[IM, PAGE])},
 "/api/vetting/registry/records": {"get": op("Registry records, newest first (codes and references only)", "Vetting",
    ok_schema=obj({"items": arr(S("RecordSummary")), "page": integer, "hasMore": boolean}), params=[PAGE]),
    "post": op("Add one registry record; rostered matches notify their units (a number another name holds needs confirmSharedNumbers)", "Vetting", "201", S("IDOnly"), "RegistryRecordInput",
               params=[q("confirmSharedNumbers", boolean)])},
 "/api/vetting/registry/records/{recordID}": {"get": op("A registry record in full (keepers only; audited)", "Vetting", ok_schema=S("RecordDetail"), params=[RC])},
 "/api/vetting/reviews": {"get": op("Possible matches for a keeper's decision, both people side by side (audited)", "Vetting", ok_schema=arr(S("MatchReview")),
    params=[q("status", s(enum=["pending","confirmed","rejected"])), PAGE, q("perPage", {"type": "integer", "minimum": 1, "maximum": 200})])},
 "/api/vetting/reviews/{reviewID}/decision": {"post": op("Confirm (a hit) or reject a possible match", "Vetting", "204", body="MatchDecisionInput", params=[RV])},
 "/api/vetting/review-requests": {"get": op("People's requests to review a hit, open first (audited)", "Vetting", ok_schema=arr(S("OpenReviewRequest")))},
 "/api/vetting/review-requests/{requestID}/decision": {"post": op("Decide a review request with written reasons; withdrawn records no longer answer", "Vetting", "204",
    body="ReviewRequestDecision", params=[RQ])},
 "/api/vetting/units": {"get": op("The officer's own unit", "Vetting", ok_schema=arr(S("VettingUnit"))),
    "post": op("Register the officer's organisation as a vetting unit with two nominated contacts", "Vetting", "201", S("UnitRegistered"), "UnitRegistration")},
 "/api/vetting/units/all": {"get": op("Every vetting unit, pending first (keepers and administrators)", "Vetting", ok_schema=arr(S("VettingUnit")))},
 "/api/vetting/units/{unitID}/approve": {"post": op("Approve a unit's registration", "Vetting", "204", params=[UN])},
 "/api/vetting/queries": {"get": op("The unit's queries, newest first (audited)", "Vetting", ok_schema=arr(S("VettingQueryListed")),
    params=[PAGE]),
    "post": op("Check a person: no record, prohibited, or under review; with a receipt", "Vetting", "201", S("VettingAnswer"), "VettingQueryInput")},
 "/api/vetting/queries/{receipt}": {"get": op("A query's current answer by its receipt", "Vetting", ok_schema=S("VettingAnswer"),
    params=[{"name": "receipt", "in": "path", "required": True, "schema": s()}])},
 "/api/vetting/roster": {"get": op("The unit's current staff roster (audited)", "Vetting",
    ok_schema=obj({"items": arr(S("RosterEntry")), "page": integer, "hasMore": boolean}), params=[PAGE]),
    "post": op("Replace the roster with a CSV file (streamed; all or nothing; a file listing nobody needs removeEveryone=true)", "Vetting", "201", S("RosterUploadSummary"),
               params=[q("removeEveryone", boolean)],
               extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": s(description="UTF-8 CSV: name, sex, birth_date[, document_type, document_number, position, staff_reference]")}}}})},
 "/api/vetting/roster/entries": {"post": op("Add one member of staff to the roster", "Vetting", "201", S("IDOnly"), "RosterEntryInput")},
 "/api/vetting/roster/entries/{entryID}": {"delete": op("Take someone off the roster", "Vetting", "204", params=[EN])},
 "/api/vetting/rechecks": {"get": op("The unit's re-checks, newest first", "Vetting", ok_schema=arr(S("RecheckReport"))),
    "post": op("Re-check the whole roster now; the next is due in a year", "Vetting", "201", S("RecheckReport"))},
 "/api/vetting/rechecks/{recheckID}": {"get": op("A re-check's report with a page of its findings as they stand, and their total (audited)", "Vetting",
    ok_schema=S("RecheckReport"), params=[RK, PAGE, q("perPage", {"type": "integer", "minimum": 1, "maximum": 1000})])},
 "/api/vetting/rechecks/{recheckID}/findings.csv": {"get": op("The whole re-check report as CSV: name, position, staff_reference, answer (audited export)", "Vetting",
    ok_schema={"type": "string"}, ok_type="text/csv", params=[RK])},
 "/api/vetting/roster/uploads/{uploadID}/problems": {"get": op("Every problem of a roster upload, a page at a time (X-Total-Count gives the total)", "Vetting",
    ok_schema=arr(S("RowProblem")), params=[path_param("uploadID"), PAGE, q("perPage", {"type": "integer", "minimum": 1, "maximum": 5000})])},
 "/api/vetting/roster/uploads/{uploadID}/problems.csv": {"get": op("Every problem of a roster upload as CSV: row, column, problem", "Vetting",
    ok_schema={"type": "string"}, ok_type="text/csv", params=[path_param("uploadID")])},
 "/api/vetting/notices": {"get": op("Monitoring notices: rostered staff later found in the registry (audited)", "Vetting", ok_schema=arr(S("MonitoringNotice")))},
 "/api/vetting/subject-access": {"post": op("A person sees every unit that checked them, and the reasons for a hit (verified by document, name and birth date)", "Vetting",
    ok_schema=S("Disclosure"), body="SubjectProof", security=False)},
 "/api/vetting/subject-access/review-requests": {"post": op("A person asks for a review of a hit", "Vetting", "201", S("ReviewRequest"), "ReviewRequestInput", security=False)},
 "/cds-services": {"get": op("CDS Hooks discovery", "CDS Hooks", ok_schema=S("CDSDiscovery"), security=False)},
 "/cds-services/{serviceID}": {"post": op("Call a CDS service (CDS Hooks 2.0)", "CDS Hooks", ok_schema=S("CDSResponse"), body="CDSRequest", params=[SERVICE], extra=cds)},
 "/cds-services/{serviceID}/feedback": {"post": op("Tell the service what the clinician did with its cards", "CDS Hooks", ok_schema=S("Empty"), body="CDSFeedback", params=[SERVICE], extra=cds)},
 "/api/statistics/network": {"get": op("Children represented per year, matters by type and outcome, referrals by service and median hours to acceptance", "Statistics",
    ok_schema=obj({"childrenRepresentedByYear": arr(obj({"key": s(), "display": s()})), "mattersByTypeAndOutcome": arr(obj({"key": s(), "display": s()})),
                   "referralsByService": arr(obj({"service": s(), "referrals": s(), "accepted": s(), "medianHoursToAcceptance": {"type": ["number","null"]}}))}))},
 "/api/training/programmes": {"get": op("The organisation's training programmes", "Training", ok_schema=arr(S("TrainingProgrammeSummary"))),
    "post": op("Set up a training programme", "Training", "201", S("IDOnly"), "TrainingProgrammeInput")},
 "/api/training/programmes/{programmeID}": {"get": op("A programme with its cohorts", "Training", ok_schema=S("TrainingProgramme"), params=[path_param("programmeID")])},
 "/api/training/programmes/{programmeID}/cohorts": {"post": op("Add a cohort (batch) with its dates and places", "Training", "201", S("IDOnly"), "TrainingCohortInput",
    params=[path_param("programmeID")])},
 "/api/training/programmes/{programmeID}/reach": {"get": op("How far a programme spread: people by generation of the cascade, each counted once (audited)",
    "Training", ok_schema=S("TrainingReach"), params=[path_param("programmeID")])},
 "/api/training/participants/{participantID}/reach": {"get": op("How far a person (a Change Agent) passed the training on, by generation (audited)",
    "Training", ok_schema=S("TrainingReach"), params=[path_param("participantID")])},
 "/api/training/programmes/{programmeID}/questions": {"get": op("The programme's test questions, asked before and after", "Training",
    ok_schema=arr(S("TrainingQuestion")), params=[path_param("programmeID")]),
    "post": op("Add a test question with its choices", "Training", "201", S("IDOnly"), "TrainingQuestionInput", params=[path_param("programmeID")])},
 "/api/training/cohorts/{cohortID}/tests": {"get": op("Each participant's scores before and after, and the cohort's knowledge gain with its 95 % interval", "Training",
    ok_schema=S("TrainingTestResults"), params=[path_param("cohortID")]),
    "put": op("Record one participant's answers to the test before or after (scored; a later entry replaces it)", "Training", ok_schema=S("TrainingScored"),
    body="TrainingTestInput", params=[path_param("cohortID")])},
 "/api/training/cohorts/{cohortID}": {"get": op("A cohort: sessions, enrolments with attendance, completion and certificates (audited)", "Training",
    ok_schema=S("TrainingCohort"), params=[path_param("cohortID")])},
 "/api/training/cohorts/{cohortID}/sessions": {"post": op("Plan a session inside the cohort's dates", "Training", "201", S("IDOnly"), "TrainingSessionInput",
    params=[path_param("cohortID")])},
 "/api/training/cohorts/{cohortID}/enrolments": {"post": op("Enrol a participant: a free place, else the end of the waiting list", "Training", "201",
    S("TrainingEnrolmentResult"), "TrainingEnrolmentInput", params=[path_param("cohortID")])},
 "/api/training/cohorts/{cohortID}/certificates": {"post": op("Certify the cohort's completers (all without one, or those named; someone who did not complete is refused)",
    "Training", "201", arr(S("TrainingIssued")), params=[path_param("cohortID")],
    extra={"requestBody": {"required": False, "content": {"application/json": {"schema": S("TrainingCertificatesInput")}}}})},
 "/api/training/participants": {"post": op("Register a participant (409 when the same name with the same contact or institution is registered, unless confirmNew)",
    "Training", "201", S("IDOnly"), "TrainingParticipantInput")},
 "/api/training/enrolments/{enrolmentID}/cancel": {"post": op("Cancel an enrolment; the first on the waiting list takes the freed place", "Training",
    ok_schema=S("TrainingCancelled"), params=[path_param("enrolmentID")])},
 "/api/training/sessions/{sessionID}/register": {"get": op("A session's attendance register: everyone enrolled and their mark (audited)", "Training",
    ok_schema=S("TrainingRegister"), params=[path_param("sessionID")])},
 "/api/training/sessions/{sessionID}/attendance": {"put": op("Mark attendance, all or nothing; a later mark replaces an earlier one", "Training", "204",
    body="TrainingAttendanceInput", params=[path_param("sessionID")])},
 "/api/training/figures": {"get": op("The year's figures: people trained (certified, each once) by programme, target group, region, sex and institution; hours delivered; completion. Counts under 5 suppressed without exact access",
    "Training", ok_schema=S("TrainingFigures"), params=[q("year", {"type": "integer", "minimum": 2000, "maximum": 2100})])},
 "/api/training/sessions/{sessionID}/feedback": {"get": op("What participants thought of the session: counts, means and comments, without names, shown from 3 answers",
    "Training", ok_schema=S("TrainingFeedbackResults"), params=[path_param("sessionID")]),
    "post": op("Type in a paper feedback form (nameless) for a session that has begun", "Training", "201", S("IDOnly"), "TrainingFeedbackInput",
    params=[path_param("sessionID")])},
 "/api/training/cohorts/{cohortID}/feedback": {"get": op("The feedback on all the cohort's sessions together, shown from 3 answers", "Training",
    ok_schema=S("TrainingFeedbackResults"), params=[path_param("cohortID")])},
 "/api/me/training/sessions/{sessionID}/feedback": {"get": op("The signed-in person's session of a cohort they have a place in, with the feedback they gave",
    "Training", ok_schema=S("TrainingOwnFeedback"), params=[path_param("sessionID")]),
    "put": op("Give or change one's own feedback on a session that has begun", "Training", "204", body="TrainingFeedbackInput", params=[path_param("sessionID")])},
 "/api/training/certificates/{certificateID}": {"get": op("A certificate as printed (audited)", "Training", ok_schema=S("TrainingCertificate"),
    params=[path_param("certificateID")])},
 "/api/training/certificates/{certificateID}/revoke": {"post": op("Revoke a certificate, with the reason", "Training", "204", body="TrainingRevocation",
    params=[path_param("certificateID")])},
 "/api/training/requirements": {"get": op("The training each role must take", "Training", ok_schema=arr(S("TrainingRequirement"))),
    "post": op("Require a programme of a role: within so many days of starting, again every so many months", "Training", "201", S("IDOnly"), "TrainingRequirementInput")},
 "/api/training/compliance": {"get": op("Each person's standing against the requirements: compliant, not yet done, due within 30 days, overdue", "Training",
    ok_schema=arr(S("TrainingStanding")), params=[q("status", s(enum=swift_enum("TrainingCompliance.Status")))])},
 "/api/training/agents": {"get": op("The Change Agents network: agents by batch with their projects, counted once each by region and institution (audited)",
    "Training", ok_schema=S("ChangeAgentNetwork"))},
 "/api/training/projects": {"post": op("Start a change project by Change Agents named by their certificates", "Training", "201", S("IDOnly"), "ChangeProjectInput")},
 "/api/training/projects/{projectID}": {"get": op("A change project with its agents, milestones and progress reports (audited)", "Training",
    ok_schema=S("ChangeProject"), params=[path_param("projectID")])},
 "/api/training/projects/{projectID}/milestones": {"post": op("Add a milestone", "Training", "201", S("IDOnly"),
    "ChangeMilestoneInput", params=[path_param("projectID")])},
 "/api/training/projects/{projectID}/milestones/{milestoneID}/done": {"post": op("Mark a milestone reached (today where the reader is, unless a past day is given)",
    "Training", "204", body="ChangeMilestoneReached", params=[path_param("projectID"), path_param("milestoneID")])},
 "/api/training/projects/{projectID}/reports": {"post": op("Report progress on a day that has begun", "Training", "201", S("IDOnly"),
    "ChangeReportInput", params=[path_param("projectID")])},
 "/api/training/projects/{projectID}/status": {"post": op("Say where the project stands", "Training", "204",
    body="ChangeProjectStatusInput", params=[path_param("projectID")])},
 "/api/me/training": {"get": op("The signed-in person's own mandatory training, certificates and sessions", "Training", ok_schema=S("MyTraining"))},
 "/api/training/open-cohorts/{cohortID}": {"get": op("An open seminar or workshop anyone may register for", "Training", ok_schema=S("OpenCohort"),
    params=[path_param("cohortID")], security=False)},
 "/api/training/open-cohorts/{cohortID}/registrations": {"post": op("Register oneself: a place or the waiting list; the same name and contact again is not registered twice",
    "Training", "201", obj({"status": s(enum=["enrolled","waitlisted"])}), "SelfRegistration", params=[path_param("cohortID")], security=False)},
 "/api/verify/{code}": {"get": op("Whether a training certificate is genuine: the name, course, date and issuer only", "Training", ok_schema=S("CertificateVerification"),
    params=[{"name": "code", "in": "path", "required": True, "schema": s(maxLength=40, description="e.g. K7Q2-9MXD-4T1B-R; case, hyphens, O/0 and I/L/1 forgiven")}],
    security=False)},
 "/api/statistics": {"get": op("Aggregate figures", "Statistics", ok_schema=S("Statistics"), params=[q("from", dt), q("to", dt)])},
 "/api/statistics.csv": {"get": op("Aggregate figures as CSV (always suppressed)", "Statistics", ok_schema={"type": "string"}, ok_type="text/csv", params=[q("from", dt), q("to", dt)])},
}
# A CSV upload that is refused answers with its validation report, not a bare problem.
for p in ("/api/vetting/registry/imports", "/api/vetting/roster"):
    report = "ImportSummary" if "imports" in p else "RosterUploadSummary"
    paths[p]["post"]["responses"]["422"] = {"description": "Refused: the problems, by row (or a problem document for a bad header)",
        "content": {"application/json": {"schema": S(report)}, "application/problem+json": {"schema": S("Problem")}}}
# The paths themselves come from the Swift `SitePath` declarations that the routes are registered
# with: describing a path no route has, or leaving out one of the API's, stops the tool.
typed = {"/" + t for t in re.findall(r'SitePath\("([^"]*)"', _SWIFT)}
described = {re.sub(r"\{(\w+)\}", r":\1", p) for p in paths}
if described - typed: raise SystemExit("described but no route has the path: " + ", ".join(sorted(described - typed)))
missing = {t for t in typed if t.startswith("/api/")} - described
if missing: raise SystemExit("API paths not described: " + ", ".join(sorted(missing)))
for p, methods in paths.items():
    for m, o in methods.items():
        o["operationId"] = (m + "_" + p.strip("/").replace("/", "_").replace("{", "").replace("}", "").replace(".", "_").replace("-", "_"))
doc = {
 "openapi": "3.1.0",
 "info": {"title": "Safeguard API", "version": "0.1.0",
          "description": "Child protection: helpline contacts, children, cases, statutory reports, CDS Hooks warnings, hotel registration, the referral network and legal aid, employment-prohibition vetting, training, audit and statistics. Every error is an RFC 9457 problem document. Access follows one role x action x scope policy."},
 "servers": [{"url": "/"}],
 "security": [{"bearer": []}],
 "paths": paths,
 "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Token from POST /api/tokens"},
                        "cdsClient": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                      "description": "A JWT signed by the registered record system (ES384 or RS384), aud = this endpoint's URL, exp within 5 minutes, unique jti"}},
    "responses": {f"Problem{c}": problem for c in ERROR_CODES},
    "schemas": schemas},
}
with open(sys.argv[1] if len(sys.argv) > 1 else OUTPUT, "w") as out:
    json.dump(doc, out, indent=1, ensure_ascii=False)
    out.write("\n")
