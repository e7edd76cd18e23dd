"""Scientific documents: a volume of workshop proceedings with six full papers.
Every paper reports the same kinds of facts (cohort or sample sizes, a main result
next to a baseline, a funder, a corresponding author), so the other papers carry
similar numbers that a careless reader would give for the one asked about."""

from __future__ import annotations

import random
from dataclasses import dataclass

from docmodel import Built, Doc, Question


@dataclass(frozen=True)
class P:
    """A planted sentence inside a paper: `key` names it for the questions."""

    key: str
    text: str


Sentence = str | P


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    authors: tuple[tuple[str, int], ...]  # name, affiliation number
    affiliations: tuple[str, ...]
    corresponding: P
    keywords: tuple[str, ...]
    abstract: str
    introduction: str
    data: tuple[Sentence, ...]  # methods: data, cohort or study sites
    approach: tuple[Sentence, ...]  # methods: model or field and lab work
    results: tuple[Sentence, ...]
    table: tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]
    results_after: tuple[Sentence, ...]
    discussion: str
    funding: P
    prospective: bool = False  # recruited participants (consent) rather than records


@dataclass(frozen=True)
class Proceedings:
    title: str
    short: str
    venue: str
    dates: str
    field: str  # "ml" or "ecology": which generic wording and references
    preface: str
    chairs: tuple[str, ...]
    committee: tuple[str, ...]
    keynote: tuple[str, str, str]  # speaker, title, abstract
    papers: tuple[Paper, ...]
    posters: tuple[tuple[str, str, str], ...]  # title, authors, abstract
    panel: str  # summary of the closing panel discussion


# ---- generic wording ---------------------------------------------------------------------

# Generic wording by field: "ml" (scientific_a), "ecology" (scientific_b),
# "transport" (scientific_c, whose module says why the sizes matter).
STATISTICS = {
    "ml": (
        "Confidence intervals were obtained from 2,000 bootstrap resamples of the test set.",
        "Calibration was assessed with the calibration slope and intercept and with "
        "calibration plots in deciles of predicted risk.",
        "We report the study according to the TRIPOD statement for prediction models.",
        "Missing values were carried forward from the last observation for up to 24 hours "
        "and otherwise imputed with the training set median, with an indicator variable "
        "for missingness.",
        "Hyperparameters were chosen by five-fold cross-validation on the development data "
        "only; the test data were not used until the final evaluation.",
        "Decision curve analysis compared the net benefit of the model with treating all or "
        "no patients over a range of threshold probabilities.",
        "Subgroup performance was examined by age, sex and admitting specialty to check for "
        "differences between groups.",
        "All analyses were carried out in Python 3.11 with scikit-learn and PyTorch, and the "
        "code was reviewed by a second analyst.",
    ),
    "ecology": (
        "We fitted linear mixed-effects models with site nested in catchment as random "
        "intercepts, using the lme4 package in R 4.3.",
        "Model selection used Akaike's information criterion corrected for small samples, "
        "and models within two units of the best were averaged.",
        "Residuals were checked for normality, homogeneity of variance and spatial "
        "autocorrelation with Moran's I.",
        "Count data were modelled with a negative binomial distribution to account for "
        "overdispersion.",
        "Effects were considered significant at the 5% level, and we report 95% confidence "
        "intervals throughout.",
        "Temperature was logged every 30 minutes with submerged loggers calibrated against "
        "a reference thermometer before and after each season.",
        "Samples were processed blind to site and treatment by a technician who did not "
        "take part in the fieldwork.",
        "Field blanks and laboratory blanks were processed alongside every batch to detect "
        "contamination.",
    ),
    "transport": (
        "Standard errors were clustered by site or by participant.",
        "Counts were modelled with negative binomial regression, with exposure as an offset "
        "where it was known.",
        "Effects were considered significant at the 5% level.",
        "The analysis plan was registered before the outcome data were examined.",
        "Subgroup comparisons were not adjusted for multiplicity and are exploratory.",
        "Missing values were filled by multiple imputation with 20 imputed data sets.",
        "All analyses were carried out in R 4.3 and checked by a second analyst.",
        "A random tenth of the records was coded again by a second coder.",
        "Models were compared with Akaike's information criterion.",
        "Continuous covariates were entered as restricted cubic splines with four knots.",
        "Robustness was checked by repeating the main analysis without the largest site.",
        "Sample sizes were chosen in advance to detect the smallest effect of practical "
        "importance with 80% power.",
    ),
}

LIMITATIONS = {
    "ml": (
        "The study used routinely collected data, whose recording practices differ between "
        "hospitals and over time.",
        "Outcome definitions based on codes and orders may misclassify some patients.",
        "We did not assess whether use of the model changes clinical decisions or outcomes.",
        "Performance may fall as practice changes, so the model will need monitoring and "
        "periodic recalibration.",
        "Some groups, such as patients transferred between hospitals, were too small for "
        "separate analysis.",
    ),
    "ecology": (
        "Sampling took place in summer only, and conditions in other seasons may differ.",
        "The study is observational, and unmeasured differences between sites may explain "
        "part of the associations.",
        "The number of sites limits the power to detect interactions between drivers.",
        "Weather in the study years was not typical of the longer record, which may affect "
        "how far the results can be generalised.",
        "Some variables were measured only once per site and year, which adds noise to "
        "the estimated relationships.",
    ),
    "transport": (
        "The study took place in a few European countries, and road design and road user "
        "behaviour differ elsewhere.",
        "The settings studied were not chosen at random, so the results may not transfer "
        "directly to other roads, fleets or populations.",
        "Road users may adapt to a measure over time, and effects beyond the study period "
        "could not be observed.",
        "Some subgroups were too small for separate analysis, and their results are imprecise.",
    ),
}
ACKNOWLEDGEMENTS = (
    "Acknowledgements: we thank the staff who collected the data and the anonymous "
    "reviewers for their helpful comments.",
    "Acknowledgements: we are grateful to the technicians and students who helped with "
    "the work, and to the data custodians for access.",
    "Acknowledgements: we thank our patient and public involvement panel and the reviewers.",
    "Acknowledgements: we thank the landowners, field assistants and laboratory staff "
    "who made the work possible.",
)

DATA_AVAILABILITY = (
    "Data availability: the data are available from the corresponding author on "
    "reasonable request and with the permission of the data custodians.",
    "Data availability: code and aggregated results are available in a public repository; "
    "individual-level data cannot be shared under the ethics approval.",
    "Data availability: all data and analysis scripts are archived in an open repository "
    "with a persistent identifier.",
)
CONFLICTS = (
    "Competing interests: the authors declare no competing interests.",
    "Competing interests: one author has received consulting fees from a device "
    "manufacturer unrelated to this work; the others declare none.",
    "Competing interests: none declared.",
)
ETHICS = {
    "records": (
        "The study was approved by the regional research ethics committee, which waived "
        "individual consent for the use of pseudonymised routine data.",
        "Ethics approval covered the use of pseudonymised records without individual "
        "consent, and data were analysed within each hospital's secure environment.",
    ),
    "participants": (
        "Ethics approval was granted by the institutional review board of each "
        "participating site, and all participants gave written informed consent.",
        "The study was approved by the research ethics committee, and every participant "
        "gave written informed consent before enrolment.",
    ),
    "ecology": (
        "Fieldwork was carried out under permits from the regional environmental "
        "authority, and fish handling was approved by the national animal research "
        "authority.",
        "Sampling on private land was done with the owners' permission, and no protected "
        "species were disturbed.",
    ),
}

REFERENCE_TITLES = {
    "ml": (
        "Prediction models for deterioration on general wards: a systematic review",
        "Calibration: the Achilles heel of predictive analytics",
        "External validation of clinical prediction models using big datasets",
        "Dataset shift in clinical machine learning",
        "Sample size for developing a clinical prediction model",
        "Deep learning for electronic health records: a review",
        "Transparent reporting of a multivariable prediction model (TRIPOD)",
        "Recurrent neural networks for multivariate time series with missing values",
        "Federated optimization in heterogeneous networks",
        "Clinical language models for information extraction from discharge summaries",
        "Alert fatigue in hospital early warning systems",
        "Net benefit approaches to the evaluation of prediction models",
        "Bias in clinical prediction models across demographic groups",
        "Gradient boosting machines: a tutorial",
        "Screening for atrial fibrillation with wearable devices",
        "Automated grading of diabetic retinopathy in screening programmes",
    ),
    "ecology": (
        "Thermal tolerance of juvenile salmonids in a warming climate",
        "Riparian shading as a tool to cool streams",
        "Microplastics in freshwater sediments: a global synthesis",
        "Methods for the extraction and identification of microplastics",
        "Seagrass restoration: lessons from three decades of trials",
        "Browning of northern lakes and its consequences for food webs",
        "Dissolved organic carbon trends in boreal surface waters",
        "Sea lice from salmon farms and the decline of wild sea trout",
        "Environmental DNA for the detection of invasive species",
        "The spread of signal crayfish in Nordic waters",
        "Mixed-effects models and extensions in ecology with R",
        "Zooplankton size structure as an indicator of lake condition",
        "Long-term monitoring of boreal lakes: what have we learned",
        "Density dependence in stream-dwelling brown trout",
        "Eelgrass decline and recovery in the Baltic and North Sea",
        "Detection probability of crayfish trapping surveys",
    ),
    "transport": (
        "The empirical Bayes method in before-after road safety studies",
        "Crash modification factors for roundabout conversion: a meta-analysis",
        "Take-over time in highly automated driving: a review of the evidence",
        "Driver drowsiness detection from eyelid movements: a review",
        "The Karolinska Sleepiness Scale in driving research",
        "Under-reporting of cyclist injuries in police crash records",
        "Protected bicycle infrastructure and cyclist safety: a systematic review",
        "Safety in numbers for walking and cycling",
        "Transit signal priority: a review of field evaluations",
        "Measuring travel time reliability for public transport",
        "Pedestrian countdown signals and crossing behaviour",
        "Red-light crossing by pedestrians at signalised crossings",
        "Regression to the mean in the evaluation of road safety measures",
        "The validity of driving simulators for behavioural research",
        "Vision Zero and the safe system approach",
        "Negative binomial models of crash frequency",
    ),
}
JOURNALS = {
    "ml": (
        "J Med Inform",
        "Lancet Digit Health",
        "NPJ Digit Med",
        "BMJ",
        "Crit Care Med",
        "Proc Mach Learn Res",
        "J Am Med Inform Assoc",
        "Ann Intern Med",
    ),
    "ecology": (
        "Freshw Biol",
        "Ecol Freshw Fish",
        "Limnol Oceanogr",
        "Aquat Conserv",
        "Mar Ecol Prog Ser",
        "Water Res",
        "Environ DNA",
        "Glob Change Biol",
    ),
    "transport": (
        "Accid Anal Prev",
        "Transp Res Part F",
        "Transp Res Part A",
        "Traffic Inj Prev",
        "J Safety Res",
        "Hum Factors",
    ),
}
SURNAMES = (
    "Andersen",
    "Bakker",
    "Castellano",
    "Dahl",
    "Eriksson",
    "Fournier",
    "Gupta",
    "Hartmann",
    "Ito",
    "Jensen",
    "Kowalski",
    "Laine",
    "Moreau",
    "Nakamura",
    "Ortega",
    "Petersen",
    "Quist",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ulrich",
    "Virtanen",
    "Walsh",
    "Young",
    "Zhang",
)


