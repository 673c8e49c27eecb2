import pytest

from casefile_cli.dates import (
    EdtfError,
    bounds,
    format_bound,
    format_edtf,
    parse_edtf,
    parse_user_date,
)
from casefile_cli.errors import UsageError


@pytest.mark.parametrize(
    "text, lower, upper",
    [
        ("1934-12-01", "1934-12-01", "1934-12-01"),
        ("1925-11", "1925-11-01", "1925-11-30"),
        ("1940", "1940-01-01", "1940-12-31"),
        ("1940-04/1940-05", "1940-04-01", "1940-05-31"),
        ("1918-08-31~", "1918-08-31", "1918-08-31"),
        ("1929?", "1929-01-01", "1929-12-31"),
        ("1936-02", "1936-02-01", "1936-02-29"),
        ("1938-11-25/..", "1938-11-25", None),
        ("/1937-06-12", None, "1937-06-12"),
        ("../1937-06-12", None, "1937-06-12"),
        ("[..1918-09-01]", None, "1918-09-01"),
        ("[1936-09-26..]/1937-06-12", "1936-09-26", "1937-06-12"),
        ("[1937-04..1938-02-17]", "1937-04-01", "1938-02-17"),
        ("1929-10~/[..1934-07-10]", "1929-10-01", "1934-07-10"),
    ],
)
def test_bounds(text, lower, upper):
    assert bounds(text) == (lower, upper)


@pytest.mark.parametrize(
    "text",
    [
        "1934-13",
        "1934-02-30",
        "15/15 July",
        "1934-12-1",
        "",
        "1940/1939",
        "../..",
        "1934-12-01/1935/1936",
        "[..]",
        "[1938..1937]",
        "[1937,1938]",
        "[1937]",
    ],
)
def test_invalid_edtf_is_rejected(text):
    with pytest.raises(EdtfError):
        parse_edtf(text)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("1934-12-01", "1 Dec 1934"),
        ("1925-11", "Nov 1925"),
        ("1927~", "c. 1927"),
        ("1929?", "1929 (uncertain)"),
        ("[..1918-09-01]", "by 1 Sep 1918"),
        ("[1937-04..1938-02-17]", "between Apr 1937 and 17 Feb 1938"),
        ("[1921..]", "not before 1921"),
        ("../1934-05-10", "start unknown – 10 May 1934"),
        ("1938-11~/..", "c. Nov 1938 – end unknown"),
        ("1940-04/1940-05", "Apr–May 1940"),
        ("1918/1922", "1918 – 1922"),
    ],
)
def test_format(text, shown):
    assert format_edtf(text) == shown


@pytest.mark.parametrize(
    "typed, edtf",
    [
        ("1937", "1937"),
        ("1937-09", "1937-09"),
        ("1937-09-04", "1937-09-04"),
        ("4 September 1937", "1937-09-04"),
        ("September 1937", "1937-09"),
        ("4 Sep 1937", "1937-09-04"),
    ],
)
def test_user_dates(typed, edtf):
    assert parse_user_date(typed).text == edtf


@pytest.mark.parametrize("typed", ["yesterday", "1937-13", "31 February 1937", "37"])
def test_bad_user_date_names_accepted_forms(typed):
    with pytest.raises(UsageError, match="1937-09-04"):
        parse_user_date(typed)


@pytest.mark.parametrize(
    "text, start_seen, end_seen",
    [
        ("1918-09~", "1918-09-01", "1918-09-30"),
        ("[..1918-09-01]", "1918-09-01", "1918-09-01"),  # a start "by" a day is seen then
        ("[1937-04..1938-02-17]", "1938-02-17", "1937-04-30"),
        ("1927-11~/1930", "1927-11-01", "1927-11-30"),  # a range's first end is evidence
        ("1929-10~/1934-07-10", "1929-10-01", "1929-10-31"),
        ("[1921..]", "1921-01-01", "1921-12-31"),
    ],
)
def test_days_attested(text, start_seen, end_seen):
    value = parse_edtf(text)
    assert (value.start_seen, value.end_seen) == (start_seen, end_seen)


@pytest.mark.parametrize(
    "text, seen",
    [
        ("../1934-05-10", (None, "1934-05-10")),
        ("[1936-09-26..]/1937-06-12", ("1936-09-26", "1937-06-12")),
        ("[1938-11-25..]/[1940..]", ("1938-11-25", "1940-12-31")),
        ("1934-12/[..1938-11-25]", ("1934-12-01", "1938-11-25")),
        ("[..1919]", ("1919-12-31", "1919-12-31")),  # by 1919: placed at the bound
        ("[1939-09-01..]", ("1939-09-01", "1939-09-01")),
        ("[1938-11-25..1938-12~]", ("1938-11-25", "1938-12-31")),
    ],
)
def test_spans_are_attested_from_their_evidence(text, seen):
    assert parse_edtf(text).span_seen == seen


@pytest.mark.parametrize(
    "text, shown",
    [
        ("1934-12~/1935~", "between c. Dec 1934 and c. 1935"),
        ("[..1921]", "by 1921"),
        ("1936-09-26", "26 Sep 1936"),
    ],
)
def test_a_bound_within_a_range_reads_between(text, shown):
    assert format_bound(text) == shown


def test_no_open_bound_is_year_0_or_9999():
    for text in ("../1937-06-12", "1938-11-25/..", "[..1919]", "[1940..]"):
        lower, upper = bounds(text)
        assert "0000" not in str(lower) and "9999" not in str(upper)
