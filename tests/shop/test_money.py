"""The one rounding rule: per line to the cent, VAT per rate on totals."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shop.money import excl_from_incl, line_amount, quantize, totals_for

D = Decimal


def test_rounding_is_half_up_to_the_cent():
    assert quantize(D("2.675")) == D("2.68")
    assert quantize(D("2.665")) == D("2.67")
    assert quantize(D("-0.005")) == D("-0.01")


def test_a_line_is_rounded_once_not_per_unit():
    # 3 × 0,335 € = 1,005 → 1,01 €; rounding each unit first would give 3 × 0,34 = 1,02 €.
    assert line_amount(D("0.335"), D("3")) == D("1.01")


def test_weighed_line_uses_the_weight_times_the_price_per_kg():
    assert line_amount(D("12.50"), D("1.837")) == D("22.96")


def test_household_totals_split_vat_per_rate_from_vat_included_sums():
    totals = totals_for(
        [(D("5.50"), D("8.40")), (D("20.00"), D("8.40")), (D("5.50"), D("3.10"))],
        prices_incl_vat=True,
    )
    by_rate = {r.rate: r for r in totals.per_rate}
    assert by_rate[D("5.50")].total_incl == D("11.50")
    assert by_rate[D("5.50")].base_excl == D("10.90")  # 11,50 / 1,055 = 10,9004…
    assert by_rate[D("5.50")].vat == D("0.60")
    assert by_rate[D("20.00")].base_excl == D("7.00") and by_rate[D("20.00")].vat == D("1.40")
    assert totals.total_incl == D("19.90")


def test_professional_totals_add_vat_per_rate_to_vat_excluded_sums():
    totals = totals_for([(D("5.50"), D("7.95")), (D("20.00"), D("6.40"))], prices_incl_vat=False)
    assert totals.total_excl == D("14.35")
    assert totals.total_vat == D("0.44") + D("1.28")
    assert totals.total_incl == D("16.07")


def test_vat_exemption_has_no_vat():
    totals = totals_for([(D("0.00"), D("12.00"))], prices_incl_vat=True)
    assert totals.total_vat == 0 and totals.total_excl == D("12.00")


amounts = st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2)
rates = st.sampled_from([D("0.00"), D("5.50"), D("10.00"), D("20.00")])


@given(st.lists(st.tuples(rates, amounts), min_size=1, max_size=30))
def test_totals_always_add_up_to_the_cent(lines):
    for incl in (True, False):
        totals = totals_for(lines, prices_incl_vat=incl)
        assert totals.total_excl + totals.total_vat == totals.total_incl
        if incl:
            assert totals.total_incl == sum(amount for _, amount in lines)
        else:
            assert totals.total_excl == sum(amount for _, amount in lines)


@given(amounts, rates)
def test_price_without_vat_never_exceeds_the_price_with_vat(amount, rate):
    assert excl_from_incl(amount, rate) <= amount