def references(doc: Doc, field: str) -> list[str]:
    rng = doc.rng
    out = []
    for number, title in enumerate(rng.sample(REFERENCE_TITLES[field], k=12), start=1):
        names = rng.sample(SURNAMES, k=rng.randint(2, 4))
        authors = ", ".join(f"{n} {rng.choice('ABCDEFGHJKLMNPRST')}" for n in names)
        year = rng.randint(2009, 2024)
        volume, issue, first = rng.randint(4, 68), rng.randint(1, 12), rng.randint(10, 980)
        out.append(
            f"[{number}] {authors}. {title}. {rng.choice(JOURNALS[field])}. "
            f"{year};{volume}({issue}):{first}-{first + rng.randint(6, 14)}."
        )
    return out


# ---- rendering ----------------------------------------------------------------------------


def render_sentences(doc: Doc, paper: Paper, sentences: tuple[Sentence, ...]) -> list[str]:
    out = []
    for s in sentences:
        out.append(doc.plant(f"{paper.key}.{s.key}", s.text) if isinstance(s, P) else s)
    return out


def authors_short(paper: Paper) -> str:
    """How the paper is cited: "Solberg et al." """
    surname = paper.authors[0][0].split()[-1]
    return f"{surname} et al." if len(paper.authors) > 1 else surname


def render_paper(doc: Doc, proceedings: Proceedings, number: int, paper: Paper) -> None:
    # The running head of every page of a printed volume, which survives in text
    # extracted from it: a reader of one section knows which paper it belongs to.
    running_head = f"{proceedings.short} | Paper {number} | {authors_short(paper)} | {paper.title}"

    def section(heading: str) -> None:
        doc.title(running_head)
        doc.h2(heading)

    doc.h1(f"Paper {number}")
    doc.title(paper.title)
    doc.para(", ".join(f"{name} ({affiliation})" for name, affiliation in paper.authors))
    doc.lines([f"({i}) {a}" for i, a in enumerate(paper.affiliations, start=1)], "")
    doc.para(doc.plant(f"{paper.key}.{paper.corresponding.key}", paper.corresponding.text))
    doc.para("Keywords: " + "; ".join(paper.keywords) + ".")
    doc.h2("Abstract")
    doc.text(paper.abstract)
    doc.h2("1. Introduction")
    doc.text(paper.introduction)
    section("2. Methods")
    doc.h3("2.1 Data and setting")
    if proceedings.field == "ecology":
        ethics = ETHICS["ecology"]
    else:
        ethics = ETHICS["participants" if paper.prospective else "records"]
    doc.para(*render_sentences(doc, paper, paper.data), doc.pick(ethics))
    doc.h3(
        "2.2 "
        + ("Model development" if proceedings.field == "ml" else "Field and laboratory methods")
    )
    doc.para(*render_sentences(doc, paper, paper.approach))
    doc.h3("2.3 Quality control and statistical analysis")
    doc.para(*doc.some(STATISTICS[proceedings.field], 5))
    section("3. Results")
    doc.para(*render_sentences(doc, paper, paper.results))
    caption, header, rows = paper.table
    doc.table(caption, header, rows)
    doc.para(*render_sentences(doc, paper, paper.results_after))
    section("4. Discussion")
    doc.text(paper.discussion)
    doc.para("Limitations. " + " ".join(doc.some(LIMITATIONS[proceedings.field], 3)))
    doc.para(contributions(doc, paper), doc.pick(ACKNOWLEDGEMENTS))
    section("Declarations")
    doc.para(
        doc.plant(f"{paper.key}.{paper.funding.key}", paper.funding.text),
        doc.pick(CONFLICTS),
        doc.pick(DATA_AVAILABILITY),
    )
    doc.h3("References")
    doc.lines(references(doc, proceedings.field), "")


def contributions(doc: Doc, paper: Paper) -> str:
    """An author contributions statement from the authors' initials."""
    initials = [
        "".join(part[0] for part in name.replace("-", " ").split()) for name, _ in paper.authors
    ]
    roles = [
        "conceived the study",
        "collected the data",
        "did the analysis",
        "wrote the first draft",
    ]
    first, *rest = initials
    parts = [f"{first} {roles[0]} and {roles[3]}"]
    for person, role in zip(
        rest, doc.some([*roles[1:3], "revised the manuscript"], len(rest)), strict=False
    ):
        parts.append(f"{person} {role}")
    return "Author contributions: " + "; ".join(parts) + ". All authors approved the final version."


def render_proceedings(proceedings: Proceedings, seed: str) -> Doc:
    doc = Doc(random.Random(seed))
    pr = proceedings
    doc.title(pr.title.upper(), pr.short, f"{pr.venue}, {pr.dates}")
    doc.h1("Preface")
    doc.text(pr.preface)
    doc.lines(pr.chairs, "")
    doc.h2("Programme committee")
    doc.lines(pr.committee)
    doc.h2("Programme")
    sessions = ["Session A"] * 3 + ["Session B"] * 3
    times = ["09:40", "10:05", "10:30", "13:30", "13:55", "14:20"]
    doc.lines(
        [
            f"{time}, {session}: Paper {i}, {paper.title} (presented by {paper.authors[0][0]})"
            for i, (time, session, paper) in enumerate(
                zip(times, sessions, pr.papers, strict=True), start=1
            )
        ]
    )
    speaker, title, abstract = pr.keynote
    doc.h2(f"Keynote: {title}")
    doc.para(f"{speaker}.")
    doc.text(abstract)
    for number, paper in enumerate(pr.papers, start=1):
        render_paper(doc, pr, number, paper)
    doc.h1("Selected poster abstracts")
    for number, (title, authors, abstract) in enumerate(pr.posters, start=1):
        doc.h3(f"Poster {number}. {title}")
        doc.para(f"{authors}.")
        doc.text(abstract)
    doc.h1("Closing panel discussion")
    doc.text(pr.panel)
    doc.h1("Author index")
    index: dict[str, list[int]] = {}
    for number, paper in enumerate(pr.papers, start=1):
        for name, _ in paper.authors:
            index.setdefault(name, []).append(number)
    doc.lines(
        [
            f"{name}: paper {', '.join(str(n) for n in numbers)}"
            for name, numbers in sorted(index.items(), key=lambda kv: kv[0].split()[-1])
        ],
        "",
    )
    return doc


# ---- the two volumes ---------------------------------------------------------------------------

