"""Clinical documents: one hospital ward's notes over a few weeks, eight patients
each. Every patient has the same kinds of facts (allergy, admission and discharge
bloods, responsible consultant, a procedure, a follow-up appointment), so each
patient's facts are distractors for the questions about the others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docmodel import Built, Doc, Question, date_variants, long_date, require


@dataclass(frozen=True)
class Finding:
    """A patient-specific planted sentence: `where` says which note holds it."""

    key: str
    where: str  # "investigations" | "course" | "discharge"
    sentence: str


@dataclass(frozen=True)
class Patient:
    key: str
    title: str  # Mr, Mrs, Ms
    first: str
    surname: str
    age: int
    sex: str  # male, female
    mrn: str
    bed: str
    admitted: date
    discharged: date
    route: str  # how they reached the ward
    destination: str  # where they went
    attending: str  # responsible consultant, full name
    clerked_by: str
    diagnosis: str
    complaint: str
    story: str
    history: tuple[str, ...]
    home_meds: tuple[str, ...]
    allergy: tuple[str, str] | None  # substance, reaction
    social: str
    exam: str
    ecg: str
    imaging: str
    potassium: tuple[str, str]  # admission, discharge (mmol/L)
    creatinine: tuple[str, str]  # admission, discharge (micromol/L)
    procedure: tuple[str, date, str, str]  # what, when, who, what it showed
    plan: tuple[str, ...]
    course: tuple[str, ...]  # one entry per ward round
    hospital_course: str
    medication_change: str  # a planted sentence
    follow_up: tuple[str, date, str]  # clinic, date, clinician
    gp_actions: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    vte: str = ""  # thromboprophylaxis decision where the patient's treatment sets it
    baseline: tuple[float, float, int, int] = (130.0, 8.0, 12, 138)  # Hb, WBC, CRP, Na

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"

    @property
    def ref(self) -> str:
        return f"{self.title} {self.surname}"

    @property
    def pronoun(self) -> str:
        return "he" if self.sex == "male" else "she"

    @property
    def possessive(self) -> str:
        return "his" if self.sex == "male" else "her"


@dataclass(frozen=True)
class Ward:
    hospital: str
    ward: str  # "Ward 7B"
    specialty: str
    period: str
    city: str
    consultants: tuple[tuple[str, str], ...]  # name, interest
    registrars: tuple[str, ...]
    ward_manager: str
    pharmacist: str
    description: str
    patients: tuple[Patient, ...]


# ---- generic wording -----------------------------------------------------------------
# Several wordings per fact, picked with the document's seeded generator, so that the
# eight patients' notes do not read like one form filled in eight times.

ALLERGY_FORMS = (
    "{ref} is allergic to {drug}, which caused {reaction} in the past.",
    "{ref} reports an allergy to {drug} ({reaction}).",
    "Allergy status was checked against the GP record: {ref} is allergic to {drug}, "
    "with {reaction}.",
    "{ref} gives a history of {reaction} after {drug} and is recorded as allergic to it.",
)
NO_ALLERGY_FORMS = (
    "{ref} has no known drug allergies.",
    "No drug allergies are recorded for {ref}, and {pronoun} confirms none.",
    "Allergies: none known, confirmed with {ref} and the GP record.",
)
ADMISSION_BLOODS_FORMS = (
    "On admission {ref}'s serum potassium was {k} mmol/L and creatinine {c} µmol/L.",
    "Admission bloods for {ref} showed potassium {k} mmol/L and creatinine {c} µmol/L.",
    "{ref}'s first bloods in the emergency department gave a potassium of {k} mmol/L and "
    "a creatinine of {c} µmol/L.",
)
DISCHARGE_BLOODS_FORMS = (
    "Before discharge {ref}'s potassium was {k} mmol/L and creatinine {c} µmol/L.",
    "Repeat bloods on the morning of discharge showed potassium {k} mmol/L and creatinine "
    "{c} µmol/L for {ref}.",
    "At discharge {ref}'s potassium stood at {k} mmol/L and {possessive} creatinine at {c} µmol/L.",
)
ATTENDING_FORMS = (
    "{ref} was under the care of consultant Dr {attending} throughout the admission.",
    "The responsible consultant for {ref}'s admission was Dr {attending}.",
    "{ref} was admitted under Dr {attending}, who remained the responsible consultant "
    "until discharge.",
)
PROCEDURE_FORMS = (
    "{what} was performed on {when} by Dr {who}; {showed}.",
    "On {when}, Dr {who} performed {what_lower} for {ref}; {showed}.",
    "{ref} underwent {what_lower} on {when}, carried out by Dr {who}; {showed}.",
)
FOLLOW_UP_FORMS = (
    "{ref} will be reviewed in the {clinic} on {when} by {clinician}.",
    "A follow-up appointment has been booked for {ref} in the {clinic} on {when} with {clinician}.",
    "{ref} is to attend the {clinic} on {when}, where {clinician} will see {object}.",
)
ADMITTED_FORMS = (
    "{ref} was admitted to {ward} on {when} {route}.",
    "{ref} came to {ward} on {when} {route}.",
    "{ref} arrived on {ward} on {when} {route}.",
)
DISCHARGED_FORMS = (
    "{ref} was discharged {destination} on {when}.",
    "{ref} left the ward on {when} and went {destination}.",
    "Discharge took place on {when}, when {ref} went {destination}.",
)

ROUND_OPENINGS = (
    "Seen on the consultant ward round.",
    "Reviewed on the morning ward round.",
    "Seen with the nurse in charge on the afternoon board round.",
    "Reviewed by the registrar after the overnight handover.",
    "Seen on the consultant-led round with the ward pharmacist.",
)
ROUND_CLOSINGS = (
    "Continue current management and review tomorrow.",
    "Daily bloods, strict fluid balance and weight.",
    "Plan discussed with the patient, who agrees.",
    "Family updated by telephone with the patient's permission.",
    "Escalation status unchanged: for full active treatment.",
    "Physiotherapy and occupational therapy to continue.",
    "Medicines reconciliation completed by the ward pharmacist.",
)
NURSING_LINES = (
    "Waterlow score {waterlow}; pressure areas intact, repositioned every four hours.",
    "MUST score {must}; weighed on admission at {weight} kg.",
    "Falls risk assessment completed: {falls} risk, bed rails not required.",
    "Fluid balance over the first 24 hours was {balance} ml.",
    "Pain scores between 0 and {pain} out of 10 on the standard scale.",
    "Bowels opened on day {bowels}; eating and drinking {diet}.",
    "Slept {sleep} overnight; no episodes of confusion on the 4AT screen.",
)
DIETS = ("well", "about half of each meal", "small amounts", "normally with assistance")
SLEEP = ("well", "poorly", "in short stretches", "reasonably")
FALLS = ("low", "moderate", "high")
VTE_LINES = (
    "VTE risk assessment completed on admission: {vte}.",
    "Venous thromboembolism assessment done within six hours of arrival: {vte}.",
    "Thromboprophylaxis decision recorded on the drug chart: {vte}.",
)
VTE_DECISIONS = (
    "prophylactic enoxaparin prescribed",
    "mechanical prophylaxis only because of bleeding risk",
    "low risk and mobile, no prophylaxis needed",
)
ESCALATION_LINES = (
    "Escalation plan: for full escalation, including critical care if needed.",
    "Treatment escalation plan completed with the patient; for all active treatment.",
)
ELDERLY_ESCALATION_LINES = (
    "Escalation plan: for ward-based care and non-invasive support; resuscitation "
    "discussed with the patient and family and documented.",
    "Treatment escalation plan agreed with the patient and family: for ward-based "
    "treatment, not for intensive care.",
)
PHARMACY_LINES = (
    "Medicines reconciliation by {pharmacist}, clinical pharmacist, using the GP record, "
    "the patient's own medicines and a conversation with the patient; {discrepancies}.",
    "Pharmacist review ({pharmacist}): admission medicines confirmed against two sources; "
    "{discrepancies}.",
    "{pharmacist} reconciled the medicines on the morning after admission; {discrepancies}.",
)
DISCREPANCIES = (
    "no discrepancies found",
    "one unintentional omission corrected on the drug chart",
    "two doses clarified with the GP surgery",
    "an over-the-counter supplement added to the record",
)

INFORMATION_GIVEN = (
    "Written and verbal information about the diagnosis was given before discharge.",
    "The discharge letter was explained to the patient, and a copy goes to the GP.",
    "The patient was advised to seek urgent help for chest pain, breathlessness, "
    "collapse or bleeding.",
    "Medicines were supplied for fourteen days, with a new medicines card.",
    "The patient was told not to drive until cleared at follow-up, in line with the DVLA guidance.",
    "Community nursing referral sent for a review within 72 hours of discharge.",
)


def fill(form: str, patient: Patient, **values: str) -> str:
    return form.format(
        ref=patient.ref,
        pronoun=patient.pronoun,
        possessive=patient.possessive,
        object="him" if patient.sex == "male" else "her",
        **values,
    )


# ---- rendering --------------------------------------------------------------------------


def lab_rows(doc: Doc, patient: Patient) -> list[list[str]]:
    """Routine bloods on the admission day, day 3 and the discharge day (potassium
    and creatinine are in the notes' text, where the questions look for them)."""
    hb, wbc, crp, sodium = patient.baseline
    rng = doc.rng
    platelets = rng.randint(170, 330)
    urea = rng.uniform(4.5, 9.5)
    rows = []
    for i, day in enumerate(["Admission", "Day 3", "Discharge"]):
        rows.append(
            [
                day,
                f"{hb * (1 + rng.uniform(-0.03, 0.03)) - 2 * i:.0f}",
                f"{max(3.2, wbc * (1 - 0.15 * i) + rng.uniform(-0.4, 0.4)):.1f}",
                f"{platelets * (1 + rng.uniform(-0.08, 0.08)):.0f}",
                f"{sodium + rng.randint(-2, 2)}",
                f"{urea * (1 - 0.08 * i) + rng.uniform(-0.3, 0.3):.1f}",
                f"{max(2, int(crp * (1 - 0.35 * i)))}",
            ]
        )
    return rows


def news2(rate: int, saturation: int, oxygen: bool, systolic: int, pulse: int, temp: float) -> int:
    """The NEWS2 score of a set of observations (SpO2 scale 1, patient alert), so
    that the score in a note matches the numbers next to it."""

    def band(value: float, limits: list[tuple[float, int]], above: int) -> int:
        return next((points for limit, points in limits if value <= limit), above)

    return (
        band(rate, [(8, 3), (11, 1), (20, 0), (24, 2)], 3)
        + band(saturation, [(91, 3), (93, 2), (95, 1)], 0)
        + (2 if oxygen else 0)
        + band(systolic, [(90, 3), (100, 2), (110, 1), (219, 0)], 3)
        + band(pulse, [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2)], 3)
        + band(temp, [(35.0, 3), (36.0, 1), (38.0, 0), (39.0, 1)], 2)
    )


