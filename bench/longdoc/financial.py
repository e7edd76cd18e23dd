"""Financial documents: a company's annual report on Form 10-K, with three years of
figures. Segment results, headcount, backlog and the tax rate are stated once in
prose, next to the other years' figures, a subsidiary's figures, a restatement of
the prior year and competitors' numbers, which a careless reader would confuse."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from docmodel import Built, Doc, Question, require, us_date

YEARS = (2022, 2023, 2024)  # the three fiscal years a filing covers, oldest first


def usd(amount: float) -> str:
    """A money figure in prose (millions)."""
    return f"${amount:,.1f} million"


def cell(amount: float) -> str:
    """A money figure in a table (millions, negatives in brackets)."""
    return f"({-amount:,.1f})" if amount < 0 else f"{amount:,.1f}"


@dataclass(frozen=True)
class Segment:
    name: str
    head: str  # segment president
    head_since: int
    description: str
    highlights: str
    net_sales: tuple[float, float, float]  # fiscal 2022, 2023, 2024
    operating_income: tuple[float, float, float]
    capex: float  # fiscal 2024
    depreciation: float  # fiscal 2024


@dataclass(frozen=True)
class Executive:
    name: str
    age: int
    title: str
    biography: str


@dataclass(frozen=True)
class Facility:
    city: str
    use: str
    square_feet: int
    owned: bool
    segment: str


@dataclass(frozen=True)
class Filing:
    name: str  # legal name
    short: str  # how the filing refers to the company
    state: str
    ein: str
    address: str
    ticker: str
    exchange: str
    year_end: date  # end of fiscal 2024
    prior_year_end: date
    industry: str  # one phrase, for generic risk wording
    overview: str
    strategy: str
    segments: tuple[Segment, ...]
    corporate_expense: tuple[float, float, float]
    gross_profit: tuple[float, float, float]
    sga: tuple[float, float, float]
    amortization: tuple[float, float, float]
    restructuring: tuple[float, float, float]
    interest: tuple[float, float, float]
    other_income: tuple[float, float, float]
    tax: tuple[float, float, float]
    diluted_shares: tuple[float, float, float]
    # Planted and distractor facts.
    customers: str  # sentence(s); the planted one is a field below when asked about
    largest_customer: str  # planted sentence
    competitors: tuple[str, ...]  # sentences naming competitors and their figures
    supply_chain: str
    seasonality: str
    regulation: str
    backlog: tuple[float, float]  # end of fiscal 2023, 2024
    rnd: tuple[float, float]  # fiscal 2023, 2024
    employees: tuple[int, int]  # end of fiscal 2023, 2024
    employees_outside_us: int
    executives: tuple[Executive, ...]
    cfo_sentence: str  # planted
    specific_risks: tuple[tuple[str, str], ...]  # heading, text
    facilities: tuple[Facility, ...]
    new_facility: str  # planted sentence
    legal: str
    outlook: str
    sustainability: str
    letter: str  # the chief executive's letter that wraps the filing
    dividend_2022: float  # quarterly dividend per share in fiscal 2022
    distribution: str
    directors: tuple[str, ...]
    categories: tuple[tuple[str, str, float], ...]  # segment, product category, share of 2024
    dividend: str  # planted sentence
    dividend_table: tuple[tuple[str, str, str], ...]  # quarter, fiscal 2024, fiscal 2023
    repurchases: str
    developments: str
    restatement: str  # planted sentence
    restatement_context: str
    notes_sentence: str  # planted: the senior notes
    debt_rows: tuple[tuple[str, str, str], ...]
    impairment: str  # planted sentence
    tax_rate_sentence: str  # planted
    subsidiary: str  # planted sentence
    subsidiary_context: str
    geography: tuple[tuple[str, float, float, float], ...]
    auditor: str
    auditor_city: str
    auditor_since: int


# ---- derived figures ----------------------------------------------------------------------


def totals(f: Filing) -> dict[str, tuple[float, ...]]:
    """The income statement, computed so that every table adds up."""
    sales = tuple(round(sum(s.net_sales[i] for s in f.segments), 1) for i in range(3))
    seg_income = tuple(round(sum(s.operating_income[i] for s in f.segments), 1) for i in range(3))
    operating = tuple(round(seg_income[i] - f.corporate_expense[i], 1) for i in range(3))
    by_lines = tuple(
        round(f.gross_profit[i] - f.sga[i] - f.amortization[i] - f.restructuring[i], 1)
        for i in range(3)
    )
    require(operating == by_lines, f"{f.short}: operating income does not add up")
    pretax = tuple(round(operating[i] - f.interest[i] + f.other_income[i], 1) for i in range(3))
    net = tuple(round(pretax[i] - f.tax[i], 1) for i in range(3))
    eps = tuple(round(net[i] / f.diluted_shares[i], 2) for i in range(3))
    cogs = tuple(round(sales[i] - f.gross_profit[i], 1) for i in range(3))
    geo = tuple(round(sum(g[1 + i] for g in f.geography), 1) for i in range(3))
    require(geo == sales, f"{f.short}: geographic net sales do not add up")
    return {
        "sales": sales,
        "cogs": cogs,
        "operating": operating,
        "pretax": pretax,
        "net": net,
        "eps": eps,
    }


# ---- generic wording --------------------------------------------------------------------

GENERIC_RISKS = (
    (
        "Economic conditions could reduce demand for our products.",
        "Demand for {industry} depends on the general level of economic activity, interest "
        "rates and the financial health of our customers. A recession, a prolonged period of "
        "high interest rates or a decline in public spending in our main markets could "
        "reduce orders, lengthen sales cycles and increase pressure on prices, which could "
        "adversely affect our net sales, margins and cash flows.",
    ),
    (
        "We may not be able to pass on increases in the cost of materials, energy and labor.",
        "We buy large quantities of materials and components whose prices can move sharply. "
        "Our contracts do not always allow us to raise prices when costs rise, and price "
        "increases we announce may take effect only after a delay or may cost us volume. "
        "Wage inflation in our plants and distribution centers has also been higher than "
        "in previous decades.",
    ),
    (
        "A cybersecurity incident could disrupt our operations and harm our reputation.",
        "We rely on information technology systems, some operated by third parties, to run "
        "our plants, process orders, pay suppliers and employees and report our results. "
        "These systems are targets of attacks, including ransomware and attempts to trick "
        "employees into making payments. An incident could interrupt production, expose "
        "confidential information, lead to regulatory penalties and require significant "
        "spending to restore our systems.",
    ),
    (
        "Our indebtedness could limit our flexibility.",
        "At the end of fiscal 2024 we had significant long-term debt, and our credit "
        "agreement contains covenants that limit our leverage and require a minimum "
        "interest coverage ratio. Higher interest rates increase the cost of our floating-"
        "rate borrowings, and a breach of a covenant could allow our lenders to demand "
        "repayment.",
    ),
    (
        "We depend on key personnel.",
        "Our success depends on our ability to attract and keep qualified managers, "
        "engineers and skilled production employees. Competition for such people is "
        "intense in several of the regions where we operate, and the loss of members of "
        "our senior management team without adequate succession could disrupt our "
        "business.",
    ),
    (
        "Acquisitions may not deliver the benefits we expect.",
        "We have grown in part through acquisitions and expect to continue to do so. "
        "Integrating an acquired business takes management time and may cost more than we "
        "planned, and we may not retain the acquired company's customers or employees. "
        "If an acquisition performs below our expectations we may have to record an "
        "impairment of goodwill or other intangible assets.",
    ),
    (
        "Changes in tax law could increase our tax expense.",
        "We are subject to income taxes in the United States and in other countries. "
        "Changes in tax rates, the adoption of a global minimum tax in countries where we "
        "operate, or the outcome of tax audits could increase our effective tax rate and "
        "reduce our net income.",
    ),
    (
        "Currency movements affect our reported results.",
        "A part of our net sales and costs is in currencies other than the U.S. dollar, "
        "mainly the Canadian dollar, the euro and the Mexican peso. A stronger dollar "
        "reduces the dollar value of our foreign sales and profits, and we hedge only part "
        "of this exposure.",
    ),
    (
        "Climate change and severe weather could disrupt our supply chain and plants.",
        "Several of our facilities and suppliers are in areas exposed to floods, droughts, "
        "hurricanes or extreme heat. Severe weather has in the past closed plants for "
        "several days and delayed deliveries, and new climate-related regulation could "
        "increase our compliance costs.",
    ),
    (
        "The market price of our common stock may be volatile.",
        "The price of our common stock may fluctuate because of variations in our "
        "quarterly results, changes in analysts' estimates, announcements by competitors "
        "and general market conditions, some of which are unrelated to our performance.",
    ),
)

FORWARD_LOOKING = """
    This Annual Report on Form 10-K contains forward-looking statements within the
    meaning of the Private Securities Litigation Reform Act of 1995. Words such as
    "expect", "anticipate", "intend", "plan", "believe", "estimate", "target", "may" and
    "will" identify forward-looking statements, which include statements about our
    outlook, expected cost savings, capital expenditures, the timing of new facilities and
    the effect of pricing actions. They are based on management's current expectations and
    are subject to risks and uncertainties, including those described under Item 1A, "Risk
    Factors", that could cause actual results to differ materially. We undertake no
    obligation to update any forward-looking statement, except as required by law.
"""

CYBERSECURITY = """
    Our cybersecurity program is based on the National Institute of Standards and
    Technology Cybersecurity Framework and is led by our Chief Information Security
    Officer, who has more than twenty years of experience in information security and
    reports to the Chief Information Officer. The program includes annual risk
    assessments, security awareness training for all employees with e-mail access,
    simulated phishing exercises, penetration tests by outside firms and a written
    incident response plan that is tested at least once a year with senior management.

    The Audit Committee of the Board of Directors oversees cybersecurity risk and
    receives a report from the Chief Information Security Officer at each regular meeting.
    We assess the security practices of third-party service providers with access to our
    systems before engaging them and periodically afterwards. We did not identify any
    cybersecurity incident during the fiscal year that materially affected, or is
    reasonably likely to materially affect, our business strategy, results of operations
    or financial condition.
"""

ACCOUNTING_POLICIES = (
    (
        "Principles of consolidation",
        "The consolidated financial statements include the accounts of {name} and its "
        "wholly owned and majority-owned subsidiaries. Intercompany transactions and "
        "balances have been eliminated.",
    ),
    (
        "Use of estimates",
        "Preparing financial statements in conformity with accounting principles generally "
        "accepted in the United States requires management to make estimates and "
        "assumptions that affect the reported amounts of assets, liabilities, revenue and "
        "expenses. Actual results could differ from those estimates.",
    ),
    (
        "Revenue recognition",
        "We recognize revenue when control of a product passes to the customer, which is "
        "usually on shipment or delivery, at the amount of consideration we expect to "
        "receive, net of estimated rebates, discounts and returns. Revenue from "
        "installation and service contracts is recognized over time as the services are "
        "performed.",
    ),
    (
        "Inventories",
        "Inventories are stated at the lower of cost and net realizable value, cost being "
        "determined on a first-in, first-out basis. We record reserves for excess and "
        "obsolete inventory based on expected demand and the age of the items.",
    ),
    (
        "Goodwill and other intangible assets",
        "Goodwill is tested for impairment at the reporting unit level each year on the "
        "first day of the fourth quarter, or earlier if events indicate that the fair value "
        "of a reporting unit may be below its carrying amount. Definite-lived intangible "
        "assets are amortized on a straight-line basis over their useful lives of 5 to 20 "
        "years.",
    ),
    (
        "Foreign currency translation",
        "Assets and liabilities of subsidiaries whose functional currency is not the U.S. "
        "dollar are translated at year-end exchange rates, and income and expenses at "
        "average rates for the year. Translation adjustments are recorded in accumulated "
        "other comprehensive loss.",
    ),
)

CONTROLS = """
    Our management, with the participation of our Chief Executive Officer and Chief
    Financial Officer, evaluated the effectiveness of our disclosure controls and
    procedures as of the end of the period covered by this report and concluded that they
    were effective. Management assessed the effectiveness of our internal control over
    financial reporting using the criteria of the 2013 Internal Control - Integrated
    Framework issued by the Committee of Sponsoring Organizations of the Treadway
    Commission and concluded that our internal control over financial reporting was
    effective at the end of the fiscal year. There were no changes in our internal control
    over financial reporting during the fourth quarter that materially affected, or are
    reasonably likely to materially affect, it.