MLCP = Proceedings(
    title="Proceedings of the Fourth Workshop on Machine Learning for Clinical Prediction",
    short="MLCP 2024",
    venue="Aldermoor Conference Centre, Leeds",
    dates="13 and 14 June 2024",
    field="ml",
    preface="""
        The Workshop on Machine Learning for Clinical Prediction brings together clinicians,
        statisticians and computer scientists who build, validate and deploy prediction
        models in health care. This year the programme committee received 58 submissions,
        of which 6 were accepted as full papers and 14 as posters after double-blind review
        by at least three reviewers. The accepted papers share a concern that has grown in
        our field over the last few years: that a model is only as useful as its
        performance in the hospital where it is used, on patients it has never seen, and
        in the hands of staff who did not build it.

        Three of the full papers report external or prospective validation, one compares
        federated and centralised training across five hospitals, and two address tasks
        where language models and wearable devices are changing what can be measured. We
        thank the authors, the reviewers and the workshop's sponsors, and we are grateful
        to the Aldermoor Conference Centre for hosting the meeting.
    """,
    chairs=(
        "Helen Marwick and Joaquim Ferreira-Lund, workshop chairs",
        "Leeds, June 2024",
    ),
    committee=(
        "Adaeze Nwachukwu, Institute for Health Data Science, Kingsbridge University",
        "Bjorn Halvorsen, Nordvik University Hospital",
        "Carmen Ibarra, Centre for Biomedical Statistics, Valdoro",
        "David Feld, School of Computing, Ashcombe University",
        "Emily Cartwright, Royal Hallam Infirmary",
        "Farid Haddadi, Department of Epidemiology, Lindenfeld University",
        "Guo Ming, Shanbei Medical AI Laboratory",
        "Hanna Lehtinen, Institute of Clinical Medicine, Pohjola University",
    ),
    keynote=(
        "Professor Adaeze Nwachukwu, Kingsbridge University",
        "Models that last: monitoring prediction models after deployment",
        """
        Most clinical prediction models are validated once and then left alone, although
        the populations, treatments and recording practices they depend on keep changing.
        This talk will describe five years of monitoring a deployed deterioration model
        across eleven hospitals: how its calibration drifted after a change in the way
        respiratory rate was recorded, how the drift was detected, and what governance is
        needed so that updating a model is as routine as servicing any other piece of
        clinical equipment.
        """,
    ),
    posters=(
        (
            "Predicting Hospital Length of Stay from the Admission Note",
            "Camille Durand, Kingsbridge University",
            """
            We trained a language model on 22,310 admission notes to predict a length of
            stay over seven days. The AUROC was 0.74 on notes from a later year, and the
            model's errors were concentrated in patients awaiting social care.
            """,
        ),
        (
            "Delirium Risk in Older Surgical Patients: A Simple Score Versus a Random Forest",
            "Nils Bergqvist and Amara Eze, Nordvik University Hospital",
            """
            In 5,760 patients aged 70 or older, a random forest with 38 predictors reached
            an AUROC of 0.79 for postoperative delirium, compared with 0.76 for a
            four-item bedside score. The simpler score was preferred by ward staff.
            """,
        ),
        (
            "Sepsis Alerts in the Emergency Department: What Happens after the Alert?",
            "Priya Natarajan, Wexford Hill University",
            """
            Of 1,942 electronic sepsis alerts in one emergency department, 61% led to
            antibiotics within an hour. Alerts outside office hours were acted on more
            slowly, which suggests that staffing, not alert accuracy, limits the benefit.
            """,
        ),
        (
            "Fairness Audit of a Kidney Injury Prediction Model",
            "Tariq Aziz and Selma Kovac, Lindenfeld University",
            """
            A deployed acute kidney injury model had a sensitivity of 0.81 in men and 0.72
            in women at the same threshold. Recalibrating by sex closed most of the gap
            without reducing overall accuracy.
            """,
        ),
    ),
    panel="""
        The workshop closed with a panel on the question "What evidence should a hospital
        ask for before it switches a model on?", chaired by Helen Marwick. The panellists
        were a chief clinical information officer, a regulator, a patient representative
        and two of the authors of this year's papers.

        The panel agreed that discrimination on a retrospective test set is necessary but
        far from sufficient. The chief clinical information officer asked for evidence on
        three further points: how many alerts a ward will receive each day and what staff
        are expected to do with them, how the model behaves when inputs are missing or
        recorded late, and who will monitor it after deployment. The regulator reminded the
        audience that software that informs clinical decisions may be a medical device and
        that a change to the model, including retraining, may need a new assessment.

        The patient representative asked that patients be told when a model contributes to
        decisions about their care and that performance be reported separately for groups
        that are often under-represented in training data, such as older patients, people
        from ethnic minorities and people with learning disabilities. Several speakers from
        the floor described models that had been switched off within a year because staff
        lost trust in their alerts. The panel's closing recommendation was that every
        deployment should come with a plan for monitoring, a named owner and a defined
        trigger for review, and that journals and workshops should welcome reports of
        models that did not work in practice.
    """,
    papers=(
        Paper(
            key="sepsis",
            title="Early Warning of Sepsis on General Wards with a Recurrent Model of "
            "Routine Vital Signs",
            authors=(
                ("Ingrid Solberg", 1),
                ("Mateus Albuquerque", 1),
                ("Wen-Hsin Liao", 2),
                ("Rachel Abernathy", 3),
            ),
            affiliations=(
                "Department of Medical Informatics, Nordvik University Hospital, Nordvik, Norway",
                "School of Computing, Ashcombe University, Ashcombe, United Kingdom",
                "Centre for Acute Care Research, Wexford Hill University, Leeds, United Kingdom",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Rachel Abernathy, Centre for Acute Care Research, Wexford "
                "Hill University (r.abernathy@wexfordhill.example).",
            ),
            keywords=("sepsis", "early warning", "recurrent neural network", "external validation"),
            abstract="""
                Background: Sepsis on general wards is often recognised late. Aggregate
                early warning scores are simple but miss many deteriorating patients.
                Methods: We trained a gated recurrent unit network on routinely recorded
                vital signs and laboratory results from three hospitals and validated it
                at a fourth hospital that did not contribute training data. Results: The
                model identified patients who went on to meet sepsis criteria several hours
                before they did so and outperformed the early warning score in use at all
                four hospitals, with similar performance across age groups and sexes.
                Conclusions: A recurrent model of routine ward data can give earlier and
                more accurate warning of sepsis than the current score; a prospective
                evaluation of its effect on care is planned.
            """,
            introduction="""
                Sepsis causes about one in five deaths worldwide, and patients who develop
                it on general wards have worse outcomes than those who present with it to
                the emergency department, in part because recognition is delayed. Early
                warning scores such as NEWS2 add up points for abnormal vital signs and
                trigger a review above a threshold, but they ignore trends and treat every
                patient alike. Earlier machine learning models have rarely been tested
                outside the hospital that built them. We set out to develop a model that
                uses the trajectory of routine observations and to test it at an
                independent hospital.
            """,
            data=(
                P(
                    "development",
                    "The development cohort comprised 41,208 adult admissions to the general "
                    "wards of three hospitals between January 2016 and December 2021.",
                ),
                P(
                    "external",
                    "External validation used 12,954 admissions to a fourth hospital, Carrow "
                    "Bridge General, during 2022.",
                ),
                "Sepsis was defined by the Sepsis-3 criteria, with suspected infection "
                "identified from blood culture orders and antibiotic prescriptions and organ "
                "dysfunction from an increase in the SOFA score of two points or more.",
                "Patients admitted directly to intensive care and those with sepsis on "
                "arrival were excluded.",
            ),
            approach=(
                "The inputs were heart rate, blood pressure, respiratory rate, oxygen "
                "saturation, temperature, level of consciousness and eleven laboratory "
                "values, resampled to hourly intervals.",
                "A two-layer gated recurrent unit network with 128 hidden units produced a "
                "risk every hour, and an alert was raised when the risk crossed a threshold "
                "chosen to give the same alert rate as NEWS2 at a score of 5.",
                "The network was trained for 30 epochs with the Adam optimiser and a learning "
                "rate of 0.001, with early stopping on the validation loss.",
            ),
            results=(
                "Sepsis occurred in 2.9% of development admissions and 3.3% of external "
                "admissions.",
                "On the internal test split, drawn from the three development hospitals, the "
                "model's AUROC was 0.889.",
                P(
                    "model_auc",
                    "On the external validation cohort the recurrent model reached an area "
                    "under the receiver operating characteristic curve (AUROC) of 0.871 "
                    "(95% CI 0.858 to 0.884).",
                ),
            ),
            table=(
                "External validation by subgroup (AUROC of the recurrent model)",
                ("Subgroup", "Admissions", "Sepsis cases", "AUROC"),
                (
                    ("Age under 65", "5,412", "139", "0.879"),
                    ("Age 65 to 79", "4,388", "156", "0.866"),
                    ("Age 80 and over", "3,154", "132", "0.852"),
                    ("Women", "6,630", "201", "0.873"),
                    ("Men", "6,324", "226", "0.868"),
                ),
            ),
            results_after=(
                P(
                    "news2_auc",
                    "NEWS2, the early warning score in routine use at all four hospitals, had "
                    "an AUROC of 0.794 (95% CI 0.777 to 0.811) on the same external cohort.",
                ),
                "At the same alert rate the model's alerts fired a median of 5.6 hours before "
                "the sepsis criteria were met, compared with 2.1 hours for NEWS2.",
                "Calibration in the external cohort was good, with a calibration slope of 0.94.",
            ),
            discussion="""
                The model generalised well to a hospital that contributed no training
                data, losing little discrimination between the internal and external
                evaluations. Its advantage over NEWS2 comes mostly from trends: a slowly
                rising respiratory rate or a falling blood pressure that stays within the
                normal range would not raise the score but changes the model's risk. The
                study is retrospective, and sepsis labels based on cultures and
                antibiotics are imperfect. A stepped-wedge trial at two hospitals will
                test whether earlier alerts change treatment and outcomes.
            """,
            funding=P(
                "funding",
                "Funding: the study was supported by the Northern Health Innovation Fund "
                "(grant NHIF-2022-031).",
            ),
        ),
        Paper(
            key="retinopathy",
            title="Deep Learning Screening for Referable Diabetic Retinopathy in Community "
            "Pharmacies",
            authors=(
                ("Aarav Chaudhary", 1),
                ("Lena Brandstetter", 2),
                ("Tomasz Zielinski", 1),
                ("Grace Oduya", 3),
            ),
            affiliations=(
                "Department of Ophthalmology, Kingsbridge University, Kingsbridge, United Kingdom",
                "Institute of Medical Imaging, Lindenfeld University, Lindenfeld, Germany",
                "Pharmacy Practice Research Unit, Ashcombe University, Ashcombe, United Kingdom",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Aarav Chaudhary, Department of Ophthalmology, Kingsbridge "
                "University (a.chaudhary@kingsbridge.example).",
            ),
            keywords=("diabetic retinopathy", "screening", "deep learning", "pharmacy"),
            abstract="""
                Background: Attendance at diabetic eye screening is lowest among younger
                and poorer patients. Screening in community pharmacies could reach them if
                images can be graded at once. Methods: We trained a convolutional network
                to detect referable diabetic retinopathy and tested it prospectively in
                pharmacies against a reference standard of adjudicated grading by two
                retinal graders. Results: The system detected referable disease with high
                sensitivity and acceptable specificity and outperformed single graders
                working in the pharmacies. Conclusions: Automated grading in pharmacies is
                accurate enough to support a randomised comparison with standard screening.
            """,
            introduction="""
                Diabetic retinopathy remains a leading cause of sight loss in working-age
                adults, although systematic screening has reduced it in countries that
                offer it. About one in five people invited to screening do not attend, and
                non-attendance is concentrated among those at highest risk. Community
                pharmacies are visited often and are open long hours. We asked whether a
                deep learning system could grade images taken by pharmacy staff well enough
                to decide on referral during the visit.
            """,
            data=(
                P(
                    "training",
                    "The network was trained on 28,460 fundus photographs from the regional "
                    "diabetic eye screening programme, graded by certified graders.",
                ),
                P(
                    "test_set",
                    "The prospective test set included 3,112 people with diabetes who were "
                    "photographed in 41 community pharmacies between March and November "
                    "2023.",
                ),
                "Referable retinopathy was defined as moderate non-proliferative retinopathy "
                "or worse, or maculopathy.",
            ),
            approach=(
                P(
                    "camera",
                    "Pharmacy staff took two 45-degree images of each eye with the Optiview "
                    "H3 handheld non-mydriatic camera after a two-hour training session.",
                ),
                "The network, an EfficientNet-B4 pretrained on natural images, was fine-tuned "
                "for 25 epochs at an input resolution of 512 by 512 pixels, with heavy "
                "augmentation of brightness and contrast to mimic handheld images.",
                "Images judged ungradable by the network's quality module were retaken once, "
                "and the patient was referred to standard screening if they were still "
                "ungradable.",
            ),
            results=(
                "Of the 3,112 participants, 9.4% had referable retinopathy according to the "
                "reference standard, and 4.8% had at least one eye that remained ungradable.",
                P(
                    "sensitivity",
                    "For referable retinopathy the system had a sensitivity of 94.1% and a "
                    "specificity of 88.7% against the adjudicated reference standard.",
                ),
            ),
            table=(
                "Performance by image quality and age",
                ("Group", "Participants", "Sensitivity", "Specificity"),
                (
                    ("Good quality images", "2,405", "95.2%", "90.3%"),
                    ("Adequate quality images", "558", "91.0%", "83.9%"),
                    ("Age under 50", "1,021", "93.5%", "91.2%"),
                    ("Age 50 and over", "1,942", "94.4%", "87.4%"),
                ),
            ),
            results_after=(
                P(
                    "graders",
                    "Single human graders working in the pharmacies achieved a sensitivity "
                    "of 86.0% on the same images.",
                ),
                "The median time from photograph to result was 41 seconds.",
            ),
            discussion="""
                The system met the sensitivity required of screening programmes with images
                taken by staff with little training, and it was better than single graders
                on the same images. Specificity was lower than in studies using desktop
                cameras, which would increase referrals. Participants were volunteers and
                may not represent those who do not attend screening. A cluster-randomised
                trial will compare uptake and detection with standard screening.
            """,
            funding=P(
                "funding",
                "Funding: this work was funded by the Aldgate Vision Trust (grant AVT-2022-07).",
            ),
            prospective=True,
        ),
        Paper(
            key="readmission",
            title="Predicting 30-Day Readmission after Heart Failure Hospitalisation with "
            "Gradient-Boosted Trees",
            authors=(
                ("Olumide Bankole", 1),
                ("Sofie Lindqvist-Ahl", 2),
                ("Marco Bellucci", 1),
            ),
            affiliations=(
                "Centre for Biomedical Statistics, Valdoro University, Valdoro, Italy",
                "Department of Cardiology, Nordvik University Hospital, Nordvik, Norway",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Olumide Bankole, Centre for Biomedical Statistics, "
                "Valdoro University (o.bankole@valdoro.example).",
            ),
            keywords=("heart failure", "readmission", "gradient boosting", "LACE index"),
            abstract="""
                Background: Readmission after heart failure hospitalisation is common and
                costly, and existing scores predict it poorly. Methods: We developed a
                gradient-boosted tree model from regional health records and compared it
                with the LACE index on a temporally separate test set. Results: The model
                discriminated better than the LACE index, and its most important predictors
                were prior emergency admissions and laboratory values at discharge.
                Conclusions: Even a better model predicts readmission only moderately well,
                and its value will depend on the interventions it is used to target.
            """,
            introduction="""
                One in five patients admitted with heart failure is readmitted within a
                month, and many health systems penalise hospitals with high readmission
                rates. Transitional care programmes can reduce readmissions but are
                expensive, so they need to be targeted. The LACE index, which combines
                length of stay, acuity, comorbidity and emergency visits, is widely used
                but was developed for general medical patients. We examined whether a
                machine learning model using richer routine data could do better.
            """,
            data=(
                P(
                    "cohort",
                    "We identified 18,733 index admissions for heart failure in the regional "
                    "health records of northern Italy between 2015 and 2022.",
                ),
                P(
                    "readmitted",
                    "Unplanned readmission within 30 days of discharge followed 4,102 of "
                    "these admissions.",
                ),
                "Admissions from 2015 to 2020 were used for development and those from 2021 "
                "and 2022 formed the temporal test set.",
            ),
            approach=(
                "We used 146 candidate predictors from demographics, diagnoses, medicines, "
                "laboratory results and previous health care use.",
                "The model was a gradient-boosted tree ensemble with 600 trees of maximum "
                "depth 4 and a learning rate of 0.05, trained with XGBoost.",
                "Predictor importance was summarised with mean absolute SHAP values.",
            ),
            results=(
                P(
                    "auc",
                    "The gradient-boosted model achieved an AUROC of 0.712 on the temporal "
                    "test set, against 0.641 for the LACE index.",
                ),
                P(
                    "predictor",
                    "The most important predictor was the number of emergency admissions in "
                    "the preceding year, followed by serum sodium at discharge.",
                ),
            ),
            table=(
                "Readmission rate by fifth of predicted risk (temporal test set)",
                ("Risk fifth", "Admissions", "Readmitted", "Observed rate"),
                (
                    ("1 (lowest)", "1,102", "108", "9.8%"),
                    ("2", "1,102", "165", "15.0%"),
                    ("3", "1,101", "220", "20.0%"),
                    ("4", "1,102", "282", "25.6%"),
                    ("5 (highest)", "1,101", "398", "36.1%"),
                ),
            ),
            results_after=(
                "The calibration slope was 0.97, and decision curve analysis showed a net "
                "benefit over the LACE index at threshold probabilities between 15% and 40%.",
            ),
            discussion="""
                The model improved on the LACE index, but its discrimination remained
                moderate, as in most studies of readmission, because many readmissions are
                driven by events after discharge that no admission record can foresee.
                Prior use of emergency care was the strongest signal. The regional records
                do not capture social support or frailty, which may explain part of the
                remaining variation. Targeting transitional care to the highest-risk fifth
                would reach patients with a readmission rate above one in three.
            """,
            funding=P(
                "funding",
                "Funding: the study was supported by the National Heart Research Foundation "
                "(grant NHRF-2021-118).",
            ),
        ),
        Paper(
            key="medication_nlp",
            title="Extracting Medication Changes from Discharge Letters with a Fine-Tuned "
            "Clinical Language Model",
            authors=(
                ("Fenna Kuipers", 1),
                ("Rashid Al-Mansouri", 2),
                ("Beatrix Horvath", 1),
                ("Daniel Whitcombe", 2),
            ),
            affiliations=(
                "Department of Clinical Pharmacy, Ashcombe University, Ashcombe, United Kingdom",
                "Institute for Health Data Science, Kingsbridge University, Kingsbridge, "
                "United Kingdom",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Fenna Kuipers, Department of Clinical Pharmacy, Ashcombe "
                "University (f.kuipers@ashcombe.example).",
            ),
            keywords=("natural language processing", "discharge letters", "medication safety"),
            abstract="""
                Background: Medication changes made in hospital are often lost at
                discharge, and general practices receive them as free text. Methods: We
                annotated discharge letters for medication changes and their reasons and
                fine-tuned a clinical language model to extract them, comparing it with the
                rule-based system in use. Results: The fine-tuned model extracted changes
                far more accurately than the rule-based system, with the largest gains for
                dose changes and stopped medicines. Conclusions: Language models can make
                medication changes in letters structured and checkable.
            """,
            introduction="""
                Between a third and a half of patients have at least one medicine started,
                stopped or changed during a hospital stay. When these changes are not acted
                on after discharge, patients may restart medicines that harmed them or
                miss new treatment. The hospitals in our region send letters as free text,
                and a rule-based extractor flags changes for practice pharmacists, but it
                misses changes written in unusual ways. We tested whether a fine-tuned
                language model could do better.
            """,
            data=(
                P(
                    "corpus",
                    "We annotated 1,840 discharge letters from two hospitals, containing "
                    "9,615 mentions of medication changes.",
                ),
                P(
                    "kappa",
                    "Agreement between the two pharmacist annotators was high, with a Cohen's "
                    "kappa of 0.86.",
                ),
                "Letters from 2019 to 2022 were split by patient into training (70%), "
                "validation (10%) and held-out test (20%) sets.",
            ),
            approach=(
                P(
                    "training",
                    "We fine-tuned a 110-million-parameter clinical BERT model for 12 epochs "
                    "with a learning rate of 0.00002 and a batch size of 16.",
                ),
                "Each mention was labelled as started, stopped, dose increased, dose reduced "
                "or unchanged, together with the reason when one was given.",
            ),
            results=(
                P(
                    "f1",
                    "The fine-tuned model reached a micro-averaged F1 score of 0.912 on the "
                    "held-out letters.",
                ),
            ),
            table=(
                "F1 score by type of change (held-out letters)",
                ("Change", "Mentions", "Fine-tuned model", "Rule-based"),
                (
                    ("Started", "742", "0.934", "0.851"),
                    ("Stopped", "515", "0.905", "0.702"),
                    ("Dose increased", "238", "0.887", "0.690"),
                    ("Dose reduced", "266", "0.879", "0.655"),
                    ("Unchanged", "162", "0.903", "0.790"),
                ),
            ),
            results_after=(
                P(
                    "rule_based",
                    "The rule-based system in routine use had a micro-averaged F1 score of "
                    "0.774 on the same letters.",
                ),
                "Most remaining errors involved changes described across two sentences or "
                "in tables pasted into the letter.",
            ),
            discussion="""
                The fine-tuned model extracted medication changes much more accurately than
                the system in use, particularly stopped medicines and dose changes, which
                are the changes most likely to be missed. The annotated letters came from
                two hospitals with similar templates, and performance may be lower for
                other letter styles. We are now integrating the model into the practice
                pharmacists' workflow, where every extracted change is reviewed.
            """,
            funding=P(
                "funding",
                "Funding: this work was supported by the Pharmacy Research Trust (grant "
                "PRT-2023-12).",
            ),
        ),
        Paper(
            key="wearable_af",
            title="Atrial Fibrillation Detection from Single-Lead Wearable ECG: A "
            "Multicentre Validation",
            authors=(
                ("Siddharth Menon", 1),
                ("Karin Nyström", 2),
                ("Yaw Asante", 1),
            ),
            affiliations=(
                "Department of Epidemiology, Lindenfeld University, Lindenfeld, Germany",
                "Institute of Clinical Medicine, Pohjola University, Pohjola, Finland",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Karin Nyström, Institute of Clinical Medicine, Pohjola "
                "University (k.nystrom@pohjola.example).",
            ),
            keywords=("atrial fibrillation", "wearable", "electrocardiogram", "screening"),
            abstract="""
                Background: Undiagnosed atrial fibrillation causes preventable strokes, and
                wearable devices could find it. Methods: Older adults recruited in primary
                care wore a wristband recording single-lead ECG strips and, at the same
                time, a patch monitor as the reference. Results: The wristband's algorithm
                detected atrial fibrillation with very high accuracy, with few false alarms
                among participants in sinus rhythm. Conclusions: Wristband ECG could be
                used for population screening, and a trial of its effect on strokes is
                warranted.
            """,
            introduction="""
                Atrial fibrillation is present in about one in ten people over 80, and a
                third of them do not know it. Screening with handheld devices detects new
                cases, but single measurements miss paroxysmal episodes. Wristbands can
                record many ECG strips over days, but their accuracy outside selected
                hospital patients is uncertain. We evaluated a wristband algorithm against
                continuous patch monitoring in older adults recruited in primary care.
            """,
            data=(
                P(
                    "participants",
                    "The study enrolled 6,221 participants aged 65 or older at 9 primary care "
                    "centres in Germany and Finland.",
                ),
                P(
                    "device",
                    "Each participant wore the Pulsewise W2 wristband, which records a "
                    "30-second ECG strip every hour, for 14 days.",
                ),
                "A continuous patch monitor worn over the same 14 days, read by two "
                "cardiologists, was the reference standard.",
            ),
            approach=(
                "The algorithm, a one-dimensional convolutional network supplied by the "
                "manufacturer, classified each strip as sinus rhythm, atrial fibrillation or "
                "unreadable.",
                "A participant was classified as having atrial fibrillation when at least "
                "two strips were classified as such.",
                "The investigators had no role in developing the algorithm and analysed the "
                "data independently of the manufacturer.",
            ),
            results=(
                P(
                    "af_cases",
                    "Atrial fibrillation was present in 412 participants according to the "
                    "patch monitor.",
                ),
                P(
                    "auc",
                    "The algorithm detected atrial fibrillation with an AUROC of 0.962, a "
                    "sensitivity of 97.3% and a specificity of 91.5%.",
                ),
            ),
            table=(
                "Detection by burden of atrial fibrillation",
                ("Burden on patch monitor", "Participants", "Detected", "Sensitivity"),
                (
                    ("Persistent", "163", "163", "100%"),
                    ("Paroxysmal, over 10% of time", "142", "140", "98.6%"),
                    ("Paroxysmal, 10% of time or less", "107", "98", "91.6%"),
                ),
            ),
            results_after=(
                "Unreadable strips made up 6.7% of recordings and were more common in "
                "participants with tremor.",
                "Median wear time was 13.2 days.",
            ),
            discussion="""
                The wristband detected almost all persistent and high-burden atrial
                fibrillation and most low-burden episodes, with a specificity that would
                keep the number of confirmatory tests manageable in a screening programme.
                The participants were volunteers and healthier than the population of the
                same age. Whether treating the short episodes detected by wearables
                prevents strokes is uncertain and is being tested in ongoing trials.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the German-Finnish Cardiovascular Research "
                "Programme (grant GFCR-2021-009).",
            ),
            prospective=True,
        ),
        Paper(
            key="federated_icu",
            title="Federated Learning of ICU Mortality Models across Five Hospitals "
            "without Sharing Patient Data",
            authors=(
                ("Jonas Eberhardt", 1),
                ("Priyanka Sethi", 2),
                ("Lucas Moreau-Diallo", 3),
                ("Anneli Koskinen", 1),
            ),
            affiliations=(
                "Department of Intensive Care Medicine, Lindenfeld University Hospital, "
                "Lindenfeld, Germany",
                "Shanbei Medical AI Laboratory, Shanbei, Singapore",
                "Centre for Biomedical Statistics, Valdoro University, Valdoro, Italy",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Jonas Eberhardt, Department of Intensive Care Medicine, "
                "Lindenfeld University Hospital (j.eberhardt@lindenfeld.example).",
            ),
            keywords=("federated learning", "intensive care", "mortality", "privacy"),
            abstract="""
                Background: Mortality models for intensive care need data from many
                hospitals, but data sharing is restricted. Methods: Five hospitals trained
                a shared neural network model by federated averaging, exchanging only model
                updates. We compared it with a model trained on pooled data and with models
                trained at each site. Results: The federated model performed almost as well
                as the pooled model and better than local models, especially at the smaller
                sites. Conclusions: Federated learning makes multicentre models possible
                where data cannot leave the hospital.
            """,
            introduction="""
                Models that predict death in intensive care are used to benchmark units
                and to support decisions, but they lose accuracy when moved between
                hospitals. Training on data from many hospitals helps, yet privacy law and
                hospital policy often prevent pooling. Federated learning trains a shared
                model by sending model updates rather than data. Its performance on real
                intensive care data, with hospitals that differ in size and case mix, has
                rarely been compared with pooled training.
            """,
            data=(
                P(
                    "stays",
                    "Five hospitals contributed 73,519 intensive care stays, from 6,870 at "
                    "the smallest site to 24,112 at the largest.",
                ),
                "Hospital mortality was 11.8% overall and ranged from 8.9% to 15.2% between sites.",
                "Predictors were the worst values of 34 physiological and laboratory "
                "variables in the first 24 hours, age, admission type and comorbidities.",
            ),
            approach=(
                P(
                    "rounds",
                    "Training ran for 40 communication rounds with 5 local epochs per round, "
                    "using federated averaging weighted by site size.",
                ),
                "The network had three fully connected layers of 256, 128 and 64 units, with "
                "dropout of 0.3.",
                "For comparison, the same network was trained on data pooled in a secure "
                "environment under a separate agreement, and separately at each site.",
            ),
            results=(
                P(
                    "auc",
                    "The federated model reached a pooled AUROC of 0.846, close to the 0.852 "
                    "of the model trained on centrally pooled data.",
                ),
            ),
            table=(
                "AUROC at each site",
                ("Site", "Stays", "Local model", "Federated model"),
                (
                    ("Hospital 1", "24,112", "0.838", "0.851"),
                    ("Hospital 2", "17,406", "0.827", "0.849"),
                    ("Hospital 3", "14,389", "0.815", "0.843"),
                    ("Hospital 4", "10,742", "0.798", "0.839"),
                    ("Hospital 5", "6,870", "0.777", "0.836"),
                ),
            ),
            results_after=(
                P(
                    "local",
                    "Models trained at each site alone had a mean AUROC of 0.811.",
                ),
                "The gain from federation was largest at the two smallest sites.",
            ),
            discussion="""
                Federated training recovered almost all of the benefit of pooling data
                without moving patient records, and it helped most the hospitals that had
                least data of their own. Communication and coordination took more effort
                than expected; each round required all sites to be online. We did not add
                differential privacy, which would protect against some attacks on model
                updates but would reduce accuracy.
            """,
            funding=P(
                "funding",
                "Funding: the work was funded by the European Critical Care Data Consortium "
                "(grant ECCDC-2020-044).",
            ),
        ),
    ),
)

NCFCE = Proceedings(
    title="Proceedings of the 12th Nordic Conference on Freshwater and Coastal Ecology",
    short="NCFCE 2024",
    venue="Kvarnsund Field Station, Kvarnsund",
    dates="2 to 4 September 2024",
    field="ecology",
    preface="""
        The Nordic Conference on Freshwater and Coastal Ecology has met every second year
        since 2002. The twelfth meeting gathered 214 participants from eleven countries at
        the Kvarnsund Field Station, on the shore of a lake that has been monitored without
        interruption since 1961. The organising committee selected six contributions for
        publication as full papers in these proceedings from 87 oral presentations.

        The papers reflect the themes that dominated the meeting: warming waters and
        their effect on cold-water fish, new pollutants such as microplastics, the
        browning of lakes, the pressure that aquaculture places on wild fish, the
        restoration of coastal habitats, and new methods such as environmental DNA that
        make monitoring cheaper and more sensitive. We thank the authors, the reviewers,
        the staff of the field station and the Nordic Freshwater Fund, which supported
        travel for early-career researchers.
    """,
    chairs=(
        "Sigrun Aasheim and Pekka Rautio, conference chairs",
        "Kvarnsund, September 2024",
    ),
    committee=(
        "Anna-Karin Berglund, Department of Ecology, Norrfors University",
        "Erik Thorvaldsen, Institute of Marine Research, Hallvik",
        "Helena Mattsson, Freshwater Laboratory, Kvarnsund Field Station",
        "Jukka Heinonen, Finnish Lakes Institute, Kuopio",
        "Marit Lunde, Norwegian Institute for Nature Studies",
        "Ole Kristiansen, Department of Biology, Aarvik University",
        "Rasa Jankauskiene, Baltic Coastal Research Centre, Klaipeda",
    ),
    keynote=(
        "Professor Helena Mattsson, Kvarnsund Field Station",
        "Sixty years of watching one lake",
        """
        Lake Kvarnsjön has been sampled every month since 1961. Over that time it has
        warmed by almost two degrees in summer, lost a month of ice cover and turned
        visibly browner, and its fish community has shifted from char towards perch and
        roach. The talk will show what continuous records can reveal that short studies
        cannot, and why long-term monitoring deserves stable funding.
        """,
    ),
    posters=(
        (
            "Ice-Off Dates in Forty Swedish Lakes, 1960 to 2023",
            "Oskar Lindgren, Norrfors University",
            """
            Ice now breaks up on average 16 days earlier than in the 1960s, with the
            largest change in southern lakes. Early ice-off was followed by earlier
            spring blooms of diatoms.
            """,
        ),
        (
            "Beaver Dams Raise Summer Water Temperatures Downstream",
            "Freya Madsen and Lauri Salo, Aarvik University",
            """
            Below 14 beaver dams, mean July temperatures were 1.3 °C higher than above
            them, and the effect faded within 400 m. Dams also trapped fine sediment and
            nutrients.
            """,
        ),
        (
            "Freshwater Pearl Mussel Recruitment after Removal of a Weir",
            "Sigrid Holm, Norwegian Institute for Nature Studies",
            """
            Five years after a weir was removed, juvenile mussels were found at 9 of 20
            surveyed sections, compared with 2 before the removal, as fine sediment was
            flushed from the gravel.
            """,
        ),
        (
            "Microplastics in the Stomachs of Perch from Urban and Rural Lakes",
            "Emma Virtala, Finnish Lakes Institute",
            """
            Microplastics were found in 34% of 410 perch from urban lakes and in 12% of
            perch from rural lakes. Most particles were fibres, as in the sediments of the
            same lakes.
            """,
        ),
    ),
    panel="""
        The final session was a panel on "Monitoring for the next sixty years", chaired by
        Sigrun Aasheim, with representatives of two national monitoring programmes, a
        regional environmental authority, a fishing association and an early-career
        researcher.

        The panellists agreed that long-term monitoring is the only way to separate trends
        from year-to-year variation, and that several of the results presented at the
        conference, including the browning of lakes and the warming of streams, would not
        have been detectable without records going back decades. They were concerned that
        monitoring budgets are often the first to be cut, and that changes in methods,
        laboratories or sampling dates can break a time series.

        Environmental DNA was discussed at length. The monitoring programmes see it as a
        cheap way to extend coverage, but they want agreed protocols, reference databases
        and quality control before it replaces established methods. The fishing association
        asked that results be shared quickly with local people, who are often the first to
        notice changes, and the early-career researcher called for stable positions so that
        the people who maintain long time series are not lost to short contracts.

        The conference ended with an excursion to the long-term monitoring station on Lake
        Kvarnsjön, where participants saw the sampling routines that have been followed
        there every month since 1961, and with the announcement that the thirteenth meeting
        will be held in Klaipeda in 2026.
    """,
    papers=(
        Paper(
            key="trout",
            title="Summer Stream Temperature Limits Juvenile Brown Trout Density in Lowland "
            "Tributaries",
            authors=(
                ("Maja Holmgren", 1),
                ("Tobias Nygaard", 2),
                ("Liisa Kettunen", 1),
            ),
            affiliations=(
                "Department of Ecology, Norrfors University, Norrfors, Sweden",
                "Department of Biology, Aarvik University, Aarvik, Denmark",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Maja Holmgren, Department of Ecology, Norrfors "
                "University (maja.holmgren@norrfors.example).",
            ),
            keywords=("brown trout", "stream temperature", "riparian shade", "climate"),
            abstract="""
                Lowland streams are warming, and juvenile brown trout are sensitive to
                high temperatures. We surveyed trout density and logged water temperature
                in tributaries of a lowland river over five summers. Trout density fell
                steeply above a July mean temperature of 18 °C, and sites shaded by trees
                were markedly cooler than open sites. Restoring riparian shade is a
                practical way to protect trout populations as summers become warmer.
            """,
            introduction="""
                Brown trout grow best at 13 to 14 °C, and their growth stops above about
                19 °C. In lowland catchments, where streams have been straightened and
                their banks cleared for farming, summer temperatures now regularly exceed
                these limits. Earlier studies have shown that warm summers reduce trout
                survival, but managers need to know at which temperature the decline
                starts and how much shading can help.
            """,
            data=(
                P(
                    "sites",
                    "We electrofished 46 sites in 12 lowland tributaries of the river "
                    "Lyngså every August from 2019 to 2023.",
                ),
                "Sites were 50 to 100 m long and were closed with nets during fishing.",
                "Riparian canopy cover was measured with a spherical densiometer at five "
                "points per site.",
            ),
            approach=(
                "Each site was fished three times, and density was estimated with the Zippin "
                "removal method.",
                "Water temperature was logged at every site from June to September.",
                "Young-of-the-year and older trout were separated by length-frequency "
                "distributions.",
            ),
            results=(
                P(
                    "decline",
                    "Density of young-of-the-year trout declined by 4.1 fish per 100 m2 for "
                    "every degree by which the mean July water temperature exceeded 18 °C.",
                ),
                P(
                    "densities",
                    "Mean density was 23.7 fish per 100 m2 at the coolest third of sites and "
                    "9.2 fish per 100 m2 at the warmest third.",
                ),
            ),
            table=(
                "Summary by year",
                ("Year", "Mean July temperature (°C)", "Sites above 18 °C", "Mean density"),
                (
                    ("2019", "17.2", "14", "17.9"),
                    ("2020", "16.8", "11", "19.4"),
                    ("2021", "17.9", "19", "15.6"),
                    ("2022", "18.6", "27", "12.1"),
                    ("2023", "18.1", "22", "14.3"),
                ),
            ),
            results_after=(
                P(
                    "shade",
                    "Sites with more than 60% riparian canopy cover were on average 1.8 °C "
                    "cooler in July than open sites.",
                ),
                "Older trout showed the same pattern but with wider confidence intervals.",
            ),
            discussion="""
                Juvenile trout density fell sharply once July temperatures passed 18 °C,
                close to the limits found in laboratory studies. Because shaded sites were
                much cooler, planting trees along the most exposed reaches could keep many
                sites below the threshold even as air temperatures rise. Our study is
                correlational, and warm sites also differed in other ways, such as
                nutrient concentrations, which we tried to account for in the models.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the Nordic Freshwater Fund (grant NFF-19-044).",
            ),
        ),
        Paper(
            key="microplastics",
            title="Microplastic Accumulation in the Sediments of Eleven Boreal Lakes",
            authors=(
                ("Aino Laaksonen", 1),
                ("Henrik Dahlberg", 2),
                ("Sara Vuorinen", 1),
                ("Mikko Ahola", 1),
            ),
            affiliations=(
                "Finnish Lakes Institute, Kuopio, Finland",
                "Department of Environmental Science, Norrfors University, Norrfors, Sweden",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Aino Laaksonen, Finnish Lakes Institute "
                "(aino.laaksonen@fli.example).",
            ),
            keywords=("microplastics", "lake sediments", "wastewater", "FTIR"),
            abstract="""
                Lake sediments are a sink for microplastics, but few boreal lakes have been
                studied. We took sediment cores from eleven lakes that differ in the
                population of their catchments and in whether they receive treated
                wastewater. Microplastics were found in every core, concentrations were
                highest near wastewater outlets, and fibres were the most common shape.
                Wastewater treatment upgrades could reduce inputs to lakes.
            """,
            introduction="""
                Microplastics, particles smaller than 5 mm, reach lakes through wastewater,
                stormwater, the air and the breakdown of larger litter. Most surveys have
                sampled surface water, which shows only what is passing through, whereas
                sediments integrate inputs over years. Boreal lakes are numerous and often
                receive wastewater from small towns, but they are poorly represented in
                the literature.
            """,
            data=(
                P(
                    "cores",
                    "We collected 132 sediment cores from 11 lakes in eastern Finland in "
                    "the summers of 2022 and 2023.",
                ),
                "Four of the lakes receive treated wastewater from towns of 4,000 to 38,000 "
                "people.",
                "Cores were taken with a gravity corer at 12 points per lake, stratified by "
                "distance from the main inflow.",
            ),
            approach=(
                "The top 5 cm of each core was dried, and particles were separated by "
                "density flotation in zinc chloride solution and digested with hydrogen "
                "peroxide.",
                P(
                    "polymer",
                    "The most common polymer identified by FTIR spectroscopy was "
                    "polyethylene terephthalate, followed by polypropylene.",
                ),
                "Particles between 50 µm and 5 mm were counted and classified by shape "
                "under a stereomicroscope.",
            ),
            results=(
                P(
                    "mean",
                    "The mean microplastic concentration across all cores was 1,420 "
                    "particles per kg of dry sediment.",
                ),
                P(
                    "maximum",
                    "The highest concentration, 3,870 particles per kg, was found in Lake "
                    "Särkijärvi, 300 m downstream of a wastewater outlet.",
                ),
            ),
            table=(
                "Concentrations by lake type",
                ("Lake type", "Lakes", "Cores", "Median particles per kg"),
                (
                    ("Receiving wastewater", "4", "48", "2,160"),
                    ("Populated catchment, no wastewater", "3", "36", "1,050"),
                    ("Forested catchment", "4", "48", "610"),
                ),
            ),
            results_after=(
                P(
                    "shapes",
                    "Fibres made up 63% of the particles, fragments 29% and films 8%.",
                ),
                "Concentrations fell with distance from the inflow in all lakes.",
            ),
            discussion="""
                Microplastics were present even in lakes with forested catchments, which
                points to atmospheric deposition. The highest concentrations were found
                close to wastewater outlets, and the dominance of polyester fibres is
                consistent with laundry as a major source. Sediment concentrations were
                within the range reported for European lakes. Filtering laundry water and
                adding tertiary treatment at small plants could reduce inputs.
            """,
            funding=P(
                "funding",
                "Funding: the research was supported by the Saimaa Water Protection "
                "Association (grant SWPA-2022-3).",
            ),
        ),
        Paper(
            key="eelgrass",
            title="Restoring Eelgrass Meadows in Sheltered Bays: Five-Year Outcomes of Seed "
            "and Shoot Transplanting",
            authors=(
                ("Karoline Brekke", 1),
                ("Jonas Lindahl", 2),
                ("Rasa Petrauskaite", 3),
            ),
            affiliations=(
                "Institute of Marine Research, Hallvik, Norway",
                "Department of Marine Sciences, Aarvik University, Aarvik, Denmark",
                "Baltic Coastal Research Centre, Klaipeda, Lithuania",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Karoline Brekke, Institute of Marine Research "
                "(karoline.brekke@imr-hallvik.example).",
            ),
            keywords=("eelgrass", "Zostera marina", "restoration", "transplanting"),
            abstract="""
                Eelgrass meadows have declined along Nordic coasts, and restoration has had
                mixed success. We compared planting adult shoots with sowing seeds in three
                sheltered bays and followed the plots for five years. Plots planted with
                shoots developed much denser meadows than sown plots, while plots in deeper
                water failed. Shoot transplanting in shallow, sheltered sites is the more
                reliable method.
            """,
            introduction="""
                Eelgrass, Zostera marina, forms meadows that store carbon, stabilise
                sediments and shelter young fish. Large areas were lost in the twentieth
                century to disease, eutrophication and coastal development, and natural
                recovery is slow once meadows have gone. Planting adult shoots is
                labour-intensive, while sowing seeds is cheaper but often fails, and few
                studies have compared the two methods for more than two years.
            """,
            data=(
                P(
                    "plots",
                    "We established 14 restoration plots of 100 m2 each in three sheltered "
                    "bays in 2019.",
                ),
                "Plots were at depths of 1.0 to 3.5 m on sandy sediment, and donor material "
                "came from the nearest healthy meadow.",
                "Half of the plots were planted with adult shoots and half were sown with seeds.",
            ),
            approach=(
                "Shoots were planted in bundles of three at 0.5 m spacing, anchored with "
                "biodegradable staples.",
                "Seeds were collected from flowering shoots in August and sown in hessian "
                "bags the following October.",
                "Divers counted shoots in six 0.25 m2 quadrats per plot every September.",
            ),
            results=(
                P(
                    "survival",
                    "Survival of transplanted shoots after the first winter was 71%.",
                ),
                P(
                    "density",
                    "After five years, plots planted with adult shoots held 212 shoots per "
                    "m2, compared with 58 shoots per m2 in plots sown with seeds.",
                ),
            ),
            table=(
                "Shoot density by year (shoots per m2, plots shallower than 2.5 m)",
                ("Year", "Shoot plots", "Seed plots", "Reference meadow"),
                (
                    ("2020", "41", "6", "304"),
                    ("2021", "87", "19", "297"),
                    ("2022", "134", "33", "311"),
                    ("2023", "178", "47", "289"),
                ),
            ),
            results_after=(
                P(
                    "depth",
                    "Plots deeper than 2.5 m failed in every bay, with no shoots left after "
                    "three years.",
                ),
                "Fish counts in the shoot plots approached those in the reference meadow by "
                "the fifth year.",
            ),
            discussion="""
                Planting adult shoots produced meadows approaching natural densities within
                five years, whereas sown plots developed slowly. The failure of deeper
                plots shows that light limits restoration in these bays, so improving
                water clarity must come first where meadows once grew deeper. The cost of
                shoot planting is high, but the success rate makes it cheaper per square
                metre of surviving meadow.
            """,
            funding=P(
                "funding",
                "Funding: the work was funded by the Coastal Habitat Restoration Programme "
                "(grant CHRP-2018-22).",
            ),
        ),
        Paper(
            key="browning",
            title="Browning of Lakes Shifts Zooplankton Communities toward Small Cladocerans",
            authors=(
                ("Petra Sjöberg", 1),
                ("Ville Hakala", 2),
                ("Ingeborg Ruud", 1),
            ),
            affiliations=(
                "Freshwater Laboratory, Kvarnsund Field Station, Kvarnsund, Sweden",
                "Finnish Lakes Institute, Kuopio, Finland",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Petra Sjöberg, Freshwater Laboratory, Kvarnsund Field "
                "Station (petra.sjoberg@kvarnsund.example).",
            ),
            keywords=("browning", "dissolved organic carbon", "zooplankton", "Daphnia"),
            abstract="""
                Many northern lakes are becoming browner as more dissolved organic carbon
                washes in from their catchments. We analysed twenty years of monitoring in
                lakes across Sweden and Finland. As lakes browned and became less clear,
                large Daphnia declined and small cladocerans increased, which may weaken
                the link between algae and fish.
            """,
            introduction="""
                Browning is caused by rising concentrations of dissolved organic carbon,
                linked to recovery from acid rain, wetter climates and changes in forestry.
                Brown water absorbs light and heat, changing the habitat of algae and the
                animals that feed on them. Large grazers such as Daphnia are important food
                for young fish, and their response to browning over long periods is not
                well known.
            """,
            data=(
                P(
                    "lakes",
                    "We used monthly data from 28 lakes sampled every summer from 2004 to "
                    "2023 by the national monitoring programmes.",
                ),
                P(
                    "secchi_start",
                    "In 2004 the mean Secchi depth across the lakes was 3.4 m.",
                ),
                "Lakes ranged from 0.4 to 31 km2 in area and had no major changes in land "
                "use over the period.",
            ),
            approach=(
                "Zooplankton were sampled with a 100 µm net in vertical hauls and counted to "
                "genus.",
                "Biomass was estimated from length-weight relationships.",
                "Trends were estimated with generalised additive mixed models with lake as a "
                "random effect.",
            ),
            results=(
                P(
                    "doc",
                    "Dissolved organic carbon increased by 0.21 mg/L per year on average.",
                ),
                P(
                    "secchi_end",
                    "By 2023 the mean Secchi depth had fallen to 2.6 m.",
                ),
                P(
                    "daphnia",
                    "Daphnia biomass fell by 37% over the twenty years, while the biomass of "
                    "small cladocerans such as Bosmina rose by 52%.",
                ),
            ),
            table=(
                "Mean values in the first and last five years",
                ("Variable", "2004 to 2008", "2019 to 2023", "Lakes with a trend"),
                (
                    ("Dissolved organic carbon (mg/L)", "8.1", "11.9", "24"),
                    ("Water colour (mg Pt/L)", "46", "71", "25"),
                    ("Surface temperature, July (°C)", "18.3", "19.5", "17"),
                    ("Total phosphorus (µg/L)", "14", "13", "5"),
                ),
            ),
            results_after=(
                "The decline of Daphnia was steepest in lakes with the largest increase in colour.",
                "Copepod biomass showed no consistent trend.",
            ),
            discussion="""
                As lakes browned, zooplankton communities shifted towards small-bodied
                species, a change usually attributed to predation by fish. Here fish
                stocks were stable, so the shift more likely reflects poorer food quality
                and lower oxygen in deeper water. Continued browning could reduce the food
                available to young fish.
            """,
            funding=P(
                "funding",
                "Funding: this study was supported by the Swedish-Finnish Lakes Programme "
                "(grant SFLP-2021-17).",
            ),
        ),
        Paper(
            key="sea_lice",
            title="Salmon Lice Infestation on Sea Trout near Open-Net Fish Farms",
            authors=(
                ("Eirik Solheim", 1),
                ("Astrid Vangen", 2),
                ("Kristian Myhre", 1),
                ("Nora Fjeldstad", 2),
            ),
            affiliations=(
                "Norwegian Institute for Nature Studies, Trondheim, Norway",
                "Institute of Marine Research, Hallvik, Norway",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Astrid Vangen, Institute of Marine Research "
                "(astrid.vangen@imr-hallvik.example).",
            ),
            keywords=("salmon lice", "sea trout", "aquaculture", "fjords"),
            abstract="""
                Salmon lice from fish farms are a threat to wild sea trout, which feed in
                fjords close to farms. We sampled sea trout at varying distances from
                active farms over three summers. Fish caught near farms carried many more
                lice than those caught far away, and most fish near farms were infested.
                Distance-based zones around farms could protect sea trout.
            """,
            introduction="""
                Open-net salmon farms hold millions of hosts for the salmon louse,
                Lepeophtheirus salmonis, and lice released from farms infect wild salmon
                and sea trout. Sea trout are especially exposed because they stay in
                coastal waters for the whole summer. Regulation is based on lice counts on
                farmed fish, but the relation between farm proximity and infestation of
                wild sea trout needs better data.
            """,
            data=(
                P(
                    "fish",
                    "We caught and examined 1,284 sea trout at 17 fjord locations between May "
                    "and August in 2021, 2022 and 2023.",
                ),
                "Fish were caught with gill nets and bag nets and checked for lice at all stages.",
                "Distance to the nearest active farm was measured by sea route.",
            ),
            approach=(
                "Lice were counted by stage under magnification, and fish length and weight "
                "were recorded.",
                "We related lice counts to distance, temperature, salinity and the number of "
                "farmed fish within 30 km.",
                "Farm production data were obtained from the fisheries authority.",
            ),
            results=(
                P(
                    "near",
                    "Sea trout caught within 10 km of an active fish farm carried a mean of "
                    "14.6 lice per fish.",
                ),
                P(
                    "prevalence",
                    "The prevalence of infestation near farms was 78%.",
                ),
            ),
            table=(
                "Infestation by distance to the nearest farm",
                ("Distance", "Fish", "Infested", "Lice above lethal load"),
                (
                    ("Under 10 km", "486", "379", "21%"),
                    ("10 to 30 km", "431", "212", "9%"),
                    ("Over 30 km", "367", "66", "1%"),
                ),
            ),
            results_after=(
                P(
                    "far",
                    "Sea trout caught more than 30 km from any farm carried a mean of 2.3 "
                    "lice per fish.",
                ),
                "Infestation rose with water temperature and with the number of farmed fish "
                "nearby.",
            ),
            discussion="""
                Infestation fell steeply with distance from farms, and a fifth of the fish
                caught near farms carried lice loads that are likely to be lethal for small
                sea trout. Distance-based zones in which farming is limited, or a switch to
                closed or semi-closed farms in the most sensitive fjords, would reduce the
                pressure on sea trout populations.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the Norwegian Wild Fish Trust (grant "
                "NWFT-2020-08).",
            ),
        ),
        Paper(
            key="crayfish_edna",
            title="Environmental DNA Detects Invasive Signal Crayfish Earlier than Trapping",
            authors=(
                ("Linnea Forsberg", 1),
                ("Mads Kjærgaard", 2),
                ("Juha Tikkanen", 3),
            ),
            affiliations=(
                "Department of Ecology, Norrfors University, Norrfors, Sweden",
                "Department of Biology, Aarvik University, Aarvik, Denmark",
                "Finnish Lakes Institute, Kuopio, Finland",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Linnea Forsberg, Department of Ecology, Norrfors "
                "University (linnea.forsberg@norrfors.example).",
            ),
            keywords=("environmental DNA", "invasive species", "signal crayfish", "qPCR"),
            abstract="""
                The signal crayfish carries crayfish plague and is spreading in Nordic
                rivers, where it threatens the native noble crayfish. We compared
                environmental DNA sampling with trapping at sites across several
                catchments over four years. Environmental DNA detected the invader at more
                sites than trapping and often years earlier. It should become the standard
                method for early warning.
            """,
            introduction="""
                Early detection is essential for controlling invasive species, because
                eradication is possible only while populations are small. Crayfish trapping
                is the standard survey method, but it detects crayfish reliably only at
                high densities. Environmental DNA, shed into the water in mucus and faeces,
                can reveal a species from a water sample.
            """,
            data=(
                P(
                    "sites",
                    "We sampled 64 sites in 9 river catchments in southern Sweden and Denmark "
                    "from 2020 to 2023.",
                ),
                "At each site three 1-litre water samples were filtered in the field every "
                "August, and 20 baited traps were set for two nights.",
            ),
            approach=(
                P(
                    "lod",
                    "The qPCR assay for signal crayfish had a limit of detection of 3 copies "
                    "per µL of extract.",
                ),
                "Samples were analysed in triplicate with negative controls on every plate.",
                "A site was recorded as positive when at least two replicates amplified.",
            ),
            results=(
                P(
                    "detected",
                    "Environmental DNA detected signal crayfish at 19 sites, whereas trapping "
                    "detected them at 11 sites.",
                ),
                P(
                    "overlap",
                    "Every site where traps caught signal crayfish was also positive for "
                    "environmental DNA.",
                ),
            ),
            table=(
                "First detection by method",
                ("Catchment group", "Sites", "First eDNA detection", "First trap catch"),
                (
                    ("Western Sweden", "22", "2020", "2022"),
                    ("Southern Sweden", "26", "2021", "2022"),
                    ("Jutland", "16", "2020", "2021"),
                ),
            ),
            results_after=(
                "At six sites environmental DNA detected the crayfish two years before the "
                "first trap catch.",
                "DNA concentrations were higher downstream of known populations.",
            ),
            discussion="""
                Environmental DNA was more sensitive than trapping and gave earlier
                warning of the invasion front, when control measures have the best chance
                of success. It cannot tell the size of a population, so trapping is still
                needed once a population is found. The method is cheaper per site and
                could be added to routine water quality sampling.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the Nordic Invasive Species Network (grant "
                "NISN-2019-06).",
            ),
        ),
    ),
)


