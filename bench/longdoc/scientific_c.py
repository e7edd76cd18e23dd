"""The third scientific document (dev split): the proceedings of a road safety and
traffic engineering symposium with six full papers. Built by scientific.py's
renderer; the papers report the same kinds of facts as each other (participants,
junctions and routes, effect sizes next to a baseline or a naive estimate, grant
numbers), so the other papers and the same paper's other figures are the
distractors."""

from __future__ import annotations

from docmodel import Built, Question
from scientific import (
    P,
    Paper,
    Proceedings,
    about,
    build_volume,
)

FIELD = "transport"

# This volume's generic wording is scientific.py's "transport" entries (statistics,
# limitations, references, journals). The seeded draws from the shared pools (ethics,
# acknowledgements) depend on the sizes of those tuples and on the order of the
# papers: with 12, 4, 16 and 6 entries and the order below, no paper draws a sentence
# about landowners or patients, and only the cycle lane paper, which used hospital
# records, draws the one about hospitals. Keep the sizes when editing.
RSTE = Proceedings(
    title="Proceedings of the Ninth Symposium on Road Safety and Traffic Engineering",
    short="RSTE 2024",
    venue="Maasbank Conference Centre, Rotterdam",
    dates="7 and 8 November 2024",
    field=FIELD,
    preface="""
        The Symposium on Road Safety and Traffic Engineering brings together engineers,
        psychologists and the people who run road networks. This year the scientific
        committee received 73 submissions, of which 6 were accepted as full papers and 19
        as posters after review by at least two referees. The meeting was attended by 186
        delegates from fourteen countries, a third of them from road authorities and city
        transport departments.

        Two of the full papers study drivers, in a motion-base simulator and in trucks
        on the open road; two evaluate changes to the road itself, roundabouts in place
        of signals and cycle lanes separated by a kerb; and two look at traffic signals
        from the point of view of bus passengers and of pedestrians. Several of the
        authors took care to correct for regression to the mean, for exposure and for
        under-reporting. We thank the authors, the referees and the Maasbank Conference
        Centre.
    """,
    chairs=(
        "Margriet Verhoeven and Callum Strachan, symposium chairs",
        "Rotterdam, November 2024",
    ),
    committee=(
        "Aylin Demirci, Institute for Road Safety Research, Ravenmoor University of Technology",
        "Bernard Okonjo-Hale, Transport Research Institute, Dunmore University",
        "Chiara Lombardini, Centre for Automotive Safety, Politecnico di Verrano",
        "Elspeth Garroway, Centre for Active Travel, Glenmore University",
        "Hiroshi Takemura, Traffic Safety Laboratory, Kansai Institute of Mobility",
        "Joost Kamerling, Dutch Institute of Traffic Studies",
        "Magdalena Zielonka, Faculty of Civil Engineering, Vistula University of Technology",
        "Torstein Eidsvold, Institute for Transport Safety, Bergholm University",
    ),
    keynote=(
        "Professor Aylin Demirci, Ravenmoor University of Technology",
        "Twenty-five years of Vision Zero: what the crash data do and do not show",
        """
        Road deaths have fallen in most countries that adopted Vision Zero, but injuries
        to people walking and cycling have fallen far less, and police records capture a
        shrinking share of them. The talk will compare hospital and police data from six
        European countries and argue that speed management remains the measure with the
        largest effect per euro spent.
        """,
    ),
    posters=(
        (
            "Reaction to Take-Over Requests on Rural Roads at Night",
            "Lena Oudshoorn, Ravenmoor University of Technology",
            """
            In a fixed-base simulator, 40 drivers took over from an automated system on an
            unlit rural road. The median take-over time was 2.7 s, and drivers who had
            been looking at a phone took longer to brake for a deer on the road.
            """,
        ),
        (
            "Average Speed Cameras on Rural Trunk Roads: A Ten-Year Review",
            "Dagny Holte, Bergholm University",
            """
            On 31 sections with average speed cameras, mean speeds fell by 4.6 km/h and
            fatal and serious injury crashes by 29% compared with matched sections. The
            effect was stable over ten years.
            """,
        ),
        (
            "E-Scooter Injuries Presenting to Two Emergency Departments",
            "Fiona Gallacher and Ravi Menon-Clarke, Glenmore University",
            """
            Of 1,214 e-scooter riders treated in 2022, 38% had a head injury and only 6%
            had worn a helmet. Half of the injuries happened between 18:00 and 02:00, and
            most were falls without another vehicle involved.
            """,
        ),
        (
            "Driver Yielding at Zebra Crossings with Flashing Amber Beacons",
            "Joost Kamerling, Dutch Institute of Traffic Studies",
            """
            At 12 zebra crossings where flashing amber beacons were added, the share of
            drivers yielding to a waiting pedestrian rose from 54% to 73%. The effect was
            smaller on roads with a speed limit of 70 km/h.
            """,
        ),
    ),
    panel="""
        The symposium closed with a panel on the question "Who should decide how much
        safety a street needs?", chaired by Margriet Verhoeven. The panellists were a city
        transport director, a representative of a national cyclists' association, a
        haulage operator and two of the authors of this year's papers.

        The city transport director described the difficulty of defending a roundabout or
        a protected cycle lane to residents who lose parking or a turning movement, and
        said that well-designed before-after evaluations were the most persuasive evidence
        she had. The cyclists' association argued that police records undercount injuries
        to people on bicycles so badly that decisions based on them will always
        underinvest in cycling safety.

        The haulage operator said that his drivers had accepted monitoring cameras only
        after the company agreed never to use the recordings for discipline. The panel
        recommended that every change to a road or a vehicle justified on safety grounds
        should come with a plan for evaluating it, published whatever the result. The
        tenth symposium will be held in Porto in 2026.
    """,
    papers=(
        Paper(
            key="roundabouts",
            title="Safety Effects of Converting Signalised Junctions to Roundabouts: An "
            "Empirical Bayes Before-After Study",
            authors=(
                ("Eilidh MacPhail", 1),
                ("Tomás Urrutia", 2),
                ("Hamid Rezaei", 1),
            ),
            affiliations=(
                "Transport Research Institute, Dunmore University, Dunmore, United Kingdom",
                "Department of Civil Engineering, Universidad de Castrelo, Castrelo, Spain",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Eilidh MacPhail, Transport Research Institute, Dunmore "
                "University (e.macphail@dunmore.example).",
            ),
            keywords=("roundabouts", "before-after study", "empirical Bayes", "junction safety"),
            abstract="""
                Replacing traffic signals with a roundabout is a common safety measure,
                but many evaluations ignore regression to the mean, because junctions are
                often converted after an unusually bad run of crashes. We evaluated
                conversions on urban and suburban roads with the empirical Bayes method,
                using a large reference group of signalised junctions. Conversion reduced
                injury crashes substantially and fatal and serious injury crashes even
                more, although by less than a naive comparison suggests. Two-lane
                roundabouts did less well than single-lane ones.
            """,
            introduction="""
                Roundabouts reduce the number of conflict points at a junction and force all
                vehicles to slow down, but most evidence of their benefit comes from rural
                junctions that were uncontrolled before, not from signalised urban junctions.
                Simple before-after comparisons also exaggerate the benefit, because
                junctions chosen for treatment after a cluster of crashes would have improved
                anyway.
            """,
            data=(
                P(
                    "junctions",
                    "We studied 58 signalised junctions converted to roundabouts between "
                    "2012 and 2019 on urban and suburban roads in Scotland and northern "
                    "England, together with 212 signalised junctions that were not "
                    "converted, which served as the reference group.",
                ),
                "Injury crashes were taken from police records for five years before and "
                "five years after each conversion, leaving out the year of construction.",
                "Entering traffic volumes came from permanent and temporary counters and "
                "were available for every junction and year.",
            ),
            approach=(
                "Safety performance functions for injury crashes were fitted to the "
                "reference group by negative binomial regression on entering traffic "
                "volume and the number of approaches.",
                "The empirical Bayes method combined the predictions of these functions "
                "with each junction's own crash history to estimate the crashes expected "
                "in the after period had it not been converted, which corrects for "
                "regression to the mean and for trends in traffic and reporting.",
                "Roundabouts were classified as compact or normal, by an inscribed circle "
                "diameter below or above 40 m, and as single-lane or two-lane.",
            ),
            results=(
                "The converted junctions had 360 injury crashes in the before period, so a "
                "naive before-after comparison suggests a reduction of 48%.",
                P(
                    "observed",
                    "In the after period, 187 injury crashes were observed at the converted "
                    "junctions.",
                ),
            ),
            table=(
                "Crash modification factors by roundabout type (empirical Bayes)",
                ("Roundabout type", "Junctions", "Crash modification factor", "95% CI"),
                (
                    ("Compact single-lane", "24", "0.52", "0.41 to 0.65"),
                    ("Normal single-lane", "19", "0.57", "0.44 to 0.73"),
                    ("Two-lane", "15", "0.71", "0.55 to 0.92"),
                    ("All types, fatal and serious injury crashes", "58", "0.37", "0.24 to 0.56"),
                ),
            ),
            results_after=(
                P(
                    "expected",
                    "Had the junctions not been converted, the empirical Bayes method "
                    "estimated that 317 injury crashes would have occurred over the same "
                    "after period.",
                ),
                P(
                    "reduction",
                    "Conversion therefore reduced injury crashes by an estimated 41% (crash "
                    "modification factor 0.59, 95% CI 0.51 to 0.68), and fatal and serious "
                    "injury crashes by 63%.",
                ),
                "Crashes involving cyclists fell less than other crashes, and at two-lane "
                "roundabouts they did not fall at all.",
            ),
            discussion="""
                Converting signals to roundabouts reduced injury crashes by about two fifths
                and severe crashes by almost two thirds. The naive comparison would have
                overstated the benefit, because the converted junctions had been chosen after
                bad years. Two-lane roundabouts, which allow faster entry, gave smaller
                reductions and no benefit for cyclists, who are exposed to vehicles leaving
                from the inner lane. Where traffic volumes allow, compact single-lane designs
                should be preferred.
            """,
            funding=P(
                "funding",
                "Funding: this research was funded by the Caledonian Road Safety Trust "
                "(grant CRST-2020-12).",
            ),
        ),
        Paper(
            key="cyclelanes",
            title="Kerb-Protected Cycle Lanes and Cyclist Injury Risk on Urban Arterial Roads",
            authors=(
                ("Saoirse Dunleavy", 1),
                ("Matthias Kröger", 2),
                ("Priyanka Raghunathan", 1),
                ("Owen Pritchard-Bell", 3),
            ),
            affiliations=(
                "Centre for Active Travel, Glenmore University, Dublin, Ireland",
                "Institute of Transport Planning, Technische Hochschule Altenau, Altenau, Germany",
                "Emergency Department, St Brigid's Hospital, Dublin, Ireland",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Priyanka Raghunathan, Centre for Active Travel, Glenmore "
                "University (p.raghunathan@glenmore.example).",
            ),
            keywords=("cycling", "protected cycle lanes", "injury risk", "exposure"),
            abstract="""
                Evidence on the safety of cycle lanes separated from motor traffic by a
                kerb is mixed, partly because studies rarely measure how much cycling
                takes place on each road. We linked police and emergency department
                records of cyclist injuries on arterial roads in four cities and estimated
                cycling exposure from counters and bike-share trips. After adjustment,
                injury rates were much lower on roads with kerb-protected lanes than on
                roads without cycling infrastructure, and moderately lower with painted
                lanes. Physical separation roughly halves the risk per kilometre cycled.
            """,
            introduction="""
                Fear of motor traffic is the main reason people give for not cycling.
                Earlier studies compared crash counts on roads with and without cycle lanes,
                but more people cycle where there are lanes, so counts without exposure can
                make a safe road look dangerous, and police records miss most injuries that
                do not involve a motor vehicle.
            """,
            data=(
                "We studied 214 km of urban arterial roads in four cities, divided into "
                "1,146 segments with kerb-protected cycle lanes, painted cycle lanes or no "
                "cycling infrastructure.",
                P(
                    "exposure",
                    "Cycling exposure, estimated from 38 automatic counters and the "
                    "bike-share trips of the four cities, totalled 61.4 million "
                    "cycle-kilometres over the study period of 2018 to 2023.",
                ),
                "Cyclist injuries were identified by linking police crash records with "
                "emergency department attendances at six hospitals, which captured many "
                "injuries never reported to the police.",
            ),
            approach=(
                "Injury counts per segment were modelled with negative binomial regression "
                "with cycle-kilometres as an offset, adjusting for motor traffic volume, "
                "speed limit, the number of side roads and the presence of bus routes.",
                "A sensitivity analysis repeated the models with police-reported injuries only.",
            ),
            results=(
                "In total 2,317 cyclist injuries were identified, of which 1,062 appeared in "
                "police records.",
                P(
                    "rate_ratio",
                    "Compared with roads without cycling infrastructure, kerb-protected cycle "
                    "lanes were associated with an injury incidence rate ratio of 0.53 (95% "
                    "CI 0.44 to 0.64).",
                ),
                "Painted cycle lanes were associated with a smaller reduction, with a rate "
                "ratio of 0.78 (95% CI 0.67 to 0.91).",
            ),
            table=(
                "Crude injury rates by infrastructure type, 2018 to 2023",
                (
                    "Infrastructure",
                    "Length (km)",
                    "Cycle-km (millions)",
                    "Injuries",
                    "Injuries per million cycle-km",
                ),
                (
                    ("Kerb-protected cycle lane", "47", "22.6", "560", "24.8"),
                    ("Painted cycle lane", "88", "24.1", "1,117", "46.3"),
                    ("No cycling infrastructure", "79", "14.7", "640", "43.5"),
                    ("All segments", "214", "61.4", "2,317", "37.7"),
                ),
            ),
            results_after=(
                "In the sensitivity analysis with police-reported injuries only, the rate "
                "ratio for kerb-protected lanes was 0.61.",
                "The benefit was smallest at side-road junctions, where turning vehicles "
                "cross the protected lane, and largest on segments with a speed limit of "
                "50 km/h or more.",
            ),
            discussion="""
                Kerb-protected lanes carried more than a third of all cycling on these roads
                and had about half the adjusted injury rate of roads without infrastructure.
                Painted lanes, often on the busiest roads, had a higher crude rate than roads
                without lanes but a lower adjusted one, which shows why exposure and
                confounding matter. Relying on police records alone would have understated
                the benefit. Junction design remains the weak point of protected lanes.
            """,
            funding=P(
                "funding",
                "Funding: the work was supported by the Irish Active Travel Research Fund "
                "(grant IATRF-2022-019) and by a fellowship from the Altenau Mobility "
                "Foundation (grant AMF-F-2021-04).",
            ),
        ),
        Paper(
            key="bus_priority",
            title="Transit Signal Priority and Bus Travel Time Reliability: Evidence from "
            "Automatic Vehicle Location and Smart Card Data",
            authors=(
                ("Inês Carvalho-Reis", 1),
                ("Bartosz Wróblewski", 2),
                ("Yuki Hanamura", 1),
            ),
            affiliations=(
                "Urban Mobility Unit, Lusitania Polytechnic Institute, Porto, Portugal",
                "Faculty of Civil Engineering, Vistula University of Technology, Gdańsk, Poland",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Bartosz Wróblewski, Faculty of Civil Engineering, "
                "Vistula University of Technology (b.wroblewski@vistula.example).",
            ),
            keywords=("bus priority", "traffic signals", "reliability", "smart card data"),
            abstract="""
                Buses lose much of their journey time at traffic signals, and unreliable
                journeys deter passengers more than slow ones. We compared bus routes that
                received conditional signal priority with comparable routes that did not,
                using automatic vehicle location records and pseudonymised smart card
                boardings in a difference-in-differences design. Priority shortened
                journeys and made them markedly more reliable in the morning peak, with
                the largest gains on radial trunk routes and no significant delay to cross
                traffic.
            """,
            introduction="""
                Passengers plan around the worst journeys they expect, not the average one,
                so reliability matters at least as much as speed. Conditional priority, given
                only to buses running late, limits the delay to other traffic. The city of
                Porto introduced it on some routes but not others, which allowed a controlled
                comparison.
            """,
            data=(
                P(
                    "routes",
                    "Conditional signal priority was introduced on 14 bus routes in Porto in "
                    "2022, and 9 comparable routes without priority served as controls.",
                ),
                "Automatic vehicle location records covered 1.9 million bus trips between "
                "January 2021 and June 2023, and pseudonymised smart card taps gave "
                "boardings by stop and hour.",
                P(
                    "buffer_before",
                    "Before priority was introduced, the mean buffer time index of the "
                    "treated routes in the morning peak was 0.42.",
                ),
            ),
            approach=(
                "Priority was granted by extending the green or bringing it forward when a "
                "bus running more than one minute behind schedule approached within 150 m "
                "of the stop line.",
                "Reliability was measured with the buffer time index: the difference "
                "between the 95th percentile and the median end-to-end travel time, "
                "divided by the median.",
                "Effects were estimated with a difference-in-differences design comparing "
                "treated and control routes, with route and month fixed effects.",
            ),
            results=(
                P(
                    "travel_time",
                    "Signal priority reduced mean end-to-end bus travel time on the treated "
                    "routes by 7.8% in the morning peak, relative to the control routes.",
                ),
                "The reduction in the evening peak was smaller, at 5.1%.",
            ),
            table=(
                "Effects by route type (difference-in-differences, morning peak)",
                (
                    "Route type",
                    "Routes",
                    "Priority junctions",
                    "Change in travel time",
                    "Change in boardings",
                ),
                (
                    ("Radial trunk routes", "6", "97", "-9.4%", "+4.2%"),
                    ("Cross-town routes", "5", "63", "-6.9%", "+2.8%"),
                    ("Feeder routes", "3", "24", "-4.1%", "+0.9%"),
                ),
            ),
            results_after=(
                P(
                    "buffer_after",
                    "After priority was introduced, the mean buffer time index of the "
                    "treated routes in the morning peak fell to 0.29, while that of the "
                    "control routes stayed at 0.38.",
                ),
                "Delay to general traffic on the cross streets rose by a mean of 1.6 "
                "seconds per vehicle, which was not statistically significant.",
                "Boardings on the treated routes rose by 3.1% relative to the control routes.",
            ),
            discussion="""
                Conditional priority shortened bus journeys by less than a tenth but cut the
                spread of journey times by much more, because it acts on the late buses that
                make a timetable unreliable. Radial trunk routes, with many signals and heavy
                traffic, gained most. Delays to cross traffic were small because priority was
                given only to late buses.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the Atlantic Urban Mobility Fund (grant "
                "AUMF-2021-33).",
            ),
        ),
        Paper(
            key="takeover",
            title="Take-Over Performance after Conditionally Automated Motorway Driving: A "
            "Motion-Base Simulator Study",
            authors=(
                ("Femke Adriaanse", 1),
                ("Kwabena Ofori-Atta", 1),
                ("Lotte Brinkerhoff", 2),
                ("Julian Marchetti", 3),
            ),
            affiliations=(
                "Department of Transport and Planning, Ravenmoor University of Technology, "
                "Ravenmoor, Netherlands",
                "Human Factors Group, Dutch Institute of Traffic Studies, Utrecht, Netherlands",
                "Centre for Automotive Safety, Politecnico di Verrano, Verrano, Italy",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Lotte Brinkerhoff, Human Factors Group, Dutch Institute "
                "of Traffic Studies (l.brinkerhoff@dits.example).",
            ),
            keywords=(
                "automated driving",
                "take-over request",
                "driver distraction",
                "driving simulator",
            ),
            abstract="""
                Conditionally automated cars let drivers turn to other tasks but expect
                them to take back control when the system reaches its limits. Licensed
                drivers completed motorway drives in a motion-base simulator in which the
                automated system asked them to take over before a stranded vehicle, while
                they performed no secondary task, held a hands-free phone conversation or
                read text on a tablet. Reading delayed the take-over substantially and
                produced all of the collisions, whereas the phone conversation had little
                effect on timing. Tasks that take the eyes off the road should not be
                permitted where take-over requests can come with a few seconds' warning.
            """,
            introduction="""
                Regulations for conditionally automated driving allow drivers to engage in
                other activities while the system drives, provided they can respond to a
                take-over request in time. Most evidence on take-over times comes from
                fixed-base simulators and young participants, and little is known about how
                the kind of secondary task affects the speed and quality of the take-over.
            """,
            data=(
                P(
                    "recruited",
                    "We recruited 96 licensed drivers aged 21 to 74 years from a research "
                    "participant panel, stratified by age group and sex.",
                ),
                "Participants had held a licence for at least three years and drove at "
                "least 5,000 km a year, and none had used a conditionally automated driving "
                "system before.",
            ),
            approach=(
                P(
                    "simulator",
                    "Drives took place in the Stratos M6 motion-base simulator, which has a "
                    "full vehicle cabin and a 270-degree projection screen.",
                ),
                "After a familiarisation drive, each participant completed three "
                "25-minute drives on a simulated three-lane motorway at 100 km/h, and in "
                "each the automated system issued a take-over request 7 seconds before the "
                "car reached a stranded vehicle in its lane.",
                "In one drive participants had no secondary task, in one they held a "
                "hands-free phone conversation, and in one they were reading text on a "
                "tablet when the request came; the order was counterbalanced.",
                "Take-over time was the interval from the request to the first steering "
                "input of more than 2 degrees or braking of more than 10% of pedal travel.",
            ),
            results=(
                "Complete data were available for 84 participants; nine withdrew because of "
                "simulator sickness and the recordings of three were lost to a logging "
                "fault.",
                P(
                    "baseline_time",
                    "With no secondary task, the median take-over time was 2.3 s "
                    "(interquartile range 1.9 to 2.8 s).",
                ),
                "The hands-free phone conversation lengthened the median take-over time "
                "only slightly, to 2.6 s.",
            ),
            table=(
                "Take-over quality by condition (84 participants)",
                (
                    "Condition",
                    "Minimum time to collision (s)",
                    "Peak lateral acceleration (m/s2)",
                    "Collisions",
                ),
                (
                    ("No secondary task", "3.9", "3.1", "0"),
                    ("Hands-free phone conversation", "3.6", "3.3", "0"),
                    ("Reading text on a tablet", "2.2", "4.6", "5"),
                    ("Reading, drivers under 45", "2.5", "4.4", "2"),
                    ("Reading, drivers 45 and over", "1.9", "4.8", "3"),
                ),
            ),
            results_after=(
                P(
                    "reading_time",
                    "When the request came while participants were reading text on a "
                    "tablet, the median take-over time rose to 3.4 s (interquartile range "
                    "2.7 to 4.5 s).",
                ),
                "All five collisions with the stranded vehicle occurred in the reading condition.",
                "Drivers aged 60 and over took longer to respond in every condition, but "
                "their minimum time to collision did not differ from that of younger "
                "drivers.",
            ),
            discussion="""
                The kind of secondary task mattered more than its presence. A phone
                conversation, which leaves the eyes on the road, barely delayed the
                take-over, whereas reading on a tablet delayed it by about a second and left
                drivers less time to avoid the obstacle. A request 7 seconds before an
                obstacle was enough for most drivers, but not for all of those who were
                reading. Participants knew they were in a study and may have been more alert
                than in everyday driving.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the Netherlands Mobility Research Council "
                "(grant NMRC-2021-066).",
            ),
            prospective=True,
        ),
        Paper(
            key="pedestrian",
            title="Countdown Displays and Pedestrian Red-Light Crossing at Signalised "
            "Crossings: A Video Observation Study",
            authors=(
                ("Noor Al-Khatib", 1),
                ("Gustav Lindemann", 2),
                ("Amelia Trevithick", 1),
                ("Rafael Quintana", 3),
            ),
            affiliations=(
                "School of Civil Engineering, Eastmarch University, Eastmarch, United Kingdom",
                "Traffic Psychology Unit, Technische Hochschule Altenau, Altenau, Germany",
                "Department of Civil Engineering, Universidad de Castrelo, Castrelo, Spain",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Noor Al-Khatib, School of Civil Engineering, Eastmarch "
                "University (n.alkhatib@eastmarch.example).",
            ),
            keywords=("pedestrians", "countdown signals", "red-light crossing", "video"),
            abstract="""
                The effect of countdown displays at pedestrian crossings on crossing
                against the red light is disputed. We coded the behaviour of pedestrians
                from traffic monitoring video at signalised crossings with and without
                countdown displays, matched on width, traffic and signal timing.
                Pedestrians crossed on red less often at crossings with countdown
                displays, in every group we examined, and those who did cross on red
                started later in the phase.
            """,
            introduction="""
                Crossing on red is a common cause of pedestrian injury at signalised
                crossings. Countdown displays might reduce it by telling pedestrians how long
                they must wait, or increase it by showing when the conflicting traffic is
                about to stop, and earlier studies have found both effects.
            """,
            data=(
                "Video came from the traffic monitoring cameras of two cities at 16 "
                "signalised crossings, 8 with countdown displays and 8 without, and was "
                "recorded on weekdays between 07:00 and 19:00 in dry weather in 2023.",
                P(
                    "observed",
                    "Trained coders classified the crossing behaviour of 23,480 pedestrians "
                    "from this video.",
                ),
                "Crossings were matched on carriageway width, motor traffic volume and the "
                "length of the pedestrian green phase, and faces were blurred before "
                "coding.",
            ),
            approach=(
                "A red-light crossing was coded when a pedestrian stepped off the kerb "
                "while the red pedestrian signal was showing.",
                "Group size, apparent age group, phone use and the second of the signal "
                "cycle at which the pedestrian started to cross were coded for each "
                "pedestrian.",
                "Agreement between coders on a repeated sample was high, with a Cohen's "
                "kappa of 0.87.",
            ),
            results=(
                P(
                    "violation",
                    "Pedestrians at crossings with countdown displays crossed on red in "
                    "11.2% of cases, compared with 17.5% at crossings without them.",
                ),
            ),
            table=(
                "Red-light crossing by pedestrian group",
                ("Group", "Pedestrians", "With countdown", "Without countdown"),
                (
                    ("Crossing alone", "14,906", "12.6%", "19.3%"),
                    ("In a group of two or more", "8,574", "8.8%", "14.4%"),
                    ("Using a phone while crossing", "2,113", "15.7%", "24.9%"),
                    ("Apparently over 65", "1,870", "4.7%", "6.1%"),
                ),
            ),
            results_after=(
                "Among pedestrians who crossed on red, those at countdown crossings started "
                "a median of 4 seconds before the green, compared with 11 seconds at "
                "crossings without displays.",
                "Conflicts in which a driver had to brake or swerve were recorded 37 times, "
                "29 of them at crossings without countdown displays.",
            ),
            discussion="""
                Countdown displays were associated with about a third fewer red-light
                crossings, and the pedestrians who still crossed on red did so closer to the
                start of the green, when conflicting traffic has usually stopped. The
                crossings were matched, not randomised, but the difference held in every
                group. Cities that install countdown displays should count down the red phase
                as well as the green.
            """,
            funding=P(
                "funding",
                "Funding: the study was funded by the Eastmarch City Council road safety "
                "programme (grant ECC-RS-2022-7).",
            ),
        ),
        Paper(
            key="fatigue",
            title="Camera-Based Detection of Drowsiness in Long-Haul Truck Drivers: A "
            "Naturalistic Validation",
            authors=(
                ("Henrik Aasvang", 1),
                ("Chidinma Eze-Laurent", 2),
                ("Piotr Nowicki", 3),
                ("Sanna Koivisto", 1),
            ),
            affiliations=(
                "Institute for Transport Safety, Bergholm University, Bergholm, Norway",
                "Department of Transport and Planning, Ravenmoor University of Technology, "
                "Ravenmoor, Netherlands",
                "Faculty of Civil Engineering, Vistula University of Technology, Gdańsk, Poland",
            ),
            corresponding=P(
                "corresponding",
                "Correspondence to Henrik Aasvang, Institute for Transport Safety, "
                "Bergholm University (h.aasvang@bergholm.example).",
            ),
            keywords=("driver fatigue", "drowsiness", "driver monitoring", "heavy vehicles"),
            abstract="""
                Driver monitoring cameras that measure eye closure are now fitted to new
                trucks, but they have mostly been tested in simulators. We instrumented
                the trucks of long-haul drivers for four weeks each and compared the
                alerts of a camera-based monitor with the drivers' own sleepiness ratings,
                collected by voice prompt. The monitor detected most episodes of severe
                sleepiness with few false alerts, performing best at night and far better
                than the lane-departure warning already fitted.
            """,
            introduction="""
                Long-haul drivers work irregular hours, often at night, and drivers are poor
                judges of how close they are to falling asleep. Measures of eye closure such
                as PERCLOS track sleepiness closely in the laboratory, but it is not known
                whether commercial monitors keep their accuracy in real trucks.
            """,
            data=(
                "We recruited 72 long-haul truck drivers from five haulage companies, of "
                "whom 64 completed the study, and their trucks were instrumented for four "
                "weeks each in 2023.",
                "Together the drivers contributed 1,872 hours of driving, mostly on "
                "motorways and trunk roads in Norway, Sweden and Poland.",
                "Drivers rated their sleepiness on the Karolinska Sleepiness Scale every 15 "
                "minutes when prompted by a voice, and a rating of 7 or more defined a "
                "drowsy episode.",
            ),
            approach=(
                P(
                    "camera",
                    "Eye closure was measured with a Vigilant DMS-4 infrared driver "
                    "monitoring camera mounted on the dashboard, which estimates PERCLOS, "
                    "the proportion of time the eyes are more than 80% closed, over a "
                    "rolling minute.",
                ),
                "An alert was raised when PERCLOS exceeded 15% for two consecutive "
                "minutes; alerts were logged but not shown to the drivers during the study.",
                "The lane-departure warning system already fitted to the trucks served as "
                "a comparison.",
            ),
            results=(
                "Drivers reported 211 drowsy episodes, 61% of them between midnight and 06:00.",
                P(
                    "accuracy",
                    "The camera-based monitor detected drowsy episodes with a sensitivity of "
                    "87.3% and a specificity of 91.6%.",
                ),
            ),
            table=(
                "Detection of drowsy episodes by time of day and road type",
                ("Group", "Drowsy episodes", "Sensitivity", "False alerts per 100 hours"),
                (
                    ("Night, 00:00 to 06:00", "129", "90.7%", "1.9"),
                    ("Day and evening, 06:00 to 24:00", "82", "82.9%", "0.8"),
                    ("Motorway", "148", "88.5%", "1.1"),
                    ("Trunk road", "63", "84.1%", "1.4"),
                ),
            ),
            results_after=(
                "The lane-departure warning system, by comparison, detected 46.4% of the "
                "drowsy episodes.",
            ),
            discussion="""
                The camera-based monitor detected most drowsy episodes on real roads, with
                about one false alert per hundred hours of driving. Lane-departure warnings
                detected fewer than half, because sleepy drivers on straight motorways often
                stay in lane until the moment they fall asleep. Self-rated sleepiness is an
                imperfect reference, and the drivers who withdrew were mostly on night
                shifts.
            """,
            funding=P(
                "funding",
                "Funding: the study was supported by the Nordic Road Haulage Safety "
                "Foundation (grant NRHSF-2022-05).",
            ),
            prospective=True,
        ),
    ),
)