"""


def cash_flows(f: Filing, t: dict[str, tuple[float, ...]]) -> dict[str, tuple[float, ...]]:
    """The cash flow statement, derived from the other figures so it is the same
    wherever it is quoted."""
    sales, net = t["sales"], t["net"]
    depreciation_2024 = sum(s.depreciation for s in f.segments)
    capex_2024 = sum(s.capex for s in f.segments)
    depreciation = tuple(round(depreciation_2024 * k, 1) for k in (0.9, 0.95, 1.0))
    amortization = f.amortization
    stock_comp = tuple(round(v * 0.009, 1) for v in sales)
    working_capital = tuple(
        round(-v * k, 1) for v, k in zip(sales, (0.021, 0.013, 0.008), strict=True)
    )
    operating = tuple(
        round(net[i] + depreciation[i] + amortization[i] + stock_comp[i] + working_capital[i], 1)
        for i in range(3)
    )
    capex = tuple(round(capex_2024 * k, 1) for k in (0.82, 0.91, 1.0))
    dividends = tuple(
        round(4 * float(row) * shares, 1)
        for row, shares in zip(
            (f.dividend_2022, f.dividend_table[0][2], f.dividend_table[0][1]),
            f.diluted_shares,
            strict=True,
        )
    )
    return {
        "net": net,
        "depreciation": depreciation,
        "amortization": amortization,
        "stock_comp": stock_comp,
        "working_capital": working_capital,
        "operating": operating,
        "capex": capex,
        "dividends": dividends,
    }


def contractual_obligations(f: Filing, t: dict[str, tuple[float, ...]]) -> list[list[str]]:
    """Debt by maturity year from the debt table, plus interest, leases and purchase
    commitments scaled to the company's size."""
    buckets = {"Long-term debt": [0.0] * 4}
    for label, current, _ in f.debt_rows:
        if label.startswith(("Unamortized", "Total")):
            continue
        amount = float(current.replace(",", ""))
        year = next((int(w) for w in label.split() if w.isdigit() and len(w) == 4), 2027)
        offset = year - f.year_end.year
        index = 0 if offset <= 1 else 1 if offset <= 3 else 2 if offset <= 5 else 3
        buckets["Long-term debt"][index] += amount
    sales = t["sales"][2]
    spread = {
        "Interest on long-term debt": (0.3, 0.4, 0.2, 0.1),
        "Operating leases": (0.25, 0.35, 0.2, 0.2),
        "Purchase obligations": (0.7, 0.25, 0.05, 0.0),
    }
    sizes = {
        "Interest on long-term debt": f.interest[2] * 4.2,
        "Operating leases": sales * 0.05,
        "Purchase obligations": sales * 0.11,
    }
    for label, shares in spread.items():
        buckets[label] = [sizes[label] * share for share in shares]
    rows = [[label, cell(sum(v)), *(cell(x) for x in v)] for label, v in buckets.items()]
    totals_row = [sum(v[i] for v in buckets.values()) for i in range(4)]
    rows.append(["Total", cell(sum(totals_row)), *(cell(x) for x in totals_row)])
    return rows


def quarterly(doc: Doc, t: dict[str, tuple[float, ...]]) -> None:
    """Unaudited quarterly data: the year split by a seasonal pattern, the last
    quarter taking the rounding so that the quarters add up to the year."""
    weights = (0.229, 0.247, 0.258, 0.266)
    rows = []
    for year_index, label in ((2, "Fiscal 2024"), (1, "Fiscal 2023")):
        sales, operating, net = (t[k][year_index] for k in ("sales", "operating", "net"))
        parts = []
        for measure in (sales, operating, net):
            quarters = [round(measure * w, 1) for w in weights[:3]]
            quarters.append(round(measure - sum(quarters), 1))
            parts.append(quarters)
        for q in range(4):
            rows.append(
                [f"{label}, Q{q + 1}", cell(parts[0][q]), cell(parts[1][q]), cell(parts[2][q])]
            )
    doc.table(
        "Quarterly financial data, unaudited (in millions)",
        ["Quarter", "Net sales", "Operating income", "Net income"],
        rows,
    )


MARKET_RISK = """
    We are exposed to market risk from changes in interest rates, foreign currency
    exchange rates and commodity prices. We manage these risks through our normal
    operating and financing activities and, when we consider it appropriate, with
    derivative instruments. We do not use derivatives for trading or speculative
    purposes.

    Interest rate risk. Our senior notes bear fixed rates, while borrowings under the term
    loan and the revolving credit facility (or commercial paper) bear floating rates. A
    one percentage point increase in interest rates on our floating-rate debt outstanding
    at year end would increase annual interest expense by about {floating:.1f} million
    dollars.

    Foreign currency risk. A 10% strengthening of the U.S. dollar against the currencies
    in which our foreign subsidiaries operate would have reduced fiscal 2024 net sales by
    about {currency:.1f} million dollars and operating income by a smaller amount. We hedge
    part of our forecast purchases in foreign currencies with forward contracts of up to
    eighteen months.

    Commodity price risk. We buy raw materials whose prices move with commodity markets.
    Where futures markets exist we hedge part of our expected purchases; a 10% change in
    the prices of the commodities we hedge would have changed the fair value of our open
    contracts at year end by about {commodity:.1f} million dollars.
"""

EXHIBITS = (
    "3.1 Restated Certificate of Incorporation of {name} (incorporated by reference to "
    "Exhibit 3.1 to the Quarterly Report on Form 10-Q filed in {y1})",
    "3.2 Amended and Restated Bylaws (incorporated by reference to Exhibit 3.2 to the "
    "Current Report on Form 8-K filed in {y2})",
    "4.1 Description of securities registered under Section 12 of the Exchange Act",
    "4.2 Indenture between {name} and the trustee, governing the senior notes",
    "10.1 Credit Agreement among {name}, the lenders party thereto and the "
    "administrative agent, as amended in {y2}",
    "10.2 {short} Long-Term Incentive Plan, as amended and restated*",
    "10.3 Form of performance share unit award agreement*",
    "10.4 Executive Severance and Change in Control Plan*",
    "10.5 Deferred Compensation Plan for Directors*",
    "19.1 Insider Trading Policy",
    "21.1 Subsidiaries of the registrant",
    "23.1 Consent of Independent Registered Public Accounting Firm",
    "31.1 Certification of the Chief Executive Officer under Rule 13a-14(a)",
    "31.2 Certification of the Chief Financial Officer under Rule 13a-14(a)",
    "32.1 Certifications under Section 906 of the Sarbanes-Oxley Act of 2002",
    "97.1 Policy for the Recovery of Erroneously Awarded Compensation",
    "101 Inline XBRL documents",
)


# ---- the filing's sections ------------------------------------------------------------------


def cover(doc: Doc, f: Filing) -> None:
    chief = f.executives[0]
    doc.title(f"{f.name.upper()}", "2024 ANNUAL REPORT TO STOCKHOLDERS")
    doc.h2("Letter to our stockholders")
    doc.text(f.letter)
    doc.lines([chief.name, chief.title], "")
    doc.title(
        "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
        "Washington, D.C. 20549",
        "FORM 10-K",
        f"ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934 "
        f"for the fiscal year ended {us_date(f.year_end)}",
    )
    doc.title(
        f.name.upper(),
        "(Exact name of registrant as specified in its charter)",
        f"{f.state} (State of incorporation); {f.ein} (I.R.S. Employer Identification No.)",
        f.address,
    )
    doc.table(
        "Securities registered pursuant to Section 12(b) of the Act",
        ["Title of each class", "Trading symbol", "Exchange"],
        [["Common stock, par value $0.01 per share", f.ticker, f.exchange]],
    )
    rng = doc.rng
    float_value = rng.uniform(2.1, 4.8)
    shares = int(sum(f.diluted_shares[2:]) * 1_000_000 * rng.uniform(0.985, 0.995))
    doc.text(
        f"""
        Indicate by check mark whether the registrant is a well-known seasoned issuer, as
        defined in Rule 405 of the Securities Act: Yes. The registrant is a large
        accelerated filer and is not a shell company.

        The aggregate market value of the common stock held by non-affiliates of the
        registrant, based on the closing price on the last business day of the registrant's
        most recently completed second fiscal quarter, was approximately
        ${float_value:.2f} billion. As of the latest practicable date, {shares:,} shares of
        the registrant's common stock were outstanding.

        Portions of the registrant's definitive proxy statement for its annual meeting of
        stockholders are incorporated by reference into Part III of this report.
        """
    )
    doc.text(FORWARD_LOOKING)


def business(doc: Doc, f: Filing) -> None:
    doc.h1("Part I")
    doc.h2("Item 1. Business")
    doc.h3("Overview")
    doc.text(f.overview.format(short=f.short))
    doc.h3("Our strategy")
    doc.text(f.strategy)
    doc.h3("Our segments")
    for segment in f.segments:
        head = doc.plant(
            f"head.{segment.name}",
            f"{segment.name} is led by {segment.head}, who has been the segment's President "
            f"since {segment.head_since}.",
        )
        doc.h3(segment.name)
        doc.para(segment.description, head)
    doc.h3("Sales and distribution")
    doc.text(f.distribution)
    doc.h3("Customers")
    doc.para(f.customers, doc.plant("largest_customer", f.largest_customer))
    doc.h3("Competition")
    doc.para(*f.competitors)
    doc.h3("Raw materials and supply chain")
    doc.text(f.supply_chain)
    doc.h3("Seasonality")
    doc.text(f.seasonality)
    doc.h3("Backlog")
    previous, current = f.backlog
    doc.para(
        doc.plant(
            "backlog",
            f"Our backlog of firm orders was {usd(current)} at {us_date(f.year_end)}, "
            f"compared with {usd(previous)} at {us_date(f.prior_year_end)}.",
        ),
        "We expect to fill most of the backlog within the next fiscal year. Backlog is not "
        "necessarily indicative of future net sales, because orders may be changed or "
        "cancelled and a part of our business is shipped within days of the order.",
    )
    doc.h3("Research and development")
    previous, current = f.rnd
    doc.para(
        doc.plant(
            "rnd",
            f"Research and development expense, included in selling, general and "
            f"administrative expenses, was {usd(current)} in fiscal 2024 and {usd(previous)} "
            f"in fiscal 2023.",
        ),
        "Our engineers work in product development centers close to our largest plants, and "
        "we also fund research at universities and share the cost of some projects with "
        "customers.",
    )
    doc.h3("Intellectual property")
    doc.text(
        f"""
        {f.short} owns or licenses patents, trademarks and trade secrets that protect its
        products and processes. No single patent or license is material to the business as
        a whole, but our trademarks, several of which have been in use for decades, are
        important to our competitive position, and we defend them actively.
        """
    )
    doc.h3("Government regulation")
    doc.text(f.regulation)
    doc.h3("Sustainability")
    doc.text(f.sustainability)
    doc.h3("Available information")
    doc.text(
        f"""
        We file annual, quarterly and current reports, proxy statements and other
        information with the Securities and Exchange Commission, which maintains a website
        with these filings. They are also available free of charge on the investor
        relations section of our website as soon as reasonably practicable after we file
        them. {f.short}'s code of business conduct, corporate governance guidelines and
        the charters of the committees of the Board of Directors are posted on the same
        site.
        """
    )
    doc.h3("Human capital")
    previous, current = f.employees
    doc.para(
        doc.plant(
            "employees",
            f"As of {us_date(f.year_end)}, we had {current:,} employees, compared with "
            f"{previous:,} a year earlier.",
        ),
        f"Of these employees, {f.employees_outside_us:,} worked outside the United States.",
        "About a quarter of our U.S. production employees are covered by collective "
        "bargaining agreements, none of which expires in the next fiscal year. Our total "
        "recordable incident rate improved for the fourth year in a row, and we measure "
        "employee engagement every year with a survey that more than 80% of employees "
        "answer.",
    )
    doc.h3("Information about our executive officers")
    for executive in f.executives:
        doc.para(f"{executive.name}, {executive.age}, {executive.title}. {executive.biography}")
    doc.para(doc.plant("cfo", f.cfo_sentence))