# ---- questions ---------------------------------------------------------------------------


def about(pr: Proceedings, key: str) -> str:
    """How a question names the paper it is about."""
    paper = next(p for p in pr.papers if p.key == key)
    return f'the {pr.short} paper by {authors_short(paper)}, "{paper.title}"'


def mlcp_questions(pr: Proceedings) -> list[Question]:
    return [
        Question(
            f"How many admissions were in the external validation cohort of {about(pr, 'sepsis')}?",
            "12,954 admissions",
            ("sepsis.external",),
            accept=("12,954", "12954"),
            distractors=("41,208 admissions", "18,733", "3,112"),
            unique=("12,954",),
        ),
        Question(
            f"What AUROC did the recurrent model reach on the external validation cohort in "
            f"{about(pr, 'sepsis')}?",
            "0.871",
            ("sepsis.model_auc",),
            accept=("AUROC 0.871",),
            distractors=("0.889", "0.794", "0.846"),
            unique=("0.871",),
        ),
        Question(
            f"What sensitivity for referable retinopathy did the system achieve in "
            f"{about(pr, 'retinopathy')}?",
            "94.1%",
            ("retinopathy.sensitivity",),
            accept=("94.1 percent", "94.1 per cent"),
            distractors=("88.7%", "86.0%", "97.3%"),
            unique=("94.1%",),
        ),
        Question(
            f"What micro-averaged F1 score did the fine-tuned model reach in "
            f"{about(pr, 'medication_nlp')}?",
            "0.912",
            ("medication_nlp.f1",),
            accept=("F1 0.912",),
            distractors=("0.774", "0.86"),
            unique=("0.912",),
        ),
        Question(
            f"For how many communication rounds was the federated model trained in "
            f"{about(pr, 'federated_icu')}?",
            "40 communication rounds",
            ("federated_icu.rounds",),
            accept=("40 rounds", "40"),
            distractors=("5 local epochs", "30 epochs"),
        ),
        Question(
            f"What is the grant number of the funding for {about(pr, 'readmission')}?",
            "NHRF-2021-118",
            ("readmission.funding",),
            accept=("grant NHRF-2021-118",),
            distractors=("NHIF-2022-031", "GFCR-2021-009"),
        ),
        Question(
            f"Which wearable device did the participants wear in {about(pr, 'wearable_af')}?",
            "Pulsewise W2 wristband",
            ("wearable_af.device",),
            accept=("Pulsewise W2",),
            distractors=("Optiview H3",),
        ),
        Question(
            f"By how much did the recurrent model's external-validation AUROC exceed that of "
            f"NEWS2 on the same cohort in {about(pr, 'sepsis')}?",
            "0.077",
            ("sepsis.model_auc", "sepsis.news2_auc"),
            accept=("0.08",),
            distractors=("0.095", "0.871", "0.794"),
        ),
        Question(
            f"How many of the index admissions in {about(pr, 'readmission')} were not followed "
            f"by an unplanned readmission within 30 days?",
            "14,631",
            ("readmission.cohort", "readmission.readmitted"),
            accept=("14631", "14,631 admissions"),
            distractors=("4,102", "18,733"),
        ),
    ]


