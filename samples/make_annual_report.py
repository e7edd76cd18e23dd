"""Generate the sample document and its question set.

Writes samples/annual_report.txt, the 2025 annual report of Corvena Marine Group ASA
(a fictional maritime equipment company), and samples/questions.jsonl, questions
whose answers are facts planted in single sentences of that report.

Deterministic (a fixed seed, no wall clock), so a test can regenerate both files
and compare them byte for byte:

    .venv/bin/python samples/make_annual_report.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

SEED = 20251231
HERE = Path(__file__).resolve().parent
DOCUMENT_NAME = "annual_report.txt"
QUESTIONS_NAME = "questions.jsonl"


# ---- formatting helpers -------------------------------------------------------


def eur(amount: float) -> str:
    """A money figure the way the report writes it in prose."""
    return f"EUR {amount:,.1f} million"


def num(amount: float) -> str:
    """A money figure in a table (EUR million, negatives in brackets)."""
    return f"({-amount:,.1f})" if amount < 0 else f"{amount:,.1f}"


def growth(new: float, old: float) -> str:
    return f"{(new / old - 1) * 100:.1f}"


def prose(block: str) -> list[str]:
    """Paragraphs of a hard-wrapped text block: a blank line ends a paragraph,
    a single newline inside one is only wrapping in this source file."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", textwrap.dedent(block).strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines:
            paragraphs.append(" ".join(lines))
    return paragraphs