def risk_factors(doc: Doc, f: Filing) -> None:
    doc.h2("Item 1A. Risk Factors")
    doc.text(
        f"""
        Investing in our common stock involves risks. The risks described below are those
        we consider material; additional risks not presently known to us, or that we
        currently consider immaterial, could also affect {f.short}'s business, financial
        condition and results of operations.
        """
    )
    doc.h3("Risks related to our business and industry")
    for heading, body in f.specific_risks:
        doc.para(heading, body)
    doc.h3("General risks")
    for heading, body in doc.rng.sample(GENERIC_RISKS, k=len(GENERIC_RISKS)):
        doc.para(heading, body.format(industry=f.industry))
    doc.h2("Item 1B. Unresolved Staff Comments")
    doc.para("None.")
    doc.h2("Item 1C. Cybersecurity")
    doc.text(CYBERSECURITY)


def properties(doc: Doc, f: Filing) -> None:
    doc.h2("Item 2. Properties")
    doc.para(
        f"Our corporate headquarters are in {f.address.split(',')[-2].strip()}. The table "
        "below lists our principal facilities at the end of fiscal 2024. We believe our "
        "facilities are in good condition and adequate for our present needs."
    )
    doc.table(
        "Principal facilities",
        ["Location", "Use", "Square feet", "Owned/leased", "Segment"],
        [
            [x.city, x.use, f"{x.square_feet:,}", "Owned" if x.owned else "Leased", x.segment]
            for x in f.facilities
        ],
    )
    doc.para(doc.plant("new_facility", f.new_facility))
    doc.h2("Item 3. Legal Proceedings")
    doc.text(f.legal)
    doc.h2("Item 4. Mine Safety Disclosures")
    doc.para("Not applicable.")


def market(doc: Doc, f: Filing) -> None:
    doc.h1("Part II")
    doc.h2(
        "Item 5. Market for Registrant's Common Equity, Related Stockholder Matters and "
        "Issuer Purchases of Equity Securities"
    )
    doc.para(
        f"Our common stock is listed on the {f.exchange} under the symbol {f.ticker}. As of "
        f"the latest practicable date there were {doc.rng.randint(1800, 4200):,} holders of "
        "record, a number that does not include stockholders whose shares are held in street "
        "name.",
        doc.plant("dividend", f.dividend),
    )
    doc.table(
        "Cash dividends declared per share",
        ["Quarter", "Fiscal 2024", "Fiscal 2023"],
        [list(row) for row in f.dividend_table],
    )
    doc.text(f.repurchases)
    doc.para(
        "The table below compares the cumulative total return on our common stock with the "
        "S&P 500 Index and an industry peer index over five years, assuming $100 invested "
        "at the end of fiscal 2019 and dividends reinvested."
    )
    returns = [[name, "100"] for name in (f.short, "S&P 500 Index", "Peer group index")]
    for row, drift in zip(returns, (0.09, 0.1, 0.07), strict=True):
        value = 100.0
        for _ in range(5):
            value *= 1 + drift + doc.rng.uniform(-0.17, 0.17)
            row.append(f"{value:.0f}")
    doc.table(
        "Cumulative total return (fiscal 2019 = 100)",
        ["", "2019", "2020", "2021", "2022", "2023", "2024"],
        returns,
    )


def results_table(doc: Doc, f: Filing, t: dict[str, tuple[float, ...]]) -> None:
    rows = [
        ["Net sales", *(cell(v) for v in reversed(t["sales"]))],
        ["Cost of products sold", *(cell(v) for v in reversed(t["cogs"]))],
        ["Gross profit", *(cell(v) for v in reversed(f.gross_profit))],
        ["Selling, general and administrative", *(cell(v) for v in reversed(f.sga))],
        ["Amortization of intangible assets", *(cell(v) for v in reversed(f.amortization))],
        ["Restructuring and impairment", *(cell(v) for v in reversed(f.restructuring))],
        ["Operating income", *(cell(v) for v in reversed(t["operating"]))],
        ["Interest expense", *(cell(v) for v in reversed(f.interest))],
        ["Other income, net", *(cell(v) for v in reversed(f.other_income))],
        ["Income before income taxes", *(cell(v) for v in reversed(t["pretax"]))],
        ["Provision for income taxes", *(cell(v) for v in reversed(f.tax))],
        ["Net income", *(cell(v) for v in reversed(t["net"]))],
        ["Diluted earnings per share ($)", *(f"{v:.2f}" for v in reversed(t["eps"]))],
        ["Diluted shares (millions)", *(f"{v:.1f}" for v in reversed(f.diluted_shares))],
    ]
    doc.table(
        "Consolidated statements of income (in millions, except per share amounts)",
        ["", "Fiscal 2024", "Fiscal 2023", "Fiscal 2022"],
        rows,
    )


def mdna(doc: Doc, f: Filing, t: dict[str, tuple[float, ...]]) -> None:
    sales, operating, net = t["sales"], t["operating"], t["net"]
    doc.h2(
        "Item 7. Management's Discussion and Analysis of Financial Condition and Results of "
        "Operations"
    )
    doc.h3("Overview")
    growth = (sales[2] / sales[1] - 1) * 100
    doc.para(
        f"Net sales for fiscal 2024 were {usd(sales[2])}, an increase of {growth:.1f}% from "
        f"{usd(sales[1])} in fiscal 2023. Operating income was {usd(operating[2])}, and net "
        f"income was {usd(net[2])}, or ${t['eps'][2]:.2f} per diluted share, compared with "
        f"{usd(net[1])}, or ${t['eps'][1]:.2f} per diluted share, in fiscal 2023.",
        "The discussion below compares fiscal 2024 with fiscal 2023; the comparison of "
        "fiscal 2023 with fiscal 2022 is in the Annual Report on Form 10-K for fiscal 2023.",
    )
    doc.h3("Key developments in fiscal 2024")
    doc.text(f.developments)
    doc.h3("Results of operations")
    results_table(doc, f, t)
    gross_margin = [f.gross_profit[i] / sales[i] * 100 for i in range(3)]
    doc.para(
        f"Gross margin was {gross_margin[2]:.1f}% of net sales in fiscal 2024, compared with "
        f"{gross_margin[1]:.1f}% in fiscal 2023, as pricing actions and productivity savings "
        "more than offset higher labor costs.",
        f"Selling, general and administrative expenses were {usd(f.sga[2])}, or "
        f"{f.sga[2] / sales[2] * 100:.1f}% of net sales, compared with {usd(f.sga[1])} in "
        "the prior year, reflecting higher incentive compensation and investment in digital "
        "tools.",
        f"Interest expense was {usd(f.interest[2])} compared with {usd(f.interest[1])}.",
        doc.plant("tax_rate", f.tax_rate_sentence),
    )
    doc.h3("Segment results")
    doc.para(
        "We evaluate segment performance on net sales and segment operating income, which "
        "excludes corporate expenses, restructuring and impairment charges and the "
        "amortization of acquired intangible assets held at corporate level. Net sales by "
        "segment were as follows."
    )
    doc.table(
        "Net sales by segment (in millions)",
        ["Segment", "Fiscal 2024", "Fiscal 2023", "Fiscal 2022"],
        [[s.name, *(cell(v) for v in reversed(s.net_sales))] for s in f.segments]
        + [["Total", *(cell(v) for v in reversed(sales))]],
    )
    for segment in f.segments:
        doc.h3(segment.name)
        seg_growth = (segment.net_sales[2] / segment.net_sales[1] - 1) * 100
        direction = "increased" if seg_growth >= 0 else "decreased"
        doc.para(
            f"Net sales {direction} {abs(seg_growth):.1f}% in fiscal 2024.",
            segment.highlights,
            doc.plant(
                f"operating_income.{segment.name}",
                f"{segment.name} segment operating income was "
                f"{usd(segment.operating_income[2])} in fiscal 2024, compared with "
                f"{usd(segment.operating_income[1])} in fiscal 2023.",
            ),
        )
    doc.para(
        f"Corporate expenses were {usd(f.corporate_expense[2])} in fiscal 2024 and "
        f"{usd(f.corporate_expense[1])} in fiscal 2023."
    )
    doc.h3("Non-GAAP financial measures")
    flows = cash_flows(f, t)
    ebitda = [
        round(
            net[i]
            + f.interest[i]
            - f.other_income[i]
            + f.tax[i]
            + flows["depreciation"][i]
            + f.amortization[i]
            + f.restructuring[i]
            + flows["stock_comp"][i],
            1,
        )
        for i in range(3)
    ]
    doc.para(
        "We use adjusted EBITDA, a measure not defined by U.S. generally accepted accounting "
        "principles, to evaluate our operating performance and in our incentive plans. It "
        "should be read together with net income, the most directly comparable GAAP measure, "
        "and it may not be comparable with similarly titled measures of other companies."
    )
    doc.table(
        "Reconciliation of net income to adjusted EBITDA (in millions)",
        ["", "Fiscal 2024", "Fiscal 2023", "Fiscal 2022"],
        [
            ["Net income", *(cell(v) for v in reversed(net))],
            ["Interest expense, net of other income",
             *(cell(f.interest[i] - f.other_income[i]) for i in (2, 1, 0))],
            ["Provision for income taxes", *(cell(v) for v in reversed(f.tax))],
            ["Depreciation and amortization",
             *(cell(flows["depreciation"][i] + f.amortization[i]) for i in (2, 1, 0))],
            ["Restructuring and impairment", *(cell(v) for v in reversed(f.restructuring))],
            ["Stock-based compensation", *(cell(v) for v in reversed(flows["stock_comp"]))],
            ["Adjusted EBITDA", *(cell(v) for v in reversed(ebitda))],
            ["Adjusted EBITDA margin",
             *(f"{ebitda[i] / sales[i] * 100:.1f}%" for i in (2, 1, 0))],
        ],
    )  # fmt: skip
    doc.h3("Liquidity and capital resources")
    doc.para(
        f"Cash provided by operating activities was {usd(flows['operating'][2])} in fiscal "
        f"2024, compared with {usd(flows['operating'][1])} in fiscal 2023. Capital "
        f"expenditures were {usd(flows['capex'][2])}, and we paid dividends of "
        f"{usd(flows['dividends'][2])} and repurchased shares as described in Item 5.",
        doc.plant("notes", f.notes_sentence),
        "We were in compliance with all covenants of our credit agreement at the end of the "
        "fiscal year, and we believe that cash from operations and our revolving credit "
        "facility will be sufficient to fund our needs for at least the next twelve months.",
    )
    doc.table(
        "Long-term debt (in millions)",
        ["", f"{us_date(f.year_end)}", f"{us_date(f.prior_year_end)}"],
        [list(row) for row in f.debt_rows],
    )
    obligations = contractual_obligations(f, t)
    doc.table(
        "Contractual obligations at the end of fiscal 2024 (in millions)",
        ["", "Total", "Within 1 year", "1-3 years", "3-5 years", "After 5 years"],
        obligations,
    )
    doc.h3("Critical accounting estimates")
    doc.para(
        "Our most significant estimates concern goodwill, the allowances for rebates and "
        "returns, and income taxes. The annual goodwill test compares the fair value of "
        "each reporting unit, estimated with discounted cash flows and market multiples, "
        "with its carrying amount.",
        doc.plant("impairment", f.impairment),
    )
    doc.h3("Outlook")
    doc.text(f.outlook)
    doc.h2("Item 7A. Quantitative and Qualitative Disclosures About Market Risk")
    floating = sum(
        float(row[1].replace(",", ""))
        for row in f.debt_rows
        if not row[0].startswith(("Unamortized", "Total")) and "notes" not in row[0]
    )
    foreign = sum(g[3] for g in f.geography[1:])
    doc.text(
        MARKET_RISK.format(
            floating=floating * 0.01, currency=foreign * 0.1, commodity=sales[2] * 0.004
        )
    )