def ncfce_questions(pr: Proceedings) -> list[Question]:
    return [
        Question(
            f"How many sites were electrofished in {about(pr, 'trout')}?",
            "46 sites",
            ("trout.sites",),
            accept=("46",),
            distractors=("64 sites", "12 lowland tributaries", "17 fjord locations"),
        ),
        Question(
            f"By how much did young-of-the-year trout density decline for every degree above "
            f"18 °C of mean July water temperature, according to {about(pr, 'trout')}?",
            "4.1 fish per 100 m2",
            ("trout.decline",),
            accept=("4.1 fish", "4.1"),
            distractors=("9.2 fish per 100 m2", "23.7 fish per 100 m2", "1.8 °C"),
            unique=("4.1",),
        ),
        Question(
            f"What was the mean microplastic concentration across all sediment cores in "
            f"{about(pr, 'microplastics')}?",
            "1,420 particles per kg of dry sediment",
            ("microplastics.mean",),
            accept=("1,420 particles per kg", "1420 particles per kg", "1,420"),
            distractors=("3,870 particles per kg", "2,160", "1,050"),
            unique=("1,420",),
        ),
        Question(
            f"In which lake was the highest microplastic concentration found in "
            f"{about(pr, 'microplastics')}?",
            "Lake Särkijärvi",
            ("microplastics.maximum",),
            accept=("Särkijärvi",),
            distractors=("Lake Kvarnsjön",),
        ),
        Question(
            f"After five years, what shoot density did the plots planted with adult shoots "
            f"hold in {about(pr, 'eelgrass')}?",
            "212 shoots per m2",
            ("eelgrass.density",),
            accept=("212 shoots per square metre", "212"),
            distractors=("58 shoots per m2", "178", "304"),
            unique=("212 shoots per m2",),
        ),
        Question(
            f"What was the survival of transplanted shoots after the first winter in "
            f"{about(pr, 'eelgrass')}?",
            "71%",
            ("eelgrass.survival",),
            accept=("71 percent", "71 per cent"),
            distractors=("78%", "63%"),
            unique=("71%",),
        ),
        Question(
            f"By what percentage did Daphnia biomass fall over the twenty years in "
            f"{about(pr, 'browning')}?",
            "37%",
            ("browning.daphnia",),
            accept=("37 percent", "37 per cent"),
            distractors=("52%", "63%"),
            unique=("37%",),
        ),
        Question(
            f"How many sea trout were caught and examined in {about(pr, 'sea_lice')}?",
            "1,284 sea trout",
            ("sea_lice.fish",),
            accept=("1,284", "1284"),
            distractors=("486", "132 sediment cores"),
            unique=("1,284",),
        ),
        Question(
            f"What mean number of lice per fish did sea trout caught within 10 km of an active "
            f"fish farm carry in {about(pr, 'sea_lice')}?",
            "14.6 lice per fish",
            ("sea_lice.near",),
            accept=("14.6 lice", "14.6"),
            distractors=("2.3 lice per fish", "78%"),
            unique=("14.6",),
        ),
        Question(
            f"At how many sites did environmental DNA detect signal crayfish in "
            f"{about(pr, 'crayfish_edna')}?",
            "19 sites",
            ("crayfish_edna.detected",),
            accept=("19",),
            distractors=("11 sites", "64 sites"),
        ),
        Question(
            f"How many more lice per fish did sea trout within 10 km of a farm carry than sea "
            f"trout more than 30 km from any farm, in {about(pr, 'sea_lice')}?",
            "12.3 lice per fish",
            ("sea_lice.near", "sea_lice.far"),
            accept=("12.3 lice", "12.3"),
            distractors=("14.6 lice per fish", "2.3 lice per fish"),
        ),
        Question(
            f"At how many sites did environmental DNA detect signal crayfish although trapping "
            f"did not, in {about(pr, 'crayfish_edna')}?",
            "8 sites",
            ("crayfish_edna.detected", "crayfish_edna.overlap"),
            accept=("eight sites", "8"),
            distractors=("6 sites", "19 sites", "11 sites"),
        ),
        Question(
            f"By how much did the mean Secchi depth across the lakes decrease between 2004 and "
            f"2023 in {about(pr, 'browning')}?",
            "0.8 m",
            ("browning.secchi_start", "browning.secchi_end"),
            accept=("0.8 metres", "0.8 meters", "0.8"),
            distractors=("3.4 m", "2.6 m"),
        ),
    ]


def build_volume(name: str, id_prefix: str, pr: Proceedings, questions: list[Question]) -> Built:
    doc = render_proceedings(pr, seed=f"longdoc-{name}")
    return Built(
        name=name,
        doc_kind="scientific",
        id_prefix=id_prefix,
        text=doc.render(),
        evidence=doc.evidence,
        questions=questions,
    )


def scientific_documents() -> list[Built]:
    return [
        build_volume("scientific_a", "sci-a", MLCP, mlcp_questions(MLCP)),
        build_volume("scientific_b", "sci-b", NCFCE, ncfce_questions(NCFCE)),
    ]