def observations(doc: Doc) -> str:
    rng = doc.rng
    pulse, systolic = rng.randint(58, 118), rng.randint(102, 168)
    rate, saturation = rng.randint(14, 26), rng.randint(89, 99)
    oxygen = rng.random() < 0.4
    temp = round(rng.uniform(36.1, 38.4), 1)
    return (
        f"Observations: heart rate {pulse} beats per minute, blood pressure "
        f"{systolic}/{rng.randint(58, 96)} mmHg, respiratory rate {rate} per minute, oxygen "
        f"saturation {saturation}% on {'2 litres via nasal cannulae' if oxygen else 'room air'}, "
        f"temperature {temp:.1f} °C, NEWS2 score "
        f"{news2(rate, saturation, oxygen, systolic, pulse, temp)}."
    )


def nursing_summary(doc: Doc) -> str:
    rng = doc.rng
    values = {
        "waterlow": str(rng.randint(8, 19)),
        "must": str(rng.randint(0, 2)),
        "weight": f"{rng.uniform(52, 104):.1f}",
        "falls": doc.pick(FALLS),
        "balance": f"{rng.choice(['+', '-'])}{rng.randint(2, 19) * 50}",
        "pain": str(rng.randint(2, 7)),
        "bowels": str(rng.randint(2, 4)),
        "diet": doc.pick(DIETS),
        "sleep": doc.pick(SLEEP),
    }
    lines = doc.some(NURSING_LINES, 4)
    return "Nursing summary: " + " ".join(line.format(**values) for line in lines)


def render_patient(doc: Doc, ward: Ward, number: int, patient: Patient) -> None:
    p = patient
    plant = doc.plant
    findings = {f.where: [] for f in p.findings}
    for f in p.findings:
        findings[f.where].append(plant(f"{p.key}.{f.key}", f.sentence))

    what, when, who, showed = p.procedure
    procedure = plant(
        f"{p.key}.procedure",
        fill(
            doc.pick(PROCEDURE_FORMS),
            p,
            what=what[0].upper() + what[1:],
            what_lower=what,
            when=long_date(when),
            who=who,
            showed=showed,
        ),
    )
    # Day 1 is the admission day; a procedure done then belongs to the admission
    # note, a later one to the ward round of its day (the last round at the latest).
    procedure_day = (when - p.admitted).days + 1
    procedure_note = min(len(p.course), procedure_day - 1) - 1
    doc.h1(f"Patient {number} of {len(ward.patients)}: {p.name}")
    doc.para(
        f"MRN {p.mrn}. Bed {p.bed}. {p.age}-year-old {p.sex}. Working diagnosis: {p.diagnosis}."
    )

    doc.h2(f"Admission note: {p.name}, MRN {p.mrn}")
    doc.para(f"Clerked by Dr {p.clerked_by}.")
    admitted = plant(
        f"{p.key}.admitted",
        fill(
            doc.pick(ADMITTED_FORMS),
            p,
            ward=ward.ward,
            when=long_date(p.admitted),
            route=p.route,
        ),
    )
    doc.para(admitted, f"Presenting complaint: {p.complaint}.")
    doc.para(f"History of presenting complaint: {p.story}")
    doc.h3("Past medical history:")
    doc.lines(p.history)
    doc.h3("Medications on admission:")
    doc.lines(p.home_meds)
    if p.allergy:
        drug, reaction = p.allergy
        allergy = plant(
            f"{p.key}.allergy", fill(doc.pick(ALLERGY_FORMS), p, drug=drug, reaction=reaction)
        )
    else:
        allergy = fill(doc.pick(NO_ALLERGY_FORMS), p)
    doc.para(allergy, f"Social history: {p.social}")
    doc.para(observations(doc), f"Examination: {p.exam}")
    bloods = plant(
        f"{p.key}.admission_bloods",
        fill(doc.pick(ADMISSION_BLOODS_FORMS), p, k=p.potassium[0], c=p.creatinine[0]),
    )
    doc.para(
        f"ECG: {p.ecg}",
        f"Imaging: {p.imaging}",
        bloods,
        *findings.get("investigations", []),
    )
    doc.table(
        f"{p.name}: routine bloods",
        ["", "Hb g/L", "WBC 10^9/L", "Plt 10^9/L", "Na mmol/L", "Urea mmol/L", "CRP mg/L"],
        lab_rows(doc, p),
    )
    doc.para(f"Impression: {p.diagnosis}.", procedure if procedure_note < 0 else "")
    doc.para(
        doc.pick(VTE_LINES).format(vte=p.vte or doc.pick(VTE_DECISIONS)),
        doc.pick(ELDERLY_ESCALATION_LINES if p.age >= 80 else ESCALATION_LINES),
        doc.pick(PHARMACY_LINES).format(
            pharmacist=ward.pharmacist, discrepancies=doc.pick(DISCREPANCIES)
        ),
    )
    doc.h3("Plan:")
    doc.lines(p.plan)

    doc.h2(f"Ward progress notes: {p.name}, MRN {p.mrn}")
    for index, entry in enumerate(p.course):
        author = doc.pick([r for r in ward.registrars if r != p.clerked_by])
        doc.h3(f"Ward round, day {index + 2} (Dr {author}, registrar)")
        before = [procedure] if index == procedure_note else []
        after = findings.get("course", []) if index == 0 else []
        doc.para(doc.pick(ROUND_OPENINGS), *before, entry, *after, doc.pick(ROUND_CLOSINGS))
    doc.para(nursing_summary(doc))

    doc.h2(f"Discharge summary: {p.name}, MRN {p.mrn}")
    attending = plant(
        f"{p.key}.attending", fill(doc.pick(ATTENDING_FORMS), p, attending=p.attending)
    )
    discharged = plant(
        f"{p.key}.discharged",
        fill(
            doc.pick(DISCHARGED_FORMS),
            p,
            when=long_date(p.discharged),
            destination=p.destination,
        ),
    )
    doc.para(f"Primary diagnosis: {p.diagnosis}.", attending)
    doc.para(f"Hospital course: {p.hospital_course}", *findings.get("discharge", []))
    doc.para(
        plant(
            f"{p.key}.discharge_bloods",
            fill(doc.pick(DISCHARGE_BLOODS_FORMS), p, k=p.potassium[1], c=p.creatinine[1]),
        )
    )
    doc.h3("Medicines on discharge (continued from admission unless listed below):")
    doc.lines(p.home_meds)
    doc.para("Medication changes: " + plant(f"{p.key}.medication", p.medication_change))
    clinic, follow_date, clinician = p.follow_up
    follow = plant(
        f"{p.key}.follow_up",
        fill(
            doc.pick(FOLLOW_UP_FORMS),
            p,
            clinic=clinic,
            when=long_date(follow_date),
            clinician=clinician,
        ),
    )
    doc.para(discharged, follow, *doc.some(INFORMATION_GIVEN, 2))
    doc.h3("Actions for the GP:")
    doc.lines(p.gp_actions)


def render_ward(ward: Ward, seed: str) -> Doc:
    import random

    doc = Doc(random.Random(seed))
    doc.title(
        ward.hospital.upper(),
        f"{ward.ward.upper()}: {ward.specialty.upper()}",
        f"Clinical record extract, {ward.period}",
    )
    doc.text(
        f"""
        This extract brings together the admission notes, ward round entries, nursing
        summaries and discharge summaries of the patients admitted to {ward.ward} during
        {ward.period}. It was compiled for the ward's quarterly clinical audit of
        documentation quality, medicines reconciliation and follow-up arrangements. Names,
        record numbers and dates are those of the ward's records; laboratory values are in
        SI units. Entries are reproduced as written, with abbreviations expanded where the
        audit team found them ambiguous.
        """
    )
    doc.h1("About the ward")
    doc.text(ward.description)
    doc.h2("Medical staff")
    doc.lines([f"Dr {name}, consultant ({interest})" for name, interest in ward.consultants])
    doc.lines([f"Dr {name}, specialty registrar" for name in ward.registrars])
    doc.para(
        f"The ward manager is {ward.ward_manager}, and {ward.pharmacist} is the ward's "
        "clinical pharmacist. Each consultant takes one week in four as the ward's "
        "consultant of the week; patients stay under the consultant who admitted them "
        "unless care is formally transferred, and the transfer is recorded in the notes."
    )
    doc.h2("Ward routines")
    doc.text(COMMON_ROUTINES)
    for number, patient in enumerate(ward.patients, start=1):
        render_patient(doc, ward, number, patient)
    audit_appendix(doc, ward)
    return doc


COMMON_ROUTINES = """
    The day starts with the nursing handover at 07:30, followed by the medical handover
    at 08:30 in the seminar room, where the night registrar presents new admissions and
    any patient whose early warning score rose overnight. The consultant ward round runs
    from 09:00 on weekdays; at weekends the on-call consultant reviews new patients and
    anyone flagged by the nurse in charge. A board round at 14:00 checks discharge plans,
    outstanding investigations and transport for the following day.

    Observations are recorded on the electronic chart at least every four hours and
    scored with NEWS2. A score of 5 or more, or 3 in a single parameter, triggers an
    urgent review by a doctor within thirty minutes; a score of 7 or more calls the
    critical care outreach team. Every patient has a venous thromboembolism risk
    assessment within fourteen hours of admission, repeated when their condition changes.

    Medicines reconciliation is completed by the ward pharmacist within 24 hours of
    admission on weekdays. Discharge letters are written by the registrar who knows the
    patient best, checked by the pharmacist for medicine changes and sent electronically
    to the general practitioner on the day of discharge. Follow-up appointments are
    booked before the patient leaves, and the date is written into the letter.
"""


def audit_appendix(doc: Doc, ward: Ward) -> None:
    rng = doc.rng
    doc.h1("Audit appendix")
    doc.text(
        f"""
        The audit team reviewed each set of notes against the hospital's documentation
        standard: legible entries with the author's name and grade, an allergy status on
        the drug chart and in the admission note, a venous thromboembolism assessment, a
        documented escalation plan, and a discharge letter that names the responsible
        consultant, lists medication changes with reasons and gives a follow-up date. The
        results for {ward.ward} are summarised below, with the hospital's medical wards
        as the comparison.
        """
    )
    standards = [
        "Allergy status documented",
        "VTE assessment within 14 hours",
        "Escalation plan recorded",
        "Medicines reconciled within 24 hours",
        "Medication changes explained",
        "Follow-up date in letter",
        "Letter sent on day of discharge",
    ]
    rows = [[s, f"{rng.randint(86, 100)}%", f"{rng.randint(78, 97)}%"] for s in standards]
    doc.table("Documentation standards met", ["Standard", ward.ward, "All wards"], rows)
    weeks = [["Week", "Admissions", "Discharges", "Bed occupancy", "Mean stay (days)"]]
    for week in range(1, 4):
        weeks.append(
            [
                f"Week {week}",
                str(rng.randint(14, 26)),
                str(rng.randint(13, 25)),
                f"{rng.randint(88, 99)}%",
                f"{rng.uniform(4.1, 7.9):.1f}",
            ]
        )
    doc.table("Ward activity over the audit period", weeks[0], weeks[1:])
    doc.text(
        """
        The main findings were that allergy status and follow-up arrangements were well
        documented, that the reasons for medication changes were sometimes missing from
        letters written at weekends, and that ward round entries by the on-call team did
        not always record the grade of the author. The ward will repeat the audit next
        quarter after a teaching session for the new registrars.
        """
    )