def statements(doc: Doc, f: Filing, t: dict[str, tuple[float, ...]]) -> None:
    rng = doc.rng
    doc.h2("Item 8. Financial Statements and Supplementary Data")
    doc.h3("Report of Independent Registered Public Accounting Firm")
    doc.text(
        f"""
        To the stockholders and the Board of Directors of {f.name}: We have audited the
        accompanying consolidated balance sheets of the Company as of {us_date(f.year_end)}
        and {us_date(f.prior_year_end)}, the related consolidated statements of income,
        comprehensive income, stockholders' equity and cash flows for each of the three
        years in the period ended {us_date(f.year_end)}, and the related notes. In our
        opinion, the financial statements present fairly, in all material respects, the
        financial position of the Company and the results of its operations and its cash
        flows in conformity with U.S. generally accepted accounting principles. As
        discussed in Note 2, the fiscal 2023 financial information has been restated.
        """
    )
    doc.para(
        doc.plant(
            "auditor",
            f"/s/ {f.auditor}, {f.auditor_city}. We have served as the Company's auditor "
            f"since {f.auditor_since}.",
        )
    )
    sales = t["sales"]
    current_assets = sales[2] * rng.uniform(0.42, 0.5)
    total_assets = sales[2] * rng.uniform(1.15, 1.35)
    liabilities = total_assets * rng.uniform(0.52, 0.6)
    doc.table(
        "Condensed consolidated balance sheets (in millions)",
        ["", us_date(f.year_end), us_date(f.prior_year_end)],
        [
            ["Cash and cash equivalents", cell(sales[2] * 0.061), cell(sales[1] * 0.058)],
            ["Total current assets", cell(current_assets), cell(current_assets * 0.94)],
            ["Property, plant and equipment, net", cell(total_assets * 0.27),
             cell(total_assets * 0.26)],
            ["Goodwill", cell(total_assets * 0.24), cell(total_assets * 0.25)],
            ["Total assets", cell(total_assets), cell(total_assets * 0.96)],
            ["Total liabilities", cell(liabilities), cell(liabilities * 0.98)],
            ["Total stockholders' equity", cell(total_assets - liabilities),
             cell(total_assets * 0.96 - liabilities * 0.98)],
        ],
    )  # fmt: skip
    flows = cash_flows(f, t)
    doc.table(
        "Condensed consolidated statements of cash flows (in millions)",
        ["", "Fiscal 2024", "Fiscal 2023", "Fiscal 2022"],
        [
            ["Net income", *(cell(v) for v in reversed(flows["net"]))],
            ["Depreciation", *(cell(v) for v in reversed(flows["depreciation"]))],
            ["Amortization of intangible assets",
             *(cell(v) for v in reversed(flows["amortization"]))],
            ["Stock-based compensation", *(cell(v) for v in reversed(flows["stock_comp"]))],
            ["Changes in working capital",
             *(cell(v) for v in reversed(flows["working_capital"]))],
            ["Cash provided by operating activities",
             *(cell(v) for v in reversed(flows["operating"]))],
            ["Capital expenditures", *(cell(-v) for v in reversed(flows["capex"]))],
            ["Dividends paid", *(cell(-v) for v in reversed(flows["dividends"]))],
        ],
    )  # fmt: skip
    doc.h3("Notes to the consolidated financial statements")
    note_number = iter(range(1, 100))
    doc.h3(f"Note {next(note_number)}. Summary of significant accounting policies")
    for heading, body in ACCOUNTING_POLICIES:
        doc.para(f"{heading}. " + body.format(name=f.name))
    doc.h3(f"Note {next(note_number)}. Restatement of previously issued financial information")
    doc.para(f.restatement_context, doc.plant("restatement", f.restatement))
    doc.h3(f"Note {next(note_number)}. Net sales by geographic area")
    doc.table(
        "Net sales by destination (in millions)",
        ["", "Fiscal 2024", "Fiscal 2023", "Fiscal 2022"],
        [[g[0], cell(g[3]), cell(g[2]), cell(g[1])] for g in f.geography]
        + [["Total", *(cell(v) for v in reversed(sales))]],
    )
    doc.h3(f"Note {next(note_number)}. Disaggregation of net sales")
    doc.table(
        "Net sales by product category, fiscal 2024 (in millions)",
        ["Segment", "Product category", "Net sales"],
        [
            [seg_name, category, cell(segment(f, seg_name).net_sales[2] * share)]
            for seg_name, category, share in f.categories
        ],
    )
    doc.h3(f"Note {next(note_number)}. Segment information")
    doc.para(
        "The chief operating decision maker is the Chief Executive Officer, who allocates "
        "resources and assesses performance by segment. Segment operating income for each "
        "year is discussed in Item 7. Capital expenditures and depreciation by segment for "
        "fiscal 2024 were as follows."
    )
    doc.table(
        "Capital expenditures and depreciation, fiscal 2024 (in millions)",
        ["Segment", "Capital expenditures", "Depreciation"],
        [[s.name, cell(s.capex), cell(s.depreciation)] for s in f.segments],
    )
    doc.h3(f"Note {next(note_number)}. Subsidiaries and acquisitions")
    doc.para(f.subsidiary_context, doc.plant("subsidiary", f.subsidiary))
    doc.h3(f"Note {next(note_number)}. Income taxes")
    statutory = [round(t["pretax"][i] * 0.21, 1) for i in range(3)]
    state = [round(t["pretax"][i] * k, 1) for i, k in enumerate((0.031, 0.029, 0.024))]
    foreign = [round(t["pretax"][i] * k, 1) for i, k in enumerate((0.012, 0.013, 0.01))]
    credits = [round(-t["pretax"][i] * k, 1) for i, k in enumerate((0.014, 0.016, 0.022))]
    other = [
        round(f.tax[i] - statutory[i] - state[i] - foreign[i] - credits[i], 1) for i in range(3)
    ]
    doc.para(
        "The reconciliation of income taxes at the U.S. federal statutory rate of 21% to "
        "the provision for income taxes is as follows. We have elected to account for the "
        "tax on global intangible low-taxed income as a period cost."
    )
    doc.table(
        "Income tax reconciliation (in millions)",
        ["", "Fiscal 2024", "Fiscal 2023", "Fiscal 2022"],
        [
            ["Tax at the federal statutory rate", *(cell(v) for v in reversed(statutory))],
            ["State income taxes, net of federal benefit", *(cell(v) for v in reversed(state))],
            ["Foreign rate differential", *(cell(v) for v in reversed(foreign))],
            ["Research and other tax credits", *(cell(v) for v in reversed(credits))],
            ["Other, net", *(cell(v) for v in reversed(other))],
            ["Provision for income taxes", *(cell(v) for v in reversed(f.tax))],
        ],
    )
    doc.h3(f"Note {next(note_number)}. Goodwill")
    doc.table(
        "Goodwill by segment (in millions)",
        ["Segment", us_date(f.year_end), us_date(f.prior_year_end)],
        [[s.name, cell(s.net_sales[2] * 0.38), cell(s.net_sales[1] * 0.38)] for s in f.segments],
    )
    doc.h3(f"Note {next(note_number)}. Stock-based compensation")
    doc.para(
        f"Stock-based compensation expense was {usd(flows['stock_comp'][2])} in fiscal 2024 "
        f"and {usd(flows['stock_comp'][1])} in fiscal 2023. Awards under the Long-Term "
        "Incentive Plan consist of restricted stock units that vest over three years and "
        "performance share units that vest after three years based on return on invested "
        "capital and relative total shareholder return. At year end, "
        f"{rng.uniform(1.1, 2.4):.1f} million shares remained available for future awards."
    )
    doc.h3(f"Note {next(note_number)}. Retirement plans")
    doc.para(
        "Most U.S. employees participate in a defined contribution plan to which we match "
        f"employee contributions up to {rng.choice([4, 5, 6])}% of pay. We also sponsor "
        "defined benefit pension plans that were closed to new entrants more than a decade "
        "ago; at year end their projected benefit obligation was "
        f"{usd(sales[2] * rng.uniform(0.06, 0.09))} and the plans were "
        f"{rng.randint(91, 104)}% funded. We expect to contribute "
        f"{usd(rng.uniform(2.0, 6.0))} to the plans in the next fiscal year."
    )
    doc.h3(f"Note {next(note_number)}. Quarterly financial data")
    quarterly(doc, t)
    doc.h3(f"Note {next(note_number)}. Inventories")
    inventory = sales[2] * rng.uniform(0.11, 0.14)
    doc.table(
        "Inventories (in millions)",
        ["", us_date(f.year_end), us_date(f.prior_year_end)],
        [
            ["Raw materials and packaging", cell(inventory * 0.38), cell(inventory * 0.36)],
            ["Work in process", cell(inventory * 0.17), cell(inventory * 0.18)],
            ["Finished goods", cell(inventory * 0.45), cell(inventory * 0.5)],
            ["Total inventories", cell(inventory), cell(inventory * 1.04)],
        ],
    )
    doc.h3(f"Note {next(note_number)}. Debt")
    doc.para(
        "Our credit agreement provides a revolving credit facility of "
        f"{usd(rng.choice([600.0, 750.0, 800.0]))} and a term loan, both maturing in the "
        "years shown in the table in Item 7. Borrowings bear interest at the secured "
        "overnight financing rate plus a margin that depends on our leverage ratio, and the "
        "agreement requires a ratio of net debt to adjusted EBITDA of no more than 3.75 to "
        "1. The senior notes are unsecured and may be redeemed before maturity at a make-"
        "whole premium. The fair value of our senior notes, based on quoted market prices, "
        f"was {usd(rng.uniform(520.0, 720.0))} at year end."
    )
    doc.h3(f"Note {next(note_number)}. Commitments and contingencies")
    doc.para(
        "We lease warehouses, offices, vehicles and equipment under operating leases that "
        f"expire at various dates through 20{rng.randint(30, 38)}. Lease cost was "
        f"{usd(sales[2] * 0.013)} in fiscal 2024. We are party to lawsuits and claims "
        "arising in the ordinary course of business, including product liability and "
        "employment matters; we do not expect their outcome to have a material effect on "
        "our financial position."
    )
    doc.h2(
        "Item 9. Changes in and Disagreements with Accountants on Accounting and "
        "Financial Disclosure"
    )
    doc.para("None.")
    doc.h2("Item 9A. Controls and Procedures")
    doc.text(CONTROLS)
    doc.h2("Item 9B. Other Information")
    doc.para(
        "During the fourth quarter, none of our directors or officers adopted or terminated "
        "a Rule 10b5-1 trading arrangement or a non-Rule 10b5-1 trading arrangement."
    )
    doc.h1("Part III")
    doc.para(
        "The information required by Items 10 to 14 (directors, executive compensation, "
        "security ownership, relationships and accountant fees) is incorporated by "
        "reference to our definitive proxy statement."
    )
    doc.h1("Part IV")
    doc.h2("Item 15. Exhibits and Financial Statement Schedules")
    doc.lines(
        [
            e.format(
                name=f.name, short=f.short, y1=rng.randint(2012, 2019), y2=rng.randint(2020, 2023)
            )
            for e in EXHIBITS
        ],
        "",
    )
    doc.para("* Management contract or compensatory plan.")
    doc.h1("Signatures")
    doc.para(
        "Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant "
        "has duly caused this report to be signed on its behalf by the undersigned, "
        "thereunto duly authorized."
    )
    doc.lines([f"{e.name}, {e.title}" for e in f.executives[:2]], "")
    doc.para("Pursuant to the same Act, this report has been signed by the following directors.")
    doc.lines([f"{d}, Director" for d in f.directors], "")


