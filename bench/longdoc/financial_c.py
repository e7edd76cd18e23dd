"""The third financial document (dev split): a medical-device maker's annual report on
Form 10-K, rendered by financial.py's `build_filing`. Four segments, a subsidiary with
sales and operating income of its own, competitors with backlogs and headcounts, and a
restated gross profit, so each planted figure has near misses nearby."""

from __future__ import annotations

from datetime import date

from docmodel import Built, Question
from financial import (
    Executive,
    Facility,
    Filing,
    Segment,
    build_filing,
    money_question,
    segment,
    usd,
)

TESSALINE = Filing(
    name="Tessaline Medical Corporation",
    short="Tessaline",
    state="Minnesota",
    ein="41-1893527",
    address="7700 Northgate Drive, Maple Grove, Minnesota 55369",
    ticker="TSLN",
    exchange="New York Stock Exchange",
    year_end=date(2024, 6, 30),
    prior_year_end=date(2023, 6, 30),
    industry="medical devices",
    overview="""
        {short} develops, manufactures and services medical devices used in operating
        rooms, intensive care units, outpatient surgery centers and patients' homes:
        surgical cameras, endoscopes and light sources, infusion pumps and the disposable
        sets that go with them, ventilators, sleep therapy devices and masks, and
        instruments and implants for orthopedic surgery. Our products are used in about
        6,500 hospitals in more than 70 countries, and about 58% of our net sales come from
        disposable products, replacement parts and service, which customers buy again
        every year.

        The company was founded in 1967 as Tessaline Optical Instruments in Minneapolis,
        where it made fiber-optic light cables for surgeons, and it became a public
        company in 1988. It entered infusion therapy in 1994, respiratory care in 2006 and
        orthopedics in 2011, and in fiscal 2020 it acquired Kestrel Airway Systems Limited
        of Galway, Ireland, now Tessaline Airway Ireland Limited. Our fiscal year ends on
        June 30; references to fiscal 2024 are to the year ended June 30, 2024.

        We report four business segments: Surgical Visualization, Infusion Systems,
        Respiratory Care and Orthopedic Instruments. Each segment has its own research,
        manufacturing, marketing and sales organizations, while quality assurance,
        regulatory affairs, purchasing, information technology and finance are shared
        services run by the corporate center.
    """,
    strategy="""
        Our strategy, which we call Closer to Care, has four priorities. First, we invest
        in the products where we hold a leading position and where clinical practice is
        changing in our favor: fluorescence-guided and 4K surgery, smart infusion pumps
        connected to the hospital's electronic health record, and respiratory therapy that
        moves from the hospital into the home. Second, we aim to add a recurring stream of
        disposables and service to every capital system we place, and we track the
        installed base of our cameras, pumps and ventilators as closely as we track orders.
        Third, we are raising our standards of quality after the Vireo pump field
        correction of fiscal 2023, with a single quality management system across all
        plants by the end of fiscal 2025. Fourth, we manage the Orthopedic Instruments
        segment for cash and margin rather than for growth.

        In fiscal 2022 the Board approved targets for fiscal 2026: organic net sales growth
        of 5% to 6% a year, an adjusted operating margin of 15% or more, research and
        development spending of about 7% of net sales and free cash flow of at least 90% of
        net income. We allocate capital first to research and development and to the
        capacity our growing product lines need, then to a dividend that rises with
        earnings, then to acquisitions of technologies that fit our segments, and
        finally to share repurchases.
    """,
    segments=(
        Segment(
            name="Surgical Visualization",
            head="Owen Castellanos",
            head_since=2020,
            description=(
                "Surgical Visualization makes camera systems, rigid and flexible endoscopes, "
                "LED light sources, surgical displays and video recorders for minimally "
                "invasive surgery, together with the reusable and single-use scopes, cables "
                "and drapes used in each procedure. It sells to hospitals and ambulatory "
                "surgery centers through direct sales representatives in the United States, "
                "Europe and Japan and through distributors elsewhere, and it services the "
                "installed base of more than 21,000 camera towers."
            ),
            highlights=(
                "The Lumaris 4K fluorescence imaging system, launched in the second quarter, "
                "drove a record number of camera tower placements, and sales of single-use "
                "ureteroscopes grew by more than 30%. Hospitals in Europe delayed some "
                "capital purchases in the second half of the year."
            ),
            net_sales=(512.6, 566.3, 624.8),
            operating_income=(88.4, 97.1, 112.6),
            capex=26.9,
            depreciation=22.4,
        ),
        Segment(
            name="Infusion Systems",
            head="Theodora Blaine",
            head_since=2023,
            description=(
                "Infusion Systems makes large-volume and syringe infusion pumps, ambulatory "
                "pumps for chemotherapy and pain management, the dedicated administration "
                "sets used with them, and the Vireo SafeLink software that checks each "
                "infusion against the hospital's drug library. Most pumps are placed under "
                "multi-year agreements under which the hospital commits to buy our sets."
            ),
            highlights=(
                "Shipments of the Vireo large-volume pump resumed in full after the software "
                "correction of fiscal 2023, and hospitals that had delayed pump replacements "
                "placed orders. Sales of administration sets grew with the installed base, "
                "and the new plant in Costa Rica lowered their unit cost in the fourth "
                "quarter."
            ),
            net_sales=(468.9, 482.1, 507.4),
            operating_income=(52.7, 44.9, 58.3),
            capex=31.8,
            depreciation=19.6,
        ),
        Segment(
            name="Respiratory Care",
            head="Kwame Aldridge",
            head_since=2021,
            description=(
                "Respiratory Care makes critical care and transport ventilators, high-flow "
                "oxygen therapy systems, and devices, masks and humidifiers for the treatment "
                "of sleep apnea at home. Ventilators are sold to hospitals and emergency "
                "services; sleep therapy products are sold to home medical equipment "
                "providers, which rent or sell them to patients and are reimbursed by "
                "insurers."
            ),
            highlights=(
                "Demand for sleep therapy devices and masks remained strong as home medical "
                "equipment providers replaced devices withdrawn from the market by a "
                "competitor, while hospital ventilator sales returned to their level before "
                "the pandemic. Resupply programs for masks and cushions grew by about 14%."
            ),
            net_sales=(389.2, 431.7, 455.3),
            operating_income=(47.6, 55.8, 61.2),
            capex=17.3,
            depreciation=14.9,
        ),
        Segment(
            name="Orthopedic Instruments",
            head="Ingrid Haverkamp",
            head_since=2017,
            description=(
                "Orthopedic Instruments makes power tools, reusable instrument sets, "
                "trauma plates and screws and external fixation systems for orthopedic "
                "surgeons, and it loans instrument sets to hospitals for each procedure "
                "through a network of distributors."
            ),
            highlights=(
                "Pricing pressure from group purchasing contracts and the loss of two "
                "distributors in the southern United States reduced sales. In the fourth "
                "quarter the segment decided to stop selling the Ridgeline external "
                "fixation system and to consolidate its instrument repair centers."
            ),
            net_sales=(301.5, 297.8, 288.6),
            operating_income=(33.9, 30.4, 24.7),
            capex=8.2,
            depreciation=10.7,
        ),
    ),
    corporate_expense=(42.7, 45.9, 49.8),
    gross_profit=(961.5, 1003.8, 1091.9),
    sga=(752.1, 793.4, 840.5),
    amortization=(27.4, 28.1, 31.6),
    restructuring=(2.1, 0.0, 12.8),
    interest=(18.7, 26.9, 24.3),
    other_income=(1.2, 2.4, 4.1),
    tax=(33.3, 33.6, 36.2),
    diluted_shares=(54.6, 54.0, 53.1),
    customers=(
        "Our customers are hospitals, ambulatory surgery centers, home medical equipment "
        "providers, emergency services and the distributors that supply them; many "
        "hospitals buy through group purchasing organizations, which negotiate prices on "
        "behalf of their members. Our largest distributor, Ashgrove Medical Supply, "
        "accounted for 11.2% of net sales in fiscal 2024, and no single hospital system "
        "accounted for more than 4%."
    ),
    largest_customer=(
        "Sales under contracts with Brookhollow Purchasing Alliance, a group purchasing "
        "organization whose member hospitals buy from us directly and through "
        "distributors, accounted for 14.6% of net sales in fiscal 2024 and 15.3% in fiscal "
        "2023."
    ),
    competitors=(
        "The markets for our products are highly competitive, and several of our "
        "competitors are larger than we are and have broader product lines.",
        "In surgical visualization our largest competitor, Vantor Surgical Imaging, "
        "reported net sales of $2.7 billion in its most recent fiscal year and a backlog "
        "of $402.5 million for camera systems and surgical suites.",
        "In infusion therapy we compete with Pellworth Medical, whose infusion business "
        "reported operating income of $96.8 million, and with several smaller pump makers "
        "in Europe and Asia.",
        "In respiratory care our main competitor is Aurelian Sleep Health, which has about "
        "12,400 employees and reported net sales of $3.1 billion.",
        "In orthopedics we compete with the instrument divisions of the large implant "
        "companies, which can bundle instruments with implants in their contracts.",
    ),
    supply_chain="""
        The main materials and components we buy are optical glass and lenses, image
        sensors, printed circuit boards and other electronic components, medical-grade
        resins and tubing, stainless steel and titanium, and packaging. Several of them,
        including the image sensors of our cameras and the pressure sensors of our pumps,
        come from a single qualified supplier, and changing a supplier of a component of a
        regulated device can take a year or more because the change must be validated and
        sometimes approved by regulators. About 70% of our disposable products are
        sterilized with ethylene oxide by contract sterilizers, whose capacity has been
        reduced by new emission rules, and we have begun to move some products to
        electron-beam sterilization.
    """,
    seasonality="""
        Net sales are usually highest in our fourth fiscal quarter (April to June), when
        hospitals spend the rest of their capital budgets, and lowest in our first quarter
        (July to September), when elective surgery volumes fall during the summer. Sales of
        sleep therapy masks and supplies follow insurers' resupply schedules and are more
        even through the year.
    """,
    regulation="""
        Our products are medical devices regulated by the Food and Drug Administration
        under the Federal Food, Drug, and Cosmetic Act, and by comparable authorities in
        other countries. Most of our products are cleared through the 510(k) premarket
        notification process; some ventilators and infusion pumps require more extensive
        clinical and software documentation. Our plants must comply with the FDA's quality
        management system regulation, which from February 2026 incorporates the ISO 13485
        standard, and they are inspected regularly by the FDA and by notified bodies. In
        the European Union our products must be certified under the Medical Device
        Regulation, and we completed the transition of all but a few low-volume products
        in fiscal 2024. We are also subject to laws against kickbacks and false claims, to
        rules requiring us to report payments to physicians, and to privacy laws that
        govern the patient data our connected devices handle.
    """,
    backlog=(286.4, 318.7),
    rnd=(127.9, 136.5),
    employees=(7315, 7682),
    employees_outside_us=2146,
    executives=(
        Executive(
            "Matthias Brenneman",
            61,
            "Chairman and Chief Executive Officer",
            "Mr. Brenneman became Chief Executive Officer in 2016 after serving as Chief "
            "Operating Officer and, before that, as President of the Surgical Visualization "
            "segment. He began his career as a design engineer at an imaging company.",
        ),
        Executive(
            "Sunita Ramaswamy",
            49,
            "Executive Vice President and Chief Financial Officer",
            "Ms. Ramaswamy joined Tessaline in 2019 as Vice President, Financial Planning "
            "and Analysis, and was previously Corporate Controller of a diagnostics "
            "company.",
        ),
        Executive(
            "Owen Castellanos",
            52,
            "Executive Vice President; President, Surgical Visualization",
            "Mr. Castellanos led the segment's European business before becoming its President.",
        ),
        Executive(
            "Theodora Blaine",
            47,
            "Senior Vice President; President, Infusion Systems",
            "Ms. Blaine joined Tessaline in 2023 from a hospital software company, "
            "succeeding Raymond Kiplagat, who retired.",
        ),
        Executive(
            "Kwame Aldridge",
            54,
            "Senior Vice President; President, Respiratory Care",
            "Mr. Aldridge previously ran the respiratory business of a European medical "
            "technology group.",
        ),
        Executive(
            "Ingrid Haverkamp",
            58,
            "Senior Vice President; President, Orthopedic Instruments",
            "Ms. Haverkamp joined Tessaline in 2011 with the acquisition of its orthopedic "
            "business, which she had co-founded.",
        ),
        Executive(
            "Benedikt Sorli",
            56,
            "Senior Vice President, Chief Quality and Regulatory Officer",
            "Mr. Sorli was appointed in 2023 to lead the company's quality improvement "
            "program and previously held quality leadership roles at two device makers.",
        ),
        Executive(
            "Lillian Okafor",
            50,
            "Senior Vice President, General Counsel and Corporate Secretary",
            "Ms. Okafor has been General Counsel since 2018.",
        ),
    ),
    cfo_sentence=(
        "Sunita Ramaswamy was named Chief Financial Officer in October 2023, after serving "
        "as interim Chief Financial Officer for four months following the departure of "
        "Douglas Fairweather, who left to lead a privately owned diagnostics company."
    ),
    specific_risks=(
        (
            "Our products are subject to extensive regulation.",
            "We cannot sell a new or modified device in the United States until the FDA "
            "has cleared or approved it, and the process can take longer and cost more than "
            "we plan. If an inspection finds that a plant does not meet the quality system "
            "requirements, the FDA can issue a warning letter, refuse to clear new products "
            "from that plant or, in serious cases, seize products or stop production.",
        ),
        (
            "Product defects could lead to recalls, field corrections and claims.",
            "Our devices are used to treat seriously ill patients, and a defect can cause "
            "injury or death. In fiscal 2023 we corrected the software of the Vireo "
            "large-volume pump in the field after reports that it could display an "
            "incorrect infusion rate, which reduced shipments for several months and "
            "increased warranty costs. A future recall could be larger and could harm our "
            "reputation with clinicians.",
        ),
        (
            "Group purchasing organizations and hospital consolidation put pressure on our prices.",
            "A large share of our sales is made under contracts negotiated by group "
            "purchasing organizations and integrated delivery networks, which award "
            "contracts to one or two suppliers in a product category. Losing such a "
            "contract, or winning it only at a lower price, could reduce our net sales and "
            "margins.",
        ),
        (
            "Changes in reimbursement could reduce demand for our products.",
            "Home medical equipment providers that buy our sleep therapy devices are paid "
            "by Medicare and private insurers, and hospitals are paid per procedure. "
            "Lower payment rates, competitive bidding programs or stricter documentation "
            "rules could reduce the number of patients treated or the prices our customers "
            "can pay.",
        ),
        (
            "We depend on a limited number of sterilization providers.",
            "Most of our disposable products are sterilized with ethylene oxide by outside "
            "providers. Rules that restrict ethylene oxide emissions have led some "
            "sterilization facilities to close or reduce capacity, and the loss of a "
            "provider could interrupt the supply of products that hospitals need every "
            "day.",
        ),
        (
            "Our connected devices could be the target of cyberattacks.",
            "Our infusion pumps, ventilators and sleep therapy devices connect to hospital "
            "networks or to our cloud services. A vulnerability in their software could "
            "allow an attacker to interfere with therapy or to obtain patient data, and "
            "regulators now require us to document the security of each connected device "
            "before it can be cleared.",
        ),
        (
            "We may not recover our investment in new products.",
            "We spend a significant share of our net sales on research and development. "
            "A product may fail in clinical evaluation, receive clearance later than "
            "planned, or be overtaken by a competitor's technology, and products we "
            "discontinue may leave us with impaired intangible assets, as the Ridgeline "
            "external fixation system did in fiscal 2024.",
        ),
    ),
    facilities=(
        Facility(
            "Maple Grove, Minnesota", "Headquarters and research center", 236_000, True, "Corporate"
        ),
        Facility(
            "Rochester, New York", "Manufacturing (optics)", 318_000, True, "Surgical Visualization"
        ),
        Facility("Tuttlingen, Germany", "Manufacturing", 142_000, True, "Surgical Visualization"),
        Facility("Tijuana, Mexico", "Manufacturing", 265_000, False, "Infusion Systems"),
        Facility("Heredia, Costa Rica", "Manufacturing", 188_000, False, "Infusion Systems"),
        Facility("Galway, Ireland", "Manufacturing", 174_000, True, "Respiratory Care"),
        Facility("Chandler, Arizona", "Manufacturing", 209_000, True, "Respiratory Care"),
        Facility(
            "Warsaw, Indiana", "Manufacturing and repair", 156_000, True, "Orthopedic Instruments"
        ),
        Facility("Memphis, Tennessee", "Distribution", 330_000, False, "All segments"),
    ),
    new_facility=(
        "In February 2024 we began production at a new plant for infusion administration "
        "sets in Heredia, Costa Rica, which will take over about 40% of the sets now made "
        "in Tijuana, Mexico."
    ),
    legal="""
        Several lawsuits filed in fiscal 2023 and fiscal 2024 claim that patients were
        injured when Vireo large-volume pumps displayed an incorrect infusion rate before
        the software correction. The cases are at an early stage, and we have insurance
        that we expect to cover most of any settlements or judgments above our
        deductible. In fiscal 2024 we also settled, for an amount that was not material, a
        patent dispute with Vantor Surgical Imaging concerning fluorescence imaging. We are
        party to other claims arising in the ordinary course of business, none of which we
        expect to be material.
    """,
    outlook="""
        For fiscal 2025 we expect organic net sales growth of 4% to 6%, led by Surgical
        Visualization and Respiratory Care, a further improvement in gross margin as the
        Costa Rica plant reaches full output, and a decline in Orthopedic Instruments net
        sales after we stop selling the Ridgeline system. We expect capital expenditures of
        about $90 million, research and development expense of about 7% of net sales and
        an effective tax rate of 19% to 21%. These expectations assume no large change in
        exchange rates or in hospital capital spending.
    """,
    sustainability="""
        We aim to reduce the environmental footprint of our products over their life. In
        fiscal 2024 we took back about 310,000 used single-use scopes and infusion pumps
        for reprocessing or recycling, introduced a paper-based tray for administration
        sets that uses 60% less plastic, and reduced Scope 1 and 2 greenhouse gas
        emissions by 11% compared with fiscal 2023, mainly by switching our Galway and
        Chandler plants to renewable electricity. We have committed to reach net zero
        Scope 1 and 2 emissions by fiscal 2035. All of our plants are certified to the ISO
        14001 environmental management standard, and all but the new Heredia plant are
        certified to ISO 13485.
    """,
    letter="""
        Dear fellow shareholders,

        Fiscal 2024 was a year of recovery and renewal for Tessaline. A year ago I wrote
        to you about the field correction of our Vireo infusion pumps, which cost us
        sales, profit and, for a time, some of the trust of our hospital customers. This
        year Vireo shipments resumed in full, customers who had paused their pump
        replacements came back, and net sales grew in three of our four segments. Earnings
        per share rose by almost a quarter, and we ended the year with the largest order
        book in our history.

        Surgical Visualization had its best year ever. The Lumaris 4K fluorescence imaging
        system lets surgeons see blood flow and bile ducts during surgery, and hospitals
        adopted it faster than we planned. Respiratory Care kept growing as home medical
        equipment providers chose our sleep therapy devices and masks. Orthopedic
        Instruments had a difficult year, and we have decided to focus it on the power
        tools and trauma products where it can earn good margins, and to stop selling the
        Ridgeline external fixation system.

        We also had to restate our fiscal 2023 results. The warranty reserve for the
        Vireo field correction had been understated, and the correction is explained in
        Note 2 to the financial statements. The error did not affect cash, and we have
        strengthened our controls over warranty estimates. I regret the error, and I want
        you to hear about it from me.

        In February we opened our plant in Costa Rica, which will make infusion sets at a
        lower cost and closer to our customers in the Americas. Our more than 7,600
        employees did all this while raising our quality standards in every plant, under
        the program led by our new Chief Quality and Regulatory Officer.

        Our competitors are formidable, and some of them are much larger than we are. We
        believe that clinicians choose Tessaline because our products work well, are
        easy to use and are backed by people who answer when they call. Thank you for your
        confidence in our company.
    """,
    dividend_2022=0.17,
    dividend=(
        "Tessaline paid quarterly cash dividends of $0.21 per share in fiscal 2024, "
        "compared with $0.19 per share in fiscal 2023, and has raised its dividend in each "
        "of the last twelve years."
    ),
    dividend_table=(
        ("First quarter", "0.21", "0.19"),
        ("Second quarter", "0.21", "0.19"),
        ("Third quarter", "0.21", "0.19"),
        ("Fourth quarter", "0.21", "0.19"),
    ),
    repurchases="""
        We repurchased 0.7 million shares of common stock for $61.7 million in fiscal 2024
        and 1.2 million shares for $84.6 million in fiscal 2023, under the program that the
        Board authorized in August 2021. At the end of fiscal 2024, $191.4 million remained
        available under the authorization, which does not expire.
    """,
    developments="""
        Shipments of the Vireo large-volume pump returned to normal in the first quarter,
        after the field correction that reduced Infusion Systems sales in the second half
        of fiscal 2023. We launched the Lumaris 4K fluorescence imaging system, began
        production at our infusion set plant in Heredia, Costa Rica, and received FDA
        clearance for a transport ventilator for emergency services. In the fourth
        quarter we decided to discontinue the Ridgeline external fixation system and to
        close two instrument repair centers, which led to restructuring and impairment
        charges of $12.8 million. We also restated fiscal 2023 to correct the warranty
        reserve for the Vireo field correction, as described in Note 2.
    """,
    restatement_context=(
        "In the third quarter of fiscal 2024 we found that the warranty reserve for the "
        "Vireo large-volume pump field correction had been understated at June 30, 2023, "
        "because it omitted the cost of replacing pump displays that failed during the "
        "software update. The correction increased fiscal 2023 cost of products sold by "
        "$11.3 million and reduced fiscal 2023 net income by $8.9 million; it did not "
        "affect cash flows."
    ),
    restatement=(
        "Fiscal 2023 gross profit has been restated to $1,003.8 million from the $1,015.1 "
        "million previously reported."
    ),
    notes_sentence=(
        "Our long-term debt includes $350.0 million of 3.950% senior notes due 2028 and "
        "$300.0 million of 5.400% senior notes due 2032, which we issued in September 2022."
    ),
    debt_rows=(
        ("3.950% senior notes due 2028", "350.0", "350.0"),
        ("5.400% senior notes due 2032", "300.0", "300.0"),
        ("Term loan due 2027", "120.0", "175.0"),
        ("Revolving credit facility", "25.0", "60.0"),
        ("Unamortized issuance costs", "(4.8)", "(5.6)"),
        ("Total long-term debt", "790.2", "879.4"),
    ),
    impairment=(
        "The restructuring and impairment charges of fiscal 2024 include an impairment of "
        "$7.9 million of the developed technology acquired with the Ridgeline external "
        "fixation system, which we wrote down after deciding to discontinue it; the annual "
        "goodwill test found no impairment."
    ),
    tax_rate_sentence=(
        "Our effective income tax rate was 19.4% in fiscal 2024, compared with 21.3% in "
        "fiscal 2023, mainly because of larger research tax credits and a higher share of "
        "income earned in Ireland."
    ),
    subsidiary_context=(
        "We acquired Kestrel Airway Systems Limited of Galway, Ireland, in fiscal 2020 and "
        "renamed it Tessaline Airway Ireland Limited. It designs and makes sleep therapy "
        "devices, masks and humidifiers, is led by its managing director, Fionnuala "
        "Brennan, and had 540 employees at the end of fiscal 2024."
    ),
    subsidiary=(
        "Tessaline Airway Ireland Limited, which reports within the Respiratory Care "
        "segment, had net sales of $167.9 million in fiscal 2024, compared with $149.3 "
        "million in fiscal 2023, and contributed $21.4 million of the segment's operating "
        "income in fiscal 2024."
    ),
    geography=(
        ("United States", 1146.0, 1209.6, 1268.4),
        ("Europe", 289.5, 309.8, 331.2),
        ("Japan and Asia Pacific", 158.9, 174.3, 187.5),
        ("Rest of world", 77.8, 84.2, 89.0),
    ),
    distribution="""
        In the United States we sell through about 620 direct sales representatives and
        clinical specialists, who support surgeons and nurses when a new system is
        installed, and through national and regional distributors of medical supplies.
        Sleep therapy products are sold to home medical equipment providers. In Europe and
        Japan we have our own sales companies, and in other countries we sell through about
        90 independent distributors. Service engineers in 14 countries install and repair
        our capital equipment, much of it under multi-year service contracts.
    """,
    directors=(
        "Matthias Brenneman",
        "Caroline Ashby-Moss",
        "Rajiv Menon",
        "Dolores Kettering",
        "Walter Ngata",
        "Elisabeth Fournier",
        "Terrence Abernathy",
        "Yuki Nakashima",
        "Gabriel Ostrowski",
        "Miriam Holloway",
    ),
    categories=(
        ("Surgical Visualization", "Camera systems and displays", 0.41),
        ("Surgical Visualization", "Endoscopes and single-use scopes", 0.37),
        ("Surgical Visualization", "Service and accessories", 0.22),
        ("Infusion Systems", "Infusion pumps and software", 0.38),
        ("Infusion Systems", "Administration sets", 0.62),
        ("Respiratory Care", "Hospital ventilation", 0.33),
        ("Respiratory Care", "Sleep therapy devices and masks", 0.67),
        ("Orthopedic Instruments", "Power tools and instruments", 0.55),
        ("Orthopedic Instruments", "Trauma and external fixation", 0.45),
    ),
    auditor="Pemberton Ashcroft LLP",
    auditor_city="Minneapolis, Minnesota",
    auditor_since=2012,
)