# ---- the two wards ------------------------------------------------------------------------

KINGSMERE = Ward(
    hospital="Kingsmere General Hospital",
    ward="Ward 7B",
    specialty="Cardiology",
    period="3 to 21 March 2025",
    city="Kingsmere",
    consultants=(
        ("Miriam Okonkwo", "heart failure"),
        ("Tobias Lindqvist", "interventional cardiology"),
        ("Priya Raman", "electrophysiology and devices"),
        ("Gareth Pryce", "general cardiology and imaging"),
    ),
    registrars=("Felix Aune", "Hannah Kowalczyk", "Samuel Adeyemi", "Leah Tanaka-Ross"),
    ward_manager="Sister Claire Donnelly",
    pharmacist="Aoife Brennan",
    description="""
        Ward 7B is the cardiology ward of Kingsmere General Hospital, a 640-bed district
        general hospital serving about 410,000 people. It has 28 beds, eight of them with
        continuous cardiac monitoring, and takes patients from the emergency department,
        the acute medical unit and the coronary care unit, as well as elective admissions
        for device implantation and structural heart procedures. The catheter laboratory
        is on the same floor, and the ward's nurses recover most patients after
        angiography and pacing.

        Patients with an acute coronary syndrome are reviewed by an interventional
        cardiologist within 24 hours, and those with new heart failure have an
        echocardiogram within 48 hours and are seen by the heart failure specialist nurses
        before discharge. The ward runs a nurse-led discharge clinic twice a week for
        patients started on new antiplatelet or anticoagulant medicines.
    """,
    patients=(
        Patient(
            key="brenner",
            title="Mr",
            first="Harold",
            surname="Brenner",
            age=77,
            sex="male",
            mrn="KGH-301774",
            bed="7B-03",
            admitted=date(2025, 3, 3),
            discharged=date(2025, 3, 9),
            route="from the emergency department",
            destination="home to his wife",
            attending="Tobias Lindqvist",
            clerked_by="Felix Aune",
            diagnosis="non-ST-elevation myocardial infarction",
            complaint="central chest tightness at rest for three hours",
            story=(
                "Mr Brenner describes a heavy, band-like tightness across the chest that "
                "woke him at 04:00, radiated to the jaw and eased partly with two puffs of "
                "his wife's glyceryl trinitrate spray. He has had exertional chest "
                "discomfort when walking the dog uphill for about six weeks but did not "
                "seek advice. No palpitations, syncope or orthopnoea."
            ),
            history=(
                "Hypertension, diagnosed 2009",
                "Type 2 diabetes, diet-controlled until 2022",
                "Transient ischaemic attack in 2019, no residual deficit",
                "Benign prostatic hyperplasia",
            ),
            home_meds=(
                "Metformin 500 mg twice daily",
                "Amlodipine 10 mg once daily",
                "Tamsulosin 400 micrograms once daily",
                "Atorvastatin 20 mg at night",
            ),
            allergy=("penicillin", "a widespread blistering rash"),
            social=(
                "Retired postman, lives with his wife in a bungalow, independent. "
                "Ex-smoker of 30 pack-years, stopped in 2004. About 8 units of alcohol "
                "a week."
            ),
            exam=(
                "Comfortable at rest after morphine. Heart sounds normal, no murmurs. "
                "Chest clear. No peripheral oedema. Radial pulses equal."
            ),
            ecg=(
                "Sinus rhythm at 84 per minute with 1.5 mm ST depression in leads V4 to V6; "
                "no ST elevation."
            ),
            imaging="Chest X-ray: normal heart size, clear lung fields.",
            potassium=("3.4", "4.3"),
            creatinine=("132", "118"),
            procedure=(
                "coronary angiography with percutaneous coronary intervention",
                date(2025, 3, 5),
                "Tobias Lindqvist",
                "two drug-eluting stents were placed in the proximal left anterior "
                "descending artery",
            ),
            plan=(
                "Aspirin 300 mg loading dose, then 75 mg daily",
                "Fondaparinux 2.5 mg subcutaneously daily until angiography",
                "Transthoracic echocardiogram",
                "Refer for inpatient coronary angiography",
            ),
            course=(
                "Pain free overnight. High-sensitivity troponin rose to a peak of 2,140 "
                "ng/L. Echocardiogram requested.",
                "Radial access used and the procedure was uncomplicated. Dual antiplatelet "
                "therapy started; bleeding risk discussed.",
                "Right radial access site soft, no haematoma. Walking on the ward without "
                "symptoms. Cardiac rehabilitation nurse visited.",
                "Blood glucose running between 7 and 11 mmol/L on metformin. Happy to go "
                "home once the discharge medicines are ready.",
            ),
            hospital_course=(
                "Mr Brenner had an uncomplicated course. Echocardiography showed mild "
                "anterior hypokinesia with preserved overall function. After angiography "
                "he mobilised fully and had no further pain."
            ),
            medication_change=(
                "Prasugrel was started at 5 mg once daily for twelve months, the reduced "
                "dose because Mr Brenner is over 75, and atorvastatin was increased to 80 mg "
                "at night."
            ),
            follow_up=(
                "cardiology outpatient clinic",
                date(2025, 4, 14),
                "the interventional team",
            ),
            gp_actions=(
                "Check renal function and potassium in two weeks.",
                "Review HbA1c at the next diabetes check; the admission value was 61 mmol/mol.",
            ),
            vte="fondaparinux already prescribed for the acute coronary syndrome",
            baseline=(142.0, 9.1, 6, 139),
        ),
        Patient(
            key="ellison",
            title="Mrs",
            first="Margaret",
            surname="Ellison",
            age=81,
            sex="female",
            mrn="KGH-288105",
            bed="7B-11",
            admitted=date(2025, 3, 4),
            discharged=date(2025, 3, 12),
            route="via the acute medical unit",
            destination="home with a package of care",
            attending="Priya Raman",
            clerked_by="Hannah Kowalczyk",
            diagnosis="atrial fibrillation with fast ventricular response and heart failure",
            complaint="palpitations and worsening breathlessness for four days",
            story=(
                "Mrs Ellison noticed a fast, irregular heartbeat while gardening four days "
                "ago. Since then she has become breathless walking to the bathroom and has "
                "slept propped up on three pillows. Her ankles have swollen. She has never "
                "been told she has an irregular heart rhythm."
            ),
            history=(
                "Hypertension",
                "Osteoarthritis of both knees",
                "Chronic kidney disease stage 3a",
                "Cataract surgery, both eyes, 2020",
            ),
            home_meds=(
                "Ramipril 5 mg once daily",
                "Paracetamol 1 g four times daily as needed",
                "Alendronic acid 70 mg once weekly",
            ),
            allergy=("codeine", "severe vomiting"),
            social=(
                "Widowed, lives alone in a first-floor flat with a lift. Daughter visits "
                "daily. Never smoked. Drinks alcohol only at Christmas."
            ),
            exam=(
                "Irregularly irregular pulse. Jugular venous pressure raised at 5 cm. Fine "
                "crackles at both lung bases. Pitting oedema to the mid-shins."
            ),
            ecg="Atrial fibrillation with a ventricular rate of 148 per minute, left axis.",
            imaging=(
                "Chest X-ray: cardiomegaly, upper lobe venous diversion and small "
                "bilateral pleural effusions."
            ),
            potassium=("3.1", "4.0"),
            creatinine=("148", "121"),
            procedure=(
                "transoesophageal echocardiography followed by DC cardioversion",
                date(2025, 3, 7),
                "Rohan Mehta",
                "no left atrial appendage thrombus was seen and a single 150 J shock "
                "restored sinus rhythm",
            ),
            plan=(
                "Intravenous furosemide 40 mg twice daily",
                "Bisoprolol 1.25 mg once daily, titrate to heart rate",
                "Potassium replacement and repeat in the morning",
                "Anticoagulation after discussion of bleeding risk",
            ),
            course=(
                "Heart rate still 110 to 130 per minute. Weight down 1.2 kg. Discussed "
                "rhythm control with the electrophysiology team.",
                "Breathing easier, now sleeping on two pillows. Seen by the heart failure "
                "specialist nurse.",
                "Now in sinus rhythm at 68 per minute. Diuretics changed to oral.",
                "Walked the length of the corridor with the physiotherapist. Care package "
                "restarted from the weekend.",
            ),
            hospital_course=(
                "Mrs Ellison responded well to diuresis and lost 4.6 kg of fluid. After "
                "cardioversion she stayed in sinus rhythm, and her breathlessness settled "
                "to her usual level."
            ),
            medication_change=(
                "Apixaban was started at 2.5 mg twice daily, the reduced dose because Mrs "
                "Ellison is over 80 and her creatinine was above 133 µmol/L on admission, "
                "and bisoprolol 2.5 mg once daily was added."
            ),
            follow_up=(
                "arrhythmia clinic",
                date(2025, 4, 23),
                "the arrhythmia nurse specialist",
            ),
            gp_actions=(
                "Repeat renal function and potassium within one week.",
                "Review the need for alendronic acid, which she has taken since 2016.",
            ),
            findings=(
                Finding(
                    "echo",
                    "investigations",
                    "A bedside echocardiogram showed a left ventricular ejection fraction of "
                    "about 40% with a dilated left atrium.",
                ),
            ),
            vte="treatment-dose anticoagulation planned, so no separate prophylaxis",
            baseline=(118.0, 7.4, 9, 136),
        ),
        Patient(
            key="achterberg",
            title="Mr",
            first="Desmond",
            surname="Achterberg",
            age=67,
            sex="male",
            mrn="KGH-315562",
            bed="7B-06",
            admitted=date(2025, 3, 5),
            discharged=date(2025, 3, 14),
            route="from the emergency department",
            destination="home",
            attending="Miriam Okonkwo",
            clerked_by="Samuel Adeyemi",
            diagnosis="acute decompensated heart failure with reduced ejection fraction",
            complaint="breathlessness at rest and abdominal swelling",
            story=(
                "Mr Achterberg has known heart failure from a dilated cardiomyopathy "
                "diagnosed in 2020. Over three weeks his weight has risen by about 8 kg "
                "despite taking an extra furosemide tablet, and for two nights he has slept "
                "upright in a chair. He admits to drinking more fluid during a recent "
                "chest infection."
            ),
            history=(
                "Dilated cardiomyopathy, diagnosed 2020",
                "Implantable loop recorder, 2022",
                "Gout",
                "Obstructive sleep apnoea on CPAP",
            ),
            home_meds=(
                "Furosemide 80 mg in the morning",
                "Bisoprolol 7.5 mg once daily",
                "Spironolactone 25 mg once daily",
                "Allopurinol 100 mg once daily",
                "Dapagliflozin 10 mg once daily",
            ),
            allergy=None,
            social=(
                "Lives with his partner, works part time as a bookkeeper. Never smoked. "
                "Stopped drinking alcohol in 2020."
            ),
            exam=(
                "Breathless at rest. Jugular venous pressure to the earlobes. Bilateral "
                "crackles to the mid-zones. Tense ascites and oedema to the sacrum."
            ),
            ecg="Sinus rhythm at 96 per minute with left bundle branch block, unchanged.",
            imaging=("Chest X-ray: cardiomegaly with interstitial oedema and Kerley B lines."),
            potassium=("5.6", "4.8"),
            creatinine=("171", "139"),
            procedure=(
                "right heart catheterisation",
                date(2025, 3, 10),
                "Ilse Varga",
                "the pulmonary capillary wedge pressure was 24 mmHg and the cardiac index "
                "1.9 L/min/m2",
            ),
            plan=(
                "Intravenous furosemide infusion at 10 mg per hour",
                "Hold spironolactone while potassium is above 5.5 mmol/L",
                "Fluid restriction to 1.5 litres a day, daily weights",
                "Heart failure specialist nurse review",
            ),
            course=(
                "Diuresing 3 litres a day. Breathing better; still orthopnoeic.",
                "Furosemide infusion continued. Potassium falling; spironolactone to "
                "restart at 12.5 mg if below 5.0 mmol/L tomorrow.",
                "Discussed with Dr Okonkwo: haemodynamic assessment to guide therapy and "
                "assessment for advanced therapies.",
                "Furosemide infusion weaned. On the catheter laboratory list for tomorrow.",
                "Procedure done through the right internal jugular vein without "
                "complication. Inotropes not needed.",
                "Switched to oral diuretics. Walking independently. Weight 9.1 kg below "
                "admission weight.",
            ),
            hospital_course=(
                "Mr Achterberg needed five days of intravenous diuretics and lost 9.1 kg. "
                "Haemodynamic assessment showed raised filling pressures with a low cardiac "
                "output, and he has been referred to the regional advanced heart failure "
                "service."
            ),
            medication_change=(
                "Furosemide was replaced by bumetanide 2 mg twice daily, and spironolactone "
                "was restarted at 12.5 mg once daily."
            ),
            follow_up=(
                "heart failure clinic",
                date(2025, 3, 28),
                "the heart failure specialist nurses",
            ),
            gp_actions=(
                "Check potassium and creatinine at the practice in five days.",
                "Daily weights at home; increase bumetanide as per the written plan if the "
                "weight rises by 2 kg in three days.",
            ),
            findings=(
                Finding(
                    "echo",
                    "investigations",
                    "Echocardiography showed a severely dilated left ventricle with an "
                    "ejection fraction of 25%, compared with 30% on the study in 2023.",
                ),
            ),
            vte="prophylactic enoxaparin prescribed",
            baseline=(126.0, 7.8, 14, 133),
        ),
        Patient(
            key="obilawson",
            title="Ms",
            first="Nkechi",
            surname="Obi-Lawson",
            age=58,
            sex="female",
            mrn="KGH-327950",
            bed="7B-14",
            admitted=date(2025, 3, 6),
            discharged=date(2025, 3, 10),
            route="from the coronary care unit",
            destination="home",
            attending="Priya Raman",
            clerked_by="Leah Tanaka-Ross",
            diagnosis="complete heart block with syncope",
            complaint="two blackouts in one day",
            story=(
                "Ms Obi-Lawson collapsed twice at work without warning and was unconscious "
                "for about twenty seconds each time. Colleagues noticed she was pale and "
                "then flushed as she came round. A temporary pacing wire was placed in the "
                "coronary care unit before transfer."
            ),
            history=(
                "Hypothyroidism",
                "Migraine without aura",
                "Hysterectomy, 2014",
            ),
            home_meds=(
                "Levothyroxine 100 micrograms once daily",
                "Bisoprolol 5 mg once daily, for migraine prophylaxis",
                "Sumatriptan 50 mg as needed",
            ),
            allergy=("chlorhexidine", "hives"),
            social=(
                "Secondary school teacher, lives with her husband and two teenage children. "
                "Never smoked. Occasional alcohol."
            ),
            exam=(
                "Temporary pacing wire in the right internal jugular vein, site clean. "
                "Heart sounds normal. Chest clear."
            ),
            ecg=(
                "Complete heart block with a broad-complex escape rhythm at 34 per minute; "
                "paced at 70 per minute on the temporary wire."
            ),
            imaging="Chest X-ray: pacing wire tip in the right ventricle, no pneumothorax.",
            potassium=("4.4", "4.1"),
            creatinine=("88", "84"),
            procedure=(
                "dual-chamber permanent pacemaker implantation",
                date(2025, 3, 7),
                "Rohan Mehta",
                "both leads were placed without complication and thresholds were good",
            ),
            plan=(
                "Stop bisoprolol",
                "Thyroid function tests",
                "Permanent pacemaker on the next available list",
            ),
            course=(
                "Thyroid function normal. Temporary wire removed at the end of the list.",
                "Pacemaker check satisfactory. Wound dry. Arm mobility advice given.",
                "Pacing check repeated before discharge, settings unchanged.",
            ),
            hospital_course=(
                "Ms Obi-Lawson had a dual-chamber pacemaker implanted without complication "
                "and had no further syncope. Her beta-blocker was stopped because of the "
                "conduction disease."
            ),
            medication_change=(
                "Bisoprolol was stopped, and topiramate 25 mg at night was started instead "
                "for migraine prophylaxis after discussion with her neurologist."
            ),
            follow_up=("pacing clinic", date(2025, 3, 24), "the cardiac physiologists"),
            gp_actions=(
                "Wound check at the practice on day 7.",
                "No driving for one week after implantation.",
            ),
            baseline=(131.0, 6.2, 3, 140),
        ),
        Patient(
            key="penhaligon",
            title="Mr",
            first="Arthur",
            surname="Penhaligon",
            age=79,
            sex="male",
            mrn="KGH-294418",
            bed="7B-09",
            admitted=date(2025, 3, 8),
            discharged=date(2025, 3, 18),
            route="after an admission through the emergency department",
            destination="home",
            attending="Gareth Pryce",
            clerked_by="Felix Aune",
            diagnosis="severe aortic stenosis presenting with exertional syncope",
            complaint="collapse while climbing stairs",
            story=(
                "Mr Penhaligon felt light-headed halfway up the stairs at home and lost "
                "consciousness briefly. He has had increasing breathlessness on exertion "
                "for a year and chest tightness when carrying shopping. A murmur was "
                "noted by his GP in 2023 but he missed the echocardiogram appointment."
            ),
            history=(
                "Chronic obstructive pulmonary disease, mild",
                "Hypercholesterolaemia",
                "Right total hip replacement, 2017",
            ),
            home_meds=(
                "Tiotropium inhaler 18 micrograms once daily",
                "Simvastatin 40 mg at night",
                "Aspirin 75 mg once daily",
            ),
            allergy=("co-trimoxazole", "a rash and mouth ulcers"),
            social=(
                "Retired engineer, lives with his wife. Ex-smoker, stopped 1996. Drinks a "
                "glass of wine with dinner."
            ),
            exam=(
                "Slow-rising pulse. Harsh ejection systolic murmur radiating to both "
                "carotids, quiet second heart sound. Chest clear."
            ),
            ecg="Sinus rhythm with left ventricular hypertrophy by voltage criteria.",
            imaging="Chest X-ray: calcified aortic knuckle, lungs clear.",
            potassium=("4.0", "4.5"),
            creatinine=("104", "97"),
            procedure=(
                "transcatheter aortic valve implantation",
                date(2025, 3, 13),
                "Ilse Varga",
                "a 26 mm balloon-expandable valve was implanted through the right femoral "
                "artery with no paravalvular leak",
            ),
            plan=(
                "Inpatient echocardiogram",
                "Heart team discussion of valve replacement",
                "CT aortography for access planning",
            ),
            course=(
                "Echocardiogram done. Discussed at the heart team meeting the same afternoon.",
                "CT shows adequate femoral access. Consented for a transcatheter valve.",
                "Telemetry quiet. No further syncope.",
                "Waiting for a slot on the structural heart list. Walking with supervision.",
                "Procedure done under local anaesthetic and light sedation.",
                "Femoral site clean, walking to the bathroom. ECG shows new first-degree "
                "heart block only.",
                "Physiotherapy cleared for stairs.",
            ),
            hospital_course=(
                "Mr Penhaligon was assessed by the heart team and underwent a transcatheter "
                "valve replacement, after which his exercise tolerance improved and he had "
                "no further collapses."
            ),
            medication_change=(
                "Clopidogrel 75 mg once daily was added to aspirin for three months after "
                "the valve implantation."
            ),
            follow_up=("structural heart clinic", date(2025, 4, 29), "Dr Varga's team"),
            gp_actions=(
                "Stop clopidogrel after three months, on 13 June 2025.",
                "Dental review before any invasive dental work; endocarditis advice given.",
            ),
            findings=(
                Finding(
                    "valve",
                    "investigations",
                    "Echocardiography showed severe aortic stenosis with a valve area of "
                    "0.7 cm2 and a mean gradient of 48 mmHg, with a left ventricular "
                    "ejection fraction of 55%.",
                ),
            ),
            baseline=(137.0, 6.9, 4, 141),
        ),
        Patient(
            key="fairweather",
            title="Mrs",
            first="Rosalind",
            surname="Fairweather",
            age=69,
            sex="female",
            mrn="KGH-336027",
            bed="7B-17",
            admitted=date(2025, 3, 10),
            discharged=date(2025, 3, 16),
            route="from the emergency department",
            destination="home to her son's house",
            attending="Gareth Pryce",
            clerked_by="Hannah Kowalczyk",
            diagnosis="takotsubo cardiomyopathy",
            complaint="sudden chest pain and breathlessness",
            story=(
                "Mrs Fairweather developed crushing chest pain and breathlessness an hour "
                "after hearing that her brother had died. The ambulance ECG showed "
                "anterior ST elevation and she was taken for emergency angiography, which "
                "was then deferred to the morning after a senior review of the ECG."
            ),
            history=("Asthma", "Depression", "Hypothyroidism"),
            home_meds=(
                "Sertraline 100 mg once daily",
                "Levothyroxine 75 micrograms once daily",
                "Salbutamol inhaler as needed",
                "Beclometasone inhaler 200 micrograms twice daily",
            ),
            allergy=("aspirin", "wheezing"),
            social=(
                "Retired librarian, lives alone but will stay with her son after discharge. "
                "Never smoked. No alcohol."
            ),
            exam="Distressed. Heart sounds normal. Scattered wheeze. No oedema.",
            ecg=(
                "Sinus tachycardia at 108 per minute with 2 mm ST elevation in V2 to V5 and "
                "a long QT interval."
            ),
            imaging="Chest X-ray: mild pulmonary venous congestion.",
            potassium=("3.9", "4.2"),
            creatinine=("77", "73"),
            procedure=(
                "coronary angiography",
                date(2025, 3, 11),
                "Tobias Lindqvist",
                "the coronary arteries were unobstructed and the left ventriculogram "
                "showed apical ballooning",
            ),
            plan=(
                "Clopidogrel loading pending angiography (aspirin allergy)",
                "Echocardiogram",
                "Telemetry for the long QT interval",
            ),
            course=(
                "Chest pain settled with paracetamol.",
                "QT interval shortening. Bereavement support offered through the chaplaincy.",
                "Repeat echocardiogram arranged before discharge.",
                "Feeling much better. Son attended the discharge discussion.",
            ),
            hospital_course=(
                "Mrs Fairweather's coronary arteries were normal and the left ventricle "
                "recovered quickly. Clopidogrel was stopped once the diagnosis of takotsubo "
                "cardiomyopathy was made."
            ),
            medication_change=(
                "Ramipril was started at 2.5 mg once daily and bisoprolol was not started "
                "because of her asthma."
            ),
            follow_up=(
                "cardiology outpatient clinic",
                date(2025, 6, 2),
                "Dr Pryce",
            ),
            gp_actions=(
                "Repeat renal function two weeks after starting ramipril.",
                "Consider referral for bereavement counselling.",
            ),
            findings=(
                Finding(
                    "echo",
                    "discharge",
                    "The admission echocardiogram showed a left ventricular ejection "
                    "fraction of 35% with apical ballooning, which had recovered to 52% on "
                    "the repeat study before discharge.",
                ),
            ),
            baseline=(128.0, 10.6, 7, 137),
        ),
        Patient(
            key="murtagh",
            title="Mr",
            first="Colin",
            surname="Murtagh",
            age=55,
            sex="male",
            mrn="KGH-341189",
            bed="7B-02",
            admitted=date(2025, 3, 12),
            discharged=date(2025, 3, 16),
            route="from the catheter laboratory",
            destination="home",
            attending="Tobias Lindqvist",
            clerked_by="Samuel Adeyemi",
            diagnosis="inferior ST-elevation myocardial infarction",
            complaint="chest pain with sweating, ambulance ECG showing inferior ST elevation",
            story=(
                "Mr Murtagh developed central chest pain with sweating and nausea while "
                "loading a van at work. The paramedics transmitted an ECG showing inferior "
                "ST elevation, and he was taken directly to the catheter laboratory."
            ),
            history=("Hypercholesterolaemia, untreated", "Smoker"),
            home_meds=("No regular medicines",),
            allergy=None,
            social=(
                "Delivery driver, lives with his partner. Smokes 20 cigarettes a day. "
                "About 20 units of alcohol a week."
            ),
            exam="Pain free after the procedure. Heart sounds normal. Chest clear.",
            ecg="Resolving inferior ST elevation with Q waves in III and aVF.",
            imaging="No chest imaging needed.",
            potassium=("3.8", "4.2"),
            creatinine=("79", "81"),
            procedure=(
                "primary percutaneous coronary intervention",
                date(2025, 3, 12),
                "Ilse Varga",
                "a single drug-eluting stent was placed in an occluded right coronary artery",
            ),
            plan=(
                "Dual antiplatelet therapy",
                "Smoking cessation support",
                "Cardiac rehabilitation referral",
            ),
            course=(
                "Pain free. Smoking cessation team visited; started nicotine patches.",
                "Echocardiogram: inferior hypokinesia, ejection fraction 50%.",
                "Walking freely. Keen to go home.",
            ),
            hospital_course=(
                "Mr Murtagh was treated with primary angioplasty and recovered without "
                "complication. He was counselled about smoking, driving and returning to "
                "work."
            ),
            medication_change=(
                "New medicines are aspirin 75 mg once daily, prasugrel 10 mg once daily, "
                "atorvastatin 80 mg at night, ramipril 1.25 mg once daily and bisoprolol "
                "2.5 mg once daily."
            ),
            follow_up=(
                "cardiac rehabilitation programme",
                date(2025, 4, 7),
                "the rehabilitation nurses",
            ),
            gp_actions=(
                "Titrate ramipril and bisoprolol as blood pressure allows.",
                "Continue smoking cessation support.",
            ),
            vte="anticoagulated during the procedure, then prophylactic enoxaparin",
            baseline=(151.0, 12.2, 5, 138),
        ),
        Patient(
            key="demir",
            title="Mr",
            first="Yusuf",
            surname="Demir",
            age=63,
            sex="male",
            mrn="KGH-352641",
            bed="7B-20",
            admitted=date(2025, 3, 14),
            discharged=date(2025, 3, 21),
            route="from the emergency department",
            destination="home with his daughter",
            attending="Priya Raman",
            clerked_by="Leah Tanaka-Ross",
            diagnosis="sustained ventricular tachycardia with ischaemic cardiomyopathy",
            complaint="palpitations and near-collapse",
            story=(
                "Mr Demir felt a rapid pounding heartbeat while watching television and "
                "became grey and sweaty. Paramedics recorded a broad-complex tachycardia "
                "at 190 per minute, which was cardioverted in the emergency department "
                "under sedation. He had an anterior myocardial infarction in 2018."
            ),
            history=(
                "Anterior myocardial infarction with stent, 2018",
                "Ischaemic cardiomyopathy",
                "Type 2 diabetes on insulin",
                "Peripheral arterial disease",
            ),
            home_meds=(
                "Bisoprolol 5 mg once daily",
                "Sacubitril/valsartan 49/51 mg twice daily",
                "Insulin glargine 28 units at night",
                "Aspirin 75 mg once daily",
                "Rosuvastatin 20 mg once daily",
            ),
            allergy=("iodinated contrast", "urticaria and lip swelling"),
            social=("Runs a restaurant with his family. Ex-smoker. Does not drink alcohol."),
            exam=(
                "Alert after sedation. Displaced apex beat. Soft pansystolic murmur at the "
                "apex. Chest clear."
            ),
            ecg="Sinus rhythm after cardioversion, old anterior Q waves, QRS 128 ms.",
            imaging="Chest X-ray: cardiomegaly, lungs clear.",
            potassium=("3.3", "4.4"),
            creatinine=("96", "92"),
            procedure=(
                "implantable cardioverter-defibrillator insertion",
                date(2025, 3, 19),
                "Rohan Mehta",
                "a single-chamber device was implanted through the left cephalic vein",
            ),
            plan=(
                "Amiodarone loading",
                "Correct potassium and magnesium",
                "Cardiac MRI",
                "Refer for a defibrillator",
            ),
            course=(
                "No further arrhythmia on telemetry. Potassium replaced.",
                "Cardiac MRI: extensive anterior scar, ejection fraction 30%.",
                "Discussed at the device meeting: for a defibrillator.",
                "Insulin doses adjusted by the diabetes team while eating less.",
                "Device check satisfactory; wound clean.",
                "Amiodarone loading completed. Ready for discharge.",
            ),
            hospital_course=(
                "Mr Demir had no further ventricular tachycardia after amiodarone loading. "
                "Imaging confirmed extensive scar from his old infarct, and a defibrillator "
                "was implanted for secondary prevention."
            ),
            medication_change=(
                "Amiodarone was reduced to a maintenance dose of 200 mg once daily after "
                "the loading course."
            ),
            follow_up=("device clinic", date(2025, 4, 2), "the cardiac physiologists"),
            gp_actions=(
                "Thyroid and liver function tests every six months while on amiodarone.",
                "No driving for six months after the arrhythmia, as advised.",
            ),
            baseline=(124.0, 8.4, 8, 135),
        ),
    ),
)