def render_filing(f: Filing, seed: str) -> Doc:
    doc = Doc(random.Random(seed))
    t = totals(f)
    cover(doc, f)
    business(doc, f)
    risk_factors(doc, f)
    properties(doc, f)
    market(doc, f)
    mdna(doc, f, t)
    statements(doc, f, t)
    return doc


# ---- the two companies ----------------------------------------------------------------------

ARDENT = Filing(
    name="Ardent Water Technologies, Inc.",
    short="Ardent",
    state="Delaware",
    ein="38-2719406",
    address="4400 Riverside Parkway, Columbus, Ohio 43215",
    ticker="AWTR",
    exchange="New York Stock Exchange",
    year_end=date(2024, 9, 30),
    prior_year_end=date(2023, 9, 30),
    industry="water treatment equipment and services",
    overview="""
        {short} designs, manufactures and services equipment that treats, moves and
        measures water: filtration and disinfection systems for cities and towns, process
        water and wastewater systems for factories, power plants and mines, and water
        softeners, filters and heaters for homes and commercial buildings. Our products are
        installed at more than 9,000 municipal treatment plants and in several million
        homes in North America, and a growing share of our revenue comes from service
        contracts, replacement membranes and media, and remote monitoring.

        The company was founded in 1958 as the Ardent Pump Company in Columbus and became a
        public company in 1996. It has since broadened its business through product
        development and acquisitions, most recently the purchase of Ardent Filtration
        Canada Ltd. (formerly Great Lakes Membrane Corporation) in fiscal 2021. Our fiscal
        year ends on September 30; references to fiscal 2024 are to the year ended
        September 30, 2024.

        We report three business segments: Municipal Systems, Industrial Process Solutions
        and Residential and Commercial. Each segment has its own engineering, manufacturing
        and sales organizations and shares purchasing, information technology and finance
        services provided by the corporate center.
    """,
    strategy="""
        Our strategy, which we call Clear Course, has three parts. First, we aim to grow
        faster than our markets by leading in the technologies that new regulation
        requires: removal of per- and polyfluoroalkyl substances, ultraviolet disinfection,
        water reuse and the treatment of ultrapure water for semiconductor plants. Second,
        we want every system we sell to generate recurring revenue, through replacement
        membranes and media, service contracts and the Ardent Insight monitoring platform,
        which connects about 3,100 treatment systems. Third, we are simplifying our
        manufacturing footprint and standardizing our product platforms, so that a larger
        share of each project is built from common modules.

        We measure progress with targets that the Board set in fiscal 2022 for fiscal 2026:
        organic net sales growth of 5% to 7% a year, a segment operating margin of at least
        16% in Municipal Systems and Industrial Process Solutions, recurring revenue of at
        least 35% of net sales and free cash flow of at least 100% of net income. Capital is
        allocated first to organic growth, then to dividends that grow with earnings, then
        to acquisitions that add technology or service reach, and finally to share
        repurchases.
    """,
    segments=(
        Segment(
            name="Municipal Systems",
            head="Renata Vasquez-Hale",
            head_since=2019,
            description=(
                "Municipal Systems supplies membrane and media filtration, ultraviolet and "
                "ozone disinfection, and sludge dewatering systems to public water and "
                "wastewater utilities, usually through engineering firms and contractors "
                "that build or upgrade treatment plants. Projects can take two to four years "
                "from design to commissioning, and aftermarket sales of membranes, lamps "
                "and service follow for decades."
            ),
            highlights=(
                "Growth came from large ultraviolet disinfection projects funded by the "
                "federal infrastructure program and from replacement membranes for plants "
                "we equipped ten to fifteen years ago. The segment won the largest order in "
                "its history, the filtration system for a 120-million-gallon-per-day plant "
                "in Texas."
            ),
            net_sales=(612.4, 668.9, 731.2),
            operating_income=(78.3, 86.1, 97.4),
            capex=21.6,
            depreciation=17.9,
        ),
        Segment(
            name="Industrial Process Solutions",
            head="Curtis Bellamy",
            head_since=2021,
            description=(
                "Industrial Process Solutions designs and builds systems that treat process "
                "water, boiler feed water and wastewater for food and beverage plants, "
                "semiconductor fabs, power plants, refineries and mines, and it operates "
                "some of these systems for customers under multi-year service contracts. "
                "Ardent Filtration Canada Ltd. is part of this segment."
            ),
            highlights=(
                "Demand from semiconductor and battery plants under construction in the "
                "United States was strong, while orders from mining customers slowed in the "
                "second half of the year as metal prices fell. Service contract revenue grew "
                "by about 11%."
            ),
            net_sales=(498.7, 541.3, 552.8),
            operating_income=(61.5, 64.2, 70.6),
            capex=18.3,
            depreciation=15.2,
        ),
        Segment(
            name="Residential and Commercial",
            head="Anjali Desai",
            head_since=2022,
            description=(
                "Residential and Commercial sells water softeners, whole-house filters, "
                "drinking water systems and tankless water heaters through plumbing "
                "wholesalers, home improvement retailers and a network of independent "
                "dealers in the United States and Canada."
            ),
            highlights=(
                "Higher mortgage rates reduced existing home sales and remodeling "
                "activity, and retailers reduced their inventories. The "
                "segment closed a small assembly plant in Elkhart, Indiana, and moved the "
                "work to its plant in Monterrey, Mexico."
            ),
            net_sales=(287.5, 301.6, 294.3),
            operating_income=(29.8, 33.4, 28.1),
            capex=9.4,
            depreciation=8.8,
        ),
    ),
    corporate_expense=(38.2, 41.0, 44.5),
    gross_profit=(493.7, 541.2, 580.8),
    sga=(343.0, 379.0, 402.1),
    amortization=(19.3, 19.5, 19.4),
    restructuring=(0.0, 0.0, 7.7),
    interest=(22.6, 31.4, 28.9),
    other_income=(0.9, 1.8, 3.1),
    tax=(24.6, 25.2, 26.0),
    diluted_shares=(42.9, 42.3, 41.6),
    customers=(
        "Our customers include about 4,000 water and wastewater utilities, several hundred "
        "industrial companies and a network of 2,600 independent dealers."
    ),
    largest_customer=(
        "No single customer accounted for more than 6% of net sales in fiscal 2024; the "
        "largest, a national plumbing distributor, accounted for 5.3%."
    ),
    competitors=(
        "Our markets are competitive and fragmented.",
        "Our largest competitor in municipal markets, Corrigan Flow Systems, reported net "
        "sales of $3.9 billion and an operating margin of 17.2% in its most recent fiscal "
        "year, and it has more than 14,000 employees.",
        "In industrial markets we also compete with Bluewell Holdings, whose water segment "
        "reported net sales of $1.2 billion and a backlog of $964.0 million at the end of "
        "its fiscal year, and with many regional engineering firms.",
        "In residential markets we compete with national appliance brands and with private "
        "labels sold by home improvement retailers.",
    ),
    supply_chain="""
        The main materials we buy are stainless and carbon steel, resins and plastic
        components, electronic controls, pumps and motors, and the polymers used in our
        membranes. We buy most of them from several suppliers, and we have qualified a
        second source for most critical electronic components since the shortages of
        fiscal 2022. Lead times for large motors and variable-speed drives remained longer
        than before the pandemic throughout fiscal 2024.
    """,
    seasonality="""
        Net sales and operating income are usually lowest in our first fiscal quarter
        (October to December), when cold weather slows construction of treatment plants
        and remodeling activity, and highest in our fourth quarter.
    """,
    regulation="""
        Our municipal business depends on drinking water and wastewater standards set by
        the Environmental Protection Agency and the states, including the national limits
        for certain per- and polyfluoroalkyl substances adopted in 2024, which we expect to
        increase demand for treatment over the next five years. Many of our products must
        be certified to NSF/ANSI standards for materials in contact with drinking water.
    """,
    backlog=(744.9, 812.5),
    rnd=(33.8, 36.4),
    employees=(5640, 5870),
    employees_outside_us=1465,
    executives=(
        Executive(
            "Gregory Amundsen",
            58,
            "Chairman, President and Chief Executive Officer",
            "Mr. Amundsen became Chief Executive Officer in 2018 after leading the Municipal "
            "Systems segment for five years and previously held management positions at an "
            "engineering firm.",
        ),
        Executive(
            "Lorraine Whitfield",
            52,
            "Executive Vice President and Chief Financial Officer",
            "Ms. Whitfield previously served as Treasurer and Vice President of Investor "
            "Relations of the company.",
        ),
        Executive(
            "Renata Vasquez-Hale",
            49,
            "Senior Vice President; President, Municipal Systems",
            "Ms. Vasquez-Hale joined Ardent in 2009 as a project engineer.",
        ),
        Executive(
            "Curtis Bellamy",
            55,
            "Senior Vice President; President, Industrial Process Solutions",
            "Mr. Bellamy joined Ardent from a global chemicals company in 2021.",
        ),
        Executive(
            "Anjali Desai",
            46,
            "Senior Vice President; President, Residential and Commercial",
            "Ms. Desai previously led the retail channel of a home products company.",
        ),
        Executive(
            "Victor Oyelowo",
            61,
            "Senior Vice President, General Counsel and Secretary",
            "Mr. Oyelowo has been General Counsel since 2014.",
        ),
    ),
    cfo_sentence=(
        "Lorraine Whitfield became Chief Financial Officer on January 1, 2023, succeeding "
        "Marcus Dunleavy, who retired after eleven years in the role."
    ),
    specific_risks=(
        (
            "Our municipal business depends on public funding.",
            "Utilities pay for most treatment plant projects with bonds, user fees and "
            "federal and state grants and loans. A reduction in federal infrastructure "
            "funding, delays in releasing appropriated funds or resistance to higher water "
            "rates could delay projects and reduce our orders.",
        ),
        (
            "Large projects carry execution risk.",
            "A part of our Municipal Systems and Industrial Process Solutions net sales "
            "comes from fixed-price projects recognized over time. If we underestimate the "
            "cost of a project, or if a project is delayed by the customer or its "
            "contractor, our margins could fall and we could have to pay liquidated "
            "damages.",
        ),
        (
            "Changes in water quality regulation could reduce or shift demand.",
            "New drinking water limits are expected to increase demand for our products, "
            "but their timing is uncertain and they may be challenged in court or revised. "
            "A delay or relaxation of the limits could reduce the demand we expect.",
        ),
        (
            "We may not keep up with changes in treatment technology.",
            "Our competitors and new entrants are developing treatment technologies, such "
            "as electrochemical oxidation and new adsorbent media, that could replace some "
            "of our products. If we fail to develop or acquire competitive technologies in "
            "time, our market share and margins could decline.",
        ),
        (
            "Product failures could result in claims.",
            "Our systems protect public health. A failure of a disinfection or filtration "
            "system could expose us to warranty and product liability claims and damage our "
            "reputation with utilities and the engineers who specify our products.",
        ),
        (
            "Our residential business depends on housing activity.",
            "Sales of water softeners, filters and heaters depend on new home construction, "
            "existing home sales and remodeling, which are sensitive to mortgage rates and "
            "consumer confidence.",
        ),
    ),
    facilities=(
        Facility("Columbus, Ohio", "Headquarters and engineering", 182_000, True, "Corporate"),
        Facility("Dayton, Ohio", "Manufacturing", 410_000, True, "Municipal Systems"),
        Facility("Pueblo, Colorado", "Manufacturing", 265_000, True, "Municipal Systems"),
        Facility(
            "Hamilton, Ontario", "Manufacturing", 238_000, True, "Industrial Process Solutions"
        ),
        Facility(
            "Baton Rouge, Louisiana",
            "Fabrication and service",
            156_000,
            False,
            "Industrial Process Solutions",
        ),
        Facility(
            "Monterrey, Mexico", "Manufacturing", 301_000, False, "Residential and Commercial"
        ),
        Facility("Reno, Nevada", "Distribution", 214_000, False, "Residential and Commercial"),
    ),
    new_facility=(
        "In March 2024 we began production at a new membrane module plant in Pueblo, "
        "Colorado, which doubled our capacity for ultrafiltration modules."
    ),
    legal="""
        In fiscal 2023 a water utility in Georgia filed a lawsuit claiming that a
        disinfection system we supplied in 2017 did not meet its contractual performance
        guarantee. We believe the claim is without merit and are defending it vigorously;
        the trial is scheduled for fiscal 2025. We are also involved in other legal
        proceedings arising in the ordinary course of business, none of which we expect to
        be material.
    """,
    outlook="""
        For fiscal 2025 we expect organic net sales growth of 4% to 6%, led by Municipal
        Systems, and further margin improvement from pricing and the new membrane plant,
        partly offset by higher compensation costs. We expect capital expenditures of about
        $55 million and free cash flow of about 100% of net income. Our expectations assume
        no significant change in federal infrastructure funding and stable exchange rates.
    """,
    sustainability="""
        Our products help customers use less water and energy and keep pollutants out of
        rivers and lakes. In fiscal 2024 the systems we shipped were designed to treat about
        2.3 billion gallons of water a day. In our own operations we reduced Scope 1 and 2
        greenhouse gas emissions by 9% compared with fiscal 2023, mainly by buying
        renewable electricity for our Ohio plants, and we set a target to reduce them by
        half from the fiscal 2021 level by fiscal 2030. All of our manufacturing sites are
        certified to the ISO 14001 environmental management standard.
    """,
    categories=(
        ("Municipal Systems", "Filtration and membrane systems", 0.46),
        ("Municipal Systems", "Disinfection systems", 0.31),
        ("Municipal Systems", "Aftermarket and service", 0.23),
        ("Industrial Process Solutions", "Engineered systems", 0.57),
        ("Industrial Process Solutions", "Service and operating contracts", 0.43),
        ("Residential and Commercial", "Softeners and filters", 0.64),
        ("Residential and Commercial", "Water heaters", 0.36),
    ),
    distribution="""
        Municipal Systems sells through a direct sales force of about 140 people who work
        with consulting engineers during the design of a plant, supported by independent
        representatives in smaller markets. Industrial Process Solutions sells directly to
        plant owners and to engineering, procurement and construction firms. Residential
        and Commercial sells through plumbing wholesalers, home improvement retailers and
        independent dealers, who install and service the products. We operate regional
        service centers in eleven U.S. states and in Ontario and Alberta.
    """,
    directors=(
        "Gregory Amundsen",
        "Patricia Heflin",
        "Samuel Okoro",
        "Diane Marchetti",
        "Harold Yee",
        "Beatriz Colón",
        "Thomas Reinholt",
        "Ayesha Siddiqui",
        "Kevin Larabee",
    ),
    letter="""
        Dear fellow stockholders,

        Fiscal 2024 was the third year of our Clear Course strategy and the year in which
        its results became clear in our numbers. Net sales grew to almost $1.6 billion,
        operating income rose for the fourth year in a row, and we generated more cash than
        in any year in our history. We did this while investing in a new membrane plant,
        completing a difficult consolidation in our residential business and strengthening
        our balance sheet.

        The strongest contribution came from Municipal Systems, where utilities are
        upgrading plants with the help of federal funding and preparing for the new limits
        on per- and polyfluoroalkyl substances in drinking water. Our industrial business
        grew more slowly, as strong demand from semiconductor and battery plants was partly
        offset by weaker mining markets, but its service contracts continued to grow at a
        double-digit rate. Residential and Commercial had a difficult year in a weak housing
        market; the actions we took to lower its costs will benefit fiscal 2025.

        We also found and corrected an error in the timing of costs on certain industrial
        contracts in fiscal 2023, which is described in Note 2 to the financial statements.
        The error did not affect cash, and we have strengthened our controls over contract
        accounting. I want our stockholders to hear about it from me directly.

        Our competitors are larger than we are, and some of them are investing heavily in
        the same technologies. We believe that our focus on water, our installed base and
        the expertise of our 5,800-plus employees give us an advantage, and the record
        backlog we carry into fiscal 2025 suggests that our customers agree.

        Thank you for your continued support.
    """,
    dividend_2022=0.23,
    dividend=(
        "In fiscal 2024 the Board of Directors declared quarterly cash dividends of $0.27 "
        "per share, up from $0.25 per share in fiscal 2023."
    ),
    dividend_table=(
        ("First quarter", "0.27", "0.25"),
        ("Second quarter", "0.27", "0.25"),
        ("Third quarter", "0.27", "0.25"),
        ("Fourth quarter", "0.27", "0.25"),
    ),
    repurchases="""
        In fiscal 2024 we repurchased 1.1 million shares of common stock for $89.6 million
        under the program authorized by the Board in 2022, compared with 0.8 million shares
        for $61.0 million in fiscal 2023. At the end of the fiscal year, $248.0 million
        remained available under the authorization, which has no expiration date.
    """,
    developments="""
        The federal infrastructure program continued to lift orders from municipal
        customers, and our order intake exceeded net sales in every quarter of the year.
        We opened a new plant for ultrafiltration modules, completed the consolidation of
        our residential assembly operations in Mexico, and introduced a line of treatment
        systems designed to remove per- and polyfluoroalkyl substances. Restructuring and
        impairment charges of $7.7 million related mainly to the closure of the Elkhart
        plant.
    """,
    restatement_context=(
        "During the preparation of the fiscal 2024 financial statements, we found that "
        "costs on certain long-term contracts of the Industrial Process Solutions segment "
        "had been recognized in the wrong period in fiscal 2023. The error did not affect "
        "net sales or cash flows."
    ),
    restatement=(
        "As a result, fiscal 2023 operating income of the Industrial Process Solutions "
        "segment has been restated to $64.2 million from the $67.9 million previously "
        "reported."
    ),
    notes_sentence=(
        "Our long-term debt includes $300.0 million of 4.625% senior notes due 2029 and "
        "$250.0 million of 6.250% senior notes due 2033, issued in November 2023."
    ),
    debt_rows=(
        ("4.625% senior notes due 2029", "300.0", "300.0"),
        ("6.250% senior notes due 2033", "250.0", "—"),
        ("Term loan due 2026", "85.0", "160.0"),
        ("Revolving credit facility", "40.0", "175.0"),
        ("Unamortized issuance costs", "(6.1)", "(3.2)"),
        ("Total long-term debt", "668.9", "631.8"),
    ),
    impairment=(
        "The fiscal 2024 test found no impairment; the fair value of the Residential and "
        "Commercial reporting unit exceeded its carrying amount by 14%, the smallest margin "
        "of any reporting unit."
    ),
    tax_rate_sentence=(
        "Our effective income tax rate was 20.7% in fiscal 2024, compared with 22.3% in "
        "fiscal 2023, mainly because of research tax credits and a lower state tax rate."
    ),
    subsidiary_context=(
        "We acquired Great Lakes Membrane Corporation of Hamilton, Ontario, in fiscal 2021 "
        "and renamed it Ardent Filtration Canada Ltd.; it makes membranes and skid-mounted "
        "treatment systems for industrial customers and has 412 employees."
    ),
    subsidiary=(
        "Ardent Filtration Canada Ltd., which reports within the Industrial Process "
        "Solutions segment, had net sales of $143.7 million in fiscal 2024, compared with "
        "$131.2 million in fiscal 2023."
    ),
    geography=(
        ("United States", 1096.5, 1181.2, 1231.6),
        ("Canada", 148.2, 161.0, 172.9),
        ("Mexico and Latin America", 71.4, 80.3, 83.2),
        ("Rest of world", 82.5, 89.3, 90.6),
    ),
    auditor="Halloran Pike LLP",
    auditor_city="Cleveland, Ohio",
    auditor_since=2015,
)

