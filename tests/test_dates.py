import pytest

from casefile_cli.dates import EdtfError, bounds, format_edtf, parse_edtf, parse_user_date
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
        ("1938-11-25/..", "1938-11-25", "9999-12-31"),
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
        ("1929?", "1929?"),
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