EASTBROOK = Ward(
    hospital="Eastbrook University Hospital",
    ward="Ward 12",
    specialty="Respiratory and Acute Medicine",
    period="4 to 20 November 2024",
    city="Eastbrook",
    consultants=(
        ("Ines Carvalho", "respiratory medicine and pleural disease"),
        ("Jonathan Whitlock", "acute and general internal medicine"),
        ("Abena Mensah", "respiratory medicine and asthma"),
        ("Stefan Novak", "infectious diseases"),
    ),
    registrars=("Chloe Marchetti", "Kwame Boateng", "Eilidh Fraser", "Arjun Nair"),
    ward_manager="Charge Nurse Daniel Okafor",
    pharmacist="Mei Lin Harrow",
    description="""
        Ward 12 is a 30-bed respiratory and acute medicine ward at Eastbrook University
        Hospital, the teaching hospital for a city of about 600,000 people. Six of its
        beds form a respiratory support unit where patients can receive non-invasive
        ventilation and high-flow nasal oxygen under the care of specially trained nurses.
        The ward admits most of the hospital's pneumonia, chronic obstructive pulmonary
        disease and asthma patients in winter, as well as patients with pleural disease
        and pulmonary embolism.

        The pleural service runs a daily procedure list on the ward for chest drains,
        aspirations and indwelling pleural catheters, and medical thoracoscopy is done in
        the endoscopy unit two floors below. An infectious diseases consultant attends
        the ward's board round twice a week to advise on antibiotics.
    """,
    patients=(
        Patient(
            key="hollingworth",
            title="Mrs",
            first="Beatrice",
            surname="Hollingworth",
            age=72,
            sex="female",
            mrn="EUH-7730412",
            bed="12-04",
            admitted=date(2024, 11, 4),
            discharged=date(2024, 11, 11),
            route="from the emergency department",
            destination="home",
            attending="Jonathan Whitlock",
            clerked_by="Eilidh Fraser",
            diagnosis="severe community-acquired pneumonia of the right lower lobe",
            complaint="fever, cough with rusty sputum and right-sided chest pain",
            story=(
                "Mrs Hollingworth was well until three days ago, when she developed rigors, "
                "a cough productive of rust-coloured sputum and sharp pain in the right side "
                "of the chest on breathing in. Her husband found her confused this morning. "
                "She had influenza vaccination in October but has never had a pneumococcal "
                "vaccine."
            ),
            history=("Type 2 diabetes on metformin", "Hypertension", "Glaucoma"),
            home_meds=(
                "Metformin 1 g twice daily",
                "Losartan 50 mg once daily",
                "Latanoprost eye drops at night",
            ),
            allergy=("doxycycline", "a photosensitive rash"),
            social=(
                "Retired nurse, lives with her husband, independent. Never smoked. No alcohol."
            ),
            exam=(
                "Flushed and tired, now oriented (AMT 10/10). Bronchial breathing and "
                "dullness at the right base. No signs of meningism."
            ),
            ecg="Sinus tachycardia at 112 per minute.",
            imaging=(
                "Chest X-ray: dense consolidation of the right lower lobe with a small "
                "effusion. CURB-65 score 3."
            ),
            potassium=("3.5", "4.1"),
            creatinine=("142", "98"),
            procedure=(
                "ultrasound-guided chest drain insertion",
                date(2024, 11, 6),
                "Chloe Marchetti",
                "turbid fluid with a pH of 7.1 was drained from a complicated "
                "parapneumonic effusion",
            ),
            plan=(
                "Intravenous co-amoxiclav and clarithromycin",
                "Intravenous fluids; hold metformin and losartan",
                "Blood cultures and pneumococcal urinary antigen",
            ),
            course=(
                "Still febrile at 38.6 °C. Effusion enlarging on ultrasound; pleural team "
                "asked to review.",
                "Drain draining well. Confusion resolved.",
                "900 ml drained in the first 24 hours. Temperature settling.",
                "Drain removed after output fell below 100 ml a day. CRP falling.",
                "Switched to oral antibiotics. Walking with the physiotherapist.",
            ),
            hospital_course=(
                "Mrs Hollingworth's pneumonia was complicated by a parapneumonic effusion "
                "that needed drainage. She improved steadily on antibiotics, her acute "
                "kidney injury resolved with fluids, and she returned to her usual "
                "mobility."
            ),
            medication_change=(
                "Co-amoxiclav 625 mg three times daily was continued by mouth for seven "
                "more days, and metformin and losartan were restarted on the day before "
                "discharge."
            ),
            follow_up=(
                "respiratory clinic",
                date(2024, 12, 18),
                "Dr Whitlock's registrar",
            ),
            gp_actions=(
                "Repeat chest X-ray in six weeks to confirm resolution.",
                "Offer pneumococcal vaccination once recovered.",
            ),
            findings=(
                Finding(
                    "culture",
                    "course",
                    "Blood cultures taken on admission grew Streptococcus pneumoniae "
                    "sensitive to penicillin.",
                ),
            ),
            baseline=(121.0, 18.4, 286, 133),
        ),
        Patient(
            key="oyelaran",
            title="Mr",
            first="Frank",
            surname="Oyelaran",
            age=66,
            sex="male",
            mrn="EUH-7688150",
            bed="12-21",
            admitted=date(2024, 11, 5),
            discharged=date(2024, 11, 13),
            route="from the emergency department",
            destination="home",
            attending="Ines Carvalho",
            clerked_by="Arjun Nair",
            diagnosis="infective exacerbation of chronic obstructive pulmonary disease "
            "with hypercapnic respiratory failure",
            complaint="increasing breathlessness and green sputum for five days",
            story=(
                "Mr Oyelaran has severe chronic obstructive pulmonary disease with three "
                "exacerbations in the last year. He has been using his salbutamol inhaler "
                "every hour and started his rescue pack of prednisolone and amoxicillin two "
                "days ago without improvement. His wife noticed he was drowsy this morning."
            ),
            history=(
                "Chronic obstructive pulmonary disease, FEV1 38% of predicted",
                "Cor pulmonale",
                "Atrial flutter, ablated 2021",
            ),
            home_meds=(
                "Salbutamol inhaler as needed",
                "Furosemide 40 mg once daily",
                "Edoxaban 60 mg once daily",
                "Carbocisteine 750 mg three times daily",
            ),
            allergy=None,
            social=(
                "Former welder, lives with his wife in a ground-floor flat. Ex-smoker of 45 "
                "pack-years, stopped 2019. Walks about 50 metres before stopping."
            ),
            exam=(
                "Tired but alert. Using accessory muscles. Quiet breath sounds with "
                "widespread wheeze. Ankle oedema."
            ),
            ecg="Sinus tachycardia at 104 per minute, right axis deviation.",
            imaging="Chest X-ray: hyperexpanded lungs, no consolidation or pneumothorax.",
            potassium=("4.9", "4.6"),
            creatinine=("90", "86"),
            procedure=(
                "radial arterial line insertion",
                date(2024, 11, 5),
                "Arjun Nair",
                "non-invasive ventilation was then started at an inspiratory pressure of 20 "
                "cmH2O and an expiratory pressure of 5 cmH2O",
            ),
            plan=(
                "Controlled oxygen to target saturations of 88 to 92%",
                "Nebulised salbutamol and ipratropium",
                "Prednisolone 30 mg and intravenous amoxicillin",
                "Repeat arterial blood gas after one hour of ventilation",
            ),
            course=(
                "Tolerating ventilation overnight, about 14 hours in total.",
                "Weaning from ventilation during the day.",
                "Off ventilation. Breathless on exertion but talking in full sentences.",
                "Seen by the pulmonary rehabilitation team; referred for the spring course.",
            ),
            hospital_course=(
                "Mr Oyelaran needed three days of non-invasive ventilation for hypercapnic "
                "respiratory failure and was weaned without difficulty. He has been "
                "assessed for home ventilation, which will be discussed at clinic."
            ),
            medication_change=(
                "A triple inhaler of beclometasone, formoterol and glycopyrronium, two puffs "
                "twice daily, replaced his previous inhalers, and prednisolone 30 mg once "
                "daily continues for five more days."
            ),
            follow_up=("home ventilation clinic", date(2024, 12, 4), "Dr Carvalho"),
            gp_actions=(
                "Replace the rescue pack once prednisolone is completed.",
                "Review inhaler technique at the practice.",
            ),
            findings=(
                Finding(
                    "gas",
                    "investigations",
                    "The arterial blood gas on admission showed a pH of 7.28 and a carbon "
                    "dioxide tension of 8.9 kPa, improving to a pH of 7.36 after one hour "
                    "of ventilation.",
                ),
            ),
            vte="already anticoagulated with edoxaban, no additional prophylaxis",
            baseline=(164.0, 13.1, 48, 137),
        ),
        Patient(
            key="lindholm",
            title="Ms",
            first="Greta",
            surname="Lindholm",
            age=45,
            sex="female",
            mrn="EUH-7801236",
            bed="12-09",
            admitted=date(2024, 11, 6),
            discharged=date(2024, 11, 9),
            route="from the ambulatory emergency care unit",
            destination="home",
            attending="Abena Mensah",
            clerked_by="Kwame Boateng",
            diagnosis="bilateral pulmonary embolism with right ventricular strain",
            complaint="pleuritic chest pain and breathlessness after a long flight",
            story=(
                "Ms Lindholm flew back from Singapore five days ago. Since then her left "
                "calf has ached, and yesterday she developed sharp left-sided chest pain "
                "and breathlessness on climbing stairs. She takes a combined oral "
                "contraceptive pill."
            ),
            history=("Migraine with aura", "Anxiety"),
            home_meds=(
                "Combined oral contraceptive pill",
                "Propranolol 40 mg twice daily",
            ),
            allergy=("ibuprofen", "angioedema"),
            social="Project manager, lives alone. Never smoked. About 6 units a week.",
            exam=(
                "Comfortable at rest. Chest clear. Left calf swollen and tender, 3 cm "
                "larger than the right."
            ),
            ecg="Sinus tachycardia with T-wave inversion in V1 to V3.",
            imaging=(
                "Chest X-ray normal. CT pulmonary angiogram: emboli in both main pulmonary "
                "arteries with a right-to-left ventricular ratio of 1.2."
            ),
            potassium=("4.2", "4.0"),
            creatinine=("71", "70"),
            procedure=(
                "a lower-limb venous Doppler ultrasound",
                date(2024, 11, 7),
                "Eilidh Fraser",
                "it confirmed a thrombus in the left popliteal vein",
            ),
            plan=(
                "Treatment-dose low-molecular-weight heparin",
                "Echocardiogram and troponin for risk stratification",
                "Stop the combined pill",
            ),
            course=(
                "Haemodynamically stable. Troponin mildly raised. Echocardiogram shows a "
                "dilated right ventricle with preserved function.",
                "Switched to an oral anticoagulant. Contraception options discussed.",
            ),
            hospital_course=(
                "Ms Lindholm remained stable and did not need thrombolysis. The combined "
                "pill was stopped, and she chose a progestogen-only method."
            ),
            medication_change=(
                "Rivaroxaban was started at 15 mg twice daily for 21 days, then 20 mg once "
                "daily for at least three months, and the combined pill was stopped."
            ),
            follow_up=("thrombosis clinic", date(2024, 12, 2), "the anticoagulation team"),
            gp_actions=(
                "Do not prescribe oestrogen-containing contraception.",
                "Review the length of anticoagulation at three months.",
            ),
            vte="on treatment-dose low-molecular-weight heparin, no separate prophylaxis",
            baseline=(133.0, 9.3, 22, 139),
        ),
        Patient(
            key="kinsella",
            title="Mr",
            first="Walter",
            surname="Kinsella",
            age=84,
            sex="male",
            mrn="EUH-7412987",
            bed="12-15",
            admitted=date(2024, 11, 7),
            discharged=date(2024, 11, 19),
            route="from a nursing home via the emergency department",
            destination="back to his nursing home",
            attending="Jonathan Whitlock",
            clerked_by="Chloe Marchetti",
            diagnosis="aspiration pneumonia with acute kidney injury",
            complaint="coughing when eating, fever and reduced urine output",
            story=(
                "Mr Kinsella lives in a nursing home after a stroke in 2021. Staff report "
                "that he has been coughing during meals for two weeks and has been drinking "
                "little. Yesterday he became feverish and drowsy and passed very little "
                "urine."
            ),
            history=(
                "Left middle cerebral artery stroke, 2021, with dysphasia",
                "Vascular dementia",
                "Chronic kidney disease stage 3b",
                "Prostate cancer on hormone therapy",
            ),
            home_meds=(
                "Clopidogrel 75 mg once daily",
                "Atorvastatin 40 mg at night",
                "Lansoprazole 15 mg once daily",
                "Bicalutamide 50 mg once daily",
            ),
            allergy=("penicillin", "anaphylaxis"),
            social=(
                "Nursing home resident, needs help with washing and dressing, walks with a "
                "frame. Daughter holds lasting power of attorney for health."
            ),
            exam=(
                "Dry mucous membranes. Coarse crackles at the right base. Right-sided "
                "weakness, unchanged from baseline according to the home."
            ),
            ecg="Sinus rhythm, peaked T waves.",
            imaging=(
                "Chest X-ray: right lower zone consolidation. Renal ultrasound: no obstruction."
            ),
            potassium=("5.9", "4.7"),
            creatinine=("248", "131"),
            procedure=(
                "a videofluoroscopic swallow study",
                date(2024, 11, 12),
                "Harriet Osei",
                "it showed silent aspiration of thin fluids",
            ),
            plan=(
                "Nil by mouth pending speech and language therapy assessment",
                "Intravenous fluids and clarithromycin with metronidazole",
                "Calcium gluconate and insulin-dextrose for the potassium",
            ),
            course=(
                "Potassium 5.2 mmol/L after treatment. Urine output improving.",
                "Bedside speech and language therapy assessment: unsafe swallow for thin "
                "fluids; videofluoroscopy requested.",
                "Fever settled. Intravenous fluids reduced as he drinks thickened fluids.",
                "Creatinine still falling. Antibiotics to complete seven days.",
                "Best interests meeting with his daughter to follow the swallow study.",
                "Best interests decision: modified diet with thickened drinks, accepting "
                "some risk. Eating without coughing.",
                "Nursing home can take him back on Tuesday.",
            ),
            hospital_course=(
                "Mr Kinsella's pneumonia responded to antibiotics and his kidney function "
                "recovered with fluids. His swallow is unsafe for thin fluids, and after a "
                "best interests meeting he will eat a modified diet with thickened drinks, "
                "accepting some risk."
            ),
            medication_change=(
                "All drinks are to be thickened to level 2 and food given as IDDSI level 5 "
                "minced and moist, and lansoprazole was stopped."
            ),
            follow_up=("speech and language therapy clinic", date(2024, 12, 10), "the team"),
            gp_actions=(
                "Repeat renal function in one week.",
                "Review the treatment escalation plan with the nursing home.",
            ),
            baseline=(109.0, 16.7, 174, 147),
        ),
        Patient(
            key="haddad",
            title="Mrs",
            first="Samira",
            surname="Haddad",
            age=38,
            sex="female",
            mrn="EUH-7855093",
            bed="12-18",
            admitted=date(2024, 11, 8),
            discharged=date(2024, 11, 11),
            route="from the resuscitation room",
            destination="home",
            attending="Abena Mensah",
            clerked_by="Kwame Boateng",
            diagnosis="acute severe asthma",
            complaint="wheeze and breathlessness, unable to complete sentences",
            story=(
                "Mrs Haddad has had asthma since childhood. A cold a week ago made her wheezy, "
                "and she ran out of her preventer inhaler ten days ago. This morning she "
                "could not finish sentences and her reliever gave no relief."
            ),
            history=(
                "Asthma with two previous admissions, none to intensive care",
                "Allergic rhinitis",
                "Nasal polyps",
            ),
            home_meds=(
                "Budesonide/formoterol 200/6 inhaler, two puffs twice daily",
                "Salbutamol inhaler as needed",
                "Cetirizine 10 mg once daily",
            ),
            allergy=("aspirin", "severe bronchospasm"),
            social="Pharmacy technician, lives with her husband and daughter. Never smoked.",
            exam=(
                "Speaking in short phrases. Widespread polyphonic wheeze. Using accessory muscles."
            ),
            ecg="Sinus tachycardia at 122 per minute.",
            imaging="Chest X-ray: hyperinflation, no pneumothorax.",
            potassium=("3.0", "3.9"),
            creatinine=("60", "58"),
            procedure=(
                "arterial blood gas sampling",
                date(2024, 11, 8),
                "Kwame Boateng",
                "a normal carbon dioxide tension of 5.1 kPa was treated as a sign of tiring",
            ),
            plan=(
                "Intravenous magnesium sulphate 2 g over twenty minutes",
                "Back-to-back nebulised salbutamol, then four-hourly",
                "Prednisolone 40 mg once daily",
                "Potassium replacement",
            ),
            course=(
                "Peak flow improving. Nebulisers reduced to four-hourly.",
                "Back on inhalers. Inhaler technique checked by the asthma nurse.",
            ),
            hospital_course=(
                "Mrs Haddad responded to nebulised bronchodilators, steroids and magnesium "
                "and did not need critical care. Her peak flow was above 75% of her best "
                "before discharge."
            ),
            medication_change=(
                "Prednisolone 40 mg once daily continues for five days in total, and "
                "montelukast 10 mg at night was added."
            ),
            follow_up=("asthma clinic", date(2024, 12, 16), "Dr Mensah"),
            gp_actions=(
                "Asthma review within two working days.",
                "Check she has a written asthma action plan and a spacer.",
            ),
            findings=(
                Finding(
                    "peak_flow",
                    "investigations",
                    "Her peak expiratory flow on arrival was 180 L/min, compared with a "
                    "personal best of 470 L/min.",
                ),
            ),
            baseline=(136.0, 11.8, 15, 138),
        ),
        Patient(
            key="fairbairn",
            title="Mr",
            first="Douglas",
            surname="Fairbairn",
            age=59,
            sex="male",
            mrn="EUH-7690574",
            bed="12-02",
            admitted=date(2024, 11, 10),
            discharged=date(2024, 11, 15),
            route="from the emergency department",
            destination="home",
            attending="Ines Carvalho",
            clerked_by="Eilidh Fraser",
            diagnosis="secondary spontaneous pneumothorax on the left",
            complaint="sudden left-sided chest pain and breathlessness",
            story=(
                "Mr Fairbairn was lifting a box in his garage when he felt a sudden sharp "
                "pain in the left side of his chest and became short of breath. He has "
                "emphysema and had a small right pneumothorax in 2019 that settled without "
                "treatment."
            ),
            history=(
                "Emphysema",
                "Right pneumothorax, 2019, managed conservatively",
                "Alcohol-related liver disease, abstinent since 2022",
            ),
            home_meds=(
                "Tiotropium/olodaterol inhaler, two puffs once daily",
                "Thiamine 100 mg three times daily",
            ),
            allergy=None,
            social=(
                "Self-employed carpenter, lives alone. Smokes 15 cigarettes a day. No "
                "alcohol since 2022."
            ),
            exam=(
                "Reduced breath sounds and hyper-resonance on the left. Trachea central. "
                "Saturations 90% on air."
            ),
            ecg="Sinus rhythm, low voltage.",
            imaging="Chest X-ray: left pneumothorax with a rim of 3.2 cm at the hilum.",
            potassium=("4.1", "4.3"),
            creatinine=("84", "80"),
            procedure=(
                "12 French Seldinger chest drain insertion",
                date(2024, 11, 10),
                "Kwame Boateng",
                "the lung re-expanded on the check X-ray",
            ),
            plan=(
                "Chest drain under ultrasound guidance",
                "Oxygen to saturations of 88 to 92%",
                "Smoking cessation advice",
            ),
            course=(
                "Drain bubbling. Lung up on X-ray.",
                "Drain stopped bubbling. Clamped trial not used, per local policy.",
                "Drain removed; X-ray 4 hours later shows the lung still expanded.",
            ),
            hospital_course=(
                "Mr Fairbairn's pneumothorax resolved with a small-bore drain, which was "
                "removed after four days. He has been referred to the thoracic surgeons "
                "to discuss surgery to prevent recurrence."
            ),
            medication_change=(
                "Nicotine replacement with a 21 mg patch daily and an inhalator was "
                "started, and no other medicines were changed."
            ),
            follow_up=("pleural clinic", date(2024, 11, 29), "the pleural team"),
            gp_actions=(
                "No flying for at least one week after a check X-ray shows resolution.",
                "Continue smoking cessation support.",
            ),
            baseline=(158.0, 8.9, 11, 140),
        ),
        Patient(
            key="mwangi",
            title="Mrs",
            first="Philippa",
            surname="Mwangi",
            age=77,
            sex="female",
            mrn="EUH-7537728",
            bed="12-26",
            admitted=date(2024, 11, 12),
            discharged=date(2024, 11, 18),
            route="from the acute medical unit",
            destination="home with daily carers",
            attending="Stefan Novak",
            clerked_by="Arjun Nair",
            diagnosis="influenza A pneumonia",
            complaint="fever, aching muscles and a dry cough",
            story=(
                "Mrs Mwangi's grandchildren had flu last week. For four days she has had "
                "high fevers, aching in her legs and back, and a dry cough, and since "
                "yesterday she has been too weak to get out of bed."
            ),
            history=(
                "Heart failure with preserved ejection fraction",
                "Rheumatoid arthritis on methotrexate",
                "Osteoporosis",
            ),
            home_meds=(
                "Methotrexate 15 mg once weekly",
                "Folic acid 5 mg once weekly",
                "Furosemide 20 mg once daily",
                "Calcium and vitamin D, two tablets daily",
            ),
            allergy=("trimethoprim", "a widespread itchy rash"),
            social=(
                "Lives alone in a house, carers once daily for shopping. Never smoked. No alcohol."
            ),
            exam=("Febrile and dry. Scattered crackles at both bases. Tender muscles. No rash."),
            ecg="Sinus tachycardia at 106 per minute.",
            imaging="Chest X-ray: patchy bilateral lower zone shadowing.",
            potassium=("3.6", "4.2"),
            creatinine=("117", "95"),
            procedure=(
                "a nasopharyngeal swab for respiratory virus PCR",
                date(2024, 11, 12),
                "Arjun Nair",
                "it was positive for influenza A",
            ),
            plan=(
                "Isolate in a side room",
                "Oseltamivir and intravenous fluids",
                "Hold methotrexate during the infection",
            ),
            course=(
                "Fever settling. Drinking better.",
                "Walking with a frame. Occupational therapy assessment of the kitchen.",
                "Carers increased to daily visits while she recovers.",
            ),
            hospital_course=(
                "Mrs Mwangi recovered from influenza A pneumonia with antiviral treatment "
                "and fluids. Methotrexate was held during the infection and is to restart "
                "once she has recovered."
            ),
            medication_change=(
                "Oseltamivir 75 mg twice daily continues to complete five days, and "
                "methotrexate stays on hold until the rheumatology review."
            ),
            follow_up=("rheumatology clinic", date(2024, 12, 3), "her rheumatologist"),
            gp_actions=(
                "Check full blood count and liver function before methotrexate restarts.",
                "Offer the COVID-19 booster when well.",
            ),
            baseline=(119.0, 4.9, 96, 134),
        ),
        Patient(
            key="wisniewski",
            title="Mr",
            first="Tomasz",
            surname="Wisniewski",
            age=51,
            sex="male",
            mrn="EUH-7866611",
            bed="12-11",
            admitted=date(2024, 11, 13),
            discharged=date(2024, 11, 20),
            route="from the pleural clinic",
            destination="home",
            attending="Ines Carvalho",
            clerked_by="Chloe Marchetti",
            diagnosis="large right pleural effusion, suspected mesothelioma",
            complaint="breathlessness over two months and weight loss",
            story=(
                "Mr Wisniewski worked for twelve years removing insulation from ships. He "
                "has become breathless over two months and has lost 6 kg without trying. "
                "A diagnostic aspiration in clinic showed an exudate with no malignant "
                "cells."
            ),
            history=("Hypertension", "Lumbar disc prolapse, 2016"),
            home_meds=("Amlodipine 5 mg once daily", "Naproxen 500 mg as needed"),
            allergy=("morphine", "vivid hallucinations"),
            social=(
                "Works as a site manager, lives with his wife and son. Ex-smoker of 10 "
                "pack-years. About 10 units a week."
            ),
            exam=(
                "Stony dullness to the right mid-zone with absent breath sounds. Finger "
                "clubbing absent. No lymphadenopathy."
            ),
            ecg="Sinus rhythm, normal.",
            imaging=(
                "CT chest: large right effusion with nodular pleural thickening and "
                "calcified pleural plaques."
            ),
            potassium=("4.5", "4.4"),
            creatinine=("92", "90"),
            procedure=(
                "medical thoracoscopy with talc pleurodesis",
                date(2024, 11, 15),
                "Ines Carvalho",
                "2.4 litres of fluid were drained and nine pleural biopsies were taken",
            ),
            plan=(
                "Medical thoracoscopy for biopsies and pleurodesis",
                "Stop naproxen before the procedure",
                "Lung cancer nurse specialist to meet the patient",
            ),
            course=(
                "Seen by the lung cancer nurse specialist. Consent taken.",
                "Post-procedure: drain on suction. Pain controlled with oxycodone.",
                "Drain output low; chest X-ray shows the lung expanded.",
                "Drain removed. Biopsy results awaited.",
            ),
            hospital_course=(
                "Mr Wisniewski had a medical thoracoscopy with biopsies and talc "
                "pleurodesis, and his breathlessness improved. The biopsies are awaited and "
                "will be discussed at the multidisciplinary meeting."
            ),
            medication_change=(
                "Oxycodone 5 mg every four hours as needed was added for pleuritic pain, "
                "and naproxen was stopped."
            ),
            follow_up=(
                "lung cancer multidisciplinary clinic",
                date(2024, 11, 27),
                "Dr Carvalho",
            ),
            gp_actions=(
                "Industrial injuries advice given; support a claim if requested.",
                "Review analgesia in one week.",
            ),
            baseline=(139.0, 7.5, 31, 136),
        ),
    ),
)