LARKSPUR = Filing(
    name="Larkspur Foods Corporation",
    short="Larkspur",
    state="Iowa",
    ein="42-1186530",
    address="900 Grand Avenue, Des Moines, Iowa 50309",
    ticker="LKSP",
    exchange="Nasdaq Global Select Market",
    year_end=date(2024, 12, 31),
    prior_year_end=date(2023, 12, 31),
    industry="packaged foods",
    overview="""
        {short} makes and sells packaged foods in the United States, Canada and Mexico. Our
        brands include Larkspur snack crackers and pretzels, Kettle & Crumb bakery cookies,
        Prairie Table frozen meals, Sunday Supper refrigerated sides and Brightfield dairy
        desserts, and we supply restaurants, schools, hospitals and other institutions
        with prepared foods under our own and our customers' brands. Our products are sold
        in about 95% of U.S. grocery stores.

        Larkspur was founded in 1931 as a bakery in Des Moines and became a public company
        in 1972. It has grown through a series of acquisitions, of which the largest were
        the purchase of Prairie Table Foods in 2014 and of Brightfield Creamery, LLC in
        2020. Our fiscal year is the calendar year.

        We report three segments: Snacks and Bakery, Frozen and Refrigerated, and
        Foodservice. Our brands are supported by national advertising, and we have made
        large investments in automation at our plants over the last five years.
    """,
    strategy="""
        Our strategy is to build a portfolio of brands that lead their categories, to make
        them at the lowest cost in the industry and to reinvest the savings in marketing
        and innovation. We are focusing our investment on the categories where we have the
        strongest positions and the best growth prospects: pretzels and crackers, frozen
        single-serve meals and premium dairy desserts. In fiscal 2024 new products launched
        in the previous three years accounted for about 9% of retail net sales.

        Our productivity program aims to save 3% to 4% of cost of products sold each year
        through automation, waste reduction, procurement and network optimization, and it
        delivered savings slightly above that range in fiscal 2024. We are also investing in
        data and analytics, so that we can plan promotions with our retail customers and
        forecast demand more accurately, and in our e-commerce capabilities, where net
        sales grew by about 18%.

        We aim to increase the dividend every year and to keep our net leverage between 2.0
        and 2.5 times adjusted EBITDA, while remaining open to acquisitions of brands that
        fit our categories.
    """,
    segments=(
        Segment(
            name="Snacks and Bakery",
            head="Graham Osterberg",
            head_since=2020,
            description=(
                "Snacks and Bakery makes crackers, pretzels, cookies and snack bars at six "
                "plants in Iowa, Illinois, Pennsylvania and Ontario and sells them to grocery "
                "stores, mass merchants, club stores and convenience stores."
            ),
            highlights=(
                "Volume rose 2% as new flavors of Larkspur pretzels and the expansion of "
                "Kettle & Crumb into club stores offset weaker sales of snack bars. Price "
                "increases taken in fiscal 2023 added about 2 percentage points of growth."
            ),
            net_sales=(1104.6, 1187.3, 1242.9),
            operating_income=(141.2, 152.8, 166.5),
            capex=48.7,
            depreciation=39.4,
        ),
        Segment(
            name="Frozen and Refrigerated",
            head="Lucia Ferrante",
            head_since=2022,
            description=(
                "Frozen and Refrigerated makes Prairie Table frozen meals, Sunday Supper "
                "refrigerated sides and Brightfield dairy desserts and sells them to grocery "
                "stores and mass merchants. Brightfield Creamery, LLC is part of this "
                "segment."
            ),
            highlights=(
                "Growth came from the new Prairie Table protein bowls and from Brightfield "
                "desserts, which gained distribution in two national grocery chains. Margins "
                "recovered after fiscal 2023, when a recall of refrigerated sides and higher "
                "dairy costs reduced profits."
            ),
            net_sales=(836.9, 872.4, 905.1),
            operating_income=(84.7, 79.3, 91.6),
            capex=57.2,
            depreciation=31.8,
        ),
        Segment(
            name="Foodservice",
            head="Darnell Pruitt",
            head_since=2018,
            description=(
                "Foodservice sells prepared entrees, baked goods and snacks to distributors "
                "that supply restaurants, schools, hospitals and other institutions, and "
                "makes products under customers' brands for restaurant chains."
            ),
            highlights=(
                "Sales to schools and hospitals grew, while traffic at casual dining "
                "restaurants was weak. The segment lost a private-label contract with a "
                "sandwich chain at mid-year."
            ),
            net_sales=(412.3, 455.8, 470.6),
            operating_income=(38.9, 47.2, 45.8),
            capex=12.9,
            depreciation=11.6,
        ),
    ),
    corporate_expense=(52.4, 55.1, 61.3),
    gross_profit=(705.6, 759.7, 809.2),
    sga=(468.3, 509.9, 524.6),
    amortization=(24.9, 25.6, 26.3),
    restructuring=(0.0, 0.0, 15.7),
    interest=(39.2, 47.1, 44.8),
    other_income=(0.8, 1.5, 2.6),
    tax=(40.9, 42.5, 45.3),
    diluted_shares=(65.7, 64.9, 63.8),
    customers=(
        "We sell to grocery chains, mass merchants, club stores, convenience stores, "
        "e-commerce retailers and foodservice distributors."
    ),
    largest_customer=(
        "Our largest customer, Halvard Stores, Inc., accounted for 17.4% of net sales in "
        "fiscal 2024 and 16.8% in fiscal 2023, and our five largest customers together "
        "accounted for 41%."
    ),
    competitors=(
        "The packaged food industry is highly competitive.",
        "Our main competitors include large branded food companies such as Harvest Crown "
        "Brands, which reported net sales of $11.4 billion in its most recent fiscal year, "
        "and Oakmont Foods, whose frozen foods business had operating income of $312.0 "
        "million.",
        "We also compete with retailers' private labels, which Harvest Crown estimates "
        "account for 19.6% of U.S. snack sales, and with regional and start-up brands.",
    ),
    supply_chain="""
        Our main ingredients are wheat flour, vegetable oils, sugar, dairy products, beef,
        chicken, vegetables and cocoa, and our main packaging materials are corrugated
        boxes, films and trays. We buy them from many suppliers and hedge part of our
        expected purchases of wheat, soybean oil, natural gas and diesel fuel with futures
        contracts. Cocoa prices more than doubled in fiscal 2024, which raised the cost of
        our chocolate cookies and snack bars.
    """,
    seasonality="""
        Sales of frozen meals and refrigerated sides peak in the first and fourth
        quarters, and sales of snacks peak in the summer and before the winter holidays.
        Foodservice sales to schools are lowest in July and August.
    """,
    regulation="""
        Our operations are regulated by the Food and Drug Administration, the Department of
        Agriculture, the Federal Trade Commission and corresponding state and foreign
        agencies, which set rules for food safety, labeling, advertising and the
        wastewater our plants discharge. The Food Safety Modernization Act requires
        written food safety plans at each plant and traceability records for certain
        foods, with which we comply.
    """,
    backlog=(61.5, 58.9),
    rnd=(18.2, 19.7),
    employees=(9115, 9460),
    employees_outside_us=1210,
    executives=(
        Executive(
            "Elaine Sorensen",
            57,
            "Chair and Chief Executive Officer",
            "Ms. Sorensen has been Chief Executive Officer since 2019 and was previously "
            "President of the Frozen and Refrigerated segment.",
        ),
        Executive(
            "Rafael Quintero",
            50,
            "Executive Vice President and Chief Financial Officer",
            "Mr. Quintero joined Larkspur from a beverage company, where he was Chief "
            "Financial Officer of its North American business.",
        ),
        Executive(
            "Graham Osterberg",
            53,
            "Executive Vice President; President, Snacks and Bakery",
            "Mr. Osterberg previously led Larkspur's sales organization.",
        ),
        Executive(
            "Lucia Ferrante",
            48,
            "Executive Vice President; President, Frozen and Refrigerated",
            "Ms. Ferrante joined Larkspur with the acquisition of Brightfield Creamery, "
            "which she had led since 2015.",
        ),
        Executive(
            "Darnell Pruitt",
            59,
            "Senior Vice President; President, Foodservice",
            "Mr. Pruitt has worked at Larkspur for 27 years.",
        ),
        Executive(
            "Naomi Feldstein",
            45,
            "Senior Vice President, Chief Supply Chain Officer",
            "Ms. Feldstein joined Larkspur in 2021 from a global consumer goods company.",
        ),
    ),
    cfo_sentence=(
        "Rafael Quintero was appointed Chief Financial Officer in April 2022, succeeding "
        "Beverly Kwan, who became Chief Financial Officer of Harvest Crown Brands."
    ),
    specific_risks=(
        (
            "A product recall or food safety incident could harm our brands.",
            "If our products become contaminated or are mislabeled, we may have to recall "
            "them, and consumers could lose confidence in our brands. In fiscal 2023 we "
            "recalled certain Sunday Supper refrigerated sides because of a possible "
            "undeclared allergen, which reduced segment profit.",
        ),
        (
            "We depend on a small number of large customers.",
            "Our five largest customers account for a large share of our net sales. The "
            "loss of one of them, a reduction in the shelf space they give our products or "
            "a decision to favor their private labels could reduce our net sales and "
            "profits.",
        ),
        (
            "Consumer preferences are changing.",
            "Consumers increasingly look for fresh foods, plant-based foods, smaller "
            "portions and products with less sugar and salt, and the growing use of "
            "appetite-suppressing medications may reduce snack consumption. If we do not "
            "anticipate these changes, demand for our products could fall.",
        ),
        (
            "Our new plant may not reach its planned efficiency.",
            "We invested heavily in the new frozen meals plant. If production lines take "
            "longer than expected to reach their planned speeds and yields, or if demand for "
            "frozen meals is weaker than we expect, the plant's costs could reduce the "
            "margins of the Frozen and Refrigerated segment.",
        ),
        (
            "Labor shortages could disrupt production.",
            "Several of our plants are in areas with low unemployment, and we have at times "
            "been unable to staff all shifts. Higher wages and overtime increase our costs, "
            "and a strike at a unionized plant could interrupt supply to our customers.",
        ),
        (
            "Commodity prices are volatile.",
            "Prices of wheat, dairy, meat, cocoa and packaging can change sharply because "
            "of weather, disease, trade policy and energy prices, and our hedges cover only "
            "part of our needs.",
        ),
    ),
    facilities=(
        Facility("Des Moines, Iowa", "Headquarters and bakery", 520_000, True, "Snacks and Bakery"),
        Facility("Cedar Rapids, Iowa", "Snacks plant", 610_000, True, "Snacks and Bakery"),
        Facility("Lancaster, Pennsylvania", "Pretzel plant", 345_000, True, "Snacks and Bakery"),
        Facility(
            "Joplin, Missouri", "Frozen meals plant", 402_000, True, "Frozen and Refrigerated"
        ),
        Facility(
            "Mankato, Minnesota", "Frozen meals plant", 388_000, True, "Frozen and Refrigerated"
        ),
        Facility(
            "Eau Claire, Wisconsin",
            "Dairy desserts plant",
            214_000,
            True,
            "Frozen and Refrigerated",
        ),
        Facility("Fort Worth, Texas", "Prepared foods plant", 276_000, False, "Foodservice"),
        Facility("Guadalajara, Mexico", "Bakery", 198_000, False, "Snacks and Bakery"),
    ),
    new_facility=(
        "In May 2024 we began production at our new frozen meals plant in Joplin, Missouri, "
        "which added about 20% to our frozen meals capacity."
    ),
    legal="""
        Several putative class actions filed in fiscal 2023 claim that the labels of
        certain of our snack products misstated their whole-grain content. The cases have
        been consolidated in federal court in Iowa, and we have filed a motion to dismiss.
        We are also party to other claims arising in the ordinary course of business, none
        of which we expect to be material.
    """,
    outlook="""
        For fiscal 2025 we expect organic net sales growth of 1% to 3%, with volume growth
        in our retail segments and lower sales in Foodservice after the loss of a
        private-label contract. We expect cocoa and beef costs to remain high and plan
        further price increases for the affected products. Capital expenditures are expected
        to fall to about $95 million now that the new frozen meals plant is complete.
    """,
    sustainability="""
        We aim to make our products with less energy, water and packaging. In fiscal 2024
        we reduced the water used per pound of product by 6% compared with fiscal 2023, sent
        94% of our plant waste to recycling, composting or animal feed, and made 81% of our
        packaging recyclable or reusable. We buy wheat from farmers enrolled in a
        regenerative agriculture program in Iowa and Kansas that covered 212,000 acres in
        fiscal 2024, and we have committed to reduce Scope 1 and 2 emissions by 42% from the
        fiscal 2020 level by fiscal 2030.
    """,
    categories=(
        ("Snacks and Bakery", "Crackers", 0.34),
        ("Snacks and Bakery", "Pretzels", 0.29),
        ("Snacks and Bakery", "Cookies and snack bars", 0.37),
        ("Frozen and Refrigerated", "Frozen meals", 0.55),
        ("Frozen and Refrigerated", "Refrigerated sides", 0.24),
        ("Frozen and Refrigerated", "Dairy desserts", 0.21),
        ("Foodservice", "Prepared entrees", 0.62),
        ("Foodservice", "Baked goods and snacks", 0.38),
    ),
    distribution="""
        Our retail products are sold through our own sales organization and through
        brokers to grocery chains, mass merchants, club stores, drug stores, convenience
        stores and e-commerce retailers, and they are shipped from eleven distribution
        centers, most of them operated by third-party logistics providers. Foodservice
        products are sold through broadline and specialized distributors and directly to
        national restaurant chains. In Canada and Mexico we sell through local sales teams
        and distributors.
    """,
    directors=(
        "Elaine Sorensen",
        "Marcus Oyelaran-Price",
        "Judith Kessler",
        "Franklin Adebayo",
        "Susan Whitaker",
        "Alejandro Ruiz",
        "Penelope Grant",
        "Howard Lindgren",
        "Cheryl Baptiste",
        "Nikhil Rao",
    ),
    letter="""
        Dear fellow stockholders,

        In fiscal 2024 Larkspur returned to volume growth, opened the largest plant in its
        history and delivered higher earnings per share for the fifth consecutive year.
        Net sales exceeded $2.6 billion for the first time, and all of our retail
        categories gained or held market share in measured channels. Our people did this
        in a year of unusual volatility in ingredient costs, when the price of cocoa more
        than doubled and beef reached record highs.

        The new frozen meals plant began production in May and reached its planned output
        ahead of schedule. It gives Prairie Table the capacity to grow in single-serve meals
        and protein bowls, and it is the most automated plant we have ever built. Snacks and
        Bakery had another strong year, led by Larkspur pretzels, and Brightfield desserts
        won shelf space in two national grocery chains. Foodservice grew with schools and
        hospitals but lost a private-label contract, and we are working to replace it.

        We also had to correct our fiscal 2023 results after we found that certain trade
        promotion costs had been understated. The correction is explained in Note 2 to the
        financial statements. We have improved our processes for estimating these
        accruals, and the audit committee has overseen the work closely.

        Large competitors such as Harvest Crown Brands and Oakmont Foods continue to invest
        in our categories, and retailers' private labels keep growing. We compete by making
        products people love, at a cost that lets us invest in them, and by being the
        partner our retail customers can count on.

        Thank you for your investment in Larkspur.
    """,
    dividend_2022=0.335,
    dividend=(
        "Larkspur paid a quarterly dividend of $0.385 per share in fiscal 2024, compared "
        "with $0.36 per share in fiscal 2023, and has paid a dividend every year since "
        "1973."
    ),
    dividend_table=(
        ("First quarter", "0.385", "0.360"),
        ("Second quarter", "0.385", "0.360"),
        ("Third quarter", "0.385", "0.360"),
        ("Fourth quarter", "0.385", "0.360"),
    ),
    repurchases="""
        We repurchased 1.3 million shares for $104.2 million in fiscal 2024 and 0.9 million
        shares for $70.5 million in fiscal 2023. In February 2024 the Board authorized
        additional repurchases of up to $400.0 million, of which $318.6 million remained
        available at the end of the year.
    """,
    developments="""
        Volume growth returned in our retail segments after two years of price-driven
        growth, and we completed the largest capital project in our history, the new
        frozen meals plant. In the fourth quarter we decided to close the Kettle & Crumb
        bakery in Allentown, Pennsylvania, and move its production to Lancaster and
        Guadalajara, which resulted in restructuring and impairment charges of $15.7
        million. Cocoa costs reduced the margin of our chocolate products, and we raised
        their prices in the fourth quarter.
    """,
    restatement_context=(
        "In the fourth quarter of fiscal 2024 we identified errors in the accrual of trade "
        "promotion costs owed to retailers in fiscal 2023, which had been understated."
    ),
    restatement=(
        "We have restated our fiscal 2023 financial statements, reducing fiscal 2023 net "
        "income to $136.1 million from the $141.8 million originally reported."
    ),
    notes_sentence=(
        "Our long-term debt consists mainly of $350.0 million of 3.875% senior notes due "
        "2027 and $400.0 million of 5.125% senior notes due 2031."
    ),
    debt_rows=(
        ("3.875% senior notes due 2027", "350.0", "350.0"),
        ("5.125% senior notes due 2031", "400.0", "400.0"),
        ("Term loan due 2028", "180.0", "225.0"),
        ("Commercial paper", "65.0", "110.0"),
        ("Unamortized issuance costs", "(5.4)", "(6.3)"),
        ("Total long-term debt", "989.6", "1,078.7"),
    ),
    impairment=(
        "The restructuring and impairment charges of fiscal 2024 include a goodwill "
        "impairment of $11.2 million for the Kettle & Crumb reporting unit, whose fair value "
        "fell below its carrying amount after the decision to close the Allentown bakery."
    ),
    tax_rate_sentence=(
        "The effective tax rate was 22.6% in fiscal 2024, compared with 23.8% in fiscal "
        "2023, reflecting a lower share of income in higher-tax countries."
    ),
    subsidiary_context=(
        "We acquired Brightfield Creamery, LLC, a maker of dairy desserts based in Eau "
        "Claire, Wisconsin, in 2020; it operates as a separate legal entity with its own "
        "dairy supply contracts."
    ),
    subsidiary=(
        "Brightfield Creamery, which reports within the Frozen and Refrigerated segment, "
        "had net sales of $188.4 million in fiscal 2024 and 680 employees at year end."
    ),
    geography=(
        ("United States", 2131.7, 2268.5, 2355.4),
        ("Canada", 148.3, 163.1, 172.3),
        ("Mexico", 73.8, 83.9, 90.9),
    ),
    auditor="Whitcombe & Rasmussen LLP",
    auditor_city="Chicago, Illinois",
    auditor_since=2009,
)