# ---- questions ---------------------------------------------------------------------------


def rste_questions(pr: Proceedings) -> list[Question]:
    return [
        Question(
            f"How many signalised junctions that were converted to roundabouts were studied "
            f"in {about(pr, 'roundabouts')}?",
            "58 junctions",
            ("roundabouts.junctions",),
            accept=("58",),
            distractors=("212 junctions", "24", "16 crossings"),
        ),
        Question(
            f"By what percentage did conversion reduce injury crashes according to the "
            f"empirical Bayes estimate in {about(pr, 'roundabouts')}?",
            "41%",
            ("roundabouts.reduction",),
            accept=("41 percent", "41 per cent"),
            distractors=("48%", "63%", "29%"),
            unique=("41%",),
        ),
        Question(
            f"What injury incidence rate ratio were kerb-protected cycle lanes associated "
            f"with, compared with roads without cycling infrastructure, in "
            f"{about(pr, 'cyclelanes')}?",
            "0.53",
            ("cyclelanes.rate_ratio",),
            accept=("rate ratio of 0.53",),
            distractors=("0.78", "0.61", "0.59"),
            unique=("0.53",),
        ),
        Question(
            f"What is the grant number of the Irish Active Travel Research Fund's support "
            f"for {about(pr, 'cyclelanes')}?",
            "IATRF-2022-019",
            ("cyclelanes.funding",),
            accept=("grant IATRF-2022-019",),
            distractors=("AMF-F-2021-04", "CRST-2020-12", "NMRC-2021-066"),
        ),
        Question(
            f"What median take-over time did participants have when the request came while "
            f"they were reading text on a tablet, in {about(pr, 'takeover')}?",
            "3.4 seconds",
            ("takeover.reading_time",),
            accept=("3.4 s", "3.4"),
            distractors=("2.3 s", "2.6 s", "2.7 s"),
            unique=("3.4",),
        ),
        Question(
            f"Which camera measured the drivers' eye closure in {about(pr, 'fatigue')}?",
            "Vigilant DMS-4",
            ("fatigue.camera",),
            accept=("Vigilant DMS 4",),
            distractors=("Stratos M6", "lane-departure warning system"),
        ),
        Question(
            f"At crossings with countdown displays, in what percentage of cases did "
            f"pedestrians cross on red in {about(pr, 'pedestrian')}?",
            "11.2%",
            ("pedestrian.violation",),
            accept=("11.2 percent", "11.2 per cent"),
            distractors=("17.5%", "12.6%", "8.8%"),
            unique=("11.2%",),
        ),
        Question(
            f"How many fewer injury crashes were observed at the converted junctions in the "
            f"after period than the empirical Bayes method estimated would have occurred "
            f"without conversion, in {about(pr, 'roundabouts')}?",
            "130 injury crashes",
            ("roundabouts.observed", "roundabouts.expected"),
            accept=("130 crashes", "130"),
            distractors=("173 injury crashes", "187", "317"),
        ),
        Question(
            f"By how much did the mean morning-peak buffer time index of the treated routes "
            f"fall after signal priority was introduced, in {about(pr, 'bus_priority')}?",
            "0.13",
            ("bus_priority.buffer_before", "bus_priority.buffer_after"),
            accept=("0.13 points",),
            distractors=("0.42", "0.29", "0.09"),
        ),
        Question(
            f"How much longer was the median take-over time when participants were reading "
            f"text on a tablet than when they had no secondary task, in "
            f"{about(pr, 'takeover')}?",
            "1.1 seconds",
            ("takeover.baseline_time", "takeover.reading_time"),
            accept=("1.1 s", "1.1"),
            distractors=("3.4 seconds", "2.3 seconds", "0.8 seconds"),
        ),
    ]


def scientific_c_documents() -> list[Built]:
    return [build_volume("scientific_c", "sci-c", RSTE, rste_questions(RSTE))]