class Report:
    """The document under construction: paragraphs, plus the planted sentences
    (evidence) that questions point at."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paragraphs: list[str] = []
        self.evidence: dict[str, str] = {}
        self.tables = 0
        self.notes = 0

    def plant(self, key: str, sentence: str) -> str:
        require(key not in self.evidence, f"evidence key used twice: {key}")
        require("\n" not in sentence, f"evidence must be one line: {key}")
        self.evidence[key] = sentence
        return sentence

    def order(self, options: list[str]) -> list[str]:
        """The same options in a seeded order, so entities rendered from one
        template family cycle through different wordings."""
        return self.rng.sample(options, k=len(options))

    def h1(self, title: str) -> None:
        self.paragraphs.append(f"{title.upper()}\n{'=' * len(title)}")

    def h2(self, title: str) -> None:
        self.paragraphs.append(f"{title}\n{'-' * len(title)}")

    def note(self, title: str) -> None:
        self.notes += 1
        self.h2(f"Note {self.notes}. {title}")

    def text(self, block: str) -> None:
        self.paragraphs.extend(prose(block))

    def lines(self, items: list[str], bullet: str = "- ") -> None:
        self.paragraphs.append("\n".join(bullet + item for item in items))

    def table(self, caption: str, header: list[str], rows: list[list[str]]) -> None:
        # Fixed-width text: first column left-aligned, figures right-aligned.
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        self.tables += 1
        out = [f"Table {self.tables}. {caption}"]
        for row in [header, *rows]:
            cells = [row[0].ljust(widths[0])]
            cells += [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
            out.append("  ".join(cells).rstrip())
        self.paragraphs.append("\n".join(out))

    def render(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


# ---- the company's numbers ------------------------------------------------------
# Hand-picked so that segments and regions each add up to the group totals and so
# that every planted figure occurs only once in the document (checked below).

GROUP_REVENUE = (1085.3, 1175.3, 1281.3)
ORDER_INTAKE = (1219.8, 1346.2)  # 2024, 2025
RND_SPEND = (52.6, 58.2)  # 2024, 2025
CAPEX = (63.4, 51.7)  # 2024, 2025


@dataclass(frozen=True)
class Segment:
    name: str
    head: str
    revenue: tuple[float, float, float]  # 2023, 2024, 2025
    ebitda: tuple[float, float]  # adjusted EBITDA 2024, 2025
    margin: tuple[float, float]  # adjusted EBITDA margin, per cent, 2024, 2025
    orders: tuple[float, float]  # order intake 2024, 2025
    backlog: tuple[float, float]  # 31 December 2024, 2025
    employees: tuple[int, int]  # 31 December 2024, 2025


SEGMENTS = [
    Segment(
        "Propulsion Systems",
        "Lars Eide",
        (402.8, 431.5, 468.9),
        (58.3, 66.6),
        (13.5, 14.2),
        (452.7, 498.3),
        (373.3, 402.7),
        (2031, 2104),
    ),
    Segment(
        "Deck Machinery",
        "Birgit Kalstad",
        (281.7, 296.1, 318.4),
        (36.4, 37.6),
        (12.3, 11.8),
        (301.2, 327.9),
        (221.9, 231.4),
        (1452, 1463),
    ),
    Segment(
        "Navigation and Automation",
        "Mateo Ferreira",
        (164.2, 187.9, 209.3),
        (30.8, 37.5),
        (16.4, 17.9),
        (201.5, 228.6),
        (129.6, 148.9),
        (746, 811),
    ),
    Segment(
        "Aftermarket Services",
        "Oskar Strand",
        (236.6, 259.8, 284.7),
        (62.1, 70.0),
        (23.9, 24.6),
        (264.4, 291.4),
        (118.8, 125.5),
        (1176, 1247),
    ),
]


@dataclass(frozen=True)
class Region:
    name: str
    leader: str
    title: str
    city: str
    revenue: tuple[float, float, float]  # 2023, 2024, 2025
    employees: tuple[int, int]  # 31 December 2024, 2025


REGIONS = [
    Region("the Nordics", "Kari Mjelde", "Regional President, Nordics", "Kalvik",
           (226.1, 233.9, 241.6), (1841, 1872)),
    Region("Western Europe", "Jeroen Aalbers", "Regional President, Western Europe",
           "Rotterdam", (291.8, 309.4, 327.5), (1297, 1318)),
    Region("North America", "Dolores Whitcombe", "Regional President, North America",
           "Houston", (150.3, 171.6, 198.2), (652, 694)),
    Region("Asia Pacific", "Lim Wei Ling", "Regional President, Asia Pacific", "Singapore",
           (252.7, 279.3, 306.8), (1063, 1146)),
    Region("the Middle East and Africa", "Karim Mansour",
           "Regional President, Middle East and Africa", "Dubai",
           (88.9, 98.7, 112.4), (371, 402)),
    Region("Latin America", "Beatriz Salgado", "Regional President, Latin America",
           "Rio de Janeiro", (75.5, 82.4, 94.8), (336, 358)),
]  # fmt: skip

CORPORATE_EMPLOYEES = (155, 165)

# Planted figures that must occur exactly once in the whole document, as a number
# not embedded in a longer one, so that each answer is stated in one place only.
UNIQUE_FIGURES = [
    "1,346.2",
    "318.4",
    "14.2",
    "1,146",
    "1.37",
    "18,640",
    "31%",
    "94.4",
    "9.6",
    "0.42",
    "58.2",
    "51.7",
    "306.8",
    "327.5",
    "1,872",
    "468.9",
    "284.7",
]


def require(condition: bool, message: str) -> None:
    # Not `assert`: these checks must also run under `python -O`.
    if not condition:
        raise ValueError(message)


def check_sums() -> None:
    for i in range(3):
        segments = round(sum(s.revenue[i] for s in SEGMENTS), 1)
        regions = round(sum(r.revenue[i] for r in REGIONS), 1)
        require(segments == regions == GROUP_REVENUE[i], f"revenue {i} does not add up")
    for i in range(2):
        orders = round(sum(s.orders[i] for s in SEGMENTS), 1)
        require(orders == ORDER_INTAKE[i], f"order intake {i} does not add up")
        staff = sum(s.employees[i] for s in SEGMENTS) + CORPORATE_EMPLOYEES[i]
        require(staff == sum(r.employees[i] for r in REGIONS), f"headcount {i} differs")


# ---- sections ---------------------------------------------------------------------


def front_matter(doc: Report) -> None:
    doc.paragraphs.append("CORVENA MARINE GROUP ASA\nANNUAL REPORT 2025")
    doc.text(
        """
        Corvena Marine Group ASA, Strandveien 14, 6190 Kalvik, Norway.
        Organisation number 914 227 508. Shares listed on the Oslo Stock Exchange
        under the ticker CORV. All amounts are in euros (EUR) unless stated otherwise;
        figures in brackets refer to the previous year.
        """
    )
    doc.h2("Contents")
    doc.lines(
        [
            "About Corvena",
            "Key figures",
            "Letter from the Chair",
            "Review by the Chief Executive Officer",
            "Business overview and strategy",
            "Segment reviews: Propulsion Systems, Deck Machinery, Navigation and "
            "Automation, Aftermarket Services",
            "Regional operations",
            "People and workforce",
            "Sustainability",
            "Risk factors",
            "Corporate governance, Board of Directors and executive team",
            "Financial review",
            "Notes to the consolidated financial statements",
            "Responsibility statement and auditor's report",
            "Group companies",
            "Shareholder information and financial calendar",
            "Definitions and alternative performance measures",
        ]
    )
    doc.h1("About Corvena")
    doc.text(
        """
        Corvena designs, manufactures and services equipment that moves, positions and
        secures ships: thrusters and propellers, winches and cranes, dynamic positioning
        and vessel automation systems, and the spare parts, field service and digital
        support that keep them running for thirty years or more. Our customers are
        shipyards, ship owners and operators in the offshore energy, ferry, cruise,
        fishing, aquaculture, merchant and naval markets.

        The company traces its history to 1962, when the brothers Ole and Edvard Korsvik
        opened a propeller foundry on the quay in Kalvik to serve the local fishing fleet.
        The present name dates from the 1987 merger of Korsvik Propell with the hydraulic
        winch maker Vena Hydraulikk of Hestnes. The group was listed in 2006 and has since
        grown through a combination of product development and acquisitions, the largest
        of which was the purchase of a majority stake in Kestrel Marine Electronics of
        Singapore in 2019.

        Corvena is organised in four business segments, which are responsible for
        products, engineering and production, and six sales regions, which own the
        relationship with customers and run the local service network. The group has
        manufacturing sites in Norway, Germany, Poland and China, and sales and service
        offices in 27 countries.
        """
    )
    doc.h2("Milestones")
    doc.lines(
        [
            "1962: Ole and Edvard Korsvik open a propeller foundry in Kalvik.",
            "1974: first tunnel thruster delivered, to a Norwegian supply vessel.",
            "1987: merger with Vena Hydraulikk of Hestnes; the group takes the name Corvena.",
            "1995: first dynamic positioning system developed together with an offshore owner.",
            "2006: listing on the Oslo Stock Exchange.",
            "2012: the euro becomes the group's reporting currency.",
            "2019: acquisition of a majority of Kestrel Marine Electronics, Singapore.",
            "2023: Course 2028 strategy adopted; Busan service centre opened.",
        ]
    )
    doc.h2("Highlights of 2025")
    doc.lines(
        [
            "Revenue up 9.0% to EUR 1,281.3 million, with growth in all four segments "
            "and all six regions.",
            "Adjusted EBITDA of EUR 192.8 million and an adjusted EBITDA margin of 15.0% (14.5%).",
            "Record order intake, a book-to-bill ratio above one for the fifth year running "
            "and an order backlog of EUR 908.5 million at year end.",
            "New assembly plant in Poland opened on schedule and within budget.",
            "Launch of a new generation of dynamic positioning system.",
            "Lost-time injuries reduced for the third consecutive year.",
            "Net interest-bearing debt reduced to EUR 187.3 million, or 0.97 times "
            "adjusted EBITDA.",
        ]
    )
    doc.table(
        "Key figures (EUR million unless stated otherwise)",
        ["", "2025", "2024", "2023"],
        [
            ["Revenue", *(num(v) for v in reversed(GROUP_REVENUE))],
            ["Adjusted EBITDA", "192.8", "170.4", "151.9"],
            ["Adjusted EBITDA margin", "15.0%", "14.5%", "14.0%"],
            ["Operating profit (EBIT)", "136.4", "121.4", "104.8"],
            ["Profit for the year", "96.3", "83.3", "70.2"],
            ["Earnings per share (EUR)", "0.90", "0.78", "0.66"],
            ["Order backlog at 31 December", "908.5", "843.6", "801.2"],
            ["Net interest-bearing debt", "187.3", "241.9", "268.5"],
            ["Equity ratio", "46.8%", "43.1%", "41.7%"],
            ["Return on capital employed", "16.2%", "14.9%", "13.1%"],
            ["Employees at 31 December", "5,790", "5,560", "5,318"],
        ],
    )


def chair_letter(doc: Report) -> None:
    doc.h1("Letter from the Chair")
    doc.text(
        """
        Dear shareholders,

        2025 was the year in which the changes that Corvena began three years ago became
        visible in the accounts. Revenue grew for the fourth consecutive year, margins
        improved in three of our four segments, and the balance sheet is stronger than at
        any time since the acquisition of Kestrel Marine Electronics. On behalf of the
        Board of Directors I want to thank every one of our colleagues for the work behind
        these results, much of it done on ships, in shipyards and in workshops far from
        home, often at short notice and in poor weather.

        The markets we serve moved in different directions. Contracting at shipyards in
        Asia remained high, in particular for ro-pax ferries, car carriers and offshore
        support vessels, and the offshore oil and gas market continued its recovery after
        a long downturn. Offshore wind, which many in our industry expected to be the
        fastest-growing market of the decade, had a difficult year: several projects in
        the North Sea and off the east coast of the United States were postponed or
        cancelled as developers struggled with higher interest rates and component costs.
        Fishing and aquaculture, the historical backbone of our Nordic business, were
        stable, and demand from navies and coast guards rose sharply.

        The Board's work in 2025 focused on three topics. The first was the execution of
        the Course 2028 strategy, in particular the ramp-up of the new assembly plant in
        Poland and the consolidation of our winch workshops in Norway. The second was
        safety: every Board meeting opens with a review of incidents and near misses, and
        the directors visited six sites during the year to see the work at first hand. The
        third was succession, both on the Board and in the executive team, where we
        appointed a new Chief Technology Officer during the year.

        The Board met eleven times in 2025, including a two-day strategy seminar held at
        the new plant, and attendance was 97%. At the annual general meeting in April,
        shareholders elected Rajiv Menon as a new director to replace Solveig Rasmussen,
        who had served on the Board since 2016 and chaired its Remuneration Committee for
        six years. I thank Solveig for her contribution and welcome Rajiv, whose
        experience from the energy transition in Asian shipping will be valuable to us.

        A strong balance sheet gives us choices. The Board's capital allocation priorities
        are unchanged: first, investment in safety, quality and the products and service
        capabilities our customers will need over the next decade; second, a dividend that
        grows with earnings over time; third, acquisitions that strengthen our technology
        or our service reach; and fourth, returning surplus capital to shareholders. In
        line with the dividend policy, the Board proposes a higher ordinary dividend for
        2025 than for 2024; the amount and the dates are set out in the shareholder
        information at the end of this report.

        The shipping industry is only at the beginning of the change it must make to meet
        the International Maritime Organization's goal of net-zero emissions around 2050.
        For a company like ours that is both a responsibility and an opportunity. The
        hybrid drive packages, battery-ready winches and route optimisation software that
        Corvena sells today reduce fuel consumption on the vessels that use them, and the
        Board has linked part of the executive team's long-term incentives to the share of
        order intake that comes from such products.

        Finally, I want to thank Sigrid Aamodt and the executive team for a year of
        disciplined execution, and you, our shareholders, for your continued support.
        """
    )
    doc.lines(["Eirik Thorsrud", "Chair of the Board of Directors", "Kalvik, 18 March 2026"], "")


def ceo_review(doc: Report) -> None:
    orders = doc.plant(
        "order_intake",
        f"Order intake for the group reached {eur(ORDER_INTAKE[1])} in 2025, compared with "
        f"{eur(ORDER_INTAKE[0])} in 2024, giving a book-to-bill ratio of 1.05.",
    )
    plant = doc.plant(
        "gdynia",
        "In September 2025 we opened our new assembly plant in Gdynia, Poland, which "
        "assembles tunnel thrusters and mooring winches for shipyards around the Baltic "
        "and the North Sea.",
    )
    doc.h1("Review by the Chief Executive Officer")
    doc.text(
        f"""
        2025 was a record year for Corvena in almost every respect: the highest revenue,
        the highest order intake and the highest adjusted EBITDA in the group's history,
        and the lowest injury rate we have ever measured. I am proud of what our people
        achieved, and I am equally aware of the areas where we did not do as well as we
        had planned.

        Revenue increased by 9.0% to EUR 1,281.3 million. Adjusted for currency effects
        and for the small acquisitions completed in 2024, organic growth was 8.1%. All four
        segments grew, led by Navigation and Automation, and all six regions grew, led by
        North America, where the recovery of the offshore market in the Gulf of Mexico and a
        wave of ferry newbuilding orders on the west coast lifted demand for both
        equipment and service. {orders} The backlog at year end was EUR 908.5 million, of
        which about three quarters is expected to be delivered in 2026.

        Adjusted EBITDA rose to EUR 192.8 million and the adjusted EBITDA margin improved to
        15.0% from 14.5%. Higher volumes, better pricing discipline and a growing share of
        service revenue more than offset wage inflation and the start-up costs of the new
        plant. The exception was Deck Machinery, where a number of fixed-price projects
        signed in 2023, before the last round of steel price increases, held back
        margins. Those projects will be completed in the first half of 2026.

        {plant} The plant was built in fourteen months, on schedule and slightly below
        budget, and by December it employed 212 people. Moving the final assembly of our
        high-volume products closer to the yards that buy them shortens delivery times by
        three to five weeks and frees capacity in Kalvik and Hestnes for the larger and more
        complex equipment that those sites are best at.

        In Deck Machinery we also took the difficult decision to close the winch workshop
        at Tromsvik and consolidate its activities in Hestnes. Forty-one positions were
        affected; thirty of those colleagues accepted offers to move to other sites, and we
        worked with the local authorities and unions to support the others. The
        restructuring cost of EUR 6.8 million is reported as a special item.

        Safety comes first at Corvena, and 2025 showed that our Safe Hands programme is
        working. The lost-time injury frequency fell for the third year in a row, and more
        than 60% of our sites completed the year without a single lost-time injury. We
        still had 14 lost-time injuries, however, including two serious hand injuries
        during load tests, and each of them is one too many. In 2026 we will extend the
        programme to our subcontractors working on customers' vessels, where the risks are
        highest and our control is lowest.

        Technology is what makes customers choose Corvena. This year we launched the most
        important new product in a decade, a dynamic positioning system developed together
        with three of our largest offshore customers, and we passed 1,000 vessels connected
        to the Corvena Insight remote monitoring platform. Digital service agreements now
        account for 11% of Aftermarket Services revenue, against 8% two years ago.

        Looking ahead, we expect markets to remain supportive in 2026, with continued high
        activity at shipyards and in offshore energy, although offshore wind will remain
        uncertain. We will focus on completing the Deck Machinery projects, ramping up the
        new plant to full capacity and growing our service business in North America and
        Asia Pacific. Our ambition for 2028 stands: annual revenue growth of 6 to 8%, an
        adjusted EBITDA margin of at least 16% and a return on capital employed above 18%.

        Thank you to our customers for their trust, to our colleagues for their commitment
        and to our shareholders for their support.
        """
    )
    doc.lines(["Sigrid Aamodt", "Chief Executive Officer"], "")


def business_overview(doc: Report) -> None:
    rnd = doc.plant(
        "rnd",
        f"Research and development expenditure amounted to {eur(RND_SPEND[1])} in 2025 "
        f"(2024: {eur(RND_SPEND[0])}), equal to 4.5% of revenue.",
    )
    dp7 = doc.plant(
        "dp7",
        "The most important launch of the year was the Stillwater DP-7 dynamic positioning "
        "system, introduced at the Kalvik Maritime Forum in June 2025.",
    )
    doc.h1("Business overview and strategy")
    doc.h2("What we do")
    doc.text(
        """
        A vessel that has to hold its position next to a wind turbine in a storm, berth
        without tugs in a narrow fjord or haul a trawl through heavy seas depends on
        equipment that cannot fail. Corvena supplies that equipment. We sell it to the
        shipyard when the vessel is built, usually as part of a package that includes
        engineering, installation support and commissioning, and then we support the
        owner for the life of the vessel with spare parts, service engineers, upgrades and,
        increasingly, remote monitoring. Roughly 70% of our revenue comes from new
        equipment and 30% from the aftermarket, but the aftermarket contributes close to
        half of our adjusted EBITDA.

        Our installed base is the foundation of the business. Corvena equipment is in
        service on more than 14,000 vessels, and on about 3,900 of them we supply the
        complete package of thrusters, deck machinery and control systems. Every vessel
        we equip today is a service customer for the next three decades. That is why we
        invest in service centres close to the world's main shipping lanes and why we
        measure our success not only by the orders we win but by how many owners choose to
        come back to us for their next vessel.
        """
    )
    doc.h2("Markets")
    doc.text(
        """
        We group our customers into six end markets. Offshore energy, which includes oil
        and gas as well as offshore wind, accounted for 29% of revenue in 2025. Ferries
        and cruise vessels accounted for 22%, fishing and aquaculture for 17%, merchant
        shipping for 15%, navies and government vessels for 10% and other markets,
        including research vessels, tugs and yachts, for 7%. No single customer accounted
        for more than 4% of group revenue.

        The market for ship equipment follows the shipbuilding cycle, but with a delay:
        we usually receive orders 12 to 24 months before a vessel is delivered and invoice
        most of the equipment value 6 to 12 months before delivery. Global newbuilding
        contracting measured in compensated gross tonnage rose by about 12% in 2025,
        after a strong 2024, and yard order books are now the longest since 2009. The
        aftermarket is more stable and follows the size and age of the fleet and the
        level of activity at sea.
        """
    )
    doc.h2("Competition")
    doc.text(
        """
        Corvena competes with a handful of large international equipment groups that
        offer a similar range, and with many specialised manufacturers, often in China and
        South Korea, that focus on one product family and compete mainly on price. We win
        where reliability, integration and lifetime support matter most: on complex
        vessels, where owners want one supplier responsible for propulsion, deck machinery
        and control systems, and in markets where a fast service response is worth more
        than a lower purchase price. We estimate our global market share at around 15% for
        tunnel thrusters, 10% for azimuth thrusters, 12% for offshore deck machinery and 8%
        for dynamic positioning systems.
        """
    )
    doc.h2("Outlook by end market")
    doc.lines(
        [
            "Offshore energy: oil and gas companies are expected to keep investment high "
            "in 2026, in particular in Brazil, the Gulf and Norway. Offshore wind orders "
            "are expected to recover slowly from 2027 as auction terms improve.",
            "Ferries and cruise: ferry operators in Europe and North America continue to "
            "renew and electrify their fleets, and cruise lines have resumed ordering at "
            "levels last seen before 2020.",
            "Fishing and aquaculture: stable demand, with growth in larger well boats, feed "
            "barges and processing vessels for the Norwegian, Chilean and Icelandic "
            "markets.",
            "Merchant shipping: high contracting of car carriers, container ships and "
            "gas carriers, often specified for alternative fuels, supports demand for "
            "tunnel thrusters and mooring equipment.",
            "Navies and government: defence budgets in Europe and Asia are rising, and "
            "coast guards are ordering patrol and research vessels with advanced "
            "positioning and bridge systems.",
            "Other markets: tugs, pilot boats and research vessels provide steady demand, "
            "while the yacht market weakened towards the end of 2025.",
        ]
    )
    doc.h2("Strategy: Course 2028")
    doc.text(
        """
        Course 2028, the strategy the Board adopted in 2023, rests on four pillars.
        The first is to lead in energy-efficient propulsion and positioning, where tighter
        emission rules are changing what owners buy. The second is to double the revenue
        from digital services and service agreements between 2023 and 2028. The third is
        to simplify our manufacturing footprint, with fewer, larger and more specialised
        plants. The fourth is to build a culture where safety, integrity and customer
        focus are part of every decision.

        The strategy comes with financial targets for 2028: organic revenue growth of 6 to
        8% a year through the cycle, an adjusted EBITDA margin of at least 16%, a return on
        capital employed above 18% and net interest-bearing debt below two times adjusted
        EBITDA. At the end of 2025 we were ahead of plan on growth and leverage and broadly
        on plan for margin and return on capital employed.
        """
    )
    doc.h2("Innovation and product development")
    doc.text(
        f"""
        {rnd} Around 640 engineers work in product development at technology centres in
        Kalvik, Porto and Singapore, and a further 310 engineers support customer projects.
        We hold 412 active patent families, 37 of which were filed in 2025.

        {dp7} The system replaces the Stillwater DP-5 that was launched in 2021 and is
        built on a new control platform that can run on the vessel's own computers or on
        Corvena hardware. Its position-keeping algorithm uses weather forecasts to
        anticipate changes in wind and current, which in trials reduced thruster energy
        consumption by up to 18% compared with the previous generation. By year end the
        new system had been ordered for 23 vessels, including a series of eight service
        operation vessels for offshore wind.

        Other launches in 2025 included a larger version of the Tidewing tunnel thruster,
        the Tidewing TT-2600, with a nominal power of 2,600 kilowatts, and an electric
        version of the Harbourline mooring winch that can be supplied without any
        hydraulic system on board. The Corvena Insight platform received a new
        condition-monitoring module for azimuth thrusters that predicts bearing failures
        several weeks in advance.

        Development work in 2026 will focus on propulsion for ammonia- and methanol-fuelled
        vessels, on autonomous docking and on reducing the noise that our thrusters
        transmit into the water, which is becoming a requirement for vessels operating in
        sensitive marine areas.
        """
    )


SEGMENT_TEXT = {
    "Propulsion Systems": (
        """
        Propulsion Systems designs and manufactures tunnel thrusters, azimuth thrusters,
        retractable thrusters and controllable-pitch propellers, together with the hybrid
        and battery-electric drive packages that increasingly come with them. The main
        production sites are Kalvik, where the larger thrusters are machined and tested,
        the new plant in Poland, and the propeller foundry in Zhoushan, China, which the
        group owns together with a Chinese partner. The segment is led by {head}.
        """,
        """
        The largest order in the segment's history was signed in March: fourteen azimuth
        thrusters and seven hybrid drive packages for a series of seven ro-pax ferries for
        Baltic Meridian Lines, to be delivered from 2026 to 2028. The first deliveries of
        the Tidewing TT-2200 tunnel thruster, launched in 2024, went to a series of car
        carriers built in China, and the programme to retrofit hybrid drives on 22
        Norwegian fjord ferries reached its halfway point. In the foundry, a new moulding
        line reduced scrap rates from 7% to 4%.
        """,
        """
        The segment enters 2026 with a record backlog. Price increases implemented during
        2025 and the lower cost base of the new plant are expected to support further
        margin improvement, while capacity in Kalvik will be used to prepare for the
        larger thrusters required by the next generation of offshore wind vessels.
        """,
    ),
    "Deck Machinery": (
        """
        Deck Machinery supplies anchor and mooring winches, towing and anchor-handling
        winches, trawl and purse seine winches for the fishing fleet, offshore and
        provision cranes, and cable-handling equipment for offshore wind and subsea
        installation. Production takes place at Hestnes in Norway, which has become the
        segment's centre of excellence for large winches, and in Bremerhaven, Germany,
        where the hydraulic power units are built. The segment is led by {head}.
        """,
        """
        Two contracts for cable-lay carousels for offshore wind installation vessels, each
        with a capacity of 7,000 tonnes, were the largest orders of the year. The electric
        Harbourline mooring winch won its first orders from a cruise line and from a
        Norwegian ferry operator. Demand from fish farming companies for cranes on
        feed barges and well boats remained strong, and the segment delivered its 500th
        aquaculture crane in November. The closure of the Tromsvik workshop was completed
        in December.
        """,
        """
        Margins in 2026 will continue to be affected by the last of the fixed-price
        projects signed in 2023 during the first half of the year, after which the
        segment expects to benefit from the consolidated footprint and from new
        contracts priced at current steel and component costs.
        """,
    ),
    "Navigation and Automation": (
        """
        Navigation and Automation develops the systems that control a vessel: dynamic
        positioning, integrated bridge systems, thruster and winch control, vessel
        automation and alarm systems, and the Corvena Insight remote monitoring platform.
        Hardware is assembled in Kalvik and Singapore, where the segment includes Kestrel
        Marine Electronics, and most software is written at the technology centres in
        Kalvik and Porto, Portugal. The segment is led by {head}.
        """,
        """
        Besides the launch of the new dynamic positioning system, the segment won its
        first integrated bridge contract for a naval vessel, a series of four patrol ships
        for a European coast guard. The number of vessels connected to Corvena Insight
        passed 1,000 in October and stood at 1,082 at year end. The Porto technology centre
        grew to 164 software engineers and took over responsibility for the group's
        cybersecurity products.
        """,
        """
        Navigation and Automation expects continued growth in 2026, driven by the new
        dynamic positioning system, retrofits of older automation systems that are no
        longer supported by their makers, and the growing demand for cybersecurity
        updates under the new classification society rules.
        """,
    ),
    "Aftermarket Services": (
        """
        Aftermarket Services supports the installed base of Corvena equipment, and
        increasingly of equipment from other makers, with spare parts, field service,
        dry-dock overhauls, upgrades and retrofits, training and long-term service
        agreements. The segment operates 24 service centres and has around 700 field
        service engineers who travel to vessels all over the world. The segment is led by
        {head}.
        """,
        """
        Long-term service agreements now cover 1,870 vessels, up from 1,610 a year
        earlier, and digital service agreements that combine remote monitoring with
        planned maintenance grew particularly fast among ferry and offshore operators.
        Spare parts availability improved markedly after the central warehouse in Kalvik
        was automated in the spring, with 96% of orders shipped within 48 hours. The
        segment opened a new workshop in Halifax, Canada, and expanded the Busan service
        centre in South Korea.
        """,
        """
        The aftermarket is expected to keep growing in 2026 as the installed base grows
        and ages and as more owners sign service agreements. The segment will add field
        service capacity in North America and Asia Pacific and extend its retrofit
        offering for hybrid propulsion.
        """,
    ),
}


SEGMENT_PRODUCTS = {
    "Propulsion Systems": "Tidewing tunnel thrusters from 100 to 2,600 kilowatts, "
    "Polar azimuth thrusters up to 5,500 kilowatts, retractable thrusters, "
    "controllable-pitch propeller systems, and hybrid drive packages with batteries, "
    "converters and energy management.",
    "Deck Machinery": "Harbourline anchor and mooring winches, electric and hydraulic; "
    "towing and anchor-handling winches up to 600 tonnes pull; trawl and purse seine "
    "winches; knuckle-boom and telescopic cranes; cable-lay carousels and tensioners.",
    "Navigation and Automation": "dynamic positioning systems, joystick and thruster "
    "control, integrated bridge systems, vessel automation and power management, "
    "cybersecurity products, and the Corvena Insight remote monitoring platform.",
    "Aftermarket Services": "spare parts, field service, dry-dock overhauls, "
    "upgrades and retrofits, crew training and simulators, and long-term and digital "
    "service agreements.",
}


def segment_reviews(doc: Report) -> None:
    doc.h1("Segment reviews")
    doc.text(
        """
        The group reports four operating segments. Segment figures are before
        eliminations of internal sales, which are small, and before corporate costs of
        EUR 18.9 million in 2025 (EUR 17.2 million in 2024), which mainly relate to group
        management, listing, insurance and group-wide IT.
        """
    )
    revenue_forms = doc.order(
        [
            "{name} revenue rose to {r25} in 2025 from {r24} in 2024, an increase of {g}%.",
            "Revenue in {name} was {r25} in 2025, compared with {r24} in 2024 and {r23} in 2023.",
            "The {name} segment reported revenue of {r25} for 2025 (2024: {r24}), {g}% "
            "higher than the year before.",
            "{name} grew its revenue by {g}% to {r25} in 2025, from {r24} a year earlier.",
        ]
    )
    margin_forms = doc.order(
        [
            "Adjusted EBITDA for {name} was {e25} in 2025, a margin of {m25}%, {dir} from "
            "{m24}% in 2024.",
            "{name} delivered adjusted EBITDA of {e25} in 2025 (2024: {e24}), "
            "corresponding to a margin of {m25}% compared with {m24}% a year earlier.",
            "The adjusted EBITDA margin of {name} was {m25}% in 2025 against {m24}% in "
            "2024, on adjusted EBITDA of {e25} (2024: {e24}).",
            "In 2025 {name} earned adjusted EBITDA of {e25}, giving an adjusted EBITDA "
            "margin of {m25}% (2024: {m24}%).",
        ]
    )
    order_forms = doc.order(
        [
            "Order intake in {name} amounted to {o25} in 2025 (2024: {o24}).",
            "New orders booked by {name} totalled {o25} in 2025, against {o24} in 2024.",
            "{name} received orders worth {o25} during 2025, compared with {o24} the year before.",
            "Orders received by {name} in 2025 came to {o25} (2024: {o24}).",
        ]
    )
    for i, seg in enumerate(SEGMENTS):
        intro, highlights, outlook = SEGMENT_TEXT[seg.name]
        values = {
            "name": seg.name,
            "r23": eur(seg.revenue[0]),
            "r24": eur(seg.revenue[1]),
            "r25": eur(seg.revenue[2]),
            "g": growth(seg.revenue[2], seg.revenue[1]),
            "e24": eur(seg.ebitda[0]),
            "e25": eur(seg.ebitda[1]),
            "m24": f"{seg.margin[0]:.1f}",
            "m25": f"{seg.margin[1]:.1f}",
            "dir": "up" if seg.margin[1] > seg.margin[0] else "down",
            "o24": eur(seg.orders[0]),
            "o25": eur(seg.orders[1]),
        }
        revenue = revenue_forms[i].format(**values)
        margin = margin_forms[i].format(**values)
        orders = order_forms[i].format(**values)
        key = seg.name.lower().split()[0]
        revenue = doc.plant(f"{key}_revenue", revenue)
        margin = doc.plant(f"{key}_margin", margin)
        doc.h2(seg.name)
        doc.text(intro.format(head=seg.head))
        doc.lines([f"Main products: {SEGMENT_PRODUCTS[seg.name]}"], bullet="")
        doc.text(
            f"""
            {revenue} {orders} The segment ended the year with an order backlog of
            {eur(seg.backlog[1])}, against {eur(seg.backlog[0])} twelve months earlier.
            {margin} At 31 December 2025 the segment had {seg.employees[1]:,} employees.
            """
        )
        doc.text(highlights)
        doc.text(outlook)
    doc.table(
        "Order backlog by segment at 31 December (EUR million)",
        ["", "2025", "2024"],
        [[s.name, num(s.backlog[1]), num(s.backlog[0])] for s in SEGMENTS]
        + [["Group", "908.5", "843.6"]],
    )


REGION_TEXT = {
    "the Nordics": (
        """
        The Nordic region covers Norway, Sweden, Denmark, Finland, Iceland and the Faroe
        Islands. It is the group's home market and the region with the largest workforce,
        because the main plants in Kalvik and Hestnes, the central spare parts warehouse
        and most of the engineering organisation are located here. Service is delivered
        from centres in Bergen, Gothenburg, Esbjerg and Tromso.
        """,
        """
        Demand was strongest from ferry operators, which continued to electrify their
        fleets with support from public tenders that favour low-emission vessels, and
        from aquaculture companies investing in larger well boats and feed barges.
        Offshore oil and gas activity on the Norwegian continental shelf remained high,
        while two offshore wind projects in Denmark were delayed. The region signed a
        ten-year service agreement covering 31 vessels of a Norwegian ferry company, the
        largest service agreement in Corvena's history.
        """,
    ),
    "Western Europe": (
        """
        Western Europe includes Germany, the Netherlands, Belgium, the United Kingdom,
        Ireland, France, Spain, Portugal, Italy, Poland and the Baltic states. The region
        is managed from Rotterdam and has service centres in Rotterdam, Hamburg, Aberdeen,
        Saint-Nazaire and Vigo, in addition to the plants in Bremerhaven and Poland that
        belong to the segments.
        """,
        """
        Cruise and ferry yards in Germany, France and Italy were the region's largest
        customers, and orders for dredgers and offshore construction vessels from Dutch
        and Belgian owners were well above the level of previous years. The United
        Kingdom was weaker, as the expected contracts for offshore wind service vessels
        were pushed into 2026. The Aberdeen service centre moved into new premises with a
        test bench for azimuth thrusters of up to 5 megawatts.
        """,
    ),
    "North America": (
        """
        North America covers the United States and Canada. Corvena has its regional office
        and main service centre in Houston, a workshop in Seattle serving the Pacific
        coast and Alaska, and, since October 2025, a service workshop in Halifax, Nova
        Scotia, for the Canadian east coast and the Great Lakes.
        """,
        """
        The region was the fastest growing in the group. Activity in the Gulf of Mexico
        recovered strongly, with several offshore support vessels reactivated after years
        in lay-up, each needing overhauls of thrusters and deck machinery. On the west
        coast, state ferry programmes in Washington and British Columbia ordered hybrid
        propulsion for eleven new vessels. The US offshore wind market, in contrast, was
        hit by project cancellations, and one order for a cable-lay vessel was suspended
        by the customer. Dolores Whitcombe succeeded Gordon Pryce in March 2024, when he
        retired after 19 years in the role.
        """,
    ),
    "Asia Pacific": (
        """
        Asia Pacific covers China, South Korea, Japan, Singapore and the rest of South
        East Asia, India, Australia and New Zealand. Most of the world's ships are built
        in this region, and the large shipyards in China and South Korea are the group's
        largest customers for new equipment. The regional office in Singapore shares its
        premises with Kestrel Marine Electronics, and service centres operate in Busan,
        Shanghai, Kobe and Perth.
        """,
        """
        Orders from Chinese yards for car carriers, container ships and ro-pax ferries
        remained at a high level, and Korean yards contracted several LNG carriers and
        ammonia-ready bulk carriers with Corvena tunnel thrusters. In Australia the region
        delivered its first integrated bridge system to a research vessel. The Busan
        service centre, opened in 2023, was expanded with a second workshop bay and now
        employs 58 people.
        """,
    ),
    "the Middle East and Africa": (
        """
        The Middle East and Africa region covers the Gulf states, Egypt and the rest of
        North Africa, West Africa and Southern Africa. The regional office is in Dubai, and
        the group also has a workshop in Cape Town and works through agents in Nigeria,
        Angola and Egypt.
        """,
        """
        Demand came mainly from offshore oil and gas in the Gulf, where national oil
        companies are expanding their fleets of support vessels, and from port and
        harbour authorities buying tugs and pilot boats. The region won its first order
        for dynamic positioning systems from a Saudi owner and doubled the number of
        vessels in the Gulf covered by service agreements.
        """,
    ),
    "Latin America": (
        """
        Latin America covers Brazil, Mexico, Chile, Argentina, Uruguay and the other
        countries of Central and South America. The regional office is in Rio de Janeiro,
        with a workshop in Itajai in southern Brazil, a service base in Macae close to the
        offshore oil fields, and offices in Ciudad del Carmen, Mexico, and Valparaiso,
        Chile.
        """,
        """
        Brazilian offshore activity drove the region's growth, with new long-term charters
        for platform supply vessels and several overhauls of thrusters on drilling rigs.
        In Chile, salmon farming companies ordered cranes and winches for new feed barges.
        The Itajai workshop, expanded in 2024, completed its first full overhaul of a
        controllable-pitch propeller system without support from Norway.
        """,
    ),
}

REGION_PRIORITIES = {
    "the Nordics": "complete the transfer of the Tromsvik activities to Hestnes, sign "
    "further fleet-wide service agreements with ferry operators, and recruit 40 "
    "apprentices for the plants in Kalvik and Hestnes.",
    "Western Europe": "support the cruise and ferry yards through their busiest delivery "
    "schedule in a decade, win the first orders for the electric mooring winch from "
    "German and Dutch owners, and add a thruster test bench in Rotterdam.",
    "North America": "grow the field service team in Houston and Seattle, secure "
    "long-term service agreements for the reactivated offshore fleet in the Gulf of "
    "Mexico, and build the customer base for the new Halifax workshop.",
    "Asia Pacific": "convert the strong pipeline of car carrier and gas carrier "
    "projects at Chinese and Korean yards into orders, expand the service offer in "
    "Japan, and open a service point in Vietnam.",
    "the Middle East and Africa": "extend service agreements with national oil "
    "companies in the Gulf, train local field service engineers, and review the "
    "agent network in West Africa.",
    "Latin America": "grow the aftermarket business with Brazilian offshore operators, "
    "qualify the Itajai workshop for overhauls of azimuth thrusters, and strengthen "
    "the sales organisation in Mexico.",
}

REGION_EXTRA = {
    "the Middle East and Africa": (
        "hub",
        "The region's main service hub is in Sohar, Oman, where a 3,200 square metre "
        "workshop overhauls thrusters and winches for vessels operating in the Gulf and "
        "the Indian Ocean.",
    ),
}


def regional_operations(doc: Report) -> None:
    doc.h1("Regional operations")
    doc.text(
        """
        Corvena's six sales regions are responsible for customer relationships, sales and
        the local service network. Regional presidents report to the Chief Executive
        Officer but are not members of the executive team. Revenue by region is based on
        the location of the customer, which for new equipment is usually the shipyard
        that builds the vessel rather than its eventual owner.
        """
    )
    leader_forms = doc.order(
        [
            "Operations in {name} are led by {leader}, {title}, who is based in {city}.",
            "{leader}, based in {city}, heads the group's business in {name} as {title}.",
            "The business in {name} is managed from {city} by {leader}, {title}.",
        ]
    )
    revenue_forms = doc.order(
        [
            "Revenue from customers in {name} was {r25} in 2025 (2024: {r24}).",
            "In 2025 the group's revenue in {name} was {r25}, compared with {r24} in 2024 "
            "and {r23} in 2023.",
            "Revenue in {name} increased to {r25} in 2025 from {r24} the year before.",
            "Revenue in {name} reached {r25} in 2025, up {g}% on {r24} in 2024.",
        ]
    )
    staff_forms = doc.order(
        [
            "At the end of 2025 Corvena employed {s25} people in {name}, compared with "
            "{s24} a year earlier.",
            "The workforce in {name} numbered {s25} employees at 31 December 2025 "
            "(31 December 2024: {s24}).",
            "Headcount in {name} was {s25} at the end of 2025, up from {s24} at the end of 2024.",
        ]
    )
    for i, reg in enumerate(REGIONS):
        intro, market = REGION_TEXT[reg.name]
        values = {
            "name": reg.name,
            "leader": reg.leader,
            "title": reg.title,
            "city": reg.city,
            "r23": eur(reg.revenue[0]),
            "r24": eur(reg.revenue[1]),
            "r25": eur(reg.revenue[2]),
            "g": growth(reg.revenue[2], reg.revenue[1]),
            "s24": f"{reg.employees[0]:,}",
            "s25": f"{reg.employees[1]:,}",
        }
        key = reg.name.removeprefix("the ").lower().split()[0]
        leader = doc.plant(f"{key}_leader", leader_forms[i % 3].format(**values))
        revenue = doc.plant(f"{key}_revenue", revenue_forms[i % 4].format(**values))
        staff = doc.plant(f"{key}_staff", staff_forms[i % 3].format(**values))
        doc.h2(reg.name.removeprefix("the "))
        doc.text(intro)
        extra = ""
        if reg.name in REGION_EXTRA:
            extra_key, sentence = REGION_EXTRA[reg.name]
            extra = doc.plant(f"{key}_{extra_key}", sentence)
        doc.text(f"{leader} {extra}")
        doc.text(f"{revenue} {staff}")
        doc.text(market)
        doc.text(f"Priorities for 2026: {REGION_PRIORITIES[reg.name]}")


def people(doc: Report) -> None:
    ltif = doc.plant(
        "ltif",
        "The lost-time injury frequency (LTIF) fell to 1.37 per million hours worked in "
        "2025, from 1.62 in 2024 and 2.05 in 2023.",
    )
    doc.h1("People and workforce")
    doc.text(
        """
        Corvena had 5,790 employees at the end of 2025, 230 more than a year earlier. Most
        of the increase came from the new plant in Poland and from the service
        organisations in North America and Asia Pacific, partly offset by the closure of
        the Tromsvik workshop. Employees work in 27 countries; 30% of them are based in
        Norway, 25% in the rest of Europe and 45% outside Europe.
        """
    )
    doc.table(
        "Employees by segment at 31 December",
        ["", "2025", "2024"],
        [[s.name, f"{s.employees[1]:,}", f"{s.employees[0]:,}"] for s in SEGMENTS]
        + [
            ["Corporate functions", f"{CORPORATE_EMPLOYEES[1]}", f"{CORPORATE_EMPLOYEES[0]}"],
            ["Group", "5,790", "5,560"],
        ],
    )
    doc.h2("Health and safety")
    doc.text(
        f"""
        {ltif} The total recordable injury frequency, which also counts injuries that
        required medical treatment or restricted work, was 4.8 per million hours worked
        (2024: 5.6). There were no fatalities. Sickness absence was 3.9% of working hours,
        slightly lower than in 2024, with the highest rates in production and the lowest
        in engineering.

        The Safe Hands programme, launched in 2023, trains every employee and every
        long-term contractor in the hazards of their own work. In 2025 a further 1,900
        people completed the training, and supervisors carried out 12,400 safety walks.
        Most serious incidents in our industry happen during load tests, lifting
        operations and work in confined spaces on board vessels, and the programme
        concentrates on those activities.
        """
    )
    doc.h2("Diversity, development and engagement")
    doc.text(
        """
        Women made up 23.8% of the workforce at the end of 2025 (22.9%), 27% of managers
        and 5 of the 9 members of the executive team. The share of women among new
        engineering graduates hired by the group was 36%. Corvena pays men and women the
        same for the same work; the group's pay gap analysis shows that the remaining
        differences in average pay reflect the lower share of women in senior technical
        roles, and the group has set a target of 30% women among managers by 2028.

        Employees received an average of 26 hours of training in 2025. The group employed
        214 apprentices at the end of the year, most of them in machining, welding,
        hydraulics and electrical installation, and recruited 96 graduate engineers. The
        Corvena Academy, our internal training organisation, ran 340 courses, including a
        new leadership programme for the first-line supervisors of the plant in Poland.

        The annual engagement survey had a response rate of 88%. The overall engagement
        score rose to 78 out of 100 from 75, with the largest improvements in questions
        about safety and about how well employees understand the group's strategy. The
        lowest scores concerned workload and the tools available to field service
        engineers, and action plans for both were agreed in every region. Voluntary
        employee turnover was 6.2% (7.1%).

        Around 55% of employees are covered by collective agreements. Corvena has a
        European Works Council and employee representatives on the Board of Directors,
        and in 2025 management held 48 formal meetings with union representatives at group
        and site level.
        """
    )


def sustainability(doc: Report) -> None:
    scope12 = doc.plant(
        "scope12",
        "Scope 1 and 2 emissions were 18,640 tonnes of CO2 equivalent in 2025, down from "
        "21,115 tonnes in 2024 and 24,980 tonnes in the 2023 base year.",
    )
    doc.h1("Sustainability")
    doc.text(
        """
        Corvena's most important contribution to sustainability is through the products
        it sells: almost all the greenhouse gas emissions associated with our business
        come from the fuel burned by vessels that use our equipment. Our own operations
        emit far less, but we are committed to reducing those emissions as well, and to
        treating our employees, suppliers and the communities we operate in fairly. This
        section summarises the group's sustainability statement, which is prepared in
        accordance with the European Sustainability Reporting Standards and published as a
        separate report with limited assurance from the group's auditor.
        """
    )
    doc.h2("Climate")
    doc.text(
        f"""
        The group's climate targets were validated in 2024: a reduction of Scope 1 and 2
        emissions of 42% by 2030 compared with 2023, net-zero emissions from own operations
        by 2040, and a reduction of Scope 3 emissions from the use of sold products of 25%
        per unit of installed power by 2030. {scope12} The largest reductions came from
        replacing oil-fired heating at the Hestnes plant with heat pumps and from the
        switch to certified renewable electricity at the German and Chinese sites.

        Renewable sources supplied 71% of the electricity used by the group (2024: 64%).
        Total energy consumption was 96.4 gigawatt hours, of which the plants in Kalvik
        and Hestnes used more than half. Scope 3 emissions were estimated at 1.92 million
        tonnes of CO2 equivalent, of which about 94% came from the use of sold products
        over their lifetime. The estimate depends strongly on assumptions about the
        operating profile and fuel of the vessels, and the group is working with customers
        to replace those assumptions with measured data from Corvena Insight.

        Hybrid and battery-electric propulsion packages accounted for 19% of the order
        intake of Propulsion Systems in 2025, up from 13% in 2024. According to the EU
        taxonomy, 34% of group revenue was eligible and 12% aligned with the criteria for
        environmentally sustainable activities, mainly through equipment for
        zero-emission vessels and offshore wind.
        """
    )
    doc.h2("Resources and the environment")
    doc.text(
        """
        The group generated 6,850 tonnes of waste in 2025, of which 83% was recycled or
        recovered. Metal swarf and scrap from machining, which make up the largest share,
        are returned to steel and bronze suppliers. The propeller foundry recovers more
        than 95% of its bronze. Water consumption was 148,000 cubic metres, most of it in
        the foundry and in test tanks, and no site is located in an area of high water
        stress. There were two minor spills of hydraulic oil during sea trials, both
        contained without lasting damage.
        """
    )
    doc.h2("Local communities")
    doc.text(
        """
        In several of the places where we operate, Corvena is one of the largest private
        employers, and we take that responsibility seriously. In Kalvik and Hestnes the
        group supports the local upper secondary schools' technical programmes, lends
        engineers to teach mathematics and physics, and sponsors sports clubs and the
        annual coastal culture festival. In 2025 the group and its employees donated EUR
        0.6 million to local causes, including a rescue boat for the volunteer sea rescue
        service in Kalvik and a training workshop for young people in Itajai.
        """
    )
    doc.h2("Business conduct and supply chain")
    doc.text(
        """
        All employees must complete training in the Code of Conduct every two years, and
        98% of those required to did so by the end of 2025. The whistleblowing channel,
        which is run by an external provider and accepts anonymous reports, received 27
        reports, of which nine concerned alleged breaches of the Code of Conduct; two were
        substantiated and led to disciplinary action. No cases of corruption were
        confirmed.

        Corvena bought goods and services from about 4,300 suppliers in 2025. Suppliers
        accounting for 85% of purchasing spend have signed the Supplier Code of Conduct,
        and the group carried out 64 supplier audits covering working conditions, health
        and safety and environmental management. Human rights due diligence under the
        Norwegian Transparency Act is described in a separate statement on the group's
        website.
        """
    )
    doc.table(
        "Sustainability data",
        ["", "2025", "2024", "2023"],
        [
            ["Scope 1 emissions (tonnes CO2e)", "11,920", "13,480", "15,610"],
            ["Scope 2 emissions, market-based (tonnes CO2e)", "6,720", "7,635", "9,370"],
            ["Energy consumption (GWh)", "96.4", "101.2", "104.7"],
            ["Renewable share of electricity", "71%", "64%", "52%"],
            ["Waste (tonnes)", "6,850", "7,120", "7,390"],
            ["Share of waste recycled or recovered", "83%", "79%", "76%"],
            ["Water consumption (thousand cubic metres)", "148", "153", "161"],
            ["Total recordable injury frequency", "4.8", "5.6", "6.3"],
            ["Sickness absence", "3.9%", "4.1%", "4.3%"],
            ["Women in the workforce", "23.8%", "22.9%", "22.1%"],
            ["Training hours per employee", "26", "24", "21"],
            ["Code of Conduct training completed", "98%", "96%", "93%"],
        ],
    )


RISKS = [
    (
        "Shipbuilding and market cycles",
        """
        Demand for new equipment follows contracting at shipyards, which has historically
        been volatile, and a downturn can reduce order intake sharply within a few
        quarters. Customers can also delay or cancel orders when their own financing or
        charter prospects change.
        """,
        """
        The group spreads its exposure over several end markets and regions, and the
        aftermarket, which is less cyclical, contributes close to half of adjusted
        EBITDA. Contracts include milestone payments and cancellation fees, and the
        group can adjust capacity through temporary staff and subcontractors.
        """,
        "high",
        "medium",
        "stable",
    ),
    (
        "Offshore wind project delays",
        """
        Several offshore wind projects were postponed or cancelled in 2024 and 2025.
        Vessels and equipment ordered for those projects may be delayed, and the group has
        invested in products designed specifically for offshore wind.
        """,
        """
        Offshore wind represented less than 8% of revenue in 2025. The group negotiates
        advance payments on offshore wind contracts and designs its products so that they
        can also be sold to oil and gas and subsea customers.
        """,
        "high",
        "medium",
        "increasing",
    ),
    (
        "Supply chain and input costs",
        """
        The group depends on a limited number of suppliers for large castings, bearings,
        gear sets, electric motors and electronic components. Disruption at a key
        supplier, or sharp increases in the price of steel, copper and electronics, could
        delay deliveries and reduce margins, in particular on fixed-price contracts.
        About 38% of the group's large steel castings came from one foundry in 2025.
        """,
        """
        The group is qualifying second sources for critical components, holds safety
        stocks of long-lead items and includes price adjustment clauses in new contracts
        with long delivery times. A second casting supplier was approved in 2025.
        """,
        "medium",
        "high",
        "decreasing",
    ),
    (
        "Currency",
        """
        The group reports in euros but earns revenue and incurs costs in many currencies.
        Changes in exchange rates affect both the reported figures and the competitiveness
        of products made in Norway.
        """,
        """
        Contracted cash flows are hedged with forward contracts when an order is signed,
        and the group aims to match the currency of costs and revenues through its
        international manufacturing footprint. Translation effects are not hedged.
        """,
        "high",
        "medium",
        "stable",
    ),
    (
        "Interest rates and financing",
        """
        Higher interest rates increase the group's finance costs and reduce customers'
        ability to finance new vessels. The group's main loan facilities must be
        refinanced in 2027 to 2029.
        """,
        """
        Net interest-bearing debt was below one times adjusted EBITDA at the end of 2025.
        About 60% of gross borrowings carry fixed interest, and the group maintains an
        undrawn revolving credit facility of EUR 300 million.
        """,
        "medium",
        "low",
        "decreasing",
    ),
    (
        "Cybersecurity",
        """
        Connected products such as Corvena Insight and remote access to vessel control
        systems create new ways for attackers to reach both the group and its customers.
        A successful attack could disrupt operations, damage the group's reputation and
        lead to liability claims.
        """,
        """
        The group follows the IEC 62443 standard for its control systems, monitors its
        networks around the clock through a security operations centre, and tests its
        products and its own systems regularly with external specialists. All employees
        complete annual cybersecurity training.
        """,
        "medium",
        "high",
        "increasing",
    ),
    (
        "Product liability and warranty",
        """
        A failure of a thruster, winch or positioning system can endanger a vessel and its
        crew and lead to costly claims. Warranty costs can rise when new products are
        introduced.
        """,
        """
        Products are designed and tested according to classification society rules, and
        new products go through staged validation before release. The group carries
        product liability insurance and limits its contractual liability, and warranty
        provisions are reviewed every quarter.
        """,
        "low",
        "high",
        "stable",
    ),
    (
        "Regulation, sanctions and export controls",
        """
        The group is exposed to changes in environmental regulation of shipping, to trade
        sanctions and to export controls on dual-use items, in particular for products
        sold to navies and for electronics. Breaches could lead to fines and exclusion
        from markets.
        """,
        """
        A central trade compliance team screens customers, vessels and end users, and all
        orders for sensitive products require approval by the compliance function. The
        group monitors regulatory developments at the International Maritime Organization
        and the European Union.
        """,
        "medium",
        "high",
        "stable",
    ),
    (
        "People and skills",
        """
        The group needs experienced engineers, machinists, welders and field service
        technicians, who are in short supply in many countries. The loss of key
        specialists or leaders could delay projects and product development.
        """,
        """
        The group invests in apprenticeships, graduate programmes and the Corvena Academy,
        and reviews succession plans for all key positions once a year. Long-term
        incentive plans help to retain senior managers.
        """,
        "medium",
        "medium",
        "stable",
    ),
    (
        "Physical climate risk",
        """
        Several of the group's plants are located at the waterfront and are exposed to
        storm surges and heavier rainfall. Extreme weather can also disrupt the supply of
        components from Asia.
        """,
        """
        Flood barriers were installed at the Kalvik plant in 2024, and climate risk
        assessments covering all major sites are updated every two years. Property damage
        and business interruption are insured.
        """,
        "low",
        "medium",
        "increasing",
    ),
    (
        "Project execution",
        """
        Large equipment packages are often sold at a fixed price with penalties for late
        delivery. Underestimated engineering effort, late design changes by the shipyard or
        supplier delays can turn a profitable project into a loss, as the Deck Machinery
        projects signed in 2023 showed.
        """,
        """
        Bids above EUR 10 million are reviewed by a group bid committee, and projects are
        monitored monthly against budget and schedule. Since 2025 all large bids must
        include an assessment of steel price and currency exposure.
        """,
        "medium",
        "medium",
        "stable",
    ),
]


def risk_factors(doc: Report) -> None:
    usd = doc.plant(
        "usd_share",
        "Approximately 31% of group revenue in 2025 was invoiced in US dollars, while about "
        "46% was invoiced in euros and 14% in Norwegian kroner.",
    )
    doc.h1("Risk factors")
    doc.text(
        """
        The Board of Directors is responsible for the group's risk management and
        internal control and reviews the main risks twice a year. The executive team
        maintains a risk register, and each segment and region assesses its own risks in
        the annual planning process. The risks below are those the Board currently
        regards as most significant; they are not listed in order of importance, and other
        risks not described here could also affect the group. For each risk the Board
        assesses likelihood and potential impact over a three-year horizon, and the trend
        compared with the previous year.
        """
    )
    doc.text(
        """
        The Board also follows a number of emerging risks that are not yet significant but
        could become so: the pace at which new fuels such as ammonia and hydrogen are
        adopted, which could make parts of our product range obsolete faster than
        expected; the growing use of artificial intelligence in vessel operation, which
        raises new questions of liability; and the possibility that trade barriers
        between the large economies could split the global market for ship equipment.
        """
    )
    for title, description, mitigation, likelihood, impact, trend in RISKS:
        doc.h2(title)
        body = prose(description)[0]
        if title == "Currency":
            body = f"{body} {usd}"
        doc.paragraphs.append(f"Risk: {body}")
        doc.paragraphs.append(f"Mitigation: {prose(mitigation)[0]}")
        doc.paragraphs.append(
            f"Likelihood: {likelihood}. Potential impact: {impact}. Trend: {trend}."
        )


BOARD = [
    (
        "Eirik Thorsrud",
        "Chair",
        1962,
        "Norwegian",
        "Chief executive of Kvitfjell Invest AS, the group's largest shareholder, since "
        "2014. Previously chief executive of a listed Norwegian shipping company and "
        "partner in a shipbroking firm. Master of Science in naval architecture from the "
        "Norwegian University of Science and Technology.",
        2017,
        "Not independent of the main shareholder.",
        48_200,
    ),
    (
        "Annelise Vandermeer",
        "Deputy Chair",
        1966,
        "Dutch",
        "Former chief operating officer of a European offshore construction contractor and "
        "before that of a dredging company. Member of the supervisory board of a Dutch "
        "port authority. Degree in mechanical engineering from Delft University of "
        "Technology.",
        2019,
        "Independent.",
        12_000,
    ),
    (
        "Marguerite Okafor",
        "Director",
        1970,
        "British",
        "Chief financial officer of an international engineering group listed in London. "
        "Previously audit partner at a global accounting firm, where she led the audits of "
        "industrial and marine clients. Chartered accountant.",
        2020,
        "Independent.",
        6_500,
    ),
    (
        "Tomasz Wierzbicki",
        "Director",
        1968,
        "Polish",
        "Former president of a Polish shipyard group and adviser to the Polish government "
        "on maritime industry policy. Member of the boards of two industrial companies "
        "listed in Warsaw. Doctorate in shipbuilding from Gdansk University of Technology.",
        2021,
        "Independent.",
        3_000,
    ),
    (
        "Catriona MacLeod",
        "Director",
        1973,
        "British",
        "Chief people officer of a global provider of engineering services to the energy "
        "industry. Previously held human resources leadership roles in oil services and "
        "telecommunications. Degree in law from the University of Edinburgh.",
        2022,
        "Independent.",
        2_100,
    ),
    (
        "Rajiv Menon",
        "Director",
        1975,
        "Singaporean",
        "Managing director of a Singapore-based ship management company with a fleet of "
        "more than 300 vessels, where he leads the decarbonisation programme. Former naval "
        "officer. Master of Business Administration from INSEAD.",
        2025,
        "Independent.",
        1_000,
    ),
    (
        "Hanna Lindqvist",
        "Director elected by the employees",
        1984,
        "Swedish",
        "Project manager in Deck Machinery, based in Hestnes, and employed by the group since "
        "2010. Previously design engineer for offshore cranes.",
        2023,
        "Employee representative.",
        1_250,
    ),
    (
        "Jonas Brekke",
        "Director elected by the employees",
        1979,
        "Norwegian",
        "Machinist and chief union representative at the Kalvik plant, where he has worked "
        "since 1998.",
        2021,
        "Employee representative.",
        3_400,
    ),
]

EXECUTIVES = [
    (
        "Sigrid Aamodt",
        "Chief Executive Officer",
        "Chief Executive Officer since 2020. She joined Corvena in 2011 as head of strategy, "
        "then led Aftermarket Services from 2015 to 2020. Before Corvena she worked for a "
        "management consultancy and for a Norwegian shipowner. Born 1974, Norwegian. "
        "Shareholding: 61,800 shares.",
    ),
    (
        "Henrik Vollan",
        "Chief Financial Officer",
        "Chief Financial Officer since 2018. Previously chief financial officer of a listed "
        "seafood company and finance director in an international industrial group. Born "
        "1972, Norwegian. Shareholding: 34,500 shares.",
    ),
    (
        "Amara Nwosu",
        "Chief Technology Officer",
        "{cto} She joined Corvena in 2017 from a maker of industrial control systems and led "
        "the development of the group's dynamic positioning products before her "
        "appointment. Doctorate in control engineering from Imperial College London. Born "
        "1981, British and Nigerian. Shareholding: 4,200 shares.",
    ),
    (
        "Lars Eide",
        "Executive Vice President, Propulsion Systems",
        "Head of Propulsion Systems since 2019. He has worked for Corvena since 1996 in "
        "production, engineering and project management, including four years in China. "
        "Born 1970, Norwegian. Shareholding: 22,900 shares.",
    ),
    (
        "Birgit Kalstad",
        "Executive Vice President, Deck Machinery",
        "Head of Deck Machinery since 2022. Previously plant manager at Hestnes and, before "
        "joining Corvena in 2013, operations manager at a Norwegian crane manufacturer. "
        "Born 1976, Norwegian. Shareholding: 9,700 shares.",
    ),
    (
        "Mateo Ferreira",
        "Executive Vice President, Navigation and Automation",
        "Head of Navigation and Automation since 2021 and founder of the Porto technology "
        "centre. Previously software director at a European maker of marine electronics. "
        "Born 1978, Portuguese. Shareholding: 11,300 shares.",
    ),
    (
        "Oskar Strand",
        "Executive Vice President, Aftermarket Services",
        "Head of Aftermarket Services since 2020 and previously Regional President for Asia "
        "Pacific. He joined Corvena as a field service engineer in 2003. Born 1977, "
        "Swedish. Shareholding: 15,000 shares.",
    ),
    (
        "Felicity Barraclough",
        "Chief People Officer",
        "Chief People Officer since 2023. Previously human resources director of an "
        "engineering services company in the United Kingdom and Norway. Born 1969, "
        "British. Shareholding: 2,800 shares.",
    ),
    (
        "Noor Haddad",
        "General Counsel",
        "General Counsel and head of compliance since 2016. Previously senior associate at "
        "a law firm in Oslo specialising in maritime and trade law. Born 1980, Norwegian. "
        "Shareholding: 5,100 shares.",
    ),
]


def governance(doc: Report) -> None:
    audit = doc.plant(
        "audit_chair",
        "The Audit Committee is chaired by Marguerite Okafor and its other members are "
        "Tomasz Wierzbicki and Jonas Brekke.",
    )
    cto = doc.plant(
        "cto",
        "Dr Amara Nwosu was appointed Chief Technology Officer with effect from 1 June 2025, "
        "succeeding Bjorn Tangen, who retired after 31 years with the group.",
    )
    doc.h1("Corporate governance")
    doc.text(
        """
        Corvena Marine Group ASA is a Norwegian public limited company. Its corporate
        governance follows the Norwegian Code of Practice for Corporate Governance, and
        the full corporate governance statement, including an explanation of the two
        points where the group departs from the code, is published on the group's
        website. The departures concern the Chair's relationship with the largest
        shareholder and the absence of a separate nomination procedure for the employee
        representatives, who are elected under Norwegian company law.

        The general meeting is the group's highest authority. The Board of Directors
        consists of eight members: six elected by the shareholders for terms of two years
        and two elected by and among the employees. The Nomination Committee, which is
        elected by the general meeting, proposes candidates for the shareholder-elected
        seats and their fees. The Board appoints the Chief Executive Officer, approves the
        strategy, budgets and major investments, and supervises the management of the
        group.
        """
    )
    doc.h2("Board committees")
    doc.text(
        f"""
        The Board has three committees, which prepare matters for decision by the full
        Board. {audit} The committee met six times in 2025. It reviews the financial
        reporting, the internal control system, the work of internal audit and the
        independence and fees of the external auditor, and it meets the external auditor
        at least twice a year without management present.

        The Remuneration Committee, chaired by Catriona MacLeod with Eirik Thorsrud and
        Annelise Vandermeer as members, prepares the remuneration policy and the terms of
        the Chief Executive Officer, and reviews the incentive plans of the executive team.
        It met five times. The Sustainability and Technology Committee, chaired by Rajiv
        Menon with Annelise Vandermeer and Hanna Lindqvist as members, was established in
        June 2025 to follow the group's climate targets and its product development
        portfolio, and met twice.
        """
    )
    doc.table(
        "Attendance at Board and committee meetings in 2025",
        ["", "Board", "Audit", "Remuneration", "Sustainability"],
        [
            ["Eirik Thorsrud", "11/11", "-", "5/5", "-"],
            ["Annelise Vandermeer", "11/11", "-", "5/5", "2/2"],
            ["Marguerite Okafor", "10/11", "6/6", "-", "-"],
            ["Tomasz Wierzbicki", "11/11", "6/6", "-", "-"],
            ["Catriona MacLeod", "10/11", "-", "5/5", "-"],
            ["Rajiv Menon (from April)", "8/8", "-", "-", "2/2"],
            ["Solveig Rasmussen (until April)", "3/3", "-", "1/1", "-"],
            ["Hanna Lindqvist", "11/11", "-", "-", "2/2"],
            ["Jonas Brekke", "11/11", "5/6", "-", "-"],
        ],
    )
    doc.text(
        """
        The Board evaluates its own work every year. The evaluation for 2025 was carried
        out with the help of an external adviser and included interviews with each
        director and with members of the executive team. It concluded that the Board
        works well and has the right mix of skills, and recommended more time for
        strategy and technology and fewer detailed operational reports.

        Internal control over financial reporting is based on a group-wide framework of
        policies, authorisation limits and standard controls in the common accounting
        system. Group finance reviews the quarterly reports of every subsidiary, and the
        internal audit function, which reports to the Audit Committee, audited twelve
        units and processes in 2025. No significant weaknesses were identified.
        """
    )
    doc.h2("Board of Directors")
    bio_forms = doc.order(
        [
            "{name} ({role}) was born in {born} and is a {nat} citizen. {bio} Member of the "
            "Board since {since}. {indep} Shareholding: {shares} shares.",
            "{name}, {role}. Born {born}, {nat}. Elected to the Board in {since}. {bio} "
            "{indep} Holds {shares} shares in Corvena.",
            "{name} has served on the Board as {role_lower} since {since}. {bio} Born in "
            "{born}; {nat} citizen. {indep} Shares held: {shares}.",
        ]
    )
    for i, (name, role, born, nat, bio, since, indep, shares) in enumerate(BOARD):
        role_lower = role.lower()
        doc.paragraphs.append(
            bio_forms[i % 3].format(
                name=name,
                role=role,
                role_lower=role_lower,
                born=born,
                nat=nat,
                bio=bio,
                since=since,
                indep=indep,
                shares=f"{shares:,}",
            )
        )
    doc.h2("Executive team")
    doc.text(
        """
        The executive team consists of the Chief Executive Officer, the heads of the four
        segments and four group functions. It meets every second week, and once a quarter
        for two days together with the six regional presidents.
        """
    )
    for name, title, bio in EXECUTIVES:
        doc.paragraphs.append(f"{name} - {title}. {bio.format(cto=cto)}")
    doc.h2("Remuneration")
    doc.text(
        """
        Remuneration of the executive team consists of a fixed salary, pension and
        benefits, an annual bonus of up to 50% of fixed salary (up to 75% for the Chief
        Executive Officer) and a long-term incentive plan in which performance shares vest
        after three years depending on total shareholder return, return on capital
        employed and the share of order intake from low-emission products. The full
        remuneration report is published separately and will be presented to the annual
        general meeting for an advisory vote.
        """
    )
    doc.table(
        "Remuneration of the Chief Executive Officer (EUR thousand)",
        ["", "2025", "2024"],
        [
            ["Fixed salary", "642", "615"],
            ["Annual bonus", "398", "352"],
            ["Pension contribution", "96", "92"],
            ["Benefits in kind", "24", "23"],
            ["Long-term incentive vested", "305", "211"],
            ["Total", "1,465", "1,293"],
        ],
    )


def financial_review(doc: Report) -> None:
    attributable = doc.plant(
        "attributable",
        "Profit attributable to shareholders of the parent company was EUR 94.4 million in "
        "2025 (2024: EUR 81.7 million), after EUR 1.9 million attributable to "
        "non-controlling interests, mainly the minority owners of Kestrel Marine "
        "Electronics.",
    )
    capex = doc.plant(
        "capex",
        f"Capital expenditure was {eur(CAPEX[1])} in 2025, down from {eur(CAPEX[0])} in "
        "2024, when most of the spending on the new plant in Poland took place.",
    )
    revenue = doc.plant(
        "group_revenue",
        f"Group revenue was {eur(GROUP_REVENUE[2])} in 2025, an increase of 9.0% from "
        f"{eur(GROUP_REVENUE[1])} in 2024 and of 18.1% from {eur(GROUP_REVENUE[0])} in 2023.",
    )
    doc.h1("Financial review")
    doc.h2("Income statement")
    doc.text(
        f"""
        {revenue} Currency movements,
        mainly the weaker Norwegian krone and US dollar against the euro, reduced reported
        revenue by about EUR 6 million, and acquisitions contributed about EUR 17 million.
        Equipment revenue grew by 8.6% and aftermarket revenue by 10.0%.

        Adjusted EBITDA, which excludes special items, increased to EUR 192.8 million from
        EUR 170.4 million, and the adjusted EBITDA margin improved by half a percentage
        point to 15.0%. Special items of EUR 6.8 million (EUR 3.9 million) related to the
        closure of the Tromsvik workshop. Depreciation and amortisation rose to EUR 49.6
        million (EUR 45.1 million), reflecting the new plant in Poland, and operating
        profit (EBIT) was EUR 136.4 million (EUR 121.4 million).

        Net finance costs fell to EUR 12.7 million from EUR 14.1 million, as lower average
        debt more than offset higher interest rates on the refinanced term loan. Profit
        before tax was EUR 123.7 million (EUR 107.3 million) and the income tax expense EUR
        27.4 million, an effective tax rate of 22.2% (22.4%). Profit for the year was EUR
        96.3 million (EUR 83.3 million). {attributable} Earnings per share were EUR 0.90
        (EUR 0.78), based on an average of 104.6 million shares outstanding.
        """
    )
    doc.table(
        "Condensed consolidated income statement (EUR million)",
        ["", "2025", "2024"],
        [
            ["Revenue", "1,281.3", "1,175.3"],
            ["Adjusted EBITDA", "192.8", "170.4"],
            ["Special items", "(6.8)", "(3.9)"],
            ["EBITDA", "186.0", "166.5"],
            ["Depreciation and amortisation", "(49.6)", "(45.1)"],
            ["Operating profit (EBIT)", "136.4", "121.4"],
            ["Net finance costs", "(12.7)", "(14.1)"],
            ["Profit before tax", "123.7", "107.3"],
            ["Income tax expense", "(27.4)", "(24.0)"],
            ["Profit for the year", "96.3", "83.3"],
        ],
    )
    quarters = [("Q1", 298.4, 41.2), ("Q2", 317.9, 47.8), ("Q3", 309.6, 46.1), ("Q4", 355.4, 57.7)]
    require(round(sum(q[1] for q in quarters), 1) == GROUP_REVENUE[2], "quarters")
    doc.table(
        "Revenue and adjusted EBITDA by quarter, 2025 (EUR million)",
        ["", "Revenue", "Adjusted EBITDA", "Margin"],
        [[q, num(r), num(e), f"{e / r * 100:.1f}%"] for q, r, e in quarters]
        + [["Full year", "1,281.3", "192.8", "15.0%"]],
    )
    doc.text(
        """
        As usual, the fourth quarter was the strongest of the year, because shipyards
        take delivery of a large share of equipment before the end of the year and
        owners schedule dry-dockings in the winter season. The third quarter was affected
        by the summer holidays in Europe and by the start-up of the new plant.
        """
    )
    # By end market, not by region: a region table would answer the regional
    # comparison questions in one place instead of two.
    doc.table(
        "Share of group revenue by end market",
        ["", "2025", "2024"],
        [
            ["Offshore energy", "29%", "28%"],
            ["Ferries and cruise", "22%", "23%"],
            ["Fishing and aquaculture", "17%", "18%"],
            ["Merchant shipping", "15%", "16%"],
            ["Navies and government", "10%", "8%"],
            ["Other markets", "7%", "7%"],
        ],
    )
    doc.h2("Cash flow and investments")
    doc.text(
        f"""
        Cash flow from operating activities was EUR 171.5 million (EUR 148.2 million).
        Working capital increased by EUR 14.3 million, less than the growth in revenue,
        because customer advances on the large orders signed during the year rose
        faster than inventories. {capex} About half of the capital expenditure in 2025
        went to machinery and test equipment in Kalvik and Hestnes, and the rest to
        service workshops, IT systems and capitalised development costs. Capital
        expenditure was close to depreciation for the first time since 2021.

        Net cash used in financing activities was EUR 76.9 million, including dividends
        of EUR 37.7 million paid to shareholders, EUR 1.2 million paid to non-controlling
        interests, instalments on export credit loans and lease payments. Cash and cash
        equivalents increased to EUR 175.6 million at the end of the year.
        """
    )
    doc.table(
        "Condensed consolidated cash flow (EUR million)",
        ["", "2025", "2024"],
        [
            ["Cash flow from operating activities", "171.5", "148.2"],
            ["Net cash used in investing activities", "(48.9)", "(60.8)"],
            ["Net cash used in financing activities", "(76.9)", "(51.3)"],
            ["Effect of exchange rate changes", "(1.5)", "0.8"],
            ["Net change in cash and cash equivalents", "44.2", "36.9"],
            ["Cash and cash equivalents at 31 December", "175.6", "131.4"],
        ],
    )
    doc.h2("Financial position")
    doc.text(
        """
        Total assets were EUR 1,516.6 million at 31 December 2025 (EUR 1,415.4 million).
        Equity increased to EUR 709.8 million, of which EUR 14.6 million was attributable to
        non-controlling interests, and the equity ratio rose to 46.8% from 43.1%. Net
        interest-bearing debt, including lease liabilities of EUR 60.1 million, fell to EUR
        187.3 million from EUR 241.9 million, equal to 0.97 times adjusted EBITDA. Return on
        capital employed was 16.2% (14.9%).

        The group's financing consists of a sustainability-linked bond, a term loan,
        export credit loans and an undrawn revolving credit facility of EUR 300 million.
        All financial covenants were met with good margin throughout the year. The
        covenants require net interest-bearing debt below 3.0 times adjusted EBITDA and an
        equity ratio above 30%.
        """
    )
    doc.table(
        "Condensed consolidated balance sheet at 31 December (EUR million)",
        ["", "2025", "2024"],
        [
            ["Goodwill", "214.6", "209.8"],
            ["Other intangible assets", "88.7", "92.4"],
            ["Property, plant and equipment", "301.5", "284.0"],
            ["Right-of-use assets", "57.2", "61.8"],
            ["Other non-current assets", "41.3", "38.9"],
            ["Inventories", "274.9", "262.3"],
            ["Trade and other receivables", "298.6", "276.1"],
            ["Contract assets", "64.2", "58.7"],
            ["Cash and cash equivalents", "175.6", "131.4"],
            ["Total assets", "1,516.6", "1,415.4"],
            ["Total equity", "709.8", "610.0"],
            ["Interest-bearing borrowings", "302.8", "307.0"],
            ["Lease liabilities", "60.1", "66.3"],
            ["Pensions, provisions and deferred tax", "71.4", "68.2"],
            ["Contract liabilities", "142.6", "128.7"],
            ["Trade and other payables", "229.9", "235.2"],
            ["Total equity and liabilities", "1,516.6", "1,415.4"],
        ],
    )
    doc.h2("Dividend and outlook")
    doc.text(
        """
        Corvena's dividend policy is to pay 40 to 50% of the profit attributable to
        shareholders as an ordinary dividend, taking into account the group's financial
        position and investment plans. The dividend proposed for 2025 corresponds to a
        payout ratio of 47%.

        For 2026 the group expects revenue growth of 5 to 7% at constant currency and a
        further improvement in the adjusted EBITDA margin, supported by the record
        backlog, the completion of the low-margin Deck Machinery projects and continued
        growth in the aftermarket. Capital expenditure is expected to be between EUR 55
        million and EUR 65 million.
        """
    )
    doc.h2("Five-year summary")
    doc.table(
        "Five-year summary (EUR million unless stated otherwise)",
        ["", "2025", "2024", "2023", "2022", "2021"],
        [
            ["Revenue", "1,281.3", "1,175.3", "1,085.3", "1,012.9", "934.6"],
            ["Adjusted EBITDA", "192.8", "170.4", "151.9", "133.7", "118.2"],
            ["Adjusted EBITDA margin", "15.0%", "14.5%", "14.0%", "13.2%", "12.6%"],
            ["Operating profit (EBIT)", "136.4", "121.4", "104.8", "91.6", "79.5"],
            ["Profit for the year", "96.3", "83.3", "70.2", "60.9", "51.3"],
            ["Earnings per share (EUR)", "0.90", "0.78", "0.66", "0.57", "0.48"],
            ["Cash flow from operating activities", "171.5", "148.2", "131.9", "112.6", "97.3"],
            ["Order backlog at 31 December", "908.5", "843.6", "801.2", "752.0", "689.4"],
            ["Net interest-bearing debt", "187.3", "241.9", "268.5", "289.3", "301.7"],
            ["Equity ratio", "46.8%", "43.1%", "41.7%", "39.6%", "37.9%"],
            ["Return on capital employed", "16.2%", "14.9%", "13.1%", "11.9%", "10.8%"],
            ["Employees at 31 December", "5,790", "5,560", "5,318", "5,102", "4,911"],
        ],
    )
    doc.text(
        """
        Figures for 2021 and 2022 have not been restated for the change in the
        classification of capitalised development costs made in 2023, which increased
        adjusted EBITDA by about EUR 2 million a year.
        """
    )


CGU_RATES = [
    ("Propulsion Systems", "9.6", "10.2"),
    ("Deck Machinery", "10.4", "10.9"),
    ("Navigation and Automation", "11.3", "11.8"),
    ("Aftermarket Services", "8.9", "9.3"),
]


def notes(doc: Report) -> None:
    auditor = doc.plant(
        "auditor",
        "The group's auditor for the 2025 financial year is Brennholt & Lisle AS, which was "
        "first appointed at the annual general meeting in 2019.",
    )
    doc.h1("Notes to the consolidated financial statements")
    doc.note("Corporate information and basis of preparation")
    doc.text(
        """
        Corvena Marine Group ASA is a public limited company registered in Norway, with its
        registered office in Kalvik. The consolidated financial statements for 2025 include
        the parent company and its subsidiaries and the group's interest in its joint
        venture. They were prepared in accordance with IFRS Accounting Standards as adopted
        by the European Union and were approved for publication by the Board of Directors
        on 18 March 2026.

        The financial statements are presented in euros, the parent company's functional
        currency since 2012, and rounded to the nearest EUR 0.1 million, so totals may not
        add up exactly. They have been prepared on a historical cost basis, except for
        derivative financial instruments and plan assets of defined benefit pension plans,
        which are measured at fair value.
        """
    )
    doc.note("Material accounting policies and estimates")
    doc.text(
        """
        Revenue from equipment is recognised when control passes to the customer, which for
        most standard products is on delivery. Revenue from large equipment packages that
        are built to the customer's specification and cannot be redirected to another
        customer is recognised over time, based on the costs incurred relative to the
        estimated total costs. Service revenue is recognised as the service is performed,
        and revenue from service agreements evenly over the term of the agreement.

        The most important estimates concern the total costs of projects recognised over
        time, warranty provisions, the recoverable amount of goodwill and the measurement
        of deferred tax assets. No new accounting standards adopted in 2025 had a material
        effect on the financial statements.
        """
    )
    doc.note("Revenue")
    doc.text(
        """
        Of total revenue in 2025, EUR 899.2 million related to new equipment and EUR 382.1
        million to the aftermarket. Revenue recognised over time amounted to EUR 418.5
        million (EUR 377.0 million). The order backlog of EUR 908.5 million represents the
        remaining performance obligations on signed contracts; the group expects to
        recognise about 76% of it as revenue in 2026 and most of the remainder in 2027.
        """
    )
    doc.note("Employee benefit expenses")
    doc.table(
        "Employee benefit expenses (EUR million)",
        ["", "2025", "2024"],
        [
            ["Wages and salaries", "331.7", "305.2"],
            ["Social security costs", "52.3", "48.6"],
            ["Pension costs", "22.6", "20.8"],
            ["Other employee costs", "6.2", "5.7"],
            ["Total", "412.8", "380.3"],
        ],
    )
    doc.text(
        """
        Most employees in Norway are members of a defined contribution pension plan. A
        closed defined benefit plan in Germany had a net obligation of EUR 8.7 million at
        the end of 2025. Share-based payment expense under the long-term incentive plan was
        EUR 2.3 million (EUR 1.9 million).
        """
    )
    doc.note("Income tax")
    doc.text(
        """
        The income tax expense of EUR 27.4 million consisted of current tax of EUR 29.8
        million and a deferred tax income of EUR 2.4 million. Tax at the Norwegian rate of
        22% on the profit before tax would have been EUR 27.2 million. Higher tax rates in
        some countries added EUR 0.9 million and non-deductible expenses EUR 0.6 million,
        while tax credits for research and development under the Norwegian SkatteFUNN
        scheme reduced the expense by EUR 1.3 million. Net deferred tax assets were EUR
        14.8 million at the end of the year, mainly relating to warranty provisions,
        unused tax losses in Brazil and Canada, and pension obligations. The group is
        within the scope of the global minimum tax rules, which had no material effect in
        2025 because the effective tax rate exceeded 15% in every country where the
        group operates.
        """
    )
    doc.note("Inventories and trade receivables")
    doc.table(
        "Inventories at 31 December (EUR million)",
        ["", "2025", "2024"],
        [
            ["Raw materials and components", "98.6", "95.4"],
            ["Work in progress", "86.1", "81.7"],
            ["Finished goods and spare parts", "90.2", "85.2"],
            ["Total", "274.9", "262.3"],
        ],
    )
    doc.text(
        """
        Inventories are measured at the lower of cost and net realisable value. Write-downs
        of slow-moving spare parts and obsolete components amounted to EUR 6.3 million (EUR
        5.8 million). Spare parts are kept for at least fifteen years after a product
        family has been discontinued, which makes the spare parts stock the largest and
        slowest-moving part of inventories.

        Trade receivables amounted to EUR 251.8 million before a loss allowance of EUR 4.7
        million. Receivables more than 90 days overdue made up 3.1% of the total (3.6%).
        Credit risk is limited by advance payments, letters of credit and credit
        insurance for customers in higher-risk countries, and credit losses have
        historically been below 0.2% of revenue. No customer accounted for more than 5%
        of trade receivables at the end of the year.
        """
    )
    doc.note("Goodwill and impairment testing")
    doc.table(
        "Goodwill by cash-generating unit at 31 December (EUR million)",
        ["", "2025", "2024"],
        [
            ["Propulsion Systems", "88.1", "86.3"],
            ["Deck Machinery", "41.9", "41.2"],
            ["Navigation and Automation", "63.2", "61.4"],
            ["Aftermarket Services", "21.4", "20.9"],
            ["Total", "214.6", "209.8"],
        ],
    )
    rate_forms = doc.order(
        [
            "The pre-tax discount rate applied to the {cgu} cash-generating unit was {r25}% "
            "in 2025 (2024: {r24}%).",
            "For {cgu}, future cash flows were discounted at a pre-tax rate of {r25}% in "
            "2025, compared with {r24}% in 2024.",
            "A pre-tax discount rate of {r25}% was used for the {cgu} cash-generating unit "
            "in the 2025 test (2024 test: {r24}%).",
            "The {cgu} unit was tested with a pre-tax discount rate of {r25}% in 2025, "
            "against {r24}% a year earlier.",
        ]
    )
    rates = []
    for i, (cgu, r25, r24) in enumerate(CGU_RATES):
        sentence = rate_forms[i].format(cgu=cgu, r25=r25, r24=r24)
        rates.append(doc.plant(f"rate_{cgu.lower().split()[0]}", sentence))
    doc.text(
        f"""
        Goodwill is tested for impairment every year, or more often if there are
        indications of impairment, at the level of the four segments, which are the
        group's cash-generating units. The recoverable amount is the value in use,
        calculated from the cash flows in the Board-approved budget for 2026 and the
        business plan for 2027 and 2028, extrapolated with a long-term growth rate of 2.0%.
        {" ".join(rates)}

        The change in goodwill during the year reflects currency translation only. The
        tests showed headroom in all units. For Deck Machinery, the unit with the lowest
        headroom, an increase in the discount rate of 3.1 percentage points or a reduction
        of the long-term EBITDA margin by 4.0 percentage points would be required before
        an impairment would arise.
        """
    )
    doc.note("Property, plant and equipment")
    doc.table(
        "Carrying amount of property, plant and equipment at 31 December (EUR million)",
        ["", "2025", "2024"],
        [
            ["Land and buildings", "142.8", "129.7"],
            ["Machinery and equipment", "121.9", "109.8"],
            ["Fixtures, vehicles and IT equipment", "14.6", "13.1"],
            ["Assets under construction", "22.2", "31.4"],
            ["Total", "301.5", "284.0"],
        ],
    )
    doc.text(
        """
        Buildings are depreciated over 25 to 50 years, machinery over 5 to 15 years and IT
        equipment over 3 to 5 years. Assets under construction at the end of 2025 mainly
        related to a new test stand for large azimuth thrusters in Kalvik, which will be
        completed in 2026. Contractual commitments for the purchase of property, plant and
        equipment amounted to EUR 11.6 million.
        """
    )
    doc.note("Leases")
    doc.text(
        """
        The group leases offices, warehouses, service workshops and vehicles. The largest
        leases are the regional offices in Rotterdam, Houston and Singapore and the
        warehouse in Bremerhaven. Depreciation of right-of-use assets was EUR 13.4 million
        and interest on lease liabilities EUR 2.6 million. Expenses for short-term and
        low-value leases were EUR 1.8 million.
        """
    )
    doc.note("Interest-bearing borrowings")
    doc.table(
        "Interest-bearing borrowings at 31 December (EUR million)",
        ["", "Maturity", "2025", "2024"],
        [
            ["Sustainability-linked bond, 4.125% fixed", "2028", "150.0", "150.0"],
            ["Term loan, floating", "2027", "100.0", "100.0"],
            ["Export credit loans", "2026-2033", "47.6", "52.1"],
            ["Other loans", "various", "5.2", "4.9"],
            ["Total", "", "302.8", "307.0"],
        ],
    )
    doc.text(
        """
        The coupon of the sustainability-linked bond increases by 0.25 percentage points
        if the group does not reduce its Scope 1 and 2 emissions by 30% from the 2023 base
        year by the end of 2027. The revolving credit facility of EUR 300 million matures
        in 2029 and was undrawn at the end of both years. The average interest rate on
        gross borrowings in 2025 was 4.6%.
        """
    )
    doc.note("Financial risk management and derivatives")
    doc.text(
        """
        The group is exposed to currency risk, interest rate risk, credit risk and
        liquidity risk. Financial risks are managed by the central treasury function in
        Kalvik within limits set by the Board. Subsidiaries are not allowed to take
        speculative positions.

        Currency risk on contracted sales and purchases is hedged with forward contracts
        when a contract is signed. At the end of 2025 the notional amount of currency
        forward contracts was EUR 386 million, mainly selling US dollars and Norwegian
        kroner, with a net fair value of EUR 2.9 million. Hedge accounting is applied to
        the larger contracts. A change of 10% in the US dollar exchange rate against the
        euro would have changed group revenue for 2025 by about EUR 40 million and
        adjusted EBITDA by about EUR 5 million, before hedging.

        Interest rate risk arises from the floating-rate term loan and export credit
        loans. An interest rate swap converts EUR 30 million of the term loan to a fixed
        rate until 2027. A change of one percentage point in market interest rates would
        change annual finance costs by about EUR 1.2 million. Liquidity reserves,
        consisting of cash and the undrawn revolving credit facility, were EUR 475.6
        million at the end of the year.
        """
    )
    doc.note("Share capital and earnings per share")
    doc.text(
        """
        The share capital consists of 104,600,000 shares with a nominal value of NOK 1.00,
        unchanged during the year. Earnings per share are calculated by dividing the
        profit attributable to shareholders of the parent company by the weighted average
        number of shares outstanding. The dilutive effect of performance shares under the
        long-term incentive plan was less than EUR 0.01 per share, so diluted earnings per
        share equal basic earnings per share. The dividend paid in 2025, for the 2024
        financial year, amounted to EUR 37.7 million.
        """
    )
    doc.note("Provisions and contingent liabilities")
    doc.text(
        """
        Provisions at the end of 2025 comprised warranty provisions of EUR 23.7 million
        (EUR 21.9 million), restructuring provisions of EUR 3.1 million relating to the
        closure of the Tromsvik workshop, and provisions for legal claims of EUR 2.4
        million. Warranty provisions are based on the historical cost of warranty work for
        each product family and on specific claims under assessment.

        The Brazilian subsidiary is involved in a dispute with the tax authorities about
        the classification of imported spare parts, with a potential exposure of about BRL
        18 million including interest and penalties. Based on legal advice, the group
        believes it is more likely than not that its position will be upheld, and no
        provision has been made.
        """
    )
    doc.note("Related parties")
    doc.text(
        """
        Kvitfjell Invest AS, the largest shareholder, is controlled by the Thorsrud family.
        The Chair of the Board, Eirik Thorsrud, is its chief executive. There were no
        transactions between the group and Kvitfjell Invest AS in 2025 other than the
        payment of dividends. Sales to the Zhoushan joint venture amounted to EUR 3.2
        million and purchases of propeller blanks from it to EUR 21.8 million, all on market
        terms.
        """
    )
    doc.note("Auditor's fees")
    doc.text(
        f"""
        {auditor} Fees for the statutory audit of the group companies amounted to EUR 1.24
        million (EUR 1.17 million). Fees for the limited assurance of the sustainability
        statement were EUR 0.18 million, for other assurance services EUR 0.05 million and
        for tax advice EUR 0.07 million. The Audit Committee approves all non-audit services
        in advance.
        """
    )
    doc.note("Events after the reporting period")
    doc.text(
        """
        On 12 February 2026 the group signed an agreement to acquire all the shares of
        Marisonic Oy, a company in Turku, Finland, that develops hydroacoustic positioning
        systems, for a purchase price of EUR 27 million plus an earn-out of up to EUR 8
        million. The company had revenue of EUR 9.1 million in 2025 and 54 employees. The
        transaction is expected to be completed in the second quarter of 2026 and will be
        included in the Navigation and Automation segment.
        """
    )


def statements(doc: Report) -> None:
    doc.h1("Responsibility statement")
    doc.text(
        """
        We confirm, to the best of our knowledge, that the consolidated financial
        statements for 2025 have been prepared in accordance with IFRS Accounting
        Standards as adopted by the European Union and give a true and fair view of the
        group's assets, liabilities, financial position and results, and that the Board
        of Directors' report gives a true and fair view of the development, performance
        and position of the group, together with a description of the principal risks
        and uncertainties that it faces.

        Kalvik, 18 March 2026. The Board of Directors of Corvena Marine Group ASA: Eirik
        Thorsrud (Chair), Annelise Vandermeer (Deputy Chair), Marguerite Okafor, Tomasz
        Wierzbicki, Catriona MacLeod, Rajiv Menon, Hanna Lindqvist, Jonas Brekke; and
        Sigrid Aamodt, Chief Executive Officer.
        """
    )
    doc.h1("Independent auditor's report (extract)")
    doc.text(
        """
        To the General Meeting of Corvena Marine Group ASA. We have audited the
        consolidated financial statements of Corvena Marine Group ASA and its
        subsidiaries, which comprise the balance sheet at 31 December 2025, the income
        statement, statement of comprehensive income, statement of changes in equity and
        cash flow statement for the year then ended, and the notes, including material
        accounting policy information. In our opinion the financial statements give a true
        and fair view of the financial position of the group at 31 December 2025 and of its
        financial performance and cash flows for the year then ended in accordance with
        IFRS Accounting Standards as adopted by the European Union.

        Key audit matters are those matters that, in our professional judgement, were of
        most significance in our audit of the financial statements of the current period.

        Revenue recognised over time on large equipment contracts. Revenue on contracts
        built to the customer's specification is recognised based on the costs incurred
        relative to the estimated total costs, which requires management to estimate the
        remaining costs of each project. We tested the controls over project estimates,
        compared the estimates for a sample of projects with the underlying budgets and
        with actual outcomes on completed projects, and discussed loss-making projects in
        Deck Machinery with project managers.

        Valuation of goodwill allocated to Deck Machinery. Because of the lower margins in
        Deck Machinery, the headroom in the impairment test for this unit is smaller than
        for the other units. We assessed the cash flow forecasts against the business
        plan and past performance, involved our valuation specialists in assessing the
        discount rate and growth rate, and evaluated the sensitivity analysis disclosed
        in the notes.

        Our opinion on the Board of Directors' report and on the sustainability statement,
        which is the subject of a separate limited assurance report, is set out in the
        full auditor's report published with the annual accounts of the parent company.
        Oslo, 18 March 2026, signed by the engagement partner, Kjersti Moe, State
        Authorised Public Accountant.
        """
    )


SUBSIDIARIES = [
    ("Corvena Propulsion AS", "Kalvik, Norway", 100, "thrusters and propellers"),
    ("Corvena Deck Systems AS", "Hestnes, Norway", 100, "winches and cranes"),
    ("Corvena Automation AS", "Kalvik, Norway", 100, "positioning and automation systems"),
    ("Corvena Service Norge AS", "Bergen, Norway", 100, "service"),
    ("Corvena Eiendom AS", "Kalvik, Norway", 100, "property"),
    ("Corvena Sverige AB", "Gothenburg, Sweden", 100, "sales and service"),
    ("Corvena Danmark ApS", "Esbjerg, Denmark", 100, "service"),
    ("Corvena Finland Oy", "Turku, Finland", 100, "sales"),
    ("Corvena Hydraulik GmbH", "Bremerhaven, Germany", 100, "hydraulic power units"),
    ("Corvena Deutschland GmbH", "Hamburg, Germany", 100, "sales and service"),
    ("Corvena Benelux B.V.", "Rotterdam, Netherlands", 100, "sales and service"),
    ("Corvena UK Ltd", "Aberdeen, United Kingdom", 100, "service"),
    ("Corvena France SAS", "Saint-Nazaire, France", 100, "sales and service"),
    ("Corvena Iberica S.L.", "Vigo, Spain", 100, "service"),
    ("Corvena Polska Sp. z o.o.", "Gdynia, Poland", 100, "assembly"),
    ("Corvena Digital Lda", "Porto, Portugal", 100, "software development"),
    ("Corvena Marine Inc.", "Houston, United States", 100, "sales and service"),
    ("Corvena Pacific Northwest LLC", "Seattle, United States", 100, "service"),
    ("Corvena Canada Ltd", "Halifax, Canada", 100, "service"),
    ("Kestrel Marine Electronics Pte. Ltd.", "Singapore", 60, "marine electronics"),
    ("Corvena Asia Pacific Pte. Ltd.", "Singapore", 100, "sales and service"),
    ("Corvena Korea Co., Ltd.", "Busan, South Korea", 100, "service"),
    ("Corvena (Shanghai) Trading Co., Ltd.", "Shanghai, China", 100, "sales and service"),
    ("Zhoushan Corvena Propeller Co., Ltd.", "Zhoushan, China", 49, "propeller foundry"),
    ("Corvena Japan K.K.", "Kobe, Japan", 100, "sales and service"),
    ("Corvena Australia Pty Ltd", "Perth, Australia", 100, "service"),
    ("Corvena Middle East FZE", "Dubai, United Arab Emirates", 100, "sales and service"),
    ("Corvena Oman LLC", "Sohar, Oman", 70, "service"),
    ("Corvena Southern Africa (Pty) Ltd", "Cape Town, South Africa", 100, "service"),
    ("Corvena do Brasil Ltda", "Itajai, Brazil", 100, "sales and service"),
    ("Corvena Mexico S.A. de C.V.", "Ciudad del Carmen, Mexico", 100, "service"),
    ("Corvena Chile SpA", "Valparaiso, Chile", 100, "sales"),
]


def group_companies(doc: Report) -> None:
    doc.h1("Group companies")
    doc.text(
        """
        The following companies were part of the group at 31 December 2025. Shares in the
        Norwegian operating companies are held directly by Corvena Marine Group ASA;
        other companies are held directly or through intermediate holding companies. The
        ownership share equals the share of voting rights. Zhoushan Corvena Propeller is a
        joint venture with a Chinese foundry group and is accounted for using the equity
        method; all other companies are subsidiaries and fully consolidated.
        """
    )
    rows = []
    for name, place, share, activity in SUBSIDIARIES:
        row = f"{name} ({place}): {share}% owned; {activity}."
        if name == "Corvena Hydraulik GmbH":
            row = doc.plant("hydraulik", row)
        rows.append(row)
    doc.lines(rows)


def shareholder_information(doc: Report) -> None:
    dividend = doc.plant(
        "dividend",
        "The Board of Directors proposes a dividend of EUR 0.42 per share for the 2025 "
        "financial year, up from EUR 0.36 per share for 2024.",
    )
    agm = doc.plant(
        "agm",
        "The 2026 annual general meeting will be held on 23 April 2026 at 10:00 at Kalvik "
        "Kulturhus, Strandveien 2, Kalvik.",
    )
    doc.h1("Shareholder information")
    doc.text(
        """
        Corvena's shares have been listed on the Oslo Stock Exchange since 2006 under the
        ticker CORV. The share capital is NOK 104,600,000 divided into 104,600,000 shares
        with a nominal value of NOK 1.00 each. All shares carry equal rights, and there are
        no restrictions on voting or on the transfer of shares. The group held no treasury
        shares at the end of 2025.

        The share price rose from NOK 118.20 at the end of 2024 to NOK 142.60 at the end of
        2025, and the total shareholder return including dividends was 24.0%. The market
        value of the company at the end of the year was NOK 14.9 billion. An average of
        186,000 shares were traded each day. The number of shareholders increased to 9,412
        from 8,875, and 54% of the shares were held by investors outside Norway.
        """
    )
    doc.table(
        "Largest shareholders at 31 December 2025",
        ["", "Shares", "Per cent"],
        [
            ["Kvitfjell Invest AS", "22,698,200", "21.7%"],
            ["Fjordkapital Pensjon", "8,263,400", "7.9%"],
            ["Nordsjo Forsikring ASA", "5,020,800", "4.8%"],
            ["Halcyon Global Equity Fund", "4,079,400", "3.9%"],
            ["Stavanger Sparebank Fond", "3,138,000", "3.0%"],
            ["Korsvik Familiestiftelse", "2,824,200", "2.7%"],
            ["Meridian Industrial Partners", "2,510,400", "2.4%"],
            ["Baltic Value Investors AB", "2,196,600", "2.1%"],
            ["Aker Strand Kapital AS", "1,882,800", "1.8%"],
            ["Ostlandet Pensjonskasse", "1,673,600", "1.6%"],
        ],
    )
    doc.h2("Dividend")
    doc.text(
        f"""
        {dividend} If the proposal is approved by the annual general meeting, the shares
        will trade ex-dividend on 24 April 2026, and the dividend will be paid on or about 6
        May 2026 to shareholders registered in the Norwegian Central Securities Depository
        on 27 April 2026. The dividend is declared in euros and paid in Norwegian kroner,
        unless a shareholder has asked to receive euros, at the exchange rate on the
        record date.
        """
    )
    doc.h2("Annual general meeting")
    doc.text(
        f"""
        {agm} Shareholders who wish to attend must register by 21 April 2026. Shareholders
        who cannot attend may vote in advance electronically or give a proxy to the Chair
        of the Board or another person. The 2025 annual general meeting was held on 24
        April 2025, when shareholders representing 71% of the share capital were present
        or represented.
        """
    )
    doc.h2("Financial calendar")
    doc.lines(
        [
            "24 April 2026: shares trade ex-dividend",
            "27 April 2026: record date for the dividend",
            "6 May 2026: payment of the dividend",
            "7 May 2026: results for the first quarter of 2026",
            "20 August 2026: results for the second quarter and first half of 2026",
            "16 September 2026: Capital Markets Day in Oslo",
            "5 November 2026: results for the third quarter of 2026",
            "11 February 2027: results for the fourth quarter of 2026",
        ]
    )
    doc.h2("Investor relations")
    doc.text(
        """
        Corvena aims to give all shareholders the same information at the same time.
        Quarterly results are presented in a webcast on the day of publication, and the
        presentations, reports and stock exchange announcements are available on the
        group's website. Questions can be sent to the investor relations team at
        ir@corvena.example. The group observes a quiet period of three weeks before each
        results announcement.
        """
    )


APM_DEFINITIONS = [
    "Adjusted EBITDA: operating profit before depreciation, amortisation, impairment "
    "and special items.",
    "Special items: income and expenses that are significant and not part of the "
    "ordinary course of business, such as restructuring costs, gains and losses on the "
    "sale of businesses and acquisition costs.",
    "Organic growth: the change in revenue, excluding acquisitions and divestments made "
    "in the last twelve months and the effect of changes in exchange rates.",
    "Order intake: the value of firm orders received during the period, including "
    "changes to earlier orders.",
    "Order backlog: the value of orders received but not yet recognised as revenue.",
    "Book-to-bill ratio: order intake divided by revenue for the same period.",
    "Net interest-bearing debt: interest-bearing borrowings and lease liabilities, less "
    "cash and cash equivalents.",
    "Capital employed: total equity plus net interest-bearing debt; return on capital "
    "employed is operating profit divided by average capital employed.",
    "Equity ratio: total equity divided by total assets.",
    "LTIF and TRIF: lost-time injuries, and all recordable injuries, per million hours "
    "worked by employees and long-term contractors.",
]


def definitions(doc: Report) -> None:
    doc.h1("Definitions and alternative performance measures")
    doc.text(
        """
        Corvena uses alternative performance measures that are not defined in IFRS
        Accounting Standards to describe its underlying performance. They are used
        consistently over time and are reconciled to the financial statements in the
        quarterly reports. They should not be regarded as substitutes for measures
        defined in IFRS.
        """
    )
    doc.lines(APM_DEFINITIONS)
    doc.text(
        """
        This report contains forward-looking statements about the group's markets,
        strategy and expected results. They reflect the Board's and management's current
        expectations and are subject to risks and uncertainties, many of which are outside
        the group's control, and actual results may differ materially.
        """
    )


# ---- questions ------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    question: str
    expected: str
    kind: str  # "single" or "two_fact"
    evidence: list[str]  # planted sentences, each in the document exactly once
    accept: list[str]  # other surface forms of `expected`

    def to_json(self, qid: str) -> dict[str, object]:
        # The batch runner passes `question` to the program and carries the rest through.
        meta = {"kind": self.kind, "evidence": self.evidence, "accept": self.accept}
        return {"id": qid, "question": self.question, "expected": self.expected, "meta": meta}


def questions(evidence: dict[str, str]) -> list[Question]:
    """The question set: single-fact questions in document order, then two-fact
    questions that need figures from two different sections."""
    seg = {s.name: s for s in SEGMENTS}
    reg = {r.name: r for r in REGIONS}

    def single(question: str, expected: str, key: str, accept: list[str]) -> Question:
        return Question(question, expected, "single", [evidence[key]], accept)

    def two(question: str, expected: str, keys: list[str], accept: list[str]) -> Question:
        return Question(question, expected, "two_fact", [evidence[k] for k in keys], accept)

    deck = seg["Deck Machinery"].revenue[2]
    apac = reg["Asia Pacific"]
    nordics = reg["the Nordics"]
    west = reg["Western Europe"]
    prop = seg["Propulsion Systems"].revenue[2]
    after = seg["Aftermarket Services"].revenue[2]
    return [
        single(
            "What was Corvena Marine Group's total order intake in 2025?",
            eur(ORDER_INTAKE[1]),
            "order_intake",
            ["1,346.2 million", "EUR 1.35 billion", "1346.2"],
        ),
        single(
            "In which city did Corvena open its new assembly plant in 2025?",
            "Gdynia",
            "gdynia",
            ["Gdynia, Poland"],
        ),
        single(
            "What is the name of the dynamic positioning system that Corvena launched in 2025?",
            "Stillwater DP-7",
            "dp7",
            ["DP-7"],
        ),
        single(
            "What was the adjusted EBITDA margin of Corvena's Propulsion Systems segment in 2025?",
            "14.2%",
            "propulsion_margin",
            ["14.2 per cent", "14.2 percent"],
        ),
        single(
            "What was the revenue of Corvena's Deck Machinery segment in 2025?",
            eur(deck),
            "deck_revenue",
            ["318.4 million", "318.4"],
        ),
        single(
            "Who leads Corvena's operations in North America?",
            "Dolores Whitcombe",
            "north_leader",
            ["Whitcombe"],
        ),
        single(
            "How many people did Corvena employ in the Asia Pacific region at the end of 2025?",
            "1,146",
            "asia_staff",
            ["1146", "1,146 employees"],
        ),
        single(
            "In which city is the main service hub of Corvena's Middle East and Africa region?",
            "Sohar",
            "middle_hub",
            ["Sohar, Oman"],
        ),
        single(
            "What was Corvena's lost-time injury frequency (LTIF) in 2025?",
            "1.37 per million hours worked",
            "ltif",
            ["1.37"],
        ),
        single(
            "What were Corvena's Scope 1 and 2 emissions in 2025?",
            "18,640 tonnes of CO2 equivalent",
            "scope12",
            ["18,640 tonnes", "18,640", "18640"],
        ),
        single(
            "What percentage of Corvena's group revenue in 2025 was invoiced in US dollars?",
            "31%",
            "usd_share",
            ["31 per cent", "31 percent", "approximately 31%"],
        ),
        single(
            "Who chairs the Audit Committee of Corvena's Board of Directors?",
            "Marguerite Okafor",
            "audit_chair",
            ["Okafor"],
        ),
        single(
            "Who was appointed Chief Technology Officer of Corvena in 2025?",
            "Amara Nwosu",
            "cto",
            ["Dr Amara Nwosu"],
        ),
        single(
            "What was Corvena's profit attributable to shareholders of the parent company in 2025?",
            "EUR 94.4 million",
            "attributable",
            ["94.4 million", "94.4"],
        ),
        single(
            "What pre-tax discount rate did Corvena apply to the Propulsion Systems "
            "cash-generating unit in its 2025 goodwill impairment test?",
            "9.6%",
            "rate_propulsion",
            ["9.6 per cent", "9.6 percent"],
        ),
        single(
            "Which firm is Corvena's auditor for the 2025 financial year?",
            "Brennholt & Lisle AS",
            "auditor",
            ["Brennholt & Lisle", "Brennholt and Lisle"],
        ),
        single(
            "In which city is Corvena's subsidiary Corvena Hydraulik GmbH located?",
            "Bremerhaven",
            "hydraulik",
            ["Bremerhaven, Germany"],
        ),
        single(
            "What dividend per share does Corvena's Board propose for the 2025 financial year?",
            "EUR 0.42 per share",
            "dividend",
            ["EUR 0.42", "0.42"],
        ),
        single(
            "On what date will Corvena's 2026 annual general meeting be held?",
            "23 April 2026",
            "agm",
            ["April 23, 2026", "2026-04-23"],
        ),
        two(
            "Was the 2025 revenue of Corvena's Deck Machinery segment higher than Corvena's "
            "2025 revenue in the Asia Pacific region?",
            "Yes" if deck > apac.revenue[2] else "No",
            ["deck_revenue", "asia_revenue"],
            [f"Yes, {eur(deck)} versus {eur(apac.revenue[2])}"],
        ),
        two(
            "How many more employees did Corvena have in the Nordics than in Asia Pacific at "
            "the end of 2025?",
            f"{nordics.employees[1] - apac.employees[1]:,}",
            ["nordics_staff", "asia_staff"],
            [f"{nordics.employees[1] - apac.employees[1]} more employees"],
        ),
        two(
            "By how much did the 2025 revenue of Corvena's Propulsion Systems segment exceed "
            "the 2025 revenue of its Aftermarket Services segment?",
            eur(round(prop - after, 1)),
            ["propulsion_revenue", "aftermarket_revenue"],
            [f"{prop - after:.1f} million", f"{prop - after:.1f}"],
        ),
        two(
            "Which was larger for Corvena in 2025: research and development expenditure or "
            "capital expenditure?",
            "Research and development expenditure"
            if RND_SPEND[1] > CAPEX[1]
            else "Capital expenditure",
            ["rnd", "capex"],
            ["R&D expenditure", f"Research and development ({eur(RND_SPEND[1])})"],
        ),
        two(
            "By how much did Corvena's order intake in 2025 exceed its group revenue in 2025?",
            eur(round(ORDER_INTAKE[1] - GROUP_REVENUE[2], 1)),
            ["order_intake", "group_revenue"],
            [f"{ORDER_INTAKE[1] - GROUP_REVENUE[2]:.1f} million"],
        ),
        two(
            "Which region generated more revenue for Corvena in 2025: Western Europe or Asia "
            "Pacific?",
            "Western Europe" if west.revenue[2] > apac.revenue[2] else "Asia Pacific",
            ["western_revenue", "asia_revenue"],
            [f"Western Europe ({eur(west.revenue[2])})"],
        ),
    ]


# ---- checks and output ------------------------------------------------------------


def build() -> tuple[str, list[Question]]:
    check_sums()
    doc = Report(random.Random(SEED))
    for section in (
        front_matter,
        chair_letter,
        ceo_review,
        business_overview,
        segment_reviews,
        regional_operations,
        people,
        sustainability,
        risk_factors,
        governance,
        financial_review,
        notes,
        statements,
        group_companies,
        shareholder_information,
        definitions,
    ):
        section(doc)
    text = doc.render()
    qs = questions(doc.evidence)
    validate(text, qs)
    return text, qs


def validate(text: str, qs: list[Question]) -> None:
    """Fail loudly if an edit made a planted answer ambiguous."""
    for sentence in {e for q in qs for e in q.evidence}:
        require(text.count(sentence) == 1, f"evidence not unique: {sentence!r}")
    for figure in UNIQUE_FIGURES:
        # As a number of its own: "318.4" must not match inside "1,318.4" or "318.45".
        pattern = rf"(?<![\d.,]){re.escape(figure)}(?!\d|[.,]\d)"
        found = len(re.findall(pattern, text))
        require(found == 1, f"planted figure {figure} occurs {found} times")
    for q in qs:
        if q.kind == "single":
            forms = [q.expected, *q.accept]
            require(any(f in q.evidence[0] for f in forms), f"answer not in evidence: {q}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args(argv)
    text, qs = build()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / DOCUMENT_NAME).write_text(text, encoding="utf-8", newline="\n")
    lines = "".join(
        json.dumps(q.to_json(f"q{i:02d}"), ensure_ascii=False) + "\n"
        for i, q in enumerate(qs, start=1)
    )
    (args.out / QUESTIONS_NAME).write_text(lines, encoding="utf-8", newline="\n")
    print(f"wrote {args.out / DOCUMENT_NAME} and {args.out / QUESTIONS_NAME} ({len(qs)} questions)")


if __name__ == "__main__":
    main()