# ---- questions --------------------------------------------------------------------------------


def money_question(question: str, amount: float, key: str, wrong: list[float]) -> Question:
    return Question(
        question,
        usd(amount),
        (key,),
        accept=(f"{amount:,.1f} million", f"{amount:,.1f}"),
        distractors=tuple(usd(w) for w in wrong),
        unique=(f"{amount:,.1f}",),
    )


def segment(f: Filing, name: str) -> Segment:
    return next(s for s in f.segments if s.name == name)


def ardent_questions(f: Filing) -> list[Question]:
    municipal = segment(f, "Municipal Systems")
    industrial = segment(f, "Industrial Process Solutions")
    residential = segment(f, "Residential and Commercial")
    difference = round(municipal.operating_income[2] - residential.operating_income[2], 1)
    return [
        money_question(
            "What was the segment operating income of Ardent's Municipal Systems segment in "
            "fiscal 2024?",
            municipal.operating_income[2],
            "operating_income.Municipal Systems",
            [municipal.operating_income[1], industrial.operating_income[2], 731.2],
        ),
        money_question(
            "Before the restatement, what fiscal 2023 operating income had Ardent reported "
            "for its Industrial Process Solutions segment?",
            67.9,
            "restatement",
            [industrial.operating_income[1], industrial.operating_income[2]],
        ),
        Question(
            "How many employees did Ardent Water Technologies have at the end of fiscal 2024?",
            "5,870",
            ("employees",),
            accept=("5870", "5,870 employees"),
            distractors=("5,640", "1,465", "412"),
            unique=("5,870",),
        ),
        money_question(
            "What was Ardent's backlog of firm orders at September 30, 2024?",
            812.5,
            "backlog",
            [744.9, 964.0],
        ),
        money_question(
            "What were the fiscal 2024 net sales of Ardent's subsidiary Ardent Filtration "
            "Canada Ltd.?",
            143.7,
            "subsidiary",
            [131.2, 552.8],
        ),
        Question(
            "Who was Ardent Water Technologies' Chief Financial Officer before Lorraine Whitfield?",
            "Marcus Dunleavy",
            ("cfo",),
            accept=("Mr. Dunleavy", "Dunleavy"),
            distractors=("Lorraine Whitfield", "Gregory Amundsen"),
        ),
        Question(
            "What was Ardent's effective income tax rate in fiscal 2024?",
            "20.7%",
            ("tax_rate",),
            accept=("20.7 percent", "20.7 per cent"),
            distractors=("22.3%", "17.2%"),
            unique=("20.7%",),
        ),
        Question(
            "By how much did the fiscal 2024 segment operating income of Ardent's Municipal "
            "Systems segment exceed that of its Residential and Commercial segment?",
            usd(difference),
            ("operating_income.Municipal Systems", "operating_income.Residential and Commercial"),
            accept=(f"{difference:.1f} million", f"{difference:.1f}"),
            distractors=(usd(round(731.2 - 294.3, 1)), usd(97.4), usd(28.1)),
        ),
        Question(
            "Who is the President of the Ardent segment in which Ardent Filtration Canada "
            "Ltd. reports?",
            industrial.head,
            ("subsidiary", "head.Industrial Process Solutions"),
            accept=("Mr. Bellamy", "Bellamy"),
            distractors=(municipal.head, residential.head),
        ),
    ]