def tessaline_questions(f: Filing) -> list[Question]:
    visualization = segment(f, "Surgical Visualization")
    infusion = segment(f, "Infusion Systems")
    respiratory = segment(f, "Respiratory Care")
    orthopedic = segment(f, "Orthopedic Instruments")
    difference = round(visualization.operating_income[2] - respiratory.operating_income[2], 1)
    # The subsidiary's share of its segment's operating income, from its own sentence.
    airway = 21.4
    without_airway = round(respiratory.operating_income[2] - airway, 1)
    return [
        money_question(
            "What was the segment operating income of Tessaline's Infusion Systems segment in "
            "fiscal 2024?",
            infusion.operating_income[2],
            "operating_income.Infusion Systems",
            [infusion.operating_income[1], respiratory.operating_income[2], 507.4, 96.8],
        ),
        money_question(
            "What was Tessaline Medical Corporation's backlog of firm orders at June 30, 2024?",
            f.backlog[1],
            "backlog",
            [f.backlog[0], 402.5],
        ),
        Question(
            "How many employees did Tessaline Medical Corporation have at the end of fiscal 2024?",
            "7,682",
            ("employees",),
            accept=("7682", "7,682 employees"),
            distractors=("7,315", "2,146", "540", "12,400"),
            unique=("7,682",),
        ),
        money_question(
            "What gross profit for fiscal 2023 had Tessaline originally reported, before the "
            "restatement?",
            1015.1,
            "restatement",
            [1003.8, 1091.9],
        ),
        money_question(
            "What were the fiscal 2024 net sales of Tessaline's subsidiary Tessaline Airway "
            "Ireland Limited?",
            167.9,
            "subsidiary",
            [149.3, respiratory.net_sales[2]],
        ),
        Question(
            "What percentage of Tessaline's fiscal 2024 net sales was made under contracts "
            "with Brookhollow Purchasing Alliance?",
            "14.6%",
            ("largest_customer",),
            accept=("14.6 percent", "14.6 per cent"),
            distractors=("15.3%", "11.2%"),
            unique=("14.6%",),
        ),
        Question(
            "In which city did Tessaline begin production at a new plant for infusion "
            "administration sets in fiscal 2024?",
            "Heredia, Costa Rica",
            ("new_facility",),
            accept=("Heredia",),
            distractors=("Tijuana, Mexico", "Galway, Ireland", "Maple Grove, Minnesota"),
        ),
        Question(
            "By how much did the fiscal 2024 segment operating income of Tessaline's Surgical "
            "Visualization segment exceed that of its Respiratory Care segment?",
            usd(difference),
            ("operating_income.Surgical Visualization", "operating_income.Respiratory Care"),
            accept=(f"{difference:.1f} million", f"{difference:.1f}"),
            distractors=(
                usd(round(visualization.net_sales[2] - respiratory.net_sales[2], 1)),
                usd(round(visualization.operating_income[1] - respiratory.operating_income[1], 1)),
                usd(visualization.operating_income[2]),
            ),
        ),
        Question(
            "Who is the President of the Tessaline segment in which Tessaline Airway Ireland "
            "Limited reports?",
            respiratory.head,
            ("subsidiary", "head.Respiratory Care"),
            accept=("Mr. Aldridge", "Aldridge"),
            distractors=("Fionnuala Brennan", visualization.head, orthopedic.head),
        ),
        Question(
            "Leaving out the operating income contributed by Tessaline Airway Ireland Limited, "
            "what was the fiscal 2024 segment operating income of Tessaline's Respiratory Care "
            "segment?",
            usd(without_airway),
            ("operating_income.Respiratory Care", "subsidiary"),
            accept=(f"{without_airway:.1f} million", f"{without_airway:.1f}"),
            distractors=(
                usd(respiratory.operating_income[2]),
                usd(airway),
                usd(round(respiratory.operating_income[1] - airway, 1)),
            ),
        ),
    ]


def financial_c_documents() -> list[Built]:
    return [build_filing("financial_c", "fin-c", TESSALINE, tessaline_questions(TESSALINE))]