# ---- questions ------------------------------------------------------------------------------


def others(ward: Ward, patient: Patient) -> list[Patient]:
    return [p for p in ward.patients if p.key != patient.key]


def ask_allergy(ward: Ward, p: Patient) -> Question:
    require(p.allergy is not None, f"{p.name} has no allergy")
    wrong = [o.allergy[0] for o in others(ward, p) if o.allergy and o.allergy[0] != p.allergy[0]]
    return Question(
        f"Which medicine or substance is {p.name} allergic to?",
        p.allergy[0],
        (f"{p.key}.allergy",),
        accept=(f"{p.allergy[0]} allergy",),
        distractors=tuple(wrong[:3]),
    )


def ask_potassium(ward: Ward, p: Patient) -> Question:
    value = p.potassium[0]
    wrong = [p.potassium[1], *[o.potassium[0] for o in others(ward, p)][:3]]
    return Question(
        f"What was {p.name}'s serum potassium on admission?",
        f"{value} mmol/L",
        (f"{p.key}.admission_bloods",),
        accept=(value,),
        distractors=tuple(f"{w} mmol/L" for w in wrong if w != value),
        unique=(f"{value} mmol/L",),
    )


def ask_creatinine(ward: Ward, p: Patient) -> Question:
    value = p.creatinine[0]
    wrong = [p.creatinine[1], *[o.creatinine[0] for o in others(ward, p)][:3]]
    return Question(
        f"What was {p.name}'s serum creatinine on admission?",
        f"{value} µmol/L",
        (f"{p.key}.admission_bloods",),
        accept=(value, f"{value} umol/L", f"{value} micromol/L"),
        distractors=tuple(f"{w} µmol/L" for w in wrong if w != value),
        unique=(f"{value} µmol/L",),
    )