def larkspur_questions(f: Filing) -> list[Question]:
    snacks = segment(f, "Snacks and Bakery")
    frozen = segment(f, "Frozen and Refrigerated")
    foodservice = segment(f, "Foodservice")
    difference = round(snacks.operating_income[2] - frozen.operating_income[2], 1)
    employees, brightfield = f.employees[1], 680
    return [
        money_question(
            "What was the segment operating income of Larkspur's Frozen and Refrigerated "
            "segment in fiscal 2024?",
            frozen.operating_income[2],
            "operating_income.Frozen and Refrigerated",
            [frozen.operating_income[1], foodservice.operating_income[2], 312.0],
        ),
        money_question(
            "What was the segment operating income of Larkspur's Snacks and Bakery segment in "
            "fiscal 2024?",
            snacks.operating_income[2],
            "operating_income.Snacks and Bakery",
            [snacks.operating_income[1], frozen.operating_income[2]],
        ),
        Question(
            "How many employees did Larkspur Foods have at December 31, 2024?",
            "9,460",
            ("employees",),
            accept=("9460", "9,460 employees"),
            distractors=("9,115", "1,210", "680"),
            unique=("9,460",),
        ),
        Question(
            "What percentage of Larkspur's fiscal 2024 net sales came from its largest "
            "customer, Halvard Stores?",
            "17.4%",
            ("largest_customer",),
            accept=("17.4 percent", "17.4 per cent"),
            distractors=("16.8%", "41%", "19.6%"),
            unique=("17.4%",),
        ),
        money_question(
            "What were the fiscal 2024 net sales of Larkspur's subsidiary Brightfield Creamery?",
            188.4,
            "subsidiary",
            [905.1],
        ),
        money_question(
            "What net income had Larkspur originally reported for fiscal 2023, before the "
            "restatement?",
            141.8,
            "restatement",
            [136.1, 155.1],
        ),
        money_question(
            "How large was the goodwill impairment Larkspur recorded for the Kettle & Crumb "
            "reporting unit in fiscal 2024?",
            11.2,
            "impairment",
            [15.7],
        ),
        Question(
            "What is the interest rate of Larkspur's senior notes due 2031?",
            "5.125%",
            ("notes",),
            accept=("5.125 percent", "5.125 per cent"),
            distractors=("3.875%",),
        ),
        Question(
            "In which city did Larkspur begin production at a new frozen meals plant in "
            "fiscal 2024?",
            "Joplin, Missouri",
            ("new_facility",),
            accept=("Joplin",),
            distractors=("Mankato, Minnesota", "Allentown, Pennsylvania"),
        ),
        money_question(
            "What was Larkspur's research and development expense in fiscal 2024?",
            f.rnd[1],
            "rnd",
            [f.rnd[0]],
        ),
        Question(
            "By how much did the fiscal 2024 segment operating income of Larkspur's Snacks "
            "and Bakery segment exceed that of its Frozen and Refrigerated segment?",
            usd(difference),
            ("operating_income.Snacks and Bakery", "operating_income.Frozen and Refrigerated"),
            accept=(f"{difference:.1f} million", f"{difference:.1f}"),
            distractors=(usd(round(1242.9 - 905.1, 1)), usd(166.5), usd(91.6)),
        ),
        Question(
            "How many of Larkspur's employees at the end of fiscal 2024 did not work for "
            "Brightfield Creamery?",
            f"{employees - brightfield:,}",
            ("employees", "subsidiary"),
            accept=(str(employees - brightfield), f"{employees - brightfield:,} employees"),
            distractors=(f"{employees:,}", f"{f.employees[0] - brightfield:,}"),
        ),
        Question(
            "Who is the President of the Larkspur segment in which Brightfield Creamery reports?",
            frozen.head,
            ("subsidiary", "head.Frozen and Refrigerated"),
            accept=("Ms. Ferrante", "Ferrante"),
            distractors=(snacks.head, foodservice.head),
        ),
    ]


def build_filing(name: str, id_prefix: str, f: Filing, questions: list[Question]) -> Built:
    doc = render_filing(f, seed=f"longdoc-{name}")
    return Built(
        name=name,
        doc_kind="financial",
        id_prefix=id_prefix,
        text=doc.render(),
        evidence=doc.evidence,
        questions=questions,
    )


def financial_documents() -> list[Built]:
    return [
        build_filing("financial_a", "fin-a", ARDENT, ardent_questions(ARDENT)),
        build_filing("financial_b", "fin-b", LARKSPUR, larkspur_questions(LARKSPUR)),
    ]
