"""Where a user gets each real data set: its official address, its terms, the exact
file to download and the command that imports it (``ctgraph data``; docs/data.md).

Every importer reads the file as its publisher gives it (GLOTIP's .xlsx with its
banner rows as well as a CSV export of it); a file that is not what it claims to be
gets one ``Error:`` line naming the file, the row and what is wrong.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["DataSet", "CATALOGUE", "find"]


@dataclass(frozen=True)
class DataSet:
    """One data set a user downloads and imports."""

    name: str
    title: str
    publisher: str
    address: str
    download: str
    terms: str
    command: str
    note: str = ""
    #: A direct address of the file (``ctgraph data fetch``); empty when the publisher gives
    #: none that stays put (a portal link per release, a status page): ``--url`` names it then.
    url: str = ""
    #: The file name a download is saved under when the address does not end in one.
    file: str = ""
    #: What a download must be: ``glotip`` / ``ctdc`` (read by the importer's own header check)
    #: or ``tip-tiers`` (its CSV header).
    check: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


CATALOGUE: tuple[DataSet, ...] = (
    DataSet(
        name="glotip",
        title="UNODC Global Report on Trafficking in Persons (GLOTIP) data",
        publisher="United Nations Office on Drugs and Crime (UNODC)",
        address="https://dataunodc.un.org/",
        download=(
            "On the UNODC data portal, Trafficking in persons: download the GLOTIP data set as Excel "
            "(data_glotip.xlsx; release of 14/04/2025, years 2003-2022). Import the .xlsx as it is (its two "
            "banner rows are skipped) or a CSV export of it."
        ),
        terms="Cite UNODC as the source. Counts below 5 are published as '<5' (suppressed): never read them as 0.",
        command="ctgraph import glotip data_glotip.xlsx",
        file="data_glotip.xlsx",
        check="glotip",
    ),
    DataSet(
        name="ctdc",
        title="Counter Trafficking Data Collaborative (CTDC) Global Dataset, record level",
        publisher="International Organization for Migration (IOM)",
        # the page offering the download ("The Global Dataset available to download from the website has been
        # k-anonymized(k=11)", ctdatacollaborative.org/global-dataset); no fixed file address is stated: --url
        address="https://www.ctdatacollaborative.org/global-dataset",
        download=(
            "On the Global Dataset page, the k-anonymised (k=11) Global Dataset as CSV, one row per victim record, "
            "with CTDC's own columns yearOfRegistration, gender, ageBroad, citizenship, isForcedLabour, "
            "isSexualExploit and CountryOfExploitation (ISO alpha-2 codes; -99 = missing). Import the file as it "
            "is (its first column, which states the terms of use, is not read). The Global Synthetic Dataset "
            "(differentially private, on its own page) is another file."
        ),
        terms=(
            "CTDC Terms of Use (https://www.ctdatacollaborative.org/terms-use, named in the file's first column): "
            "attribution required; re-identification prohibited. The data is k-anonymised and not a "
            "representative sample of all victims."
        ),
        command="ctgraph import ctdc ctdc_global.csv",
        file="ctdc_global.csv",
        check="ctdc",
    ),
    DataSet(
        name="untc",
        title="UN Treaty Collection status tables: UNTOC and its Trafficking and Smuggling Protocols",
        publisher="United Nations, Office of Legal Affairs (Treaty Section)",
        address="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-a&chapter=18",
        download=(
            "The status page's Participants table (columns Participant, Signature, Ratification, Acceptance(A), "
            "Approval(AA), Accession(a), Succession(d)) saved as CSV, one file per treaty: XVIII-12-a (Trafficking "
            "in Persons Protocol; the address above), XVIII-12 (UNTOC: mtdsg_no=XVIII-12), XVIII-12-b (Smuggling "
            "of Migrants Protocol: mtdsg_no=XVIII-12-b)."
        ),
        terms="Cite the UN Treaty Collection status page and the date you saved it.",
        command="ctgraph import untc untc_XVIII-12-a.csv --treaty XVIII-12-a",
    ),
    DataSet(
        name="tip-tiers",
        title="US Trafficking in Persons report tiers per country and year, 1999-2015",
        publisher="US Department of State (tiers); compiled by Andrew Heiss and Judith G. Kelley",
        address="https://github.com/andrewheiss/From-the-Trenches-Anti-TIP-NGOs-and-US",
        download=(
            "data/tip_tiers_orig.csv in that repository (header countryname, iso, year, ccode, tier), the data of "
            "Heiss & Kelley, 'From the Trenches', Journal of Human Trafficking 3 (2017), "
            "doi:10.1080/23322705.2016.1199241."
        ),
        terms=(
            "The tiers are US government work (State Department TIP reports); cite the reports and Heiss & Kelley "
            "(2017). Context only: a tier is not a cooperation instrument."
        ),
        command="ctgraph import tip-tiers tip_tiers_orig.csv",
        url=(
            "https://raw.githubusercontent.com/andrewheiss/From-the-Trenches-Anti-TIP-NGOs-and-US/master/"
            "data/tip_tiers_orig.csv"
        ),
        file="tip_tiers_orig.csv",
        check="tip-tiers",
    ),
)


def find(name: str) -> DataSet | None:
    """The data set called ``name`` (case-insensitive), or None.

    Examples
    --------
    >>> find("GLOTIP").address, find("nothing")
    ('https://dataunodc.un.org/', None)
    """
    return next((d for d in CATALOGUE if d.name == name.casefold()), None)