def ask_creatinine_fall(p: Patient) -> Question:
    before, after = (int(v) for v in p.creatinine)
    return Question(
        f"By how much did {p.name}'s serum creatinine fall between admission and discharge?",
        f"{before - after} µmol/L",
        (f"{p.key}.admission_bloods", f"{p.key}.discharge_bloods"),
        accept=(str(before - after), f"{before - after} umol/L"),
        distractors=(f"{before} µmol/L", f"{after} µmol/L"),
    )


def ask_attending(ward: Ward, p: Patient) -> Question:
    surname = p.attending.split()[-1]
    wrong = [p.clerked_by, *[c for c, _ in ward.consultants if c != p.attending][:2]]
    return Question(
        f"Which consultant was responsible for {p.name}'s care on {ward.ward}?",
        p.attending,
        (f"{p.key}.attending",),
        accept=(f"Dr {surname}",),
        distractors=tuple(wrong),
    )


def ask_procedure_date(ward: Ward, p: Patient) -> Question:
    what, when, _, _ = p.procedure
    wrong = [long_date(p.admitted), long_date(p.discharged)]
    wrong += [long_date(o.procedure[1]) for o in others(ward, p)]
    return Question(
        f"On what date did {p.name} undergo {what}?",
        long_date(when),
        (f"{p.key}.procedure",),
        accept=tuple(date_variants(when)[1:]),
        distractors=tuple(dict.fromkeys(w for w in wrong if w != long_date(when)))[:4],
    )


