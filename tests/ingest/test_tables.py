"""Table blocks: headers into columns, wrapped and merged labels, note columns, siblings."""

from __future__ import annotations

from ledger.ingest.extractor.facts.concepts import known_labels
from ledger.ingest.extractor.reading.tables import Table, find_tables, split_labels


def tables(text: str) -> list[Table]:
    return find_tables(text.strip("\n").split("\n"), known_labels())


def years(table: Table) -> list[int | None]:
    return [c.year for c in table.columns if c.role == "value"]


def row(table: Table, label: str) -> list[str]:
    found = next(r for r in table.rows if r.label == label)
    return [c.number.raw for c in found.cells]


def test_find_tables__columns_follow_the_header_order__comparative_first() -> None:
    (table,) = tables("""
\t\tYear ended 31 December
\tNote\t2023\t2024
\t\tRMB'000\tRMB'000
Revenue\t4\t3,521,591\t2,248,103
""")
    assert years(table) == [2023, 2024]
    assert row(table, "Revenue") == ["3,521,591", "2,248,103"]


def test_find_tables__year_split_over_two_header_cells() -> None:
    (table,) = tables("""
\t\tYear ended D 2023\tecember 31, 2024
\t\tRMB'000\tRMB'000
Gross profit\t\t1,326,017\t804,497
""")
    assert years(table) == [2023, 2024]
    assert table.columns[0].kind == "duration"


def test_find_tables__figures_trailing_a_label_separated_by_spaces() -> None:
    (table,) = tables("""
In RMB'000, except percentages 2024 2023
Gross profit 804,497 1,326,017
Gross margin 35.8% 37.7%
""")
    assert table.layout == "space"
    assert years(table) == [2024, 2023]
    assert row(table, "Gross margin") == ["35.8%", "37.7%"]


def test_find_tables__note_column_is_not_a_value_column() -> None:
    (table,) = tables("""
\tNote\t2024\t2023
Trade receivables\t12\t496,429\t710,669
""")
    assert [c.position for c in table.columns] == [2, 3]


def test_find_tables__label_wrapped_over_two_lines_is_joined() -> None:
    (table,) = tables("""
\t2024\t2023
Financial assets measured at fair value through other\t\t
comprehensive income\t-\t1,372,685
""")
    assert table.rows[0].label.endswith("through other comprehensive income")
    assert table.rows[0].line == 3


def test_find_tables__cell_with_two_labels_and_two_figures_is_zipped() -> None:
    (table,) = tables("""
\t2023\t2024
Owners of the Company Non-controlling interests\t(362,715) (8,761)\t(459,677)
""")
    assert [r.label for r in table.rows] == ["Owners of the Company", "Non-controlling interests"]
    assert row(table, "Non-controlling interests") == ["(8,761)"]


def test_find_tables__year_less_header_takes_the_years_of_a_sibling_table() -> None:
    found = tables("""
\tRMB'000\tRMB'000
Revenue\t2,248,103\t3,521,591

\t2024 RMB'000\t2023 RMB'000
Total assets\t3,967,252\t8,068,358
""")
    assert years(found[0]) == [2024, 2023]
    assert found[0].columns[0].resolved_by == "sibling"


def test_find_tables__year_less_header_without_sibling_stays_unresolved() -> None:
    (table,) = tables("""
\tRMB'000\tRMB'000
Revenue\t2,248,103\t3,521,591
""")
    assert years(table) == [None, None]


def test_find_tables__year_on_year_column_is_a_change_not_a_value() -> None:
    (table,) = tables("""
\tThree Months Ended December 31\t\tYoY\tYear Ended December 31\t\tYoY
\t2023\t2022\t\t2023\t2022
Revenue\t924,565\t1,242,434\t-25.6 %\t3,667,508\t4,464,002\t-17.8 %
""")
    roles = [c.role for c in table.columns]
    assert roles == ["value", "value", "change", "value", "value", "change"]
    assert table.columns[0].quarter == 4


def test_find_tables__misread_repeat_of_a_row_keeps_the_row_label() -> None:
    (table,) = tables("""
\t2024\t2023
Profit/(Loss) from discontinued operation\t209.499\t(151,373)
Tronvicossy from discontinued operation\t205,455\t(131,3/3)
""")
    assert {r.label for r in table.rows} == {"Profit/(Loss) from discontinued operation"}
    assert table.rows[1].continued


def test_split_labels__capitalised_words_and_known_labels_start_a_label() -> None:
    text = "Current liabilities Trade and other payables Customer deposits"
    assert split_labels(text, 2, known_labels()) == [
        "Current liabilities",
        "Trade and other payables",
        "Customer deposits",
    ]