def ask_operator(ward: Ward, p: Patient) -> Question:
    what, _, who, _ = p.procedure
    wrong = [p.attending, p.clerked_by] + [o.procedure[2] for o in others(ward, p)]
    return Question(
        f"Which doctor performed {p.name}'s {strip_article(what)}?",
        who,
        (f"{p.key}.procedure",),
        accept=(f"Dr {who.split()[-1]}",),
        distractors=tuple(dict.fromkeys(w for w in wrong if w != who))[:3],
    )


def ask_follow_up(ward: Ward, p: Patient) -> Question:
    clinic, when, _ = p.follow_up
    wrong = [long_date(o.follow_up[1]) for o in others(ward, p)]
    return Question(
        f"On what date is {p.name}'s follow-up appointment in the {clinic}?",
        long_date(when),
        (f"{p.key}.follow_up",),
        accept=tuple(date_variants(when)[1:]),
        distractors=tuple(w for w in wrong if w != long_date(when))[:3],
    )


def ask_stay(p: Patient) -> Question:
    days = (p.discharged - p.admitted).days
    return Question(
        f"How many days passed between {p.name}'s admission date and discharge date?",
        f"{days} days",
        (f"{p.key}.admitted", f"{p.key}.discharged"),
        accept=(f"{days} nights",),
        distractors=(f"{days + 1} days", f"{days - 1} days"),
    )


def ask_attending_of_allergic(ward: Ward, p: Patient) -> Question:
    require(p.allergy is not None, f"{p.name} has no allergy")
    holders = [o for o in ward.patients if o.allergy and o.allergy[0] == p.allergy[0]]
    require(len(holders) == 1, f"allergy {p.allergy[0]} is not unique on {ward.ward}")
    wrong = [c for c, _ in ward.consultants if c != p.attending]
    return Question(
        f"Which consultant was responsible for the patient on {ward.ward} who is allergic to "
        f"{p.allergy[0]}?",
        p.attending,
        (f"{p.key}.allergy", f"{p.key}.attending"),
        accept=(f"Dr {p.attending.split()[-1]}",),
        distractors=tuple(wrong),
    )


def strip_article(phrase: str) -> str:
    for lead in ("a ", "an "):
        if phrase.startswith(lead):
            return phrase[len(lead) :]
    return phrase


def patient(ward: Ward, key: str) -> Patient:
    return next(p for p in ward.patients if p.key == key)


def kingsmere_questions(ward: Ward) -> list[Question]:
    def p(key: str) -> Patient:
        return patient(ward, key)

    return [
        ask_allergy(ward, p("brenner")),
        ask_potassium(ward, p("ellison")),
        ask_attending(ward, p("achterberg")),
        ask_procedure_date(ward, p("penhaligon")),
        ask_operator(ward, p("ellison")),
        Question(
            "What left ventricular ejection fraction did Rosalind Fairweather's admission "
            "echocardiogram show?",
            "35%",
            ("fairweather.echo",),
            accept=("35 per cent",),
            distractors=("52%", "25%", "40%"),
            unique=("35%",),
        ),
        ask_follow_up(ward, p("demir")),
        ask_stay(p("achterberg")),
        ask_attending_of_allergic(ward, p("demir")),
    ]


def eastbrook_questions(ward: Ward) -> list[Question]:
    def p(key: str) -> Patient:
        return patient(ward, key)

    return [
        Question(
            "Which organism grew in Beatrice Hollingworth's admission blood cultures?",
            "Streptococcus pneumoniae",
            ("hollingworth.culture",),
            accept=("S. pneumoniae", "pneumococcus"),
            distractors=("influenza A",),
        ),
        ask_allergy(ward, p("hollingworth")),
        Question(
            "What was Frank Oyelaran's arterial pH on admission?",
            "7.28",
            ("oyelaran.gas",),
            accept=("pH 7.28",),
            distractors=("7.36", "7.1"),
            unique=("7.28",),
        ),
        Question(
            "What dose of rivaroxaban was Greta Lindholm prescribed for the first 21 days "
            "after discharge?",
            "15 mg twice daily",
            ("lindholm.medication",),
            accept=("15 mg bd", "15 mg two times a day"),
            distractors=("20 mg once daily", "60 mg once daily"),
        ),
        ask_creatinine(ward, p("kinsella")),
        Question(
            "What was Samira Haddad's peak expiratory flow when she arrived?",
            "180 L/min",
            ("haddad.peak_flow",),
            accept=("180 litres per minute", "180"),
            distractors=("470 L/min",),
            unique=("180 L/min",),
        ),
        ask_operator(ward, p("fairbairn")),
        ask_attending(ward, p("mwangi")),
        ask_procedure_date(ward, p("wisniewski")),
        ask_follow_up(ward, p("wisniewski")),
        ask_creatinine_fall(p("kinsella")),
        ask_stay(p("hollingworth")),
        ask_attending_of_allergic(ward, p("haddad")),
    ]


def build_clinical(name: str, id_prefix: str, ward: Ward, questions: list[Question]) -> Built:
    doc = render_ward(ward, seed=f"longdoc-{name}")
    return Built(
        name=name,
        doc_kind="clinical",
        id_prefix=id_prefix,
        text=doc.render(),
        evidence=doc.evidence,
        questions=questions,
    )


def clinical_documents() -> list[Built]:
    return [
        build_clinical("clinical_a", "clin-a", KINGSMERE, kingsmere_questions(KINGSMERE)),
        build_clinical("clinical_b", "clin-b", EASTBROOK, eastbrook_questions(EASTBROOK)),
    ]
